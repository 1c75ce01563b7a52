#include "core/project/sqlite.h"

#include "core/base/error.h"
#include "core/project/auditchain.h"

#include <nlohmann/json.hpp>

#include <sqlite3.h>

#include <cstring>
#include <fstream>

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

// json_extract(json, path) for a SQLite built without JSON1 (SQLCipher 3.4's SQLite 3.15): the
// paths Sagitta's SQL uses, "$", ".key" and "[n]" steps. Scalars come back as SQL values, objects
// and arrays as JSON text, a missing path or bad JSON as NULL (as JSON1 does for a missing path).
void jsonExtractFunction(sqlite3_context *context, int argc, sqlite3_value **argv)
{
    if (argc != 2 || sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }
    const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(argv[0]));
    const std::string path = reinterpret_cast<const char *>(sqlite3_value_text(argv[1]));
    nlohmann::json doc = nlohmann::json::parse(text, text + sqlite3_value_bytes(argv[0]), nullptr, false);
    if (doc.is_discarded() || path.empty() || path[0] != '$') {
        sqlite3_result_error(context, "malformed JSON or path", -1);
        return;
    }
    const nlohmann::json *v = &doc;
    for (std::size_t i = 1; i < path.size() && v;) {
        if (path[i] == '.') {
            const std::size_t end = path.find_first_of(".[", i + 1);
            const std::string key = path.substr(i + 1, end == std::string::npos ? std::string::npos : end - i - 1);
            v = v->is_object() && v->contains(key) ? &(*v)[key] : nullptr;
            i = end == std::string::npos ? path.size() : end;
        } else if (path[i] == '[') {
            const std::size_t end = path.find(']', i);
            if (end == std::string::npos) {
                sqlite3_result_error(context, "malformed JSON path", -1);
                return;
            }
            const std::size_t n = std::strtoul(path.c_str() + i + 1, nullptr, 10);
            v = v->is_array() && n < v->size() ? &(*v)[n] : nullptr;
            i = end + 1;
        } else {
            sqlite3_result_error(context, "malformed JSON path", -1);
            return;
        }
    }
    if (!v || v->is_null())
        sqlite3_result_null(context);
    else if (v->is_boolean())
        sqlite3_result_int(context, v->get<bool>() ? 1 : 0);
    else if (v->is_number_integer())
        sqlite3_result_int64(context, v->get<std::int64_t>());
    else if (v->is_number())
        sqlite3_result_double(context, v->get<double>());
    else {
        const std::string out = v->is_string() ? v->get<std::string>() : v->dump();
        sqlite3_result_text(context, out.c_str(), int(out.size()), SQLITE_TRANSIENT);
    }
}

bool hasFunction(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = nullptr;
    const bool ok = sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK;
    sqlite3_finalize(st);
    return ok;
}


} // namespace

std::string cipherSettingsFor(const std::string &name)
{
    return "PRAGMA " + name + ".cipher_page_size = " + std::to_string(kCipherPageSize) + "; PRAGMA " + name
           + ".kdf_iter = " + std::to_string(kKdfIterations) + ";";
}

bool looksPlain(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    char head[16] = {};
    in.read(head, sizeof head);
    return in.gcount() == 0 || std::memcmp(head, "SQLite format 3", 16) == 0;
}

Database::Database(const std::string &path, Mode mode, const std::string &passphrase)
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
    if (!passphrase.empty()) {
        if (sqlite3_key(m_db, passphrase.data(), int(passphrase.size())) != SQLITE_OK) {
            sqlite3_close(m_db);
            m_db = nullptr;
            throw Error(path + ": cannot use a passphrase: this SQLite cannot encrypt");
        }
        exec(cipherSettingsFor("main"));
        // Sorts, indexes and temporary tables stay in memory: SQLite's temporary files are not
        // the encrypted file's pages and must not hold what it protects.
        exec("PRAGMA temp_store = MEMORY");
        // The first read derives the key and checks it against the first page's HMAC.
        if (sqlite3_exec(m_db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) != SQLITE_OK) {
            const bool wrong = (sqlite3_extended_errcode(m_db) & 0xff) == SQLITE_NOTADB;
            const std::string message = sqlite3_errmsg(m_db);
            sqlite3_close(m_db);
            m_db = nullptr;
            if (wrong)
                throw WrongPassphrase(path + ": wrong passphrase (or not an encrypted Sagitta project); nothing was changed");
            throw Error(path + ": cannot open: " + message);
        }
    }
    if (!hasFunction(m_db, "SELECT json_extract('[]', '$')"))
        sqlite3_create_function(m_db, "json_extract", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, jsonExtractFunction,
                                nullptr, nullptr);
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

std::string cipherVersion()
{
    sqlite3 *db = nullptr;
    std::string out;
    if (sqlite3_open(":memory:", &db) == SQLITE_OK) {
        sqlite3_stmt *st = nullptr;
        if (sqlite3_prepare_v2(db, "PRAGMA cipher_version", -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            out = reinterpret_cast<const char *>(sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return out;
}

} // namespace sagitta::core::sqlite
