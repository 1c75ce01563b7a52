// A corpus of broken input made at test time: empty, truncated, corrupted, non-DICOM and
// inconsistent files. Import must give a clear message naming each file, never crash or hang,
// and still import the good series next to them.
#include "core/dicom/synthetic.h"
#include "core/project/importer.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <QTemporaryDir>
#include <QtTest>

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
    edit(ff.getDataset());
    QVERIFY(ff.saveFile(path.toUtf8().constData(), ff.getDataset()->getOriginalXfer()).good());
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
};

QTEST_GUILESS_MAIN(TstBadInput)
#include "tst_badinput.moc"
