// A corpus of broken input made at test time: empty, truncated, corrupted, non-DICOM and
// inconsistent files. Import must give a clear message naming each file, never crash or hang,
// and still import the good series next to them.
#include "core/base/error.h"
#include "core/dicom/synthetic.h"
#include "core/project/importer.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <QTemporaryDir>
#include <QtTest>

#include <set>

#include <sys/stat.h>
#include <unistd.h>

using namespace sagitta::core;
using namespace sagitta::core::dicom;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

// Rewrites one attribute of a valid file with DCMTK (the pixel data stays as it was).
void editFile(const QString &path, const std::function<void(DcmDataset *)> &edit)
{
    DcmFileFormat ff;
    QVERIFY(ff.loadFile(path.toUtf8().constData()).good());
    QVERIFY(ff.loadAllDataIntoMemory().good()); // large values are read lazily from the file we overwrite
    edit(ff.getDataset());
    QVERIFY(ff.saveFile(path.toUtf8().constData(), ff.getDataset()->getOriginalXfer()).good());
}

// The reason given for path, or "" when it is not a problem.
std::string reasonFor(const std::vector<FileProblem> &problems, const QString &path)
{
    for (const auto &p : problems)
        if (p.path == path.toStdString())
            return p.reason;
    return {};
}

bool hasWarning(const SeriesInfo &series, const std::string &part)
{
    for (const auto &w : series.warnings)
        if (w.find(part) != std::string::npos)
            return true;
    return false;
}

QString allProblems(const ImportReport &r)
{
    QString text;
    for (const auto &p : r.problems)
        text += QString::fromStdString(p.path + ": " + p.reason) + QLatin1Char('\n');
    return text;
}

} // namespace

