// Every transfer syntax Debian's DCMTK decodes: files encoded with DCMTK's own codecs at test
// time, then scanned and loaded. Lossless syntaxes must give every voxel exactly; lossy ones
// stay within their codec's error.
#include "core/base/error.h"
#include "core/dicom/seriesloader.h"
#include "core/dicom/synthetic.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

using namespace sagitta::core;
using namespace sagitta::core::dicom;

Q_DECLARE_METATYPE(sagitta::core::dicom::TransferSyntax)

namespace {

// Runs a command-line tool; its output on failure. The test fails (never skips) when the tool
// is missing: dcmtk and python3-pydicom are in installer/packages.txt.
QByteArray runTool(const QString &program, const QStringList &args, int *code)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(60000)) {
        *code = -1;
        return program.toUtf8() + ": cannot run (" + p.errorString().toUtf8() + ")";
    }
    *code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return p.readAll();
}

// pydicom rewrites a file's dataset in implicit VR little endian and keeps its meta header as
// it was (saying, say, JPEG Baseline): what an early writer produced.
const char *kRewriteImplicit = R"(
import sys, pydicom
from pydicom.filebase import DicomFileLike
from pydicom.filewriter import write_dataset, write_file_meta_info
ds = pydicom.dcmread(sys.argv[1])
with open(sys.argv[2], 'wb') as out:
    out.write(ds.preamble or b'\0' * 128)
    out.write(b'DICM')
    fp = DicomFileLike(out)
    write_file_meta_info(fp, ds.file_meta, enforce_standard=False)
    fp.is_little_endian = True
    fp.is_implicit_VR = True
    write_dataset(fp, ds)
)";

} // namespace

