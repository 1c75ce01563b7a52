// Every transfer syntax Debian's DCMTK decodes: files encoded with DCMTK's own codecs at test
// time, then scanned and loaded. Lossless syntaxes must give every voxel exactly; lossy ones
// stay within their codec's error.
#include "core/dicom/seriesloader.h"
#include "core/dicom/synthetic.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace sagitta::core;
using namespace sagitta::core::dicom;

Q_DECLARE_METATYPE(sagitta::core::dicom::TransferSyntax)

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
};

QTEST_GUILESS_MAIN(TstTransferSyntax)
#include "tst_transfersyntax.moc"
