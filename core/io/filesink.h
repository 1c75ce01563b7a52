#pragma once
// The bytes of an exported file (NIfTI, plain or gzip-compressed) through a core::AtomicFile:
// written to a temporary file beside the target, every write checked, renamed into place on
// commit(); a failure or a missing commit() leaves what was at the path before.
// The disk starts writing while the file is still being produced: every 8 MiB that reached the
// kernel are handed to writeback (sync_file_range), so the fsync of commit() waits for the tail
// only (250 MB otherwise wait for the disk after the last byte, 0.5 to 2 s here).
// Not thread-safe: one writer per object.
#include "core/base/atomicfile.h"

#include <cstddef>
#include <string>
#include <vector>

#include <zlib.h>

namespace sagitta::core::io {

class FileSink {
public:
    // gzip: compress through zlib with a gzip wrapper (level 1, as dcm2niix -z y writes).
    FileSink(const std::string &path, bool gzip);
    ~FileSink();
    FileSink(const FileSink &) = delete;
    FileSink &operator=(const FileSink &) = delete;

    void write(const void *data, std::size_t size);
    // Pieces in order (AtomicFile::writePieces: no copy when not compressing).
    void writePieces(const std::vector<std::pair<const void *, std::size_t>> &pieces);
    void commit();
    const std::string &target() const { return m_file.target(); }

private:
    void deflateSome(int flush);
    void startWriteback();

    AtomicFile m_file;
    int m_writebackFd = -1;            // the temporary file again, for sync_file_range (-1: none)
    std::size_t m_writebackFrom = 0;   // bytes already handed to writeback
    bool m_gzip;
    z_stream m_z{};
    std::vector<Bytef> m_out;
};

// True when s ends with suffix (file name extensions).
bool endsWith(const std::string &s, const char *suffix);

} // namespace sagitta::core::io
