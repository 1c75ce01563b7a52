// The audit log's hash chain (resources/sql/0012_audit_chain.sql, core/project/auditchain):
// rows written by Sagitta verify; a row altered, removed or inserted outside Sagitta (triggers
// dropped with the sqlite3 tool, then put back) is named by Project::verify; rows from before the
// migration are chained by it. Project connections delete securely.
#include "core/project/auditchain.h"
#include "core/project/project.h"
#include "core/project/sqlite.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace sagitta::core;

namespace {

// Runs SQL on the file with the plain SQLite library, as someone outside Sagitta would.
int outside(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open(path.toUtf8().constData(), &db) != SQLITE_OK)
        return -1;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc;
}

bool mentions(const std::vector<std::string> &problems, const std::string &what)
{
    for (const std::string &p : problems)
        if (p.find(what) != std::string::npos)
            return true;
    return false;
}

} // namespace

class TstAuditChain : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString project(const QString &name)
    {
        const QString path = m_dir.filePath(name);
        auto p = Project::create(path.toStdString());
        p->audit("test.one", "first");
        p->audit("test.two", "second");
        p->audit("test.three", "third");
        return path;
    }

private Q_SLOTS:
    void sagittaRowsVerify()
    {
        const QString path = project(QStringLiteral("clean.sagitta"));
        auto p = Project::open(path.toStdString());
        QVERIFY(p->verify().empty());
        QCOMPARE(int(p->auditLog().size()), 4); // project.create and three
        // The hash is the documented function of the previous one and the row's fields.
        sqlite::Database db(path.toStdString(), sqlite::Database::Mode::ReadOnly);
        sqlite::Statement st(db, "SELECT id, at, user, action, detail, hash FROM audit_log ORDER BY id");
        std::string previous;
        while (st.step()) {
            QCOMPARE(st.text(5), auditRowHash(previous, st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4)));
            previous = st.text(5);
        }
    }

    void plainSqliteCannotAppend()
    {
        const QString path = project(QStringLiteral("append.sagitta"));
        QVERIFY(outside(path, "INSERT INTO audit_log(user, action) VALUES ('mallory', 'x')") != SQLITE_OK);
        QVERIFY(outside(path, "UPDATE audit_log SET detail = 'x' WHERE id = 2") != SQLITE_OK);
        QVERIFY(outside(path, "DELETE FROM audit_log WHERE id = 2") != SQLITE_OK);
    }

    void alteredRowIsNamed()
    {
        const QString path = project(QStringLiteral("altered.sagitta"));
        QCOMPARE(outside(path, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = 'forged' WHERE id = 3;"
                               "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                               "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;"),
                 SQLITE_OK);
        const auto problems = Project::open(path.toStdString())->verify();
        QVERIFY(mentions(problems, "audit row 3"));
        QCOMPARE(int(problems.size()), 1);
    }

    void removedRowIsNoticed()
    {
        const QString path = project(QStringLiteral("removed.sagitta"));
        QCOMPARE(outside(path, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2;"
                               "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                               "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;"),
                 SQLITE_OK);
        QVERIFY(mentions(Project::open(path.toStdString())->verify(), "audit row 3"));
    }

    void insertedRowIsNoticed()
    {
        const QString path = project(QStringLiteral("inserted.sagitta"));
        // Between rows (a hash copied from a real row) and at the end (no hash).
        QCOMPARE(outside(path, "DROP TRIGGER audit_log_chain;"
                               "INSERT INTO audit_log(id, at, user, action, detail, hash) SELECT 10, at, 'mallory', 'x', '', hash "
                               "FROM audit_log WHERE id = 4;"
                               "INSERT INTO audit_log(user, action) VALUES ('mallory', 'y');"),
                 SQLITE_OK);
        const auto problems = Project::open(path.toStdString())->verify();
        QVERIFY(mentions(problems, "audit row 10"));
        QVERIFY(mentions(problems, "audit row 11: no hash"));
    }

    void migrationChainsOldRows()
    {
        const QString path = project(QStringLiteral("v11.sagitta"));
        // Back to schema 11: no hash column, the old triggers.
        QCOMPARE(outside(path, "DROP TRIGGER audit_log_chain; DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
                               // (the table rebuilt: SQLCipher's SQLite 3.15 has no DROP COLUMN)
                               "CREATE TABLE audit_v11 (id INTEGER PRIMARY KEY, at TEXT NOT NULL DEFAULT "
                               "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), user TEXT NOT NULL, action TEXT NOT NULL, "
                               "detail TEXT NOT NULL DEFAULT '');"
                               "INSERT INTO audit_v11 SELECT id, at, user, action, detail FROM audit_log;"
                               "DROP TABLE audit_log; ALTER TABLE audit_v11 RENAME TO audit_log;"
                               "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                               "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;"
                               "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                               "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;"
                               "PRAGMA user_version = 11;"),
                 SQLITE_OK);
        {
            auto p = Project::open(path.toStdString());
            QCOMPARE(p->schemaVersion(), Project::kSchemaVersion);
            QVERIFY(p->verify().empty());
            QCOMPARE(int(p->auditLog().size()), 4);
            p->audit("test.after", "migrated");
            QVERIFY(p->verify().empty());
        }
        QCOMPARE(outside(path, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET user = 'mallory' WHERE id = 1;"),
                 SQLITE_OK);
        QVERIFY(mentions(Project::open(path.toStdString())->verify(), "audit row 1"));
    }

    void projectConnectionsDeleteSecurely()
    {
        const QString path = project(QStringLiteral("secure.sagitta"));
        sqlite::Database db(path.toStdString(), sqlite::Database::Mode::ReadWrite);
        sqlite::Statement st(db, "PRAGMA secure_delete");
        QVERIFY(st.step());
        QCOMPARE(st.int64(0), std::int64_t(1));
    }
};

QTEST_GUILESS_MAIN(TstAuditChain)
#include "tst_auditchain.moc"
