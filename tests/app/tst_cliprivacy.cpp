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