class TstBadInput : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QStringList m_good; // one valid slice per transfer syntax, to be damaged

    QString caseFolder(const QString &name, const QString &fileName, const QByteArray &bytes)
    {
        const QString dir = m_dir.filePath(QStringLiteral("case-") + name);
        QDir().mkpath(dir);
        writeAll(dir + QLatin1Char('/') + fileName, bytes);
        return dir;
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (TransferSyntax syntax : {TransferSyntax::ExplicitLittle, TransferSyntax::JpegLsLossless, TransferSyntax::Deflated,
                                      TransferSyntax::Jpeg2000Lossless, TransferSyntax::Rle, TransferSyntax::JpegLossless}) {
            SyntheticSpec s;
            s.dims = {64, 64, 1};
            s.syntax = syntax;
            const QString dir = m_dir.filePath(QStringLiteral("good-%1").arg(transferSyntaxName(syntax)));
            m_good << QString::fromStdString(writeSyntheticSeries(dir.toStdString(), s).front());
        }
    }

    // Files that must be reported with a reason that names them.
    void reported_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        const QByteArray good = readAll(m_good[0]);
        QTest::newRow("zero length") << "empty.dcm" << QByteArray();
        QTest::newRow("text") << "readme.txt" << QByteArray("Patient notes, not DICOM.\n");
        QTest::newRow("random bytes") << "noise.bin" << QByteArray(5000, char(0x5a));
        QByteArray magic(128, '\0');
        magic += "DICM";
        magic += QByteArray(3000, char(0xff));
        QTest::newRow("magic then garbage") << "garbage.dcm" << magic;
        QTest::newRow("cut in the header") << "cut-header.dcm" << good.left(200);
        QTest::newRow("cut in the pixels") << "cut-pixels.dcm" << good.left(good.size() - 3000);
        QTest::newRow("one byte short") << "short.dcm" << good.left(good.size() - 1);
    }

    void reported()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        const QString dir = caseFolder(QString(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-')), name, bytes);
        const ImportReport r = scanForImport(dir.toStdString());
        QVERIFY(r.series.empty());
        const QString text = allProblems(r);
        QVERIFY2(text.contains(name), qPrintable(text));
        for (const auto &p : r.problems)
            QVERIFY(!p.reason.empty() && p.reason.find('\n') == std::string::npos);
    }

    void inconsistentAttributes_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("BitsStored above BitsAllocated") << 0;
        QTest::newRow("Rows larger than the pixel data") << 1;
        QTest::newRow("NumberOfFrames far too large") << 2;
        QTest::newRow("no PixelData") << 3;
        QTest::newRow("Rows zero") << 4;
        QTest::newRow("BitsAllocated 12") << 5;
    }

    void inconsistentAttributes()
    {
        QFETCH(int, kind);
        const QString dir = m_dir.filePath(QStringLiteral("inconsistent-%1").arg(kind));
        QDir().mkpath(dir);
        const QString path = dir + QStringLiteral("/bad.dcm");
        QVERIFY(QFile::copy(m_good[0], path));
        editFile(path, [kind](DcmDataset *ds) {
            switch (kind) {
            case 0: ds->putAndInsertUint16(DCM_BitsStored, 20); break;
            case 1: ds->putAndInsertUint16(DCM_Rows, 4000); break;
            case 2: ds->putAndInsertString(DCM_NumberOfFrames, "100000000"); break;
            case 3: delete ds->remove(DCM_PixelData); break;
            case 4: ds->putAndInsertUint16(DCM_Rows, 0); break;
            case 5: ds->putAndInsertUint16(DCM_BitsAllocated, 12); break;
            }
        });
        const ImportReport r = scanForImport(dir.toStdString());
        QVERIFY(r.series.empty());
        const QString text = allProblems(r);
        QVERIFY2(text.contains(QStringLiteral("bad.dcm")), qPrintable(text));
    }

    // Corrupted compressed data: a decoder may fail (reported) or produce noise (imported), but
    // never crash or hang. A good series beside it still imports.
    void corruptedBitstreams_data()
    {
        QTest::addColumn<int>("which");
        for (int n = 1; n < 6; ++n)
            QTest::newRow(qPrintable(QFileInfo(m_good[n]).dir().dirName())) << n;
    }

    void corruptedBitstreams()
    {
        QFETCH(int, which);
        QByteArray bytes = readAll(m_good[which]);
        for (int n = 0; n < 60; ++n) // damage the second half of the file: the coded pixels
            bytes[bytes.size() / 2 + (n * 37) % (bytes.size() / 2 - 1)] = char(n * 91);
        const QString dir = caseFolder(QStringLiteral("corrupt-%1").arg(which), QStringLiteral("corrupt.dcm"), bytes);
        SyntheticSpec s;
        s.dims = {32, 32, 3};
        writeSyntheticSeries((dir + QStringLiteral("/good")).toStdString(), s);
        const ImportReport r = scanForImport(dir.toStdString());
        QVERIFY(r.series.size() >= 1); // the good one at least
        const bool corruptImported = r.series.size() == 2;
        QVERIFY2(corruptImported || allProblems(r).contains(QStringLiteral("corrupt.dcm")), qPrintable(allProblems(r)));
    }

    // The tester's case: three good JPEG slices and one JPEG 2000 slice whose codestream is
    // broken, all in one series. The three import; the fourth is named in the series' warning
    // and in the problems; opening the recorded series loads the same three.
    void brokenSliceDoesNotDropItsSeries()
    {
        const QString dir = m_dir.filePath(QStringLiteral("mixed"));
        SyntheticSpec s;
        s.dims = {32, 32, 4};
        s.syntax = TransferSyntax::JpegLossless;
        s.studyUid = newUid();
        s.seriesUid = newUid();
        s.frameOfReferenceUid = newUid();
        const auto paths = writeSyntheticSeries((dir + QStringLiteral("/series")).toStdString(), s);
        SyntheticSpec j = s;
        j.syntax = TransferSyntax::Jpeg2000Lossless;
        const auto j2k = writeSyntheticSeries(m_dir.filePath(QStringLiteral("mixed-j2k")).toStdString(), j);
        // The last slice becomes JPEG 2000 without its start-of-codestream marker.
        const QString victim = QString::fromStdString(paths[3]);
        QByteArray bytes = readAll(QString::fromStdString(j2k[3]));
        const int soc = bytes.indexOf(QByteArray("\xff\x4f\xff\x51", 4));
        QVERIFY(soc > 0);
        bytes.replace(soc, 4, QByteArray(4, '\0'));
        writeAll(victim, bytes);

        const ImportReport r = scanForImport(dir.toStdString());
        QCOMPARE(int(r.series.size()), 1);
        const SeriesInfo &series = r.series[0];
        QCOMPARE(series.geometry.dims, (std::array<int, 3>{32, 32, 3}));
        QCOMPARE(series.paths(), (std::vector<std::string>{paths[0], paths[1], paths[2]}));
        const std::string reason = reasonFor(r.problems, victim);
        QVERIFY2(reason.rfind("left out of its series: ", 0) == 0, qPrintable(allProblems(r)));
        QVERIFY2(reason.find("JPEG 2000") != std::string::npos, reason.c_str());
        QVERIFY2(hasWarning(series, "1 slice(s) could not be read and were left out: " + victim.toStdString() + " (frame 1: JPEG 2000"),
                 series.warnings.empty() ? "no warning" : series.warnings.back().c_str());
        QCOMPARE(int(r.problems.size()), 1);
        // Item 4: what the command line prints per series is in the report.
        QCOMPARE(series.first().modality, std::string("CT"));
        QCOMPARE(series.first().seriesDescription, s.seriesDescription);

        const SeriesRecord record = toRecord(series, r.scalarTypes[0]);
        QCOMPARE(int(record.files.size()), 3);
        const Volume v = loadRecordedSeries(record);
        QCOMPARE(v.geometry().dims, series.geometry.dims);
        QCOMPARE(v.value(5, 6, 2), expectedValue(s, 5, 6, 2));
    }

    // A series none of whose slices decodes is not imported, and each of its files is named.
    void seriesWithNoGoodSliceNamesEveryFile()
    {
        const QString dir = m_dir.filePath(QStringLiteral("all-broken"));
        SyntheticSpec s;
        s.dims = {32, 32, 3};
        const auto paths = writeSyntheticSeries(dir.toStdString(), s);
        for (const std::string &path : paths) {
            const QByteArray bytes = readAll(QString::fromStdString(path));
            writeAll(QString::fromStdString(path), bytes.left(bytes.size() - 500));
        }
        const ImportReport r = scanForImport(dir.toStdString());
        QVERIFY(r.series.empty());
        QCOMPARE(int(r.problems.size()), 3);
        for (const std::string &path : paths) {
            const std::string reason = reasonFor(r.problems, QString::fromStdString(path));
            QVERIFY2(reason.rfind("series not imported: ", 0) == 0, qPrintable(allProblems(r)));
        }
    }

    // Every file under the folder ends up in a series or in the problems, links and pipes too.
    void everyFileIsAccounted()
    {
        const QString dir = m_dir.filePath(QStringLiteral("accounted"));
        SyntheticSpec s;
        s.dims = {32, 32, 5};
        s.seriesUid = newUid();
        auto expected = writeSyntheticSeries((dir + QStringLiteral("/ct")).toStdString(), s);
        // A single slice of another size in the same series: its own stack.
        SyntheticSpec odd = s;
        odd.dims = {24, 20, 1};
        const auto oddPaths = writeSyntheticSeries((dir + QStringLiteral("/odd")).toStdString(), odd);
        expected.insert(expected.end(), oddPaths.begin(), oddPaths.end());
        // A slice cut in its pixels, text, an empty file, a pipe, a dangling link, a link.
        const QByteArray good = readAll(QString::fromStdString(expected[0]));
        const QString cut = dir + QStringLiteral("/ct/cut.dcm");
        writeAll(cut, good.left(good.size() - 700));
        writeAll(dir + QStringLiteral("/notes.txt"), "text\n");
        writeAll(dir + QStringLiteral("/empty.dcm"), QByteArray());
        const QString fifo = dir + QStringLiteral("/pipe");
        QCOMPARE(::mkfifo(fifo.toUtf8().constData(), 0600), 0);
        const QString dangling = dir + QStringLiteral("/dangling.dcm");
        QCOMPARE(::symlink("/nonexistent/sagitta/target.dcm", dangling.toUtf8().constData()), 0);
        const QString folderLink = dir + QStringLiteral("/ct-link");
        QCOMPARE(::symlink("ct", folderLink.toUtf8().constData()), 0);
        for (const QString &extra : {cut, dir + QStringLiteral("/notes.txt"), dir + QStringLiteral("/empty.dcm"), fifo, dangling})
            expected.push_back(extra.toStdString());

        const ImportReport r = scanForImport(dir.toStdString());
        QCOMPARE(r.filesSeen, expected.size());
        std::set<std::string> accounted;
        for (const auto &series : r.series)
            for (const std::string &path : series.paths())
                accounted.insert(path);
        for (const auto &p : r.problems)
            accounted.insert(p.path);
        for (const std::string &path : expected)
            QVERIFY2(accounted.count(path), (path + " is in no series and no problem\n" + allProblems(r).toStdString()).c_str());
        QCOMPARE(reasonFor(r.problems, fifo), std::string("not a regular file (named pipe)"));
        QCOMPARE(reasonFor(r.problems, dangling), std::string("broken link (target missing)"));
        QCOMPARE(reasonFor(r.problems, folderLink), std::string("link to a folder, not followed"));
        QCOMPARE(int(r.series.size()), 2); // the five slices (and the cut one left out), the odd one
    }

    // Files and folders we cannot read are named with the OS's reason, never "not a DICOM file".
    void unreadableInputIsNamed()
    {
        const QString dir = m_dir.filePath(QStringLiteral("unreadable"));
        QDir().mkpath(dir + QStringLiteral("/sub"));
        // Failing to open works the same for root: a link loop and a folder where a file is due.
        const QString loop = dir + QStringLiteral("/loop.dcm");
        QCOMPARE(::symlink("loop.dcm", loop.toUtf8().constData()), 0);
        try {
            readImages(loop.toStdString());
            QFAIL("a link loop must not read");
        } catch (const Error &e) {
            QCOMPARE(std::string(e.what()), "cannot read file: " + std::make_error_code(std::errc::too_many_symbolic_link_levels).message());
        }
        try {
            readImages((dir + QStringLiteral("/sub")).toStdString());
            QFAIL("a folder must not read as a file");
        } catch (const Error &e) {
            QCOMPARE(std::string(e.what()), "cannot read file: " + std::make_error_code(std::errc::is_a_directory).message());
        }
        const ImportReport r = scanForImport(dir.toStdString());
        QCOMPARE(reasonFor(r.problems, loop), "broken link (" + std::make_error_code(std::errc::too_many_symbolic_link_levels).message() + ")");

        // Permission bits stop everyone but root (tests often run as root, where they do not).
        const QString locked = dir + QStringLiteral("/locked.dcm");
        QVERIFY(QFile::copy(m_good[0], locked));
        QVERIFY(QFile::setPermissions(locked, QFileDevice::Permissions()));
        const QString lockedFolder = dir + QStringLiteral("/locked-folder");
        QDir().mkpath(lockedFolder);
        writeAll(lockedFolder + QStringLiteral("/inside.dcm"), readAll(m_good[0]));
        QVERIFY(QFile::setPermissions(lockedFolder, QFileDevice::Permissions()));
        const ImportReport locks = scanForImport(dir.toStdString());
        QFile::setPermissions(lockedFolder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QFile::setPermissions(locked, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        if (::geteuid() != 0) {
            QCOMPARE(reasonFor(locks.problems, locked), std::string("cannot read file: Permission denied"));
            QCOMPARE(reasonFor(locks.problems, lockedFolder), std::string("cannot list folder: Permission denied"));
        } else { // root reads them: both copies of the slice import
            QCOMPARE(int(locks.series.size()), 1);
            const auto paths = locks.series[0].paths();
            QCOMPARE(std::set<std::string>(paths.begin(), paths.end()),
                     (std::set<std::string>{locked.toStdString(), (lockedFolder + QStringLiteral("/inside.dcm")).toStdString()}));
        }
    }

    // NumberOfFrames beyond the pixel data is refused from the header, before any frame is
    // listed (it took seconds and hundreds of MB per file).
    void framesBeyondPixelData()
    {
        const QString dir = m_dir.filePath(QStringLiteral("frames"));
        // Native: a 1024 x 1024 16-bit image (2 MB) claiming 250,000 frames.
        SyntheticSpec s;
        s.dims = {1024, 1024, 1};
        const QString native = QString::fromStdString(writeSyntheticSeries((dir + QStringLiteral("/native")).toStdString(), s).front());
        editFile(native, [](DcmDataset *ds) { ds->putAndInsertString(DCM_NumberOfFrames, "250000"); });
        try {
            readImages(native.toStdString());
            QFAIL("250,000 frames in 2 MB must be refused");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()) == "NumberOfFrames 250000 is more than the pixel data holds (1 frames)", e.what());
        }
        // Encapsulated: one JPEG-LS fragment, as many frames as the file has 8-byte words.
        const QString jls = dir + QStringLiteral("/jls.dcm");
        QDir().mkpath(dir);
        QVERIFY(QFile::copy(m_good[1], jls));
        const int frames = int(QFileInfo(jls).size() / 8);
        editFile(jls, [frames](DcmDataset *ds) { ds->putAndInsertString(DCM_NumberOfFrames, std::to_string(frames).c_str()); });
        try {
            readImages(jls.toStdString());
            QFAIL("more frames than fragments must be refused");
        } catch (const Error &e) {
            QCOMPARE(std::string(e.what()),
                     "NumberOfFrames " + std::to_string(frames) + " is more than the pixel data holds (1 frames)");
        }
        const ImportReport r = scanForImport(dir.toStdString());
        QVERIFY(r.series.empty());
        QCOMPARE(int(r.problems.size()), 2);
    }
    // Import proves a native series loads from its headers (no pixel read) and records the type
    // the loader gives it; compressed series are decoded. A header longer than the scan's first
    // read (32 KB) is read from the file and its pixels are found all the same.
    void importTypesAsTheSeriesLoads()
    {
        struct Case {
            const char *name;
            int bits;
            bool isSigned;
            TransferSyntax syntax;
        };
        const Case cases[] = {{"ct-int16", 16, true, TransferSyntax::ExplicitLittle},
                              {"mr-12bit", 16, false, TransferSyntax::ImplicitLittle},
                              {"int8", 8, false, TransferSyntax::ExplicitLittle},
                              {"int32", 32, false, TransferSyntax::ExplicitLittle},
                              {"jpeg-lossless", 16, false, TransferSyntax::JpegLossless}};
        for (const Case &c : cases) {
            const QString dir = m_dir.filePath(QStringLiteral("typed-") + QLatin1String(c.name));
            SyntheticSpec s;
            s.dims = {24, 20, 3};
            s.bitsAllocated = c.bits;
            s.signedPixels = c.isSigned;
            s.syntax = c.syntax;
            s.seriesUid = newUid();
            const auto paths = writeSyntheticSeries(dir.toStdString(), s);
            if (std::string(c.name) == "ct-int16") // 40 KB before the pixel data
                editFile(QString::fromStdString(paths[1]), [](DcmDataset *ds) {
                    const std::vector<Uint8> blob(40000, 7);
                    QVERIFY(ds->putAndInsertUint8Array(DCM_EncapsulatedDocument, blob.data(), Uint32(blob.size())).good());
                });
            const ImportReport r = scanForImport(dir.toStdString());
            QVERIFY2(r.series.size() == 1 && r.problems.empty(), c.name);
            if (c.syntax != TransferSyntax::JpegLossless)
                for (const DicomFileInfo &f : r.series[0].files)
                    QVERIFY2(f.pixelOffset > 0, f.path.c_str());
            const Volume v = loadRecordedSeries(toRecord(r.series[0], r.scalarTypes[0]));
            QVERIFY2(r.scalarTypes[0] == scalarTypeName(v.type()), (std::string(c.name) + ": recorded " + r.scalarTypes[0] + ", loads as " + scalarTypeName(v.type())).c_str());
            for (int k = 0; k < 3; ++k)
                QCOMPARE(v.value(5, 7, k), expectedValue(s, 5, 7, k));
        }
    }
};

QTEST_GUILESS_MAIN(TstBadInput)
#include "tst_badinput.moc"
