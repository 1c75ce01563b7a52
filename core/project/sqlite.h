#pragma once
// A thin RAII layer over SQLite's C API (after Orthanc's SQLite folder): a connection, prepared
// statements and transactions. Errors throw core::Error naming the database file; a database
// held by another writer past the busy timeout throws core::Busy (nothing was changed).
// Not thread-safe: one connection per thread.
#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace sagitta::core::sqlite {

class Database {
public:
    // Immutable: read-only for a file no one writes while it is open (SQLite's immutable=1),
    // which needs no -shm file: a WAL database in a folder that cannot be written.
    enum class Mode { ReadWrite, Create, ReadOnly, Immutable };
    // A non-empty passphrase opens (or, for an empty file, creates) a database encrypted by
    // SQLCipher: every page, of the file and of its WAL, is AES-256 encrypted under a key derived
    // from the passphrase (PBKDF2, kKdfIterations). A wrong passphrase throws WrongPassphrase.
    Database(const std::string &path, Mode mode, const std::string &passphrase = {});
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    void exec(const std::string &sql);
    std::int64_t lastInsertId() const;
    int changes() const;
    const std::string &path() const { return m_path; }
    bool readOnly() const { return m_readOnly; }
    // How long a statement waits for another connection's write lock before core::Busy.
    void setBusyTimeout(int milliseconds);
    int busyTimeout() const { return m_busyTimeout; }
    sqlite3 *handle() { return m_db; }
    [[noreturn]] void fail(const std::string &what) const;

private:
    sqlite3 *m_db = nullptr;
    std::string m_path;
    bool m_readOnly = false;
    int m_busyTimeout = 5000;
};

// The settings every encrypted project is written and read with (SQLCipher 3's cipher, AES-256-CBC
// with an HMAC-SHA1 per page; pages of 4096 bytes like plain SQLite's; SQLCipher 4's default of
// 256000 PBKDF2 iterations). Another SQLCipher reads a project with
//   PRAGMA key = '...'; PRAGMA cipher_page_size = 4096; PRAGMA kdf_iter = 256000;
// (SQLCipher 4 also: PRAGMA cipher_hmac_algorithm = HMAC_SHA1; PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA1).
constexpr int kCipherPageSize = 4096;
constexpr int kKdfIterations = 256000;

// The SQL that makes an ATTACHed database (attached with KEY) use those settings: "name" is its
// schema name.
std::string cipherSettingsFor(const std::string &name);

// Whether the file at path begins as a plain SQLite database does ("SQLite format 3"): an
// encrypted one begins with random salt. An empty file counts as plain.
bool looksPlain(const std::string &path);

class Statement {
public:
    Statement(Database &db, const std::string &sql);
    ~Statement();
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    // Binding is 1-based like SQLite's.
    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, int value) { return bind(index, std::int64_t(value)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, const std::string &value);
    Statement &bind(int index, const char *value) { return bind(index, std::string(value)); }
    Statement &bindBlob(int index, const void *data, std::size_t size);

    // Returns true while a row is available.
    bool step();
    // Runs a statement that returns no rows, then resets it for reuse.
    void run();
    void reset();

    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    std::vector<std::uint8_t> blob(int column) const;
    bool isNull(int column) const;

private:
    Database &m_db;
    sqlite3_stmt *m_stmt = nullptr;
};

// Begins on construction; rolls back on destruction unless commit() was called.
// BEGIN IMMEDIATE ... COMMIT, rolled back unless committed. Inside another transaction it is a
// savepoint of it, so a store call that commits on its own can be part of a larger change.
class Transaction {
public:
    explicit Transaction(Database &db);
    ~Transaction();
    void commit();

private:
    Database &m_db;
    std::string m_savepoint; // empty: the outermost transaction
    bool m_done = false;
};

std::string version();
// SQLCipher's version ("3.4.1"); empty if the linked SQLite cannot encrypt.
std::string cipherVersion();

} // namespace sagitta::core::sqlite
