#pragma once
// The bytes of an exported file (NIfTI, plain or gzip-compressed) through a core::AtomicFile:
// written to a temporary file beside the target, every write checked, renamed into place on
// commit(); a failure or a missing commit() leaves what was at the path before.
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
    void commit();
    const std::string &target() const { return m_file.target(); }

private:
    void deflateSome(int flush);

    AtomicFile m_file;
    bool m_gzip;
    z_stream m_z{};
    std::vector<Bytef> m_out;
};

// True when s ends with suffix (file name extensions).
bool endsWith(const std::string &s, const char *suffix);

} // namespace sagitta::core::io
