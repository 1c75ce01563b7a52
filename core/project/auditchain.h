#pragma once
// The audit log's hash chain: every row carries hash = SHA-256(previous row's hash, then its own
// id, time, user, action and detail, each length-prefixed). SQLite computes it in a trigger
// (resources/sql/0012_audit_chain.sql) through sagitta_audit_hash(), which every connection
// registers, so a program without it cannot append a row without dropping the trigger; verify
// recomputes the chain and names the first row of every break. A chain without a secret key
// shows tampering by anyone who does not recompute every later hash; rows cut from the end leave
// no trace in it.
#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;

namespace sagitta::core {

namespace sqlite {
class Database;
}

std::string auditRowHash(const std::string &previous, std::int64_t id, const std::string &at, const std::string &user,
                         const std::string &action, const std::string &detail);

// Registers sagitta_audit_hash(previous, id, at, user, action, detail) on a connection.
void registerAuditHash(sqlite3 *db);

// What is wrong with the chain: one line per row that does not follow from the row before it.
std::vector<std::string> verifyAuditChain(sqlite::Database &db);

} // namespace sagitta::core
