#include "core/base/atomicfile.h"

#include "core/base/error.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace sagitta::core {

namespace {
constexpr std::size_t kBufferSize = 1 << 20;

std::string folderOf(const std::string &path)
{
    const fs::path parent = fs::path(path).parent_path();
    return parent.empty() ? std::string(".") : parent.string();
}
} // namespace

unsigned processUmask()
{
    static const mode_t mask = [] {
        const mode_t m = ::umask(0);
        ::umask(m);
        return m;
    }();
    return mask;
}

AtomicFile::AtomicFile(std::string target) : m_target(std::move(target))
{
    struct stat st {};
    if (::stat(m_target.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        throw Error(m_target + ": is a folder; nothing was written");
    const fs::path t(m_target);
    std::string name = (t.parent_path() / ("." + t.filename().string() + ".tmp-XXXXXX")).string();
    m_fd = ::mkstemp(name.data());
    if (m_fd < 0)
        fail("cannot create a file in " + folderOf(m_target), errno);
    m_temp = name;
    ::fchmod(m_fd, 0666 & ~processUmask()); // mkstemp makes 0600; give the file what open() would
    m_buffer.reserve(kBufferSize);
}

AtomicFile::~AtomicFile()
{
    if (m_fd >= 0)
        ::close(m_fd);
    if (!m_committed && !m_temp.empty())
        ::unlink(m_temp.c_str());
}

void AtomicFile::fail(const std::string &what, int err)
{
    throw Error(m_target + ": " + what + ": " + std::strerror(err) + "; nothing was changed at that path");
}

void AtomicFile::write(const void *data, std::size_t size)
{
    if (m_fd < 0)
        throw Error(m_target + ": write after commit");
    if (m_buffer.size() + size > kBufferSize)
        flushBuffer();
    if (size >= kBufferSize) {
        m_buffer.assign(static_cast<const char *>(data), size);
        flushBuffer();
        return;
    }
    m_buffer.append(static_cast<const char *>(data), size);
}

void AtomicFile::writePieces(const std::vector<std::pair<const void *, std::size_t>> &pieces)
{
    if (m_fd < 0)
        throw Error(m_target + ": write after commit");
    flushBuffer();
    std::vector<iovec> iov;
    iov.reserve(std::min<std::size_t>(pieces.size(), IOV_MAX));
    for (std::size_t next = 0; next < pieces.size();) {
        iov.clear();
        for (; next < pieces.size() && iov.size() < IOV_MAX; ++next)
            if (pieces[next].second > 0)
                iov.push_back({const_cast<void *>(pieces[next].first), pieces[next].second});
        writeVectors(iov);
    }
}

void AtomicFile::writeVectors(std::vector<iovec> &iov)
{
    std::size_t first = 0;
    while (first < iov.size()) {
        const ssize_t n = ::writev(m_fd, iov.data() + first, int(iov.size() - first));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fail("cannot write", errno);
        }
        if (n == 0)
            fail("cannot write", ENOSPC);
        m_written += std::size_t(n);
        // A short write: skip what went, resume inside the piece it stopped in.
        for (std::size_t left = std::size_t(n); left > 0;) {
            const std::size_t take = std::min(left, iov[first].iov_len);
            iov[first].iov_base = static_cast<char *>(iov[first].iov_base) + take;
            iov[first].iov_len -= take;
            left -= take;
            if (iov[first].iov_len == 0)
                ++first;
        }
    }
}

void AtomicFile::flushBuffer()
{
    if (!m_buffer.empty()) {
        std::vector<iovec> one{{m_buffer.data(), m_buffer.size()}};
        writeVectors(one);
    }
    m_buffer.clear();
}

void AtomicFile::commit(bool replace)
{
    flushBuffer();
    if (::fsync(m_fd) != 0)
        fail("cannot sync", errno);
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0)
        fail("cannot close", errno);
    struct stat st {};
    if (::stat(m_temp.c_str(), &st) != 0 || std::size_t(st.st_size) != m_written)
        fail("the written file is incomplete", EIO);
    if (replace) {
        if (::rename(m_temp.c_str(), m_target.c_str()) != 0)
            fail("cannot move the new file into place", errno);
    } else {
        // link() fails if the target exists: no window in which another file is replaced.
        if (::link(m_temp.c_str(), m_target.c_str()) != 0)
            fail(errno == EEXIST ? std::string("cannot create") : std::string("cannot move the new file into place"), errno);
        ::unlink(m_temp.c_str());
    }
    m_committed = true;
    syncFolder(folderOf(m_target));
}

void writeFileAtomically(const std::string &path, std::string_view content)
{
    AtomicFile f(path);
    f.write(content);
    f.commit();
}

void syncFolder(const std::string &folder)
{
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace sagitta::core
