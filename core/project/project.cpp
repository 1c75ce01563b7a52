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
#include <mutex>
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

std::mutex &passphraseMutex()
{
    static std::mutex m;
    return m;
}

std::map<std::string, std::string> &passphrases()
{
    static std::map<std::string, std::string> p;
    return p;
}

std::string passphraseKey(const std::string &path)
{
    if (path.empty())
        return {};
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(fs::absolute(path), ec);
    return ec ? fs::absolute(path).lexically_normal().string() : canonical.string();
}

// The passphrase remembered for path, else the one remembered for every project (key "").
std::string rememberedPassphrase(const std::string &path)
{
    std::lock_guard<std::mutex> lock(passphraseMutex());
    auto it = passphrases().find(passphraseKey(path));
    if (it == passphrases().end())
        it = passphrases().find(std::string());
    return it == passphrases().end() ? std::string() : it->second;
}

} // namespace

void Project::rememberPassphrase(const std::string &path, const std::string &passphrase)
{
    std::lock_guard<std::mutex> lock(passphraseMutex());
    passphrases()[passphraseKey(path)] = passphrase;
}

void Project::forgetPassphrase(const std::string &path)
{
    std::lock_guard<std::mutex> lock(passphraseMutex());
    passphrases().erase(passphraseKey(path));
}

bool Project::isEncrypted(const std::string &path)
{
    // SQLCipher writes whole pages (multiples of 512 bytes) that begin with random salt.
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(path, ec);
    return !ec && size >= 512 && size % 512 == 0 && !sqlite::looksPlain(path);
}

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

