#include "core/project/auditchain.h"

#include "core/base/sha256.h"
#include "core/project/sqlite.h"

#include <sqlite3.h>

namespace sagitta::core {

std::string auditRowHash(const std::string &previous, std::int64_t id, const std::string &at, const std::string &user,
                         const std::string &action, const std::string &detail)
{
    std::string data = "sagitta-audit-1\n";
    for (const std::string &field : {previous, std::to_string(id), at, user, action, detail})
        data += std::to_string(field.size()) + ":" + field + "\n";
    return sha256Hex(data);
}

namespace {

std::string textArg(sqlite3_value *v)
{
    const unsigned char *t = sqlite3_value_text(v);
    return t ? std::string(reinterpret_cast<const char *>(t), std::size_t(sqlite3_value_bytes(v))) : std::string();
}

void auditHashFunction(sqlite3_context *context, int argc, sqlite3_value **argv)
{
    if (argc != 6) {
        sqlite3_result_error(context, "sagitta_audit_hash takes 6 arguments", -1);
        return;
    }
    try {
        const std::string h = auditRowHash(textArg(argv[0]), sqlite3_value_int64(argv[1]), textArg(argv[2]), textArg(argv[3]),
                                           textArg(argv[4]), textArg(argv[5]));
        sqlite3_result_text(context, h.c_str(), int(h.size()), SQLITE_TRANSIENT);
    } catch (const std::exception &e) {
        sqlite3_result_error(context, e.what(), -1);
    }
}

} // namespace

void registerAuditHash(sqlite3 *db)
{
    sqlite3_create_function(db, "sagitta_audit_hash", 6, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, auditHashFunction, nullptr,
                            nullptr);
}

std::vector<std::string> verifyAuditChain(sqlite::Database &db)
{
    std::vector<std::string> problems;
    sqlite::Statement st(db, "SELECT id, at, user, action, detail, hash FROM audit_log ORDER BY id");
    std::string previous;
    while (st.step()) {
        const std::int64_t id = st.int64(0);
        const std::string hash = st.isNull(5) ? std::string() : st.text(5);
        const std::string what = "audit row " + std::to_string(id);
        if (hash.empty())
            problems.push_back(what + ": no hash (written outside Sagitta)");
        else if (hash != auditRowHash(previous, id, st.text(1), st.text(2), st.text(3), st.text(4)))
            problems.push_back(what + ": does not follow from the row before it (altered, or a row before it inserted or removed "
                                      "outside Sagitta)");
        previous = hash;
    }
    return problems;
}

} // namespace sagitta::core
