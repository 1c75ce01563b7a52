#pragma once
// Files written so that a failure never leaves a half-written file, nor takes away what was at
// the path before: the bytes go to a temporary file beside the target (same folder, so the
// rename is atomic), every write is checked, then commit() flushes, fsyncs, closes and renames
// it into place and fsyncs the folder. Without commit() the temporary file is removed.
// Errors throw core::Error naming the target and the system's reason ("No space left on
// device"). Not thread-safe: one writer per object.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <sys/uio.h>

namespace sagitta::core {

class AtomicFile {
public:
    // Creates the temporary file; throws when the folder cannot hold it or the target is a
    // folder.
    explicit AtomicFile(std::string target);
    ~AtomicFile();
    AtomicFile(const AtomicFile &) = delete;
    AtomicFile &operator=(const AtomicFile &) = delete;

    void write(const void *data, std::size_t size);
    void write(std::string_view text) { write(text.data(), text.size()); }
    // Pieces written in order with writev, straight from where they lie (no copy through the
    // buffer): rows of an image stored in another order than the file's.
    void writePieces(const std::vector<std::pair<const void *, std::size_t>> &pieces);
    // Makes the new file the target. With replace false an existing target is an error and is
    // left alone (for files that must not be overwritten, such as a new project).
    void commit(bool replace = true);

    const std::string &target() const { return m_target; }
    const std::string &tempPath() const { return m_temp; }
    std::size_t bytesWritten() const { return m_written; }

private:
    void flushBuffer();
    void writeVectors(std::vector<iovec> &iov); // all of them, in order (short writes resumed)
    [[noreturn]] void fail(const std::string &what, int err);

    std::string m_target, m_temp;
    int m_fd = -1;
    bool m_committed = false;
    std::string m_buffer;
    std::size_t m_written = 0;
};

// The whole content in one go, as above.
void writeFileAtomically(const std::string &path, std::string_view content);

// The process's umask (read once: umask() can only be read by setting it).
unsigned processUmask();

// fsync of a folder, so that a rename or a new file in it survives a power loss.
void syncFolder(const std::string &folder);

} // namespace sagitta::core
