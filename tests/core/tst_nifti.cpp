// Tests core/io NIfTI export against dcm2niix (Debian's package, the reference converter) on
// series written by DCMTK at test time: for every voxel, the same value at the same place in
// RAS space, and the same affine.
#include "core/dicom/seriesloader.h"
#include "core/dicom/synthetic.h"
#include "core/io/nifti.h"

#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace sagitta::core;
using namespace sagitta::core::dicom;

namespace {

// Inverse of a 4x4 affine's 3x3 part applied to (p - t).
std::array<double, 3> worldToIndex(const io::Affine &a, const std::array<double, 3> &p)
{
    const double m[3][3] = {{a[0], a[1], a[2]}, {a[4], a[5], a[6]}, {a[8], a[9], a[10]}};
    const double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                       + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    double inv[3][3];
    inv[0][0] = (m[1][1] * m[2][2] - m[1][2] * m[2][1]) / det;
    inv[0][1] = (m[0][2] * m[2][1] - m[0][1] * m[2][2]) / det;
    inv[0][2] = (m[0][1] * m[1][2] - m[0][2] * m[1][1]) / det;
    inv[1][0] = (m[1][2] * m[2][0] - m[1][0] * m[2][2]) / det;
    inv[1][1] = (m[0][0] * m[2][2] - m[0][2] * m[2][0]) / det;
    inv[1][2] = (m[0][2] * m[1][0] - m[0][0] * m[1][2]) / det;
    inv[2][0] = (m[1][0] * m[2][1] - m[1][1] * m[2][0]) / det;
    inv[2][1] = (m[0][1] * m[2][0] - m[0][0] * m[2][1]) / det;
    inv[2][2] = (m[0][0] * m[1][1] - m[0][1] * m[1][0]) / det;
    const double d[3] = {p[0] - a[3], p[1] - a[7], p[2] - a[11]};
    return {inv[0][0] * d[0] + inv[0][1] * d[1] + inv[0][2] * d[2], inv[1][0] * d[0] + inv[1][1] * d[1] + inv[1][2] * d[2],
            inv[2][0] * d[0] + inv[2][1] * d[1] + inv[2][2] * d[2]};
}

std::array<double, 3> indexToWorld(const io::Affine &a, int i, int j, int k)
{
    return {a[0] * i + a[1] * j + a[2] * k + a[3], a[4] * i + a[5] * j + a[6] * k + a[7],
            a[8] * i + a[9] * j + a[10] * k + a[11]};
}

} // namespace

