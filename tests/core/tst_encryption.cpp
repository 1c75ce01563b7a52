// The project file at rest: a project created with a passphrase is encrypted by SQLCipher (its
// file and its WAL hold neither SQLite's header nor a note's text), reopens with the passphrase,
// refuses a missing or wrong one with a clear message and without changing a byte, and can be
// encrypted, re-keyed and decrypted later (Project::rekey) with everything kept. Plain projects
// are what they were.
#include "core/base/error.h"
#include "core/project/project.h"
#include "core/project/sqlite.h"

#include <sqlite3.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace sagitta::core;

namespace {

const char *kSecret = "Quartermaine-Zyxwv admitted with chest pain";

QByteArray bytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool holdsPlainText(const QString &path)
{
    const QByteArray b = bytes(path);
    return b.contains("SQLite format 3") || b.contains("Quartermaine") || b.contains("chest pain");
}

Note note()
{
    Note n;
    n.patientId = "P-77";
    n.title = "Admission";
    n.text = kSecret;
    return n;
}

bool hasSecret(Project &p)
{
    for (const Note &n : p.noteStore().notes())
        if (n.text == kSecret)
            return true;
    return false;
}

QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
}

} // namespace

class TstEncryption : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void linkedSqliteIsSqlcipher()
    {
        QVERIFY2(!sqlite::cipherVersion().empty(), "the linked SQLite is not SQLCipher: projects cannot be encrypted");
    }

    void encryptedProjectRoundTrips()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("secret.sagitta"));
        {
            auto p = Project::create(path.toStdString(), "correct horse battery staple");
            p->noteStore().addNotes({note()});
            // A training checkpoint (weights learnt from the notes) is kept inside: encrypted too.
            p->trainingStore().saveCheckpoint("tag|bilstm|notes", kSecret);
            // While open, the committed note lies in the WAL: encrypted too.
            QVERIFY(QFile::exists(path + "-wal"));
            QVERIFY2(!holdsPlainText(path + "-wal"), "the WAL holds plain text");
        }
        QVERIFY(Project::isEncrypted(path.toStdString()));
        QVERIFY2(!holdsPlainText(path), "the project file holds plain text");
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("secret.sagitta")});

        // The passphrase given at creation is remembered in memory for this process.
        {
            auto p = Project::open(path.toStdString());
            QVERIFY(hasSecret(*p));
            QCOMPARE(p->trainingStore().checkpoint("tag|bilstm|notes").value_or(""), std::string(kSecret));
            QVERIFY(p->verify().empty());
        }

        // Without it, or with a wrong one: a clear message, and not a byte changed.
        const QByteArray before = bytes(path);
        Project::forgetPassphrase(path.toStdString());
        try {
            Project::open(path.toStdString());
            QFAIL("opened an encrypted project without its passphrase");
        } catch (const WrongPassphrase &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("passphrase")), e.what());
        }
        Project::rememberPassphrase(path.toStdString(), "correct horse battery stapler");
        try {
            Project::open(path.toStdString(), Project::Access::ReadOnly);
            QFAIL("opened an encrypted project with a wrong passphrase");
        } catch (const WrongPassphrase &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("wrong passphrase")), e.what());
            QVERIFY2(QString::fromUtf8(e.what()).contains(path), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(WrongPassphrase, Project::open(path.toStdString()));
        QCOMPARE(bytes(path), before);
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("secret.sagitta")});

        Project::rememberPassphrase(path.toStdString(), "correct horse battery staple");
        QVERIFY(hasSecret(*Project::open(path.toStdString(), Project::Access::ReadOnly)));

        // Sorts and temporary tables of an encrypted project never go to plain temporary files.
        sqlite::Database db(path.toStdString(), sqlite::Database::Mode::ReadOnly, "correct horse battery staple");
        sqlite3_stmt *st = nullptr;
        QCOMPARE(sqlite3_prepare_v2(db.handle(), "PRAGMA temp_store", -1, &st, nullptr), SQLITE_OK);
        QCOMPARE(sqlite3_step(st), SQLITE_ROW);
        QCOMPARE(sqlite3_column_int(st, 0), 2); // MEMORY
        sqlite3_finalize(st);
    }

    void rekeyEncryptsChangesAndDecrypts()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("later.sagitta"));
        Project::create(path.toStdString())->noteStore().addNotes({note()});
        QVERIFY(!Project::isEncrypted(path.toStdString()));
        QVERIFY(bytes(path).startsWith("SQLite format 3"));

        Project::rekey(path.toStdString(), "first passphrase");
        QVERIFY(Project::isEncrypted(path.toStdString()));
        QVERIFY2(!holdsPlainText(path), "the encrypted project holds plain text");
        {
            auto p = Project::open(path.toStdString());
            QVERIFY(hasSecret(*p));
            QCOMPARE(p->schemaVersion(), Project::kSchemaVersion);
            QVERIFY(p->verify().empty()); // the audit chain came along whole
            QCOMPARE(p->auditLog().back().action, std::string("project.rekey"));
            QCOMPARE(p->auditLog().back().detail, std::string("encrypted"));
        }

        Project::rekey(path.toStdString(), "second passphrase");
        Project::rememberPassphrase(path.toStdString(), "first passphrase");
        QVERIFY_THROWS_EXCEPTION(WrongPassphrase, Project::open(path.toStdString()));
        // Re-keying needs the current passphrase: refused, file unchanged.
        const QByteArray before = bytes(path);
        QVERIFY_THROWS_EXCEPTION(WrongPassphrase, Project::rekey(path.toStdString(), "third"));
        QCOMPARE(bytes(path), before);
        Project::rememberPassphrase(path.toStdString(), "second passphrase");
        QVERIFY(hasSecret(*Project::open(path.toStdString())));

        Project::rekey(path.toStdString(), {});
        QVERIFY(!Project::isEncrypted(path.toStdString()));
        {
            auto p = Project::open(path.toStdString());
            QVERIFY(hasSecret(*p));
            QVERIFY(p->verify().empty());
            QCOMPARE(p->auditLog().back().detail, std::string("encryption removed"));
        }
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("later.sagitta")});
    }

    void plainProjectsStayPlain()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("plain.sagitta"));
        Project::create(path.toStdString())->noteStore().addNotes({note()});
        QVERIFY(bytes(path).startsWith("SQLite format 3"));
        QVERIFY(bytes(path).contains("Quartermaine")); // as before: unencrypted unless asked
        QVERIFY(hasSecret(*Project::open(path.toStdString())));
    }
};

QTEST_GUILESS_MAIN(TstEncryption)
#include "tst_encryption.moc"