std::unique_ptr<Project> Project::create(const std::string &path, const std::string &passphrase)
{
    std::error_code ec;
    if (fs::exists(path, ec))
        throw Error(path + ": already exists");
    const std::string key = passphrase.empty() ? rememberedPassphrase(path) : passphrase;
    const std::string temp = reserveTempBeside(path);
    try {
        {
            auto db = std::make_unique<sqlite::Database>(temp, sqlite::Database::Mode::ReadWrite, key);
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
    if (!key.empty())
        rememberPassphrase(path, key);
    return open(path);
}

std::unique_ptr<Project> Project::open(const std::string &path, Access access)
{
    std::unique_ptr<Project> p = openUnchecked(path, access);
    const std::vector<User> people = p->users();
    if (!people.empty()) {
        const std::string me = currentUser();
        bool known = false;
        for (const User &u : people)
            known = known || u.name == me;
        if (!known)
            throw Error(path + ": '" + me + "' is not one of this project's users; choose one of them (" + std::to_string(people.size())
                        + " user(s))");
    }
    return p;
}

std::vector<User> Project::usersOf(const std::string &path)
{
    // Read-only: asking who works changes nothing (an older project is migrated by the open that
    // follows, and has no users before it).
    try {
        return openUnchecked(path, Access::ReadOnly)->users();
    } catch (const WrongPassphrase &) {
        throw;
    } catch (const Busy &) {
        throw;
    } catch (const Error &) {
        return {}; // older, damaged or foreign: the open that follows says so
    }
}

std::unique_ptr<Project> Project::openUnchecked(const std::string &path, Access access)
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
    std::string passphrase;
    if (isEncrypted(path)) {
        passphrase = rememberedPassphrase(path);
        if (passphrase.empty())
            throw WrongPassphrase(path + ": encrypted (or not a Sagitta project): it needs its passphrase");
    }
    auto db = std::make_unique<sqlite::Database>(path, mode, passphrase);
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

void Project::rekey(const std::string &path, const std::string &newPassphrase)
{
    const bool wasEncrypted = isEncrypted(path);
    // Brings the schema up to date and checks the current passphrase before anything is written.
    open(path).reset();
    std::error_code ec;
    if (fs::exists(path + "-wal", ec) || fs::exists(path + "-shm", ec))
        throw Error(path + ": another program has the project open; close it before changing the passphrase");
    const std::string temp = reserveTempBeside(path);
    try {
        {
            sqlite::Database db(path, sqlite::Database::Mode::ReadWrite, wasEncrypted ? rememberedPassphrase(path) : std::string());
            sqlite::Statement attach(db, "ATTACH DATABASE ?1 AS rekeyed KEY ?2");
            attach.bind(1, temp).bind(2, newPassphrase).run();
            if (!newPassphrase.empty())
                db.exec(sqlite::cipherSettingsFor("rekeyed"));
            db.exec("BEGIN IMMEDIATE");
            {
                sqlite::Statement st(db, "INSERT INTO audit_log(user, action, detail) VALUES (?1, 'project.rekey', ?2)");
                st.bind(1, currentUser())
                    .bind(2, newPassphrase.empty() ? "encryption removed"
                                                   : wasEncrypted ? "passphrase changed" : "encrypted")
                    .run();
            }
            db.exec("SELECT sqlcipher_export('rekeyed')");
            db.exec("PRAGMA rekeyed.application_id = " + std::to_string(kApplicationId));
            db.exec("PRAGMA rekeyed.user_version = " + std::to_string(pragmaInt(db, "main.user_version")));
            db.exec("COMMIT");
            db.exec("DETACH DATABASE rekeyed");
        }
        {
            // The new file must open with the new passphrase and be whole before it replaces the old.
            sqlite::Database check(temp, sqlite::Database::Mode::ReadOnly, newPassphrase);
            sqlite::Statement st(check, "PRAGMA quick_check");
            if (!st.step() || st.text(0) != "ok")
                throw Error(path + ": the re-encrypted copy did not check out; the project was left as it was");
        }
        const int fd = ::open(temp.c_str(), O_RDONLY);
        if (fd < 0 || ::fsync(fd) != 0) {
            const int err = errno;
            if (fd >= 0)
                ::close(fd);
            throw Error(path + ": cannot write the re-encrypted project: " + std::strerror(err));
        }
        ::close(fd);
        if (::rename(temp.c_str(), path.c_str()) != 0)
            throw Error(path + ": cannot replace the project: " + std::strerror(errno));
        removeDatabaseFiles(temp);
        syncFolder(fs::absolute(path).parent_path().string());
    } catch (...) {
        removeDatabaseFiles(temp);
        throw;
    }
    if (newPassphrase.empty())
        forgetPassphrase(path);
    else
        rememberPassphrase(path, newPassphrase);
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

namespace {

std::mutex &userMutex()
{
    static std::mutex m;
    return m;
}

std::string &sessionUser()
{
    static std::string name;
    return name;
}

} // namespace

void Project::setCurrentUser(const std::string &name)
{
    std::lock_guard<std::mutex> lock(userMutex());
    sessionUser() = name;
}

std::vector<User> Project::users() const
{
    std::vector<User> out;
    {
        sqlite::Statement has(*m_db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'users'");
        if (!has.step())
            return out; // a project from before users, opened read-only
    }
    sqlite::Statement st(*m_db, "SELECT name, role FROM users ORDER BY name");
    while (st.step())
        out.push_back({st.text(0), st.text(1)});
    return out;
}

std::string Project::currentRole() const
{
    const std::string me = currentUser();
    for (const User &u : users())
        if (u.name == me)
            return u.role;
    return {};
}

void Project::requireRole(const std::vector<std::string> &roles, const std::string &what) const
{
    if (users().empty())
        return;
    const std::string role = currentRole();
    for (const std::string &r : roles)
        if (r == role)
            return;
    throw Error(m_path + ": " + currentUser() + " (" + (role.empty() ? std::string("not a user") : role) + ") may not " + what);
}

void Project::addUser(const std::string &name, const std::string &role)
{
    if (role != "annotator" && role != "reviewer" && role != "administrator")
        throw Error("unknown role '" + role + "' (annotator, reviewer, administrator)");
    if (name.empty())
        throw Error("a user needs a name");
    sqlite::Transaction tx(*m_db);
    if (users().empty()) {
        if (role != "administrator")
            throw Error(m_path + ": the first user must be an administrator (who can then add the others)");
    } else {
        requireRole({"administrator"}, "manage users");
    }
    {
        sqlite::Statement exists(*m_db, "SELECT 1 FROM users WHERE name = ?1");
        if (exists.bind(1, name).step())
            throw Error(m_path + ": '" + name + "' is a user already");
    }
    sqlite::Statement st(*m_db, "INSERT INTO users(name, role) VALUES (?1, ?2)");
    st.bind(1, name).bind(2, role).run();
    audit("users.add", name + " " + role);
    tx.commit();
}

void Project::removeUser(const std::string &name)
{
    sqlite::Transaction tx(*m_db);
    requireRole({"administrator"}, "manage users");
    std::string role;
    {
        sqlite::Statement st(*m_db, "SELECT role FROM users WHERE name = ?1");
        if (!st.bind(1, name).step())
            throw Error(m_path + ": '" + name + "' is not a user");
        role = st.text(0);
    }
    if (role == "administrator") {
        sqlite::Statement admins(*m_db, "SELECT count(*) FROM users WHERE role = 'administrator'");
        if (admins.step() && admins.int64(0) <= 1)
            throw Error(m_path + ": '" + name + "' is the last administrator; add another one first");
    }
    sqlite::Statement st(*m_db, "DELETE FROM users WHERE name = ?1");
    st.bind(1, name).run();
    audit("users.remove", name + " " + role);
    tx.commit();
}

std::string Project::currentUser()
{
    {
        std::lock_guard<std::mutex> lock(userMutex());
        if (!sessionUser().empty())
            return sessionUser();
    }
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