class TstNifti : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("dcm2niix")).isEmpty())
            QSKIP("dcm2niix is not installed (installer/packages.txt lists it)");
    }

    void matchesDcm2niix_data()
    {
        QTest::addColumn<int>("orientation");
        QTest::addColumn<bool>("shuffled");
        QTest::addColumn<int>("bits");
        QTest::addColumn<bool>("enhanced");
        QTest::addColumn<int>("pixels"); // 0 grey, 1 RGB, 2 RGB planar, 3 float, 4 signed 32-bit, 5 tilted
        QTest::newRow("axial") << 0 << false << 16 << false << 0;
        QTest::newRow("axial shuffled 8-bit") << 0 << true << 8 << false << 0;
        QTest::newRow("sagittal") << 1 << true << 16 << false << 0;
        QTest::newRow("coronal") << 2 << false << 16 << false << 0;
        QTest::newRow("oblique") << 3 << true << 16 << false << 0;
        QTest::newRow("enhanced multi-frame") << 0 << false << 16 << true << 0;
        QTest::newRow("enhanced oblique, frames reversed") << 3 << true << 16 << true << 0;
        QTest::newRow("rgb") << 0 << false << 8 << false << 1;
        QTest::newRow("rgb planar, sagittal") << 1 << true << 8 << false << 2;
        QTest::newRow("float pixel data") << 0 << false << 32 << false << 3;
        QTest::newRow("32-bit signed integers, oblique") << 3 << true << 32 << false << 4;
        QTest::newRow("gantry tilt, against dcm2niix's tilt-corrected file") << 0 << false << 16 << false << 5;
    }

    void matchesDcm2niix()
    {
        QFETCH(int, orientation);
        QFETCH(bool, shuffled);
        QFETCH(int, bits);
        QFETCH(bool, enhanced);
        QFETCH(int, pixels);
        QTemporaryDir dir;
        SyntheticSpec s;
        s.dims = {40, 30, 14};
        s.spacing = {0.8, 0.6, 2.0};
        s.origin = {-12.5, 31.25, -7.0};
        s.bitsAllocated = bits;
        s.shuffledNames = shuffled;
        s.reversedInstances = shuffled;
        s.enhancedMultiFrame = enhanced;
        s.colour = pixels == 1 ? SyntheticColour::Rgb : pixels == 2 ? SyntheticColour::RgbPlanar : SyntheticColour::None;
        s.floatPixels = pixels == 3;
        s.signedPixels = pixels == 4;
        s.tiltShift = pixels == 5 ? 1.0 : 0.0;
        const double a = qDegreesToRadians(20.0), b = qDegreesToRadians(10.0);
        switch (orientation) {
        case 1: s.orientation = {0, 1, 0, 0, 0, -1}; break;
        case 2: s.orientation = {1, 0, 0, 0, 0, -1}; break;
        case 3: s.orientation = {std::cos(a), std::sin(a), 0, -std::sin(a) * std::cos(b), std::cos(a) * std::cos(b), std::sin(b)}; break;
        default: break;
        }
        const QString dicomDir = dir.filePath(QStringLiteral("dicom"));
        writeSyntheticSeries(dicomDir.toStdString(), s);

        const ScanResult scan = scanFolder(dicomDir.toStdString());
        QCOMPARE(int(scan.series.size()), 1);
        const QString ours = dir.filePath(QStringLiteral("ours.nii.gz"));
        io::writeNifti(loadSeries(scan.series[0]), ours.toStdString(), "test");

        const QString refDir = dir.filePath(QStringLiteral("ref"));
        QDir().mkpath(refDir);
        QProcess p;
        p.start(QStringLiteral("dcm2niix"), {QStringLiteral("-z"), QStringLiteral("n"), QStringLiteral("-b"), QStringLiteral("n"),
                                             QStringLiteral("-f"), QStringLiteral("ref"), QStringLiteral("-o"), refDir, dicomDir});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        // dcm2niix writes a tilted series as it is stored (ref.nii) and corrected (ref_Tilt_1.nii).
        const QString refFile = refDir + (pixels == 5 ? QStringLiteral("/ref_Tilt_1.nii") : QStringLiteral("/ref.nii"));
        QVERIFY2(QFile::exists(refFile), qPrintable(refFile));
        const io::NiftiVolume ref = io::readNifti(refFile.toStdString());
        const io::NiftiVolume mine = io::readNifti(ours.toStdString());

        const bool tilted = pixels == 5;
        // A tilted stack grows by the 13 rows its slices move; dcm2niix's grid may be a row wider.
        const std::array<int, 3> wanted{s.dims[0], s.dims[1] + (tilted ? 13 : 0), s.dims[2]};
        QCOMPARE(mine.dims, wanted);
        if (pixels != 0) // colour as RGB24, float as FLOAT32, like the reference
            QCOMPARE(mine.datatype, ref.datatype);
        std::array<int, 3> sortedMine = mine.dims, sortedRef = ref.dims;
        std::sort(sortedMine.begin(), sortedMine.end());
        std::sort(sortedRef.begin(), sortedRef.end());
        if (!tilted)
            QCOMPARE(sortedMine, sortedRef);
        // Every voxel: same value at the same RAS position (tilted: where both hold image data).
        const double fill = *std::min_element(mine.values.begin(), mine.values.end());
        int misplaced = 0, different = 0, compared = 0;
        for (int k = 0; k < mine.dims[2]; ++k)
            for (int j = 0; j < mine.dims[1]; ++j)
                for (int i = 0; i < mine.dims[0]; ++i) {
                    const auto idx = worldToIndex(ref.affine, indexToWorld(mine.affine, i, j, k));
                    const int ri = int(std::lround(idx[0])), rj = int(std::lround(idx[1])), rk = int(std::lround(idx[2]));
                    if (std::abs(idx[0] - ri) > 1e-3 || std::abs(idx[1] - rj) > 1e-3 || std::abs(idx[2] - rk) > 1e-3
                        || ri < 0 || rj < 0 || rk < 0 || ri >= ref.dims[0] || rj >= ref.dims[1] || rk >= ref.dims[2]) {
                        ++misplaced;
                        continue;
                    }
                    if (tilted && (mine.at(i, j, k) == fill || ref.at(ri, rj, rk) == 0.0))
                        continue;
                    ++compared;
                    if (mine.at(i, j, k) != ref.at(ri, rj, rk))
                        ++different;
                }
        QCOMPARE(misplaced, 0);
        QCOMPARE(different, 0);
        QVERIFY2(compared > s.dims[0] * s.dims[1] * s.dims[2] / 2, qPrintable(QString::number(compared))); // air is the fill
        if (ref.dims == mine.dims) {
            for (int n = 0; n < 12; ++n)
                QVERIFY2(std::abs(mine.affine[std::size_t(n)] - ref.affine[std::size_t(n)]) < 1e-3,
                         qPrintable(QStringLiteral("affine element %1: %2 vs %3").arg(n).arg(mine.affine[std::size_t(n)]).arg(ref.affine[std::size_t(n)])));
        }
    }
};

QTEST_GUILESS_MAIN(TstNifti)
#include "tst_nifti.moc"
