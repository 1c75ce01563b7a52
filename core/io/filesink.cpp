#include "core/io/filesink.h"

#include "core/base/error.h"

#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace sagitta::core::io {

namespace {
constexpr std::size_t kWritebackChunk = std::size_t(8) << 20;
}

FileSink::FileSink(const std::string &path, bool gzip) : m_file(path), m_gzip(gzip)
{
    if (m_gzip) {
        m_z.zalloc = Z_NULL;
        m_z.zfree = Z_NULL;
        m_z.opaque = Z_NULL;
        // 15 + 16: a gzip wrapper; level 1 as fast writers (dcm2niix -z y) use.
        if (deflateInit2(&m_z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            throw Error(path + ": cannot start gzip compression");
        m_out.resize(1 << 18);
    }
    // Without it, nothing changes but the time commit() waits.
    m_writebackFd = ::open(m_file.tempPath().c_str(), O_WRONLY | O_CLOEXEC);
}

FileSink::~FileSink()
{
    if (m_gzip)
        deflateEnd(&m_z);
    if (m_writebackFd >= 0)
        ::close(m_writebackFd);
}

void FileSink::startWriteback()
{
    const std::size_t written = m_file.bytesWritten();
    if (m_writebackFd < 0 || written < m_writebackFrom + kWritebackChunk)
        return;
    // Asynchronous: starts the disk on these pages; commit()'s fsync still waits for all of them.
    ::sync_file_range(m_writebackFd, off64_t(m_writebackFrom), off64_t(written - m_writebackFrom), SYNC_FILE_RANGE_WRITE);
    m_writebackFrom = written;
}

void FileSink::write(const void *data, std::size_t size)
{
    if (!m_gzip) {
        m_file.write(data, size);
        startWriteback();
        return;
    }
    m_z.next_in = static_cast<Bytef *>(const_cast<void *>(data));
    m_z.avail_in = uInt(size);
    deflateSome(Z_NO_FLUSH);
}

void FileSink::writePieces(const std::vector<std::pair<const void *, std::size_t>> &pieces)
{
    if (m_gzip) {
        for (const auto &[data, size] : pieces)
            write(data, size);
        return;
    }
    m_file.writePieces(pieces);
    startWriteback();
}

void FileSink::commit()
{
    if (m_gzip)
        deflateSome(Z_FINISH);
    m_file.commit();
}

void FileSink::deflateSome(int flush)
{
    int rc = Z_OK;
    do {
        m_z.next_out = m_out.data();
        m_z.avail_out = uInt(m_out.size());
        rc = deflate(&m_z, flush);
        if (rc == Z_STREAM_ERROR)
            throw Error(m_file.target() + ": gzip compression failed");
        m_file.write(m_out.data(), m_out.size() - m_z.avail_out);
        startWriteback();
    } while (m_z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
}

bool endsWith(const std::string &s, const char *suffix)
{
    const std::size_t n = std::strlen(suffix);
    return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

} // namespace sagitta::core::io
