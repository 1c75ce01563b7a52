// Tests the `sagitta` command line as a user runs it: a real process, exit codes, JSON
// (training, inference and models: tst_climl).
#include "clirun.h"
#include "core/dicom/invesalius.h"
#include "core/dicom/synthetic.h"
#include "core/project/project.h"

#include <sqlite3.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

using namespace sagitta::core;

namespace {

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256) : QByteArray();
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

} // namespace

class TstCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void version()
    {
        const Run r = runSagitta({QStringLiteral("--version")});
        QCOMPARE(r.code, 0);
        for (const char *lib : {"Sagitta ", "Qt 6.", "VTK 9.", "DCMTK 3.6", "LibTorch 1.", "SQLite 3."})
            QVERIFY2(r.out.contains(lib), r.out.constData());
    }

    void importThenInfo()
    {
        QTemporaryDir dir;
        dicom::SyntheticSpec s;
        s.dims = {32, 24, 9};
        s.spacing = {0.75, 0.5, 1.5};
        s.origin = {10, -20, 30};
        s.orientation = {0, 1, 0, 0, 0, -1}; // sagittal
        s.shuffledNames = true;
        dicom::writeSyntheticSeries(dir.filePath(QStringLiteral("in/sag")).toStdString(), s);
        QFile junk(dir.filePath(QStringLiteral("in/readme.txt")));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("hello");
        junk.close();

        const QString project = dir.filePath(QStringLiteral("p.sagitta"));
        const Run imp = runSagitta({QStringLiteral("import"), dir.filePath(QStringLiteral("in")), QStringLiteral("--project"),
                                 project, QStringLiteral("--json")});
        QCOMPARE(imp.code, 0);
        const QJsonObject report = QJsonDocument::fromJson(imp.out).object();
        QCOMPARE(report[QStringLiteral("series")].toArray().size(), 1);
        const QJsonArray problems = report[QStringLiteral("problems")].toArray();
        QCOMPARE(problems.size(), 1);
        QVERIFY(problems[0].toObject()[QStringLiteral("file")].toString().endsWith(QStringLiteral("readme.txt")));
        QCOMPARE(problems[0].toObject()[QStringLiteral("reason")].toString(), QStringLiteral("not a DICOM file"));

        const Run info = runSagitta({QStringLiteral("info"), project, QStringLiteral("--json")});
        QCOMPARE(info.code, 0);
        const QJsonObject series = QJsonDocument::fromJson(info.out).object()[QStringLiteral("series")].toArray()[0].toObject();
        QCOMPARE(series[QStringLiteral("modality")].toString(), QStringLiteral("CT"));
        const QJsonArray dims = series[QStringLiteral("dimensions")].toArray();
        QCOMPARE(dims[0].toInt(), 32);
        QCOMPARE(dims[1].toInt(), 24);
        QCOMPARE(dims[2].toInt(), 9);
        const QJsonArray spacing = series[QStringLiteral("spacing")].toArray();
        QCOMPARE(spacing[0].toDouble(), 0.75);
        QCOMPARE(spacing[1].toDouble(), 0.5);
        QVERIFY(qAbs(spacing[2].toDouble() - 1.5) < 1e-9);
        const QJsonArray origin = series[QStringLiteral("origin")].toArray();
        QCOMPARE(origin[0].toDouble(), 10.0);
        QCOMPARE(origin[1].toDouble(), -20.0);
        QCOMPARE(origin[2].toDouble(), 30.0);
        const QJsonArray normal = series[QStringLiteral("slice_normal")].toArray();
        QCOMPARE(normal[0].toDouble(), -1.0);
        QCOMPARE(series[QStringLiteral("direction")].toArray().size(), 9);
        QVERIFY(!series[QStringLiteral("series_instance_uid")].toString().isEmpty());
        QCOMPARE(series[QStringLiteral("segments")].toArray().size(), 0);
    }

    void demoThenInfoListsSegmentCounts()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("demo.sagitta"));
        QCOMPARE(runSagitta({QStringLiteral("demo"), project}).code, 0);
        const Run info = runSagitta({QStringLiteral("info"), project, QStringLiteral("--json")});
        QCOMPARE(info.code, 0);
        const QJsonObject series = QJsonDocument::fromJson(info.out).object()[QStringLiteral("series")].toArray()[0].toObject();
        const QJsonObject seg = series[QStringLiteral("segments")].toArray()[0].toObject();
        QCOMPARE(seg[QStringLiteral("name")].toString(), QStringLiteral("Lesion"));
        QCOMPARE(seg[QStringLiteral("voxels")].toInt(), 0);
        // The real head CT, when installed, comes with the bone InVesalius drew on it, voxel for voxel.
        const std::string cranium = dicom::invesaliusExample();
        if (!cranium.empty()) {
            const QJsonArray all = QJsonDocument::fromJson(info.out).object()[QStringLiteral("series")].toArray();
            QCOMPARE(all.size(), 18); // the demo CT, the real head CT and the 16 training cases
            const QJsonArray segments = all[1].toObject()[QStringLiteral("segments")].toArray();
            QCOMPARE(segments.size(), 2);
            QCOMPARE(segments[1].toObject()[QStringLiteral("name")].toString(), QStringLiteral("Bone"));
            std::size_t voxels = 0;
            const std::vector<dicom::InvesaliusMask> masks = dicom::readInvesaliusMasks(cranium);
            for (std::uint8_t v : masks.at(0).voxels)
                voxels += v;
            QCOMPARE(segments[1].toObject()[QStringLiteral("voxels")].toInteger(), qint64(voxels));
            QVERIFY(voxels > 400000);
            QCOMPARE(runSagitta({QStringLiteral("verify"), project}).code, 0);
        }
        // A second demo into the same file is refused, and the file survives.
        const Run again = runSagitta({QStringLiteral("demo"), project});
        QCOMPARE(again.code, 1);
        QVERIFY(again.err.contains("already exists"));
        QCOMPARE(runSagitta({QStringLiteral("info"), project}).code, 0);
    }

    void convertWritesNifti()
    {
        QTemporaryDir dir;
        dicom::SyntheticSpec s;
        s.dims = {20, 16, 5};
        dicom::writeSyntheticSeries(dir.filePath(QStringLiteral("a")).toStdString(), s);
        const QString out = dir.filePath(QStringLiteral("a.nii.gz"));
        const Run r = runSagitta({QStringLiteral("convert"), dir.filePath(QStringLiteral("a")), out, QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QVERIFY(QFileInfo(out).size() > 348);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object()[QStringLiteral("outputs")].toArray()[0].toObject();
        QCOMPARE(o[QStringLiteral("file")].toString(), out);
        // Two series in one folder: numbered outputs.
        s.seriesNumber = 2;
        dicom::writeSyntheticSeries(dir.filePath(QStringLiteral("a/second")).toStdString(), s);
        const Run two = runSagitta({QStringLiteral("convert"), dir.filePath(QStringLiteral("a")), dir.filePath(QStringLiteral("b.nii"))});
        QCOMPARE(two.code, 0);
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("b_1.nii"))));
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("b_2.nii"))));
        const Run bad = runSagitta({QStringLiteral("convert"), dir.filePath(QStringLiteral("a")), dir.filePath(QStringLiteral("x.img"))});
        QCOMPARE(bad.code, 1);
        QVERIFY(bad.err.contains("x.img"));
    }

    void textAnnotateBatch()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("notes.jsonl"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"id\": \"n1\", \"text\": \"No evidence of pneumothorax. History of asthma.\", \"targets\": [\"pneumothorax\", \"asthma\"]}\n");
        f.write("{\"id\": 2, \"text\": \"\u6bcd\u4eb2\u60a3\u4e73\u817a\u764c\u3002\", \"targets\": [\"\u4e73\u817a\u764c\"]}\n");
        f.write("not json\n");
        f.close();
        const Run r = runSagitta({QStringLiteral("text"), QStringLiteral("annotate"), file, QStringLiteral("--json")});
        QCOMPARE(r.code, 1); // the broken third line is reported, the others are annotated
        QVERIFY(r.err.contains("notes.jsonl:3"));
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        auto target = [](const QJsonObject &note, const QString &text) {
            for (const QJsonValue &v : note[QStringLiteral("spans")].toArray()) {
                const QJsonObject s = v.toObject();
                if (s[QStringLiteral("source")].toString() == QStringLiteral("target") && s[QStringLiteral("text")].toString() == text)
                    return s[QStringLiteral("attributes")].toObject();
            }
            return QJsonObject();
        };
        const QJsonObject first = QJsonDocument::fromJson(lines[0]).object();
        QCOMPARE(first[QStringLiteral("id")].toString(), QStringLiteral("n1"));
        QCOMPARE(target(first, QStringLiteral("pneumothorax"))[QStringLiteral("negated")].toBool(), true);
        QCOMPARE(target(first, QStringLiteral("asthma"))[QStringLiteral("historical")].toBool(), true);
        QCOMPARE(target(first, QStringLiteral("asthma"))[QStringLiteral("negated")].toBool(), false);
        const QJsonObject second = QJsonDocument::fromJson(lines[1]).object();
        QCOMPARE(second[QStringLiteral("language")].toString(), QStringLiteral("zh"));
        QCOMPARE(target(second, QString::fromUtf8("\xe4\xb9\xb3\xe8\x85\xba\xe7\x99\x8c"))[QStringLiteral("experiencer")].toString(),
                 QStringLiteral("family"));
    }

    void textExportAndAgreement()
    {
        QTemporaryDir dir;
        const QString note = dir.filePath(QStringLiteral("note.txt"));
        QFile f(note);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("No fever. Mother had breast cancer.\n");
        f.close();
        const Run brat = runSagitta({QStringLiteral("text"), QStringLiteral("annotate"), note, QStringLiteral("--format"), QStringLiteral("brat")});
        QCOMPARE(brat.code, 0);
        QVERIFY(brat.out.contains("T1\tPROBLEM 3 8\tfever\nA1\tNegated T1\n"));
        const QString a = dir.filePath(QStringLiteral("a.ann")), b = dir.filePath(QStringLiteral("b.ann"));
        QFile fa(a), fb(b);
        QVERIFY(fa.open(QIODevice::WriteOnly) && fb.open(QIODevice::WriteOnly));
        fa.write(brat.out);
        fb.write("T1\tPROBLEM 3 8\tfever\n");
        fa.close();
        fb.close();
        const Run agree = runSagitta({QStringLiteral("text"), QStringLiteral("agreement"), note, a, b});
        QCOMPARE(agree.code, 0);
        const QJsonObject r = QJsonDocument::fromJson(agree.out).object();
        QCOMPARE(r[QStringLiteral("exact")].toObject()[QStringLiteral("tp")].toInt(), 1);
        QCOMPARE(r[QStringLiteral("exact")].toObject()[QStringLiteral("fn")].toInt(), 1);
        // Exports are de-identified unless PHI is kept on purpose.
        QFile phi(dir.filePath(QStringLiteral("phi.txt")));
        QVERIFY(phi.open(QIODevice::WriteOnly));
        phi.write("Seen by Dr. Smith on 03/14/2021 for fever.\n");
        phi.close();
        const Run exported = runSagitta({QStringLiteral("text"), QStringLiteral("annotate"), phi.fileName(), QStringLiteral("--format"), QStringLiteral("bioc")});
        QCOMPARE(exported.code, 0);
        QVERIFY(!exported.out.contains("Smith") && !exported.out.contains("03/14/2021"));
        QVERIFY(exported.out.contains("[NAME]"));
        const Run kept = runSagitta({QStringLiteral("text"), QStringLiteral("annotate"), phi.fileName(), QStringLiteral("--format"),
                                     QStringLiteral("bioc"), QStringLiteral("--keep-phi")});
        QVERIFY(kept.out.contains("Smith"));
        const Run deid = runSagitta({QStringLiteral("text"), QStringLiteral("deid"), phi.fileName(), QStringLiteral("--patient"), QStringLiteral("p1")});
        QCOMPARE(deid.code, 0);
        QVERIFY(deid.out.startsWith("Seen by Dr. [NAME] on "));
        const Run bad = runSagitta({QStringLiteral("text"), QStringLiteral("annotate"), note, QStringLiteral("--format"), QStringLiteral("xml")});
        QCOMPARE(bad.code, 1);
    }

    void notesImport()
    {
        QTemporaryDir dir;
        QFile csv(dir.filePath(QStringLiteral("n.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("note_id,patient,body\n1,A,No fever.\n2,B,Cough.\n");
        csv.close();
        const QString project = dir.filePath(QStringLiteral("p.sagitta"));
        const Run ok = runSagitta({QStringLiteral("notes"), QStringLiteral("import"), csv.fileName(), QStringLiteral("--project"), project,
                                   QStringLiteral("--text-column"), QStringLiteral("body")});
        QCOMPARE(ok.code, 0);
        QVERIFY(ok.out.contains("2 note(s) imported"));
        const Run info = runSagitta({QStringLiteral("info"), project, QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(info.out).object()[QStringLiteral("notes")].toInt(), 2);
        const Run missing = runSagitta({QStringLiteral("notes"), QStringLiteral("import"), csv.fileName(), QStringLiteral("--project"), project});
        QCOMPARE(missing.code, 1); // no TEXT column and none named
        QVERIFY(missing.err.contains("n.csv"));
    }

    // Notes leave the project de-identified unless asked; the engine as one author against a
    // second reader's brat files.
    void notesExportAndAgreement()
    {
        QTemporaryDir dir;
        QFile csv(dir.filePath(QStringLiteral("n.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("note_id,patient,body\n1,A,\"Mr. John Smith denies chest pain. Started aspirin.\"\n2,B,Cough and fever.\n");
        csv.close();
        const QString project = dir.filePath(QStringLiteral("p.sagitta"));
        QCOMPARE(runSagitta({QStringLiteral("notes"), QStringLiteral("import"), csv.fileName(), QStringLiteral("--project"), project,
                             QStringLiteral("--text-column"), QStringLiteral("body")})
                     .code,
                 0);
        const QString jsonl = dir.filePath(QStringLiteral("out.jsonl"));
        const Run out = runSagitta({QStringLiteral("notes"), QStringLiteral("export"), QStringLiteral("--project"), project,
                                    QStringLiteral("--format"), QStringLiteral("jsonl"), jsonl});
        QCOMPARE(out.code, 0);
        QVERIFY(out.out.contains("(de-identified)"));
        QFile f(jsonl);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray all = f.readAll();
        QVERIFY(!all.contains("Smith"));
        QVERIFY(all.contains("chest pain"));
        const QString brat = dir.filePath(QStringLiteral("brat"));
        QCOMPARE(runSagitta({QStringLiteral("notes"), QStringLiteral("export"), QStringLiteral("--project"), project,
                             QStringLiteral("--format"), QStringLiteral("brat"), brat, QStringLiteral("--keep-phi")})
                     .code,
                 0);
        QVERIFY(QFile::exists(brat + QStringLiteral("/note-1.ann")));
        const Run agree = runSagitta({QStringLiteral("notes"), QStringLiteral("agreement"), QStringLiteral("--project"), project,
                                      QStringLiteral("sagitta"), QStringLiteral("reader2"), QStringLiteral("--import-brat"), brat,
                                      QStringLiteral("--as"), QStringLiteral("reader2")});
        QCOMPARE(agree.code, 0);
        const QJsonObject r = QJsonDocument::fromJson(agree.out).object();
        QCOMPARE(r[QStringLiteral("notes")].toInt(), 2);
        QCOMPARE(r[QStringLiteral("exact")].toObject()[QStringLiteral("f1")].toDouble(), 1.0);
        const Run bad = runSagitta({QStringLiteral("notes"), QStringLiteral("export"), QStringLiteral("--project"), project,
                                    QStringLiteral("--format"), QStringLiteral("xml"), jsonl});
        QCOMPARE(bad.code, 1);
        QVERIFY(bad.err.contains("--format must be"));
    }

    // An unknown word, a missing project, a bad option or no display: one line and status 2,
    // never a Qt abort.
    void unknownCommandsExitTwo()
    {
        const Run word = runSagitta({QStringLiteral("frobnicate")});
        QCOMPARE(word.code, 2);
        QCOMPARE(word.err.count('\n'), 1);
        QVERIFY(word.err.contains("'frobnicate' is neither a command nor a project file"));
        const Run missing = runSagitta({QStringLiteral("/nonexistent/p.sagitta")});
        QCOMPARE(missing.code, 2);
        QVERIFY(missing.err.contains("/nonexistent/p.sagitta: no such project file"));
        const Run option = runSagitta({QStringLiteral("--frobnicate")});
        QCOMPARE(option.code, 2);
        QVERIFY(option.err.contains("frobnicate"));
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("p.sagitta"));
        QCOMPARE(runSagitta({QStringLiteral("demo"), project}).code, 0);
        QProcessEnvironment noDisplay = QProcessEnvironment::systemEnvironment();
        for (const char *v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            noDisplay.remove(QString::fromLatin1(v));
        const Run headless = runSagitta({project}, noDisplay);
        QCOMPARE(headless.code, 2);
        QVERIFY(headless.err.contains("no display"));
    }

    // A folder without DICOM creates no project and changes none; a re-import says what it did
    // and keeps the series' id; each series is named with its files, modality and description.
    void importTellsTheTruth()
    {
        QTemporaryDir dir;
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("none"))));
        writeBytes(dir.filePath(QStringLiteral("none/readme.txt")), "hello");
        const QString project = dir.filePath(QStringLiteral("p.sagitta"));
        const Run nothing = runSagitta({QStringLiteral("import"), dir.filePath(QStringLiteral("none")), QStringLiteral("--project"), project});
        QCOMPARE(nothing.code, 1);
        QVERIFY(nothing.err.contains("no DICOM series found"));
        QVERIFY(!QFileInfo::exists(project));

        dicom::SyntheticSpec s;
        s.dims = {24, 20, 4};
        s.seriesDescription = "Chest 1mm";
        dicom::writeSyntheticSeries(dir.filePath(QStringLiteral("in")).toStdString(), s);
        const Run first = runSagitta({QStringLiteral("import"), dir.filePath(QStringLiteral("in")), QStringLiteral("--project"), project,
                                      QStringLiteral("--json")});
        QCOMPARE(first.code, 0);
        const QJsonObject a = QJsonDocument::fromJson(first.out).object()[QStringLiteral("series")].toArray()[0].toObject();
        QCOMPARE(a[QStringLiteral("result")].toString(), QStringLiteral("added"));
        QCOMPARE(a[QStringLiteral("modality")].toString(), QStringLiteral("CT"));
        QCOMPARE(a[QStringLiteral("description")].toString(), QStringLiteral("Chest 1mm"));
        QCOMPARE(a[QStringLiteral("files")].toArray().size(), 4);
        QVERIFY(a[QStringLiteral("files")].toArray()[0].toString().endsWith(QStringLiteral(".dcm")));

        const QByteArray before = fileHash(project);
        const Run empty = runSagitta({QStringLiteral("import"), dir.filePath(QStringLiteral("none")), QStringLiteral("--project"), project});
        QCOMPARE(empty.code, 1);
        QCOMPARE(fileHash(project), before); // not even an audit row

        const Run again = runSagitta({QStringLiteral("import"), dir.filePath(QStringLiteral("in")), QStringLiteral("--project"), project});
        QCOMPARE(again.code, 0);
        QVERIFY2(again.out.contains(QStringLiteral("series %1 unchanged: CT \"Chest 1mm\", 4 file(s)").arg(a[QStringLiteral("id")].toInt()).toUtf8()),
                 again.out.constData());
        QVERIFY(again.out.contains("1 series imported, 0 not imported"));
    }

    // Readers change nothing in the file (an export is written to the audit log, so it is left
    // out here).
    void infoChangesNothing()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("p.sagitta"));
        QCOMPARE(runSagitta({QStringLiteral("demo"), project}).code, 0);
        const QByteArray before = fileHash(project);
        QCOMPARE(runSagitta({QStringLiteral("info"), project}).code, 0);
        QCOMPARE(runSagitta({QStringLiteral("info"), project, QStringLiteral("--json")}).code, 0);
        QCOMPARE(fileHash(project), before);
        QVERIFY(!QFileInfo::exists(project + QStringLiteral("-wal")) || QFileInfo(project + QStringLiteral("-wal")).size() == 0);
    }

    // A notes file imported twice adds no copies; bad lines are named and the good ones come.
    void notesReimportAndBadLines()
    {
        QTemporaryDir dir;
        const QString jsonl = dir.filePath(QStringLiteral("n.jsonl"));
        writeBytes(jsonl, "{\"id\": 1, \"text\": \"No fever.\"}\n{\"id\": 2, \"text\": \"Cough\n"
                          "{\"id\": 3, \"text\": \"Rash.\"}\n{\"id\": 4}\n{\"id\": 5, \"text\": \"Chest pain.\"}\n");
        const QString project = dir.filePath(QStringLiteral("p.sagitta"));
        const Run first = runSagitta({QStringLiteral("notes"), QStringLiteral("import"), jsonl, QStringLiteral("--project"), project});
        QCOMPARE(first.code, 1); // some lines were bad
        QVERIFY2(first.err.contains("n.jsonl:2: not JSON"), first.err.constData());
        QVERIFY(first.err.contains("n.jsonl:4: no \"text\" string"));
        QVERIFY(!first.err.contains("Cough")); // no note text in messages
        QVERIFY2(first.out.contains("3 added"), first.out.constData());
        const Run second = runSagitta({QStringLiteral("notes"), QStringLiteral("import"), jsonl, QStringLiteral("--project"), project});
        QVERIFY2(second.out.contains("0 added, 0 updated, 3 already in the project"), second.out.constData());
        const Run info = runSagitta({QStringLiteral("info"), project, QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(info.out).object()[QStringLiteral("notes")].toInt(), 3);
        const QString blank = dir.filePath(QStringLiteral("blank.txt"));
        writeBytes(blank, "\n  \n");
        const Run none = runSagitta({QStringLiteral("notes"), QStringLiteral("import"), blank, QStringLiteral("--project"), project});
        QCOMPARE(none.code, 1);
        QVERIFY(none.err.contains("no text"));
        QCOMPARE(QJsonDocument::fromJson(runSagitta({QStringLiteral("info"), project, QStringLiteral("--json")}).out)
                     .object()[QStringLiteral("notes")]
                     .toInt(),
                 3);
    }

    // convert onto a full disk fails, says so and leaves the file that was there; a folder at
    // the output path is never deleted.
    void convertNeverReportsAFailedWrite()
    {
        QTemporaryDir dir;
        dicom::SyntheticSpec s;
        s.dims = {64, 64, 8};
        dicom::writeSyntheticSeries(dir.filePath(QStringLiteral("a")).toStdString(), s);
        const QString out = dir.filePath(QStringLiteral("out/a.nii"));
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("out"))));
        writeBytes(out, "precious");
        // The file-size limit makes writes fail (EFBIG) as a full disk does (ENOSPC).
        QProcess bash;
        bash.start(QStringLiteral("bash"), {QStringLiteral("-c"), QStringLiteral("trap '' XFSZ; ulimit -f 16; exec \"$0\" \"$@\""),
                                           QStringLiteral(SAGITTA_EXE), QStringLiteral("convert"), dir.filePath(QStringLiteral("a")), out});
        QVERIFY(bash.waitForFinished(60000));
        QCOMPARE(bash.exitCode(), 1);
        QVERIFY(bash.readAllStandardOutput().isEmpty()); // no success line
        QVERIFY(bash.readAllStandardError().contains("a.nii"));
        QCOMPARE(readAll(out), QByteArray("precious"));
        QCOMPARE(QDir(dir.filePath(QStringLiteral("out"))).entryList(QDir::Files | QDir::Hidden).size(), 1);
        // An empty folder where the file should go.
        const QString folder = dir.filePath(QStringLiteral("b.nii"));
        QVERIFY(QDir().mkpath(folder));
        const Run onFolder = runSagitta({QStringLiteral("convert"), dir.filePath(QStringLiteral("a")), folder});
        QCOMPARE(onFolder.code, 1);
        QVERIFY(QFileInfo(folder).isDir());
        // And it works where it can write.
        QCOMPARE(runSagitta({QStringLiteral("convert"), dir.filePath(QStringLiteral("a")), out}).code, 0);
        QVERIFY(readAll(out).size() > 64 * 64 * 8 * 2);
    }

    // A project in a folder that cannot be written (a shared read-only share, a CD): info and
    // exports read it, change nothing, and never call it "damaged". As root, permission bits
    // do not stop writes, so the commands run as nobody there.
    void readOnlyFolderIsReadable()
    {
        QTemporaryDir dir;
        QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                                      | QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
                                                      | QFileDevice::ExeOther));
        const QString shared = dir.filePath(QStringLiteral("share"));
        QVERIFY(QDir().mkpath(shared));
        const QString project = shared + QStringLiteral("/p.sagitta");
        QCOMPARE(runSagitta({QStringLiteral("demo"), project}).code, 0);
        const QString out = dir.filePath(QStringLiteral("out"));
        QVERIFY(QDir().mkpath(out));
        QVERIFY(QFile::setPermissions(out, QFileDevice::Permissions(0x7777))); // anyone may write the export
        const QString exe = dir.filePath(QStringLiteral("sagitta"));
        QVERIFY(QFile::copy(QStringLiteral(SAGITTA_EXE), exe)); // reachable for nobody too
        const QByteArray before = fileHash(project);
        QStringList prefix;
        if (::geteuid() == 0) {
            prefix = {QStringLiteral("setpriv"), QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                      QStringLiteral("--clear-groups")};
        } else {
            QVERIFY(QFile::setPermissions(shared, QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::ReadOther
                                                      | QFileDevice::ExeOther));
        }
        auto run = [&](const QStringList &args) {
            QProcess p;
            const QStringList all = prefix + QStringList{exe} + args;
            p.start(all.front(), all.mid(1));
            p.waitForFinished(60000);
            return Run{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
        };
        const Run info = run({QStringLiteral("info"), project, QStringLiteral("--json")});
        QVERIFY2(info.code == 0, info.err.constData());
        QCOMPARE(QJsonDocument::fromJson(info.out).object()[QStringLiteral("notes")].toInt(), 3);
        const Run exported = run({QStringLiteral("notes"), QStringLiteral("export"), QStringLiteral("--project"), project,
                                  QStringLiteral("--format"), QStringLiteral("jsonl"), out + QStringLiteral("/n.jsonl")});
        QVERIFY2(exported.code == 0, exported.err.constData());
        QVERIFY(QFileInfo(out + QStringLiteral("/n.jsonl")).size() > 0);
        const Run write = run({QStringLiteral("import"), dir.path(), QStringLiteral("--project"), project});
        QVERIFY(write.code != 0); // writing is refused with the reason, not "damaged"
        QVERIFY2(!write.err.contains("damaged"), write.err.constData());
        QFile::setPermissions(shared, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QCOMPARE(fileHash(project), before);
    }

    void labelsExportImportRoundTrip()
    {
        QTemporaryDir dir;
        dicom::SyntheticSpec s;
        s.dims = {21, 13, 6}; // odd: SEG frames straddle bytes
        dicom::writeSyntheticSeries(dir.filePath(QStringLiteral("in")).toStdString(), s);
        const QString project = dir.filePath(QStringLiteral("p.sagitta"));
        QCOMPARE(runSagitta({QStringLiteral("import"), dir.filePath(QStringLiteral("in")), QStringLiteral("--project"), project}).code, 0);
        LabelMap labels(s.dims);
        for (int k = 1; k < 5; ++k)
            for (int j = 2; j < 11; ++j)
                for (int i = 3; i < 19; ++i)
                    labels.set(i, j, k, (i + j + k) % 3 == 0 ? 2 : (i < 9 ? 1 : 0));
        std::string uid;
        {
            auto p = Project::open(project.toStdString());
            Segment a{0, 1, 1, "Lesion", 0xff0000}, b{0, 1, 2, "Liver", 0x00ff00};
            p->labelStore().replaceLabels(1, labels, {a, b}, "test");
            uid = p->seriesStore().series()[0].seriesUid;
        }
        auto clear = [&] {
            auto p = Project::open(project.toStdString());
            p->labelStore().replaceLabels(1, LabelMap(s.dims), {}, "test");
        };
        auto stored = [&] {
            auto p = Project::open(project.toStdString(), Project::Access::ReadOnly);
            return std::make_pair(p->labelStore().loadLabelMap(1, s.dims), p->labelStore().segments(1));
        };
        for (const QString name : {QStringLiteral("l.nii.gz"), QStringLiteral("l.nii"), QStringLiteral("l.dcm")}) {
            const QString out = dir.filePath(name);
            const Run ex = runSagitta({QStringLiteral("labels"), QStringLiteral("export"), QStringLiteral("--project"), project,
                                       QStringLiteral("--series"), QStringLiteral("1"), out});
            QVERIFY2(ex.code == 0, ex.err.constData());
            QVERIFY(QFileInfo::exists(out));
            clear();
            QCOMPARE(stored().first.count(1), std::uint64_t(0));
            // By SeriesInstanceUID this time.
            const Run im = runSagitta({QStringLiteral("labels"), QStringLiteral("import"), QStringLiteral("--project"), project,
                                       QStringLiteral("--series"), QString::fromStdString(uid), out});
            QVERIFY2(im.code == 0, im.err.constData());
            const auto [back, segments] = stored();
            QVERIFY2(back == labels, qPrintable(name));
            QCOMPARE(segments.size(), std::size_t(2));
            QCOMPARE(segments[0].name, std::string("Lesion"));
            QCOMPARE(segments[1].rgb, 0x00ff00u);
        }
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("l.json"))));
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("l.label.txt"))));
        // The SEG is de-identified unless asked.
        QVERIFY(!readAll(dir.filePath(QStringLiteral("l.dcm"))).contains(QByteArray::fromStdString(s.patientId)));
        QVERIFY(!readAll(dir.filePath(QStringLiteral("l.dcm"))).contains(QByteArray::fromStdString(uid)));
        // Merge adds the segments again with free labels; the voxels, all labelled, stay as they
        // were and the copies overlap them on layers of their own.
        const Run merge = runSagitta({QStringLiteral("labels"), QStringLiteral("import"), QStringLiteral("--project"), project,
                                      QStringLiteral("--series"), QStringLiteral("1"), dir.filePath(QStringLiteral("l.nii")),
                                      QStringLiteral("--merge")});
        QVERIFY2(merge.code == 0, merge.err.constData());
        QVERIFY2(merge.out.contains("went to a layer of their own"), merge.out.constData());
        const auto [merged, four] = stored();
        QCOMPARE(four.size(), std::size_t(4));
        QVERIFY(merged.layerCount() > 1);
        for (const Segment &seg : four)
            QCOMPARE(merged.count(seg.label), labels.count(std::uint8_t(seg.label > 2 ? seg.label - 2 : seg.label)));
        // Unknown formats are refused with the name.
        const Run bad = runSagitta({QStringLiteral("labels"), QStringLiteral("export"), QStringLiteral("--project"), project,
                                    QStringLiteral("--series"), QStringLiteral("1"), dir.filePath(QStringLiteral("x.png"))});
        QCOMPARE(bad.code, 1);
        QVERIFY(bad.err.contains("x.png"));
    }

    void labelsOnAnotherGridAreRefused()
    {
        QTemporaryDir dir;
        dicom::SyntheticSpec s;
        s.dims = {16, 12, 4};
        dicom::writeSyntheticSeries(dir.filePath(QStringLiteral("in/a")).toStdString(), s);
        s.dims = {16, 14, 4}; // two more rows
        s.seriesNumber = 2;
        dicom::writeSyntheticSeries(dir.filePath(QStringLiteral("in/b")).toStdString(), s);
        const QString project = dir.filePath(QStringLiteral("p.sagitta"));
        QCOMPARE(runSagitta({QStringLiteral("import"), dir.filePath(QStringLiteral("in")), QStringLiteral("--project"), project}).code, 0);
        std::int64_t small = 0, big = 0;
        {
            auto p = Project::open(project.toStdString());
            for (const SeriesRecord &r : p->seriesStore().series())
                (r.geometry.dims[1] == 12 ? small : big) = r.id;
            LabelMap m({16, 12, 4});
            m.set(3, 3, 3, 1);
            p->labelStore().replaceLabels(small, m, {Segment{0, small, 1, "A", 0xff0000}}, "test");
        }
        for (const QString name : {QStringLiteral("a.nii.gz"), QStringLiteral("a.dcm")}) {
            const QString out = dir.filePath(name);
            QCOMPARE(runSagitta({QStringLiteral("labels"), QStringLiteral("export"), QStringLiteral("--project"), project,
                                 QStringLiteral("--series"), QString::number(small), out})
                         .code,
                     0);
            const Run im = runSagitta({QStringLiteral("labels"), QStringLiteral("import"), QStringLiteral("--project"), project,
                                       QStringLiteral("--series"), QString::number(big), out});
            QCOMPARE(im.code, 1);
            QVERIFY2(im.err.contains(out.toUtf8()), im.err.constData());
            QVERIFY2(im.err.contains("not imported"), im.err.constData());
            QCOMPARE(im.err.count('\n'), 1);
            auto p = Project::open(project.toStdString(), Project::Access::ReadOnly);
            QVERIFY(p->labelStore().segments(big).empty());
            QCOMPARE(p->labelStore().loadLabelMap(big, {16, 14, 4}).count(1), std::uint64_t(0));
        }
    }

    void verifyGoodAndCorruptedProjects()
    {
        QTemporaryDir dir;
        dicom::SyntheticSpec s;
        s.dims = {40, 12, 4}; // two chunks across
        dicom::writeSyntheticSeries(dir.filePath(QStringLiteral("in")).toStdString(), s);
        const QString project = dir.filePath(QStringLiteral("p.sagitta"));
        QCOMPARE(runSagitta({QStringLiteral("import"), dir.filePath(QStringLiteral("in")), QStringLiteral("--project"), project}).code, 0);
        {
            auto p = Project::open(project.toStdString());
            LabelMap m(s.dims);
            m.set(1, 1, 1, 1);
            m.set(39, 11, 3, 1);
            p->labelStore().replaceLabels(1, m, {Segment{0, 1, 1, "A", 0xff0000}}, "test");
        }
        const Run good = runSagitta({QStringLiteral("verify"), project});
        QCOMPARE(good.code, 0);
        QVERIFY(good.out.contains("ok"));
        const QByteArray before = fileHash(project);
        // A chunk overwritten by someone else's tool.
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(project.toUtf8().constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "UPDATE label_chunks SET data = x'deadbeef' WHERE chunk = 1", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
        const QByteArray corrupted = fileHash(project);
        QVERIFY(corrupted != before);
        const Run bad = runSagitta({QStringLiteral("verify"), project});
        QCOMPARE(bad.code, 1);
        // Named by series and author (the demo's maps are its maker's).
        QVERIFY2(bad.out.contains("label chunk 1 of series 1 ("), bad.out.constData());
        QVERIFY2(bad.out.contains("): damaged"), bad.out.constData());
        QVERIFY(!bad.out.contains("label chunk 0"));
        QCOMPARE(fileHash(project), corrupted); // verify changed nothing
    }

    void importTakesSegmentationsOfKnownSeries()
    {
        QTemporaryDir dir;
        dicom::SyntheticSpec s;
        s.dims = {16, 12, 4};
        dicom::writeSyntheticSeries(dir.filePath(QStringLiteral("in")).toStdString(), s);
        const QString project = dir.filePath(QStringLiteral("p.sagitta"));
        QCOMPARE(runSagitta({QStringLiteral("import"), dir.filePath(QStringLiteral("in")), QStringLiteral("--project"), project}).code, 0);
        LabelMap m(s.dims);
        m.set(2, 3, 1, 1);
        m.set(15, 11, 3, 1);
        {
            auto p = Project::open(project.toStdString());
            p->labelStore().replaceLabels(1, m, {Segment{0, 1, 1, "Lesion", 0xff0000}}, "test");
        }
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("seg"))));
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("deid"))));
        QCOMPARE(runSagitta({QStringLiteral("labels"), QStringLiteral("export"), QStringLiteral("--project"), project,
                             QStringLiteral("--series"), QStringLiteral("1"), dir.filePath(QStringLiteral("in/labels.dcm")),
                             QStringLiteral("--keep-phi")})
                     .code,
                 0);
        QCOMPARE(runSagitta({QStringLiteral("labels"), QStringLiteral("export"), QStringLiteral("--project"), project,
                             QStringLiteral("--series"), QStringLiteral("1"), dir.filePath(QStringLiteral("deid/labels.dcm"))})
                     .code,
                 0);
        {
            auto p = Project::open(project.toStdString());
            p->labelStore().replaceLabels(1, LabelMap(s.dims), {}, "test");
        }
        // The folder again, now with the SEG beside its series: the SEG becomes its labels.
        const Run again = runSagitta({QStringLiteral("import"), dir.filePath(QStringLiteral("in")), QStringLiteral("--project"),
                                      project, QStringLiteral("--json")});
        QVERIFY2(again.code == 0, again.err.constData());
        const QJsonObject report = QJsonDocument::fromJson(again.out).object();
        QCOMPARE(report[QStringLiteral("problems")].toArray().size(), 0);
        const QJsonObject seg = report[QStringLiteral("segmentations")].toArray()[0].toObject();
        QCOMPARE(seg[QStringLiteral("imported")].toBool(), true);
        QCOMPARE(seg[QStringLiteral("series")].toInt(), 1);
        {
            auto p = Project::open(project.toStdString(), Project::Access::ReadOnly);
            QVERIFY(p->labelStore().loadLabelMap(1, s.dims) == m);
            QCOMPARE(p->labelStore().segments(1)[0].name, std::string("Lesion"));
        }
        // A de-identified SEG references a series the project does not know: reported, with why.
        const Run deid = runSagitta({QStringLiteral("import"), dir.filePath(QStringLiteral("deid")), QStringLiteral("--project"),
                                     project});
        QCOMPARE(deid.code, 1);
        QVERIFY2(deid.err.contains("labels.dcm: DICOM SEG not imported: its referenced series"), deid.err.constData());
        QVERIFY2(deid.err.contains("is not in the project"), deid.err.constData());
        QVERIFY(!deid.err.contains("BitsAllocated"));
    }

    // A write that fails half way through an import (a full disk, simulated by a trigger that
    // refuses one series' row): the other series are recorded, and the command says which
    // series were imported and which not, exit 1.
    void importSaysWhatWasNotWritten()
    {
        QTemporaryDir dir;
        for (int n = 1; n <= 3; ++n) {
            dicom::SyntheticSpec s;
            s.dims = {16, 16, 3};
            s.seriesNumber = n;
            s.seriesDescription = "Series " + std::to_string(n);
            s.seriesUid = "1.2.826.0.1.3680043.10.1." + std::to_string(n);
            dicom::writeSyntheticSeries(dir.filePath(QStringLiteral("in/%1").arg(n)).toStdString(), s);
        }
        const QString project = dir.filePath(QStringLiteral("p.sagitta"));
        QCOMPARE(runSagitta({QStringLiteral("demo"), project}).code, 0);
        const auto demoSeries = QJsonDocument::fromJson(runSagitta({QStringLiteral("info"), project, QStringLiteral("--json")}).out)
                                    .object()[QStringLiteral("series")]
                                    .toArray()
                                    .size();
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(project.toUtf8().constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "CREATE TRIGGER full BEFORE INSERT ON series WHEN NEW.series_uid = '1.2.826.0.1.3680043.10.1.2'"
                                  " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
                              nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        const Run r = runSagitta({QStringLiteral("import"), dir.filePath(QStringLiteral("in")), QStringLiteral("--project"), project,
                                  QStringLiteral("--json")});
        QCOMPARE(r.code, 1);
        const QJsonObject out = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(out[QStringLiteral("series")].toArray().size(), 2);
        const QJsonArray failed = out[QStringLiteral("not_imported")].toArray();
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed[0].toObject()[QStringLiteral("description")].toString(), QStringLiteral("Series 2"));
        QVERIFY(failed[0].toObject()[QStringLiteral("reason")].toString().contains(QStringLiteral("disk is full")));
        QVERIFY(r.err.contains("1 of 3 series could not be written"));
        const Run info = runSagitta({QStringLiteral("info"), project, QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(info.out).object()[QStringLiteral("series")].toArray().size(), demoSeries + 2); // the demo's and two of three
    }

    // The segment table of the demo's real head CT: the bone segment's voxels as info counts
    // them, its HU range inside InVesalius' threshold, written as CSV through a temporary file.
    void labelStatisticsCsv()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("p.sagitta"));
        QCOMPARE(runSagitta({QStringLiteral("demo"), project}).code, 0);
        const QJsonArray series = QJsonDocument::fromJson(runSagitta({QStringLiteral("info"), project, QStringLiteral("--json")}).out)
                                      .object()[QStringLiteral("series")]
                                      .toArray();
        QJsonObject bone;
        int seriesId = 0;
        for (const auto &sv : series)
            for (const auto &seg : sv.toObject()[QStringLiteral("segments")].toArray())
                if (seg.toObject()[QStringLiteral("name")].toString() == QStringLiteral("Bone")) {
                    bone = seg.toObject();
                    seriesId = sv.toObject()[QStringLiteral("id")].toInt();
                }
        QVERIFY(seriesId > 0);
        const QString csv = dir.filePath(QStringLiteral("table.csv"));
        const Run r = runSagitta({QStringLiteral("labels"), QStringLiteral("stats"), QStringLiteral("--project"), project,
                                  QStringLiteral("--series"), QString::number(seriesId), QStringLiteral("--csv"), csv});
        QVERIFY2(r.code == 0, r.err.constData());
        const QList<QByteArray> lines = readAll(csv).split('\n');
        QVERIFY(lines[0].startsWith("label,segment,type,voxels,volume_ml,mean (HU)"));
        QByteArray row;
        for (const QByteArray &l : lines)
            if (l.contains("\"Bone\""))
                row = l;
        const QList<QByteArray> f = row.split(',');
        QCOMPARE(f.size(), 12);
        QCOMPARE(f[3].toLongLong(), qint64(bone[QStringLiteral("voxels")].toDouble()));
        QVERIFY(f[7].toDouble() >= 226.0); // min HU: the mask was thresholded from 226
        QVERIFY(f[9].toDouble() > 100.0);  // a skull is wider than 10 cm
        QVERIFY(f[10].toDouble() > 0.0 && f[10].toDouble() <= f[9].toDouble());
    }

    // Review from the command line: a new status with a comment, audited, read back; a wrong
    // status is refused and changes nothing.
    void labelsReview()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("r.sagitta"));
        QCOMPARE(runSagitta({QStringLiteral("demo"), project}).code, 0);
        const QStringList base = {QStringLiteral("labels"), QStringLiteral("review"), QStringLiteral("--project"), project,
                                  QStringLiteral("--series"), QStringLiteral("1")};
        Run r = runSagitta(base);
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("labels draft"), r.out.constData());
        r = runSagitta(base + QStringList{QStringLiteral("--status"), QStringLiteral("approved"), QStringLiteral("--comment"),
                                          QStringLiteral("margins checked")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("labels approved") && r.out.contains("margins checked"), r.out.constData());
        r = runSagitta(base + QStringList{QStringLiteral("--status"), QStringLiteral("done")});
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains("--status must be"), r.err.constData());
        auto p = sagitta::core::Project::open(project.toStdString(), sagitta::core::Project::Access::ReadOnly);
        QCOMPARE(p->labelStore().labelMapStatus(1), std::string("approved"));
        bool audited = false;
        for (const sagitta::core::AuditEntry &e : p->auditLog())
            audited = audited || e.action.find("review") != std::string::npos || e.detail.find("approved") != std::string::npos;
        QVERIFY(audited);
    }

    void errorsAreOneLineWithTheFile()
    {
        const Run r = runSagitta({QStringLiteral("info"), QStringLiteral("/nonexistent/x.sagitta")});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.err.contains("/nonexistent/x.sagitta"));
        QTemporaryDir dir;
        const Run empty = runSagitta({QStringLiteral("import"), dir.path(), QStringLiteral("--project"),
                                   dir.filePath(QStringLiteral("p.sagitta"))});
        QCOMPARE(empty.code, 1);
        QVERIFY(empty.err.contains("no DICOM series found"));
    }

    // sagitta train on the demo's training set and on Fashion-MNIST (short runs): one JSON line
    // per epoch, the held-out metric last, the run, its metrics and the model in the project.
};

QTEST_GUILESS_MAIN(TstCli)
#include "tst_cli.moc"
