// The privacy commands as a user runs them (a real `sagitta` process): `sagitta anonymize` on a
// DICOM folder, `sagitta text deid --surrogates`, and `sagitta verify` naming an audit row
// changed outside Sagitta.
#include "clirun.h"
#include "core/dicom/synthetic.h"
#include "core/project/project.h"

#include <sqlite3.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace sagitta::core;


class TstCliPrivacy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // `sagitta demo` with a passphrase file writes an encrypted project; commands open it with
    // the file or $SAGITTA_PASSPHRASE, refuse it without or with a wrong one (exit 1, one line,
    // file unchanged); `project rekey` changes and removes the passphrase. `users` manages roles.
    void encryptedProjectAndUsers()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("enc.sagitta"));
        const QString passFile = dir.filePath(QStringLiteral("pass.txt")), newFile = dir.filePath(QStringLiteral("new.txt"));
        for (const auto &[file, text] : {std::pair{passFile, "first secret\n"}, std::pair{newFile, "second secret\n"}}) {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        }
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("SAGITTA_PASSPHRASE"));
        env.insert(QStringLiteral("SAGITTA_USER"), QStringLiteral("ada"));
        QCOMPARE(runSagitta({QStringLiteral("demo"), project, QStringLiteral("--passphrase-file"), passFile}, env).code, 0);
        QVERIFY(Project::isEncrypted(project.toStdString()));
        QFile raw(project);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        const QByteArray bytes = raw.readAll();
        raw.close();
        QVERIFY(!bytes.contains("SQLite format 3"));

        const Run without = runSagitta({QStringLiteral("info"), project}, env);
        QCOMPARE(without.code, 1);
        QVERIFY2(without.err.contains("passphrase"), without.err.constData());
        QVERIFY(runSagitta({QStringLiteral("info"), project, QStringLiteral("--passphrase-file"), newFile}, env).err.contains("wrong passphrase"));
        QCOMPARE(runSagitta({QStringLiteral("verify"), project, QStringLiteral("--passphrase-file"), passFile}, env).code, 0);
        QVERIFY(runSagitta({QStringLiteral("info"), project, QStringLiteral("--passphrase"), QStringLiteral("x")}, env)
                    .err.contains("--passphrase-file"));
        raw.open(QIODevice::ReadOnly);
        QCOMPARE(raw.readAll(), bytes); // refused opens changed nothing
        raw.close();

        QProcessEnvironment withPass = env;
        withPass.insert(QStringLiteral("SAGITTA_PASSPHRASE"), QStringLiteral("first secret"));
        const Run rekey = runSagitta({QStringLiteral("project"), QStringLiteral("rekey"), project, QStringLiteral("--new-passphrase-file"), newFile},
                                     withPass);
        QVERIFY2(rekey.code == 0, rekey.err.constData());
        QCOMPARE(runSagitta({QStringLiteral("info"), project}, withPass).code, 1);
        withPass.insert(QStringLiteral("SAGITTA_PASSPHRASE"), QStringLiteral("second secret"));
        QCOMPARE(runSagitta({QStringLiteral("info"), project}, withPass).code, 0);

        // Users: the first is an administrator; then only the project's users may open it.
        QCOMPARE(runSagitta({QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("ada"), QStringLiteral("--role"),
                             QStringLiteral("administrator"), QStringLiteral("--project"), project},
                            withPass)
                     .code,
                 0);
        QCOMPARE(runSagitta({QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("ann"), QStringLiteral("--role"),
                             QStringLiteral("annotator"), QStringLiteral("--project"), project},
                            withPass)
                     .code,
                 0);
        const Run stranger = runSagitta({QStringLiteral("info"), project, QStringLiteral("--user"), QStringLiteral("mallory")}, withPass);
        QCOMPARE(stranger.code, 1);
        QVERIFY2(stranger.err.contains("not one of this project's users"), stranger.err.constData());
        const Run annAdds = runSagitta({QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("eve"), QStringLiteral("--role"),
                                        QStringLiteral("administrator"), QStringLiteral("--project"), project, QStringLiteral("--user"),
                                        QStringLiteral("ann")},
                                       withPass);
        QCOMPARE(annAdds.code, 1);
        QVERIFY2(annAdds.err.contains("may not manage users"), annAdds.err.constData());
        const Run list = runSagitta({QStringLiteral("users"), QStringLiteral("list"), QStringLiteral("--project"), project}, withPass);
        QCOMPARE(list.code, 0);
        QVERIFY(list.out.contains("ada\tadministrator") && list.out.contains("ann\tannotator") && !list.out.contains("eve"));
        // An annotator cannot approve a review; the command says why.
        const Run approve = runSagitta({QStringLiteral("labels"), QStringLiteral("review"), QStringLiteral("--project"), project,
                                        QStringLiteral("--series"), QStringLiteral("1"), QStringLiteral("--status"),
                                        QStringLiteral("approved"), QStringLiteral("--user"), QStringLiteral("ann")},
                                       withPass);
        QCOMPARE(approve.code, 1);
        QVERIFY2(approve.err.contains("may not approve"), approve.err.constData());

        // Commands that run in sagitta-train read the passphrase file there.
        const Run models = runSagitta({QStringLiteral("models"), QStringLiteral("list"), QStringLiteral("--project"), project,
                                       QStringLiteral("--passphrase-file"), newFile},
                                      env);
        QVERIFY2(models.code == 0, models.err.constData());

        const Run decrypt = runSagitta({QStringLiteral("project"), QStringLiteral("rekey"), project, QStringLiteral("--decrypt")}, withPass);
        QVERIFY2(decrypt.code == 0, decrypt.err.constData());
        QVERIFY(!Project::isEncrypted(project.toStdString()));
        QCOMPARE(runSagitta({QStringLiteral("verify"), project}, env).code, 0);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 3); // the project and two passphrase files
    }

    void anonymizeFolder()
    {
        QTemporaryDir dir;
        dicom::SyntheticSpec spec;
        spec.dims = {16, 16, 4};
        spec.patientName = "PEMBERTON^ROSALIE";
        spec.patientId = "PID40817733";
        dicom::writeSyntheticSeries(dir.filePath(QStringLiteral("in")).toStdString(), spec);
        const QString out = dir.filePath(QStringLiteral("out"));
        const Run r = runSagitta({QStringLiteral("anonymize"), dir.filePath(QStringLiteral("in")), out});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("4 files de-identified"), r.out.constData());
        QVERIFY(!r.out.contains("PEMBERTON") && !r.err.contains("PEMBERTON")); // no value in what it prints
        const QStringList files = QDir(out).entryList({QStringLiteral("*.dcm")}, QDir::Files);
        QCOMPARE(files.size(), 4);
        for (const QString &f : files) {
            QFile file(out + QLatin1Char('/') + f);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            QVERIFY(!bytes.contains("PEMBERTON") && !bytes.contains("ROSALIE") && !bytes.contains("PID40817733"));
        }
        QCOMPARE(runSagitta({QStringLiteral("anonymize"), dir.filePath(QStringLiteral("in"))}).code, 1); // usage
        const Run missing = runSagitta({QStringLiteral("anonymize"), dir.filePath(QStringLiteral("nowhere")), out});
        QCOMPARE(missing.code, 1);
        QVERIFY(missing.err.contains("nowhere"));
    }

    void deidSurrogates()
    {
        QTemporaryDir dir;
        const QString note = dir.filePath(QStringLiteral("note.txt"));
        QFile f(note);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("Signed by Anna Kowalczyk, MD. Call 617-555-0142.\n");
        f.close();
        const Run tags = runSagitta({QStringLiteral("text"), QStringLiteral("deid"), note});
        QCOMPARE(tags.code, 0);
        QVERIFY(tags.out.contains("[NAME]"));
        const Run fake = runSagitta({QStringLiteral("text"), QStringLiteral("deid"), note, QStringLiteral("--surrogates")});
        QCOMPARE(fake.code, 0);
        QVERIFY(!fake.out.contains("[NAME]") && !fake.out.contains("Kowalczyk") && !fake.out.contains("555-0142"));
        QVERIFY(fake.out.startsWith("Signed by "));
    }

    void verifyNamesAlteredAuditRow()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.sagitta"));
        {
            auto p = Project::create(path.toStdString());
            p->audit("test.one", "first");
            p->audit("test.two", "second");
        }
        QCOMPARE(runSagitta({QStringLiteral("verify"), path}).code, 0);
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db,
                              "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = 'forged' WHERE id = 2;"
                              "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                              "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;",
                              nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        const Run r = runSagitta({QStringLiteral("verify"), path});
        QCOMPARE(r.code, 1);
        QVERIFY2((r.out + r.err).contains("audit row 2"), (r.out + r.err).constData());
    }
};

QTEST_GUILESS_MAIN(TstCliPrivacy)
#include "tst_cliprivacy.moc"
