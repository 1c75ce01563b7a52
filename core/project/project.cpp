#include "core/project/project.h"

#include "core/base/atomicfile.h"
#include "core/base/error.h"
#include "core/image/slice.h"
#include "core/labels/terminology.h"
#include "core/project/chunkcodec.h"
#include "core/project/sqlite.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using nlohmann::json;

namespace sagitta::embedded {
const std::map<std::string, std::string_view> &schemaMigrations();
}

namespace sagitta::core {

namespace {

constexpr std::int64_t kApplicationId = 0x53475441; // "SGTA"

std::int64_t pragmaInt(sqlite::Database &db, const char *pragma)
{
    sqlite::Statement st(db, std::string("PRAGMA ") + pragma);
    return st.step() ? st.int64(0) : 0;
}

} // namespace

Project::Project(std::unique_ptr<sqlite::Database> db, std::string path)
    : m_db(std::move(db)), m_path(std::move(path)), m_series(*m_db, *this), m_labels(*m_db, *this), m_notes(*m_db, *this),
      m_training(*m_db, *this)
{
}

Project::~Project() = default;

namespace {

// A file name beside path that no one else uses; the file is created empty (SQLite takes an
// empty file as an empty database).
std::string reserveTempBeside(const std::string &path)
{
    const fs::path t = fs::absolute(path);
    std::string name = (t.parent_path() / ("." + t.filename().string() + ".creating-XXXXXX")).string();
    const int fd = ::mkstemp(name.data());
    if (fd < 0)
        throw Error(path + ": cannot create the project: " + std::strerror(errno));
    // mkstemp makes 0600: give the project the permissions SQLite would (0644 under umask 022).
    ::fchmod(fd, 0644 & ~processUmask());
    ::close(fd);
    return name;
}

void removeDatabaseFiles(const std::string &path)
{
    for (const char *suffix : {"", "-wal", "-shm", "-journal"})
        ::unlink((path + suffix).c_str());
}

bool writable(const std::string &path)
{
    const fs::path folder = fs::absolute(path).parent_path();
    return ::access(path.c_str(), W_OK) == 0 && ::access(folder.c_str(), W_OK) == 0;
}

} // namespace

std::unique_ptr<Project> Project::create(const std::string &path)
{
    std::error_code ec;
    if (fs::exists(path, ec))
        throw Error(path + ": already exists");
    const std::string temp = reserveTempBeside(path);
    try {
        {
            auto db = std::make_unique<sqlite::Database>(temp, sqlite::Database::Mode::ReadWrite);
            std::unique_ptr<Project> p(new Project(std::move(db), temp));
            p->m_db->exec("PRAGMA application_id = " + std::to_string(kApplicationId));
            p->configure();
            p->migrate();
            p->m_db->exec("INSERT INTO project_info(key, value) VALUES ('created_by', 'Sagitta')");
            p->audit("project.create");
        } // closed: the WAL is checkpointed into the file and removed
        const int fd = ::open(temp.c_str(), O_RDONLY);
        if (fd < 0 || ::fsync(fd) != 0) {
            const int err = errno;
            if (fd >= 0)
                ::close(fd);
            throw Error(path + ": cannot create the project: " + std::strerror(err));
        }
        ::close(fd);
        // link() refuses an existing path: a project made meanwhile by someone else is kept.
        if (::link(temp.c_str(), path.c_str()) != 0)
            throw Error(path + (errno == EEXIST ? std::string(": already exists")
                                                : ": cannot create the project: " + std::string(std::strerror(errno))));
        removeDatabaseFiles(temp);
        syncFolder(fs::absolute(path).parent_path().string());
    } catch (...) {
        removeDatabaseFiles(temp);
        throw;
    }
    return open(path);
}

std::unique_ptr<Project> Project::open(const std::string &path, Access access)
{
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        throw Error(path + ": no such project file");
    if (access == Access::Auto)
        access = writable(path) ? Access::ReadWrite : Access::ReadOnly;
    const bool readOnly = access == Access::ReadOnly;
    if (!readOnly && ::access(path.c_str(), W_OK) != 0)
        throw Error(path + ": the file is read-only (open it read-only to view it)");
    if (!readOnly && ::access(fs::absolute(path).parent_path().c_str(), W_OK) != 0)
        throw Error(path + ": its folder is read-only (open it read-only to view it)");
    sqlite::Database::Mode mode = readOnly ? sqlite::Database::Mode::ReadOnly : sqlite::Database::Mode::ReadWrite;
    if (readOnly && ::access(fs::absolute(path).parent_path().c_str(), W_OK) != 0 && !fs::exists(path + "-shm", ec)) {
        // WAL readers share a -shm file beside the database; a read-only folder cannot hold
        // one. With no -wal content left (the last writer closed cleanly) the file alone is the
        // whole project and can be read as immutable.
        if (fs::exists(path + "-wal", ec) && fs::file_size(path + "-wal", ec) > 0)
            throw Error(path + ": its last changes are still in " + fs::path(path + "-wal").filename().string()
                        + ", which cannot be read in a read-only folder; open it once where it can be written");
        mode = sqlite::Database::Mode::Immutable;
    }
    auto db = std::make_unique<sqlite::Database>(path, mode);
    // Read-only checks first, so a foreign, damaged or newer file is never written to.
    std::int64_t appId = 0, version = 0;
    try {
        appId = pragmaInt(*db, "application_id");
        version = pragmaInt(*db, "user_version");
        sqlite::Statement check(*db, "PRAGMA quick_check");
        if (check.step() && check.text(0) != "ok")
            throw Error(path + ": the project file is damaged (" + check.text(0) + "); it was left as it is");
    } catch (const Busy &) {
        throw;
    } catch (const Error &e) {
        const std::string what = e.what();
        if (what.find("damaged") != std::string::npos)
            throw;
        throw Error(path + ": not a Sagitta project or damaged (" + what.substr(what.rfind(": ") + 2) + ")");
    }
    if (appId != kApplicationId)
        throw Error(path + ": not a Sagitta project file");
    if (version > kSchemaVersion)
        throw Error(path + ": written by a newer Sagitta (schema " + std::to_string(version)
                    + "; this version reads up to " + std::to_string(kSchemaVersion) + ")");
    if (readOnly && version < kSchemaVersion)
        throw Error(path + ": written by an older Sagitta (schema " + std::to_string(version)
                    + "); open it once with write access to bring it up to date");
    std::unique_ptr<Project> p(new Project(std::move(db), path));
    if (readOnly) {
        p->m_db->exec("PRAGMA query_only = ON");
        return p;
    }
    p->configure();
    p->migrate();
    return p;
}

std::unique_ptr<Project> Project::openOrCreate(const std::string &path)
{
    std::error_code ec;
    return fs::exists(path, ec) ? open(path) : create(path);
}

bool Project::readOnly() const
{
    return m_db->readOnly();
}

void Project::setBusyTimeout(int milliseconds)
{
    m_db->setBusyTimeout(milliseconds);
}

void Project::configure()
{
    m_db->exec("PRAGMA journal_mode = WAL");
    m_db->exec("PRAGMA synchronous = FULL");
    m_db->exec("PRAGMA foreign_keys = ON");
}

void Project::migrate()
{
    const std::int64_t current = pragmaInt(*m_db, "user_version");
    for (const auto &[name, sql] : embedded::schemaMigrations()) {
        const int number = std::stoi(name.substr(0, 4));
        if (number <= current)
            continue;
        sqlite::Transaction tx(*m_db);
        m_db->exec(std::string(sql));
        m_db->exec("PRAGMA user_version = " + std::to_string(number));
        tx.commit();
    }
}

int Project::schemaVersion() const
{
    return int(pragmaInt(*m_db, "user_version"));
}

std::string Project::folder() const
{
    return fs::absolute(m_path).parent_path().string();
}

std::string Project::currentUser()
{
    for (const char *var : {"SAGITTA_USER", "USER", "LOGNAME"})
        if (const char *v = std::getenv(var); v && *v)
            return v;
    return "unknown";
}
void Project::audit(const std::string &action, const std::string &detail)
{
    sqlite::Statement st(*m_db, "INSERT INTO audit_log(user, action, detail) VALUES (?1, ?2, ?3)");
    st.bind(1, currentUser()).bind(2, action).bind(3, detail).run();
}

std::vector<AuditEntry> Project::auditLog() const
{
    std::vector<AuditEntry> out;
    sqlite::Statement st(*m_db, "SELECT at, user, action, detail FROM audit_log ORDER BY id");
    while (st.step())
        out.push_back({st.text(0), st.text(1), st.text(2), st.text(3)});
    return out;
}

} // namespace sagitta::core
