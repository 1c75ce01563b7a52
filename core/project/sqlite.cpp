#include "core/project/sqlite.h"

#include "core/base/error.h"
#include "core/project/auditchain.h"

#include <sqlite3.h>

namespace sagitta::core::sqlite {

namespace {

bool isBusy(int rc)
{
    return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
}

// A file: URI for a path, with the characters URIs give a meaning escaped.
std::string fileUri(const std::string &path, const char *query)
{
    std::string uri = "file:";
    static const char *hex = "0123456789ABCDEF";
    for (const unsigned char c : path) {
        if (c == '%' || c == '?' || c == '#' || c < 0x21) {
            uri += '%';
            uri += hex[c >> 4];
            uri += hex[c & 15];
        } else {
            uri += char(c);
        }
    }
    return uri + "?" + query;
}

} // namespace

Database::Database(const std::string &path, Mode mode)
    : m_path(path), m_readOnly(mode == Mode::ReadOnly || mode == Mode::Immutable)
{
    const int flags = mode == Mode::Immutable  ? SQLITE_OPEN_READONLY | SQLITE_OPEN_URI
                      : mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY
                                               : SQLITE_OPEN_READWRITE | (mode == Mode::Create ? SQLITE_OPEN_CREATE : 0);
    const std::string name = mode == Mode::Immutable ? fileUri(path, "immutable=1") : path;
    if (sqlite3_open_v2(name.c_str(), &m_db, flags, nullptr) != SQLITE_OK) {
        const std::string message = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close(m_db);
        m_db = nullptr;
        throw Error(path + ": cannot open: " + message);
    }
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, m_busyTimeout);
    registerAuditHash(m_db); // the audit log's chain trigger calls it
    if (!m_readOnly)
        exec("PRAGMA secure_delete = ON"); // deleted content is overwritten, not left in free pages
}

void Database::setBusyTimeout(int milliseconds)
{
    m_busyTimeout = milliseconds;
    sqlite3_busy_timeout(m_db, milliseconds);
}

Database::~Database()
{
    sqlite3_close_v2(m_db);
}

void Database::fail(const std::string &what) const
{
    if (isBusy(sqlite3_extended_errcode(m_db)))
        throw Busy(m_path + ": " + what + ": the project is busy (another program is writing to it)");
    throw Error(m_path + ": " + what + ": " + sqlite3_errmsg(m_db));
}

void Database::exec(const std::string &sql)
{
    char *err = nullptr;
    const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        const std::string message = err ? err : "unknown error";
        sqlite3_free(err);
        if (isBusy(rc))
            throw Busy(m_path + ": the project is busy (another program is writing to it): " + message);
        throw Error(m_path + ": " + message);
    }
}

std::int64_t Database::lastInsertId() const { return sqlite3_last_insert_rowid(m_db); }
int Database::changes() const { return sqlite3_changes(m_db); }

Statement::Statement(Database &db, const std::string &sql) : m_db(db)
{
    if (sqlite3_prepare_v2(db.handle(), sql.c_str(), int(sql.size()), &m_stmt, nullptr) != SQLITE_OK)
        db.fail("cannot prepare statement");
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement &Statement::bind(int index, std::int64_t value)
{
    if (sqlite3_bind_int64(m_stmt, index, value) != SQLITE_OK)
        m_db.fail("bind");
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    if (sqlite3_bind_double(m_stmt, index, value) != SQLITE_OK)
        m_db.fail("bind");
    return *this;
}

Statement &Statement::bind(int index, const std::string &value)
{
    if (sqlite3_bind_text(m_stmt, index, value.data(), int(value.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        m_db.fail("bind");
    return *this;
}

Statement &Statement::bindBlob(int index, const void *data, std::size_t size)
{
    if (sqlite3_bind_blob64(m_stmt, index, data, sqlite3_uint64(size), SQLITE_TRANSIENT) != SQLITE_OK)
        m_db.fail("bind");
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    m_db.fail("query failed");
}

void Statement::run()
{
    while (step()) {
    }
    reset();
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::int64(int c) const { return sqlite3_column_int64(m_stmt, c); }
double Statement::real(int c) const { return sqlite3_column_double(m_stmt, c); }
bool Statement::isNull(int c) const { return sqlite3_column_type(m_stmt, c) == SQLITE_NULL; }

std::string Statement::text(int c) const
{
    const auto *p = sqlite3_column_text(m_stmt, c);
    return p ? std::string(reinterpret_cast<const char *>(p), std::size_t(sqlite3_column_bytes(m_stmt, c)))
             : std::string();
}

std::vector<std::uint8_t> Statement::blob(int c) const
{
    const auto *p = static_cast<const std::uint8_t *>(sqlite3_column_blob(m_stmt, c));
    return p ? std::vector<std::uint8_t>(p, p + sqlite3_column_bytes(m_stmt, c)) : std::vector<std::uint8_t>();
}

Transaction::Transaction(Database &db) : m_db(db)
{
    if (sqlite3_get_autocommit(m_db.handle())) {
        m_db.exec("BEGIN IMMEDIATE");
    } else {
        static int counter = 0;
        m_savepoint = "nested_" + std::to_string(++counter);
        m_db.exec("SAVEPOINT " + m_savepoint);
    }
}

Transaction::~Transaction()
{
    if (!m_done) {
        try {
            if (m_savepoint.empty())
                m_db.exec("ROLLBACK");
            else
                m_db.exec("ROLLBACK TO " + m_savepoint + "; RELEASE " + m_savepoint);
        } catch (...) {
        }
    }
}

void Transaction::commit()
{
    m_db.exec(m_savepoint.empty() ? std::string("COMMIT") : "RELEASE " + m_savepoint);
    m_done = true;
}

std::string version()
{
    return sqlite3_libversion();
}

} // namespace sagitta::core::sqlite