class TstTransferSyntax : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void load_data()
    {
        QTest::addColumn<TransferSyntax>("syntax");
        QTest::addColumn<int>("bits");
        QTest::addColumn<QString>("uid");
        QTest::addColumn<double>("maxError"); // stored units; negative: lossy, mean error <= -maxError
        QTest::newRow("implicit little endian") << TransferSyntax::ImplicitLittle << 16 << "1.2.840.10008.1.2" << 0.0;
        QTest::newRow("explicit little endian") << TransferSyntax::ExplicitLittle << 16 << "1.2.840.10008.1.2.1" << 0.0;
        QTest::newRow("explicit big endian") << TransferSyntax::ExplicitBig << 16 << "1.2.840.10008.1.2.2" << 0.0;
        QTest::newRow("explicit big endian 8-bit") << TransferSyntax::ExplicitBig << 8 << "1.2.840.10008.1.2.2" << 0.0;
        QTest::newRow("deflated") << TransferSyntax::Deflated << 16 << "1.2.840.10008.1.2.1.99" << 0.0;
        QTest::newRow("jpeg baseline") << TransferSyntax::JpegBaseline << 8 << "1.2.840.10008.1.2.4.50" << -3.0;
        QTest::newRow("jpeg extended") << TransferSyntax::JpegExtended << 16 << "1.2.840.10008.1.2.4.51" << -3.0;
        QTest::newRow("jpeg lossless") << TransferSyntax::JpegLossless << 16 << "1.2.840.10008.1.2.4.70" << 0.0;
        QTest::newRow("jpeg lossless 8-bit") << TransferSyntax::JpegLossless << 8 << "1.2.840.10008.1.2.4.70" << 0.0;
        QTest::newRow("jpeg-ls lossless") << TransferSyntax::JpegLsLossless << 16 << "1.2.840.10008.1.2.4.80" << 0.0;
        QTest::newRow("jpeg-ls near-lossless") << TransferSyntax::JpegLsNearLossless << 16 << "1.2.840.10008.1.2.4.81" << 2.0;
        QTest::newRow("rle") << TransferSyntax::Rle << 16 << "1.2.840.10008.1.2.5" << 0.0;
        QTest::newRow("rle 8-bit") << TransferSyntax::Rle << 8 << "1.2.840.10008.1.2.5" << 0.0;
        QTest::newRow("jpeg 2000 lossless") << TransferSyntax::Jpeg2000Lossless << 16 << "1.2.840.10008.1.2.4.90" << 0.0;
        QTest::newRow("jpeg 2000 lossless 8-bit") << TransferSyntax::Jpeg2000Lossless << 8 << "1.2.840.10008.1.2.4.90" << 0.0;
        QTest::newRow("htj2k lossless") << TransferSyntax::Htj2kLossless << 16 << "1.2.840.10008.1.2.4.201" << 0.0;
        QTest::newRow("jpeg 2000 lossy") << TransferSyntax::Jpeg2000 << 16 << "1.2.840.10008.1.2.4.91" << -8.0;
    }

    void load()
    {
        QFETCH(TransferSyntax, syntax);
        QFETCH(int, bits);
        QFETCH(QString, uid);
        QFETCH(double, maxError);
        QTemporaryDir dir;
        SyntheticSpec s;
        s.dims = {48, 40, 6};
        s.spacing = {0.8, 0.8, 3.0};
        s.syntax = syntax;
        s.bitsAllocated = bits;
        s.shuffledNames = true;
        writeSyntheticSeries(dir.path().toStdString(), s);

        const ScanResult scan = scanFolder(dir.path().toStdString());
        QVERIFY(scan.problems.empty());
        QCOMPARE(int(scan.series.size()), 1);
        QCOMPARE(QString::fromStdString(scan.series[0].first().transferSyntaxUid), uid);
        const Volume v = loadSeries(scan.series[0]);
        QCOMPARE(v.geometry().dims, s.dims);

        double maxDiff = 0, sumDiff = 0;
        std::size_t n = 0;
        for (int k = 0; k < s.dims[2]; ++k)
            for (int j = 0; j < s.dims[1]; ++j)
                for (int i = 0; i < s.dims[0]; ++i, ++n) {
                    const double d = std::abs(v.value(i, j, k) - expectedValue(s, i, j, k)) / s.rescaleSlope();
                    maxDiff = std::max(maxDiff, d);
                    sumDiff += d;
                }
        const double mean = sumDiff / double(n);
        if (maxError >= 0) {
            QVERIFY2(maxDiff <= maxError, qPrintable(QStringLiteral("max error %1").arg(maxDiff)));
        } else {
            QVERIFY2(mean <= -maxError, qPrintable(QStringLiteral("mean error %1").arg(mean)));
            QVERIFY(maxDiff > 0); // really lossy: the codec ran
        }
    }

    // GDCM's gdcmconv --jpeg on implicit VR files writes every attribute as UN (explicit VR
    // "unknown"): positions, spacing and UIDs are read with the dictionary's VR all the same,
    // and the lossless JPEG gives every voxel exactly.
    void gdcmUnknownVrs()
    {
        QTemporaryDir dir;
        const QString plain = dir.filePath(QStringLiteral("plain")), gdcm = dir.filePath(QStringLiteral("gdcm"));
        SyntheticSpec s;
        s.dims = {40, 32, 5};
        s.spacing = {0.7, 0.9, 2.5};
        s.origin = {-14.0, -9.0, 30.0};
        s.syntax = TransferSyntax::ImplicitLittle;
        s.shuffledNames = true;
        const std::vector<std::string> files = writeSyntheticSeries(plain.toStdString(), s);
        QVERIFY(QDir().mkpath(gdcm));
        int code = 0;
        for (const std::string &f : files) {
            const QByteArray out = runTool(QStringLiteral("gdcmconv"), {QStringLiteral("--jpeg"), QString::fromStdString(f),
                                                                       gdcm + "/" + QFileInfo(QString::fromStdString(f)).fileName()}, &code);
            QVERIFY2(code == 0, out.constData()); // needs libgdcm-tools (installer/packages.txt)
        }
        const QByteArray dump =
            runTool(QStringLiteral("dcmdump"), {gdcm + "/" + QFileInfo(QString::fromStdString(files[0])).fileName()}, &code);
        QVERIFY2(code == 0 && dump.contains("(0020,0032) UN"), dump.constData()); // the case at hand
        const ScanResult scan = scanFolder(gdcm.toStdString());
        QVERIFY(scan.problems.empty());
        QCOMPARE(int(scan.series.size()), 1);
        const Geometry &g = scan.series[0].geometry;
        QCOMPARE(g.dims, s.dims);
        for (int c = 0; c < 3; ++c) {
            QVERIFY(std::abs(g.spacing[std::size_t(c)] - s.spacing[std::size_t(c)]) < 1e-6);
            QVERIFY(std::abs(g.origin[std::size_t(c)] - s.origin[std::size_t(c)]) < 1e-6);
        }
        const Volume v = loadSeries(scan.series[0]);
        int mismatches = 0;
        for (int k = 0; k < s.dims[2]; ++k)
            for (int j = 0; j < s.dims[1]; ++j)
                for (int i = 0; i < s.dims[0]; ++i)
                    mismatches += v.value(i, j, k) != expectedValue(s, i, j, k);
        QCOMPARE(mismatches, 0);
    }

    // A JPEG Baseline meta header over an implicit VR little endian dataset: DCMTK's dcmcjpeg
    // writes the JPEG files, pydicom rewrites each dataset in implicit VR keeping the meta. The
    // scan and the load read the dataset again as implicit VR and decode the fragments as JPEG
    // (YBR_FULL_422 to RGB for colour): the same voxels as the correctly written JPEG files.
    void jpegMetaOverImplicitDataset_data()
    {
        QTest::addColumn<bool>("colour");
        QTest::newRow("colour (YBR_FULL_422)") << true;
        QTest::newRow("grey 8-bit") << false;
    }

    void jpegMetaOverImplicitDataset()
    {
        QFETCH(bool, colour);
        QTemporaryDir dir;
        const QString plain = dir.filePath(QStringLiteral("plain")), jpeg = dir.filePath(QStringLiteral("jpeg")),
                      odd = dir.filePath(QStringLiteral("odd"));
        SyntheticSpec s;
        s.dims = {48, 40, 4};
        s.spacing = {0.8, 0.8, 3.0};
        s.bitsAllocated = 8;
        s.colour = colour ? SyntheticColour::Rgb : SyntheticColour::None;
        const std::vector<std::string> files = writeSyntheticSeries(plain.toStdString(), s);
        QVERIFY(QDir().mkpath(jpeg) && QDir().mkpath(odd));
        int code = 0;
        for (const std::string &f : files) {
            const QString name = QFileInfo(QString::fromStdString(f)).fileName();
            QByteArray out = runTool(QStringLiteral("dcmcjpeg"), {QStringLiteral("+eb"), QString::fromStdString(f), jpeg + "/" + name}, &code);
            QVERIFY2(code == 0, out.constData());
            out = runTool(QStringLiteral("/usr/bin/python3"),
                          {QStringLiteral("-c"), QString::fromUtf8(kRewriteImplicit), jpeg + "/" + name, odd + "/" + name}, &code);
            QVERIFY2(code == 0, out.constData());
        }
        // The files are what the issue describes: DCMTK's own dump stops on them.
        const QString first = odd + "/" + QFileInfo(QString::fromStdString(files[0])).fileName();
        const QByteArray dump = runTool(QStringLiteral("dcmdump"), {first}, &code);
        QVERIFY2(code != 0 && dump.contains("premature end of stream"), dump.constData());

        const ScanResult good = scanFolder(jpeg.toStdString()), scan = scanFolder(odd.toStdString());
        QVERIFY(good.problems.empty());
        QVERIFY2(scan.problems.empty(), scan.problems.empty() ? "" : scan.problems[0].reason.c_str());
        QCOMPARE(int(scan.series.size()), 1);
        QCOMPARE(scan.series[0].first().transferSyntaxUid, std::string("1.2.840.10008.1.2.4.50"));
        QCOMPARE(scan.series[0].geometry.dims, s.dims);
        const Volume expected = loadSeries(good.series.at(0)), v = loadSeries(scan.series[0]);
        QCOMPARE(v.type(), colour ? ScalarType::Rgb24 : expected.type());
        QCOMPARE(v.type(), expected.type());
        QCOMPARE(v.bytes(), expected.bytes());
        QVERIFY(std::memcmp(v.raw(), expected.raw(), v.bytes()) == 0);
        // And close to what was written before the lossy JPEG.
        double sum = 0;
        std::size_t n = 0;
        for (int k = 0; k < s.dims[2]; ++k)
            for (int j = 0; j < s.dims[1]; ++j)
                for (int i = 0; i < s.dims[0]; ++i, ++n) {
                    if (colour) {
                        const auto rgb = expectedRgb(s, i, j, k);
                        const std::uint8_t *p = v.data<std::uint8_t>() + 3 * v.index(i, j, k);
                        for (int c = 0; c < 3; ++c)
                            sum += std::abs(double(p[c]) - double(rgb[std::size_t(c)])) / 3.0;
                    } else {
                        sum += std::abs(v.value(i, j, k) - expectedValue(s, i, j, k)) / s.rescaleSlope();
                    }
                }
        QVERIFY2(sum / double(n) <= 4.0, qPrintable(QStringLiteral("mean error %1").arg(sum / double(n))));

        // When even the retry fails, the message names the file: cut the dataset short after the
        // scan (the load fails), and a file cut short before the scan is a problem of its own.
        QFile f(first);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(400));
        f.close();
        bool threw = false;
        try {
            (void)loadSeries(scan.series[0]);
        } catch (const Error &e) {
            threw = true;
            QVERIFY2(QString::fromUtf8(e.what()).startsWith(first + ": cannot read: "), e.what());
        }
        QVERIFY(threw);
        const ScanResult again = scanFolder(odd.toStdString());
        QCOMPARE(int(again.problems.size()), 1);
        QCOMPARE(QString::fromStdString(again.problems[0].path), first);
        QVERIFY2(again.problems[0].reason.rfind("broken DICOM file: ", 0) == 0, again.problems[0].reason.c_str());
    }
};

QTEST_GUILESS_MAIN(TstTransferSyntax)
#include "tst_transfersyntax.moc"
