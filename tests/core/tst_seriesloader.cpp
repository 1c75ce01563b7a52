// Tests core/dicom scan + load on real files written by DCMTK at test time: geometry from
// positions, shuffled and reversed files, oblique stacks, rescale, signed pixels, and broken
// files in the folder.
#include "core/base/error.h"
#include "core/dicom/seriesloader.h"
#include "core/dicom/synthetic.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <fstream>

using namespace sagitta::core;
using namespace sagitta::core::dicom;

namespace {

SyntheticSpec smallSpec()
{
    SyntheticSpec s;
    s.dims = {40, 32, 12};
    s.spacing = {0.9, 0.7, 2.5};
    s.origin = {-18.0, -11.2, 40.0};
    return s;
}

// Every voxel equals the generator's expected value at the same (i, j, k).
void verifyVoxels(const Volume &v, const SyntheticSpec &s)
{
    QCOMPARE(v.geometry().dims, s.dims);
    int mismatches = 0;
    for (int k = 0; k < s.dims[2]; ++k)
        for (int j = 0; j < s.dims[1]; ++j)
            for (int i = 0; i < s.dims[0]; ++i)
                if (v.value(i, j, k) != expectedValue(s, i, j, k))
                    ++mismatches;
    QCOMPARE(mismatches, 0);
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

// A signed 16-bit CT written by pydicom (not by our generator): 32 x 24 x 3, RescaleIntercept
// -1024, stored value (i + 32 j + 7 k) % 2000 - 200 at (i, j, k); with `low` the first voxel of
// slice 1 stores -32000 (-33024 HU, beyond int16).
const char *kPydicomCt = R"(
import sys, numpy as np, pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
out, low = sys.argv[1], sys.argv[2] == 'low'
series, study = generate_uid(), generate_uid()
for k in range(3):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.2'
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(out, {}, file_meta=meta, preamble=b'\0' * 128)
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.Modality = study, series, 'CT'
    ds.ImagePositionPatient, ds.ImageOrientationPatient, ds.PixelSpacing = [0, 0, 2.0 * k], [1, 0, 0, 0, 1, 0], [0.5, 0.5]
    ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.PhotometricInterpretation = 24, 32, 1, 'MONOCHROME2'
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
    ds.RescaleIntercept, ds.RescaleSlope = -1024, 1
    j, i = np.mgrid[0:24, 0:32]
    v = ((i + 32 * j + 7 * k) % 2000 - 200).astype('<i2')
    if low and k == 1:
        v[0, 0] = -32000
    ds.PixelData = v.tobytes()
    ds.save_as('%s/%08x' % (out, (k * 2654435761) % 2**32), write_like_original=False)
)";

} // namespace

class TstSeriesLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsGeometryAndVoxels()
    {
        QTemporaryDir dir;
        const SyntheticSpec s = smallSpec();
        writeSyntheticSeries(dir.path().toStdString(), s);
        const ScanResult scan = scanFolder(dir.path().toStdString());
        QCOMPARE(int(scan.series.size()), 1);
        QVERIFY(scan.problems.empty());
        const SeriesInfo &info = scan.series[0];
        QCOMPARE(info.geometry.dims, s.dims);
        QVERIFY(qAbs(info.geometry.spacing[0] - 0.9) < 1e-9);
        QVERIFY(qAbs(info.geometry.spacing[1] - 0.7) < 1e-9);
        QVERIFY(qAbs(info.geometry.spacing[2] - 2.5) < 1e-9);
        QCOMPARE(info.geometry.origin, s.origin);
        const Volume v = loadSeries(info);
        QCOMPARE(v.type(), ScalarType::Int16); // 12-bit unsigned, intercept -1024: fits int16 HU
        QCOMPARE(v.unit, std::string("HU"));
        verifyVoxels(v, s);
        const auto range = v.range();
        QVERIFY(range[0] >= -1100 && range[0] <= -950); // air
        QVERIFY(range[1] >= 600);                       // bone
    }

    void shuffledNamesAndReversedInstances()
    {
        QTemporaryDir dir;
        SyntheticSpec s = smallSpec();
        s.shuffledNames = true;
        s.reversedInstances = true;
        writeSyntheticSeries(dir.path().toStdString(), s);
        const ScanResult scan = scanFolder(dir.path().toStdString());
        QCOMPARE(int(scan.series.size()), 1);
        QCOMPARE(scan.series[0].geometry.origin, s.origin);
        verifyVoxels(loadSeries(scan.series[0]), s);
    }

    void obliqueSeries()
    {
        QTemporaryDir dir;
        SyntheticSpec s = smallSpec();
        const double a = qDegreesToRadians(25.0), b = qDegreesToRadians(15.0);
        s.orientation = {std::cos(a), std::sin(a), 0.0, -std::sin(a) * std::cos(b), std::cos(a) * std::cos(b), std::sin(b)};
        s.shuffledNames = true;
        writeSyntheticSeries(dir.path().toStdString(), s);
        const ScanResult scan = scanFolder(dir.path().toStdString());
        QCOMPARE(int(scan.series.size()), 1);
        const Geometry &g = scan.series[0].geometry;
        const Vec3 n = s.sliceNormal();
        for (int e = 0; e < 3; ++e) {
            QVERIFY(qAbs(g.axis(0)[std::size_t(e)] - s.orientation[std::size_t(e)]) < 1e-6);
            QVERIFY(qAbs(g.axis(1)[std::size_t(e)] - s.orientation[std::size_t(e + 3)]) < 1e-6);
            QVERIFY(qAbs(g.axis(2)[std::size_t(e)] - n[std::size_t(e)]) < 1e-6);
            QVERIFY(qAbs(g.origin[std::size_t(e)] - s.origin[std::size_t(e)]) < 1e-6);
        }
        QVERIFY(qAbs(g.spacing[2] - 2.5) < 1e-6);
        QVERIFY(scan.series[0].warnings.empty());
        verifyVoxels(loadSeries(scan.series[0]), s);
    }

    void rescaleSlopeAndEightBit()
    {
        QTemporaryDir dir;
        SyntheticSpec s = smallSpec();
        s.bitsAllocated = 8; // stored 0..255, slope 16, intercept -1024
        writeSyntheticSeries(dir.path().toStdString(), s);
        const ScanResult scan = scanFolder(dir.path().toStdString());
        QCOMPARE(scan.series[0].first().rescaleSlope, 16.0);
        const Volume v = loadSeries(scan.series[0]);
        QCOMPARE(v.type(), ScalarType::Int16);
        verifyVoxels(v, s);
        QCOMPARE(v.value(0, 0, 0), -992.0); // air (-1000 HU) is stored as 2 at slope 16
    }

    void signedPixels()
    {
        QTemporaryDir dir;
        SyntheticSpec s = smallSpec();
        s.signedPixels = true; // 16 bits stored, signed, intercept 0
        writeSyntheticSeries(dir.path().toStdString(), s);
        const ScanResult scan = scanFolder(dir.path().toStdString());
        const Volume v = loadSeries(scan.series[0]);
        QCOMPARE(v.type(), ScalarType::Int16);
        verifyVoxels(v, s);
        QVERIFY(v.range()[0] < -900);
    }

    void enhancedMultiFrame_data()
    {
        QTest::addColumn<int>("syntax");
        QTest::newRow("explicit little endian") << int(TransferSyntax::ExplicitLittle);
        QTest::newRow("jpeg-ls lossless") << int(TransferSyntax::JpegLsLossless);
        QTest::newRow("rle") << int(TransferSyntax::Rle);
        QTest::newRow("jpeg 2000 lossless") << int(TransferSyntax::Jpeg2000Lossless);
    }

    void enhancedMultiFrame()
    {
        // One Enhanced CT file: frames stored against their spatial order, each with its own
        // position and rescale intercept in the per-frame functional groups.
        QFETCH(int, syntax);
        QTemporaryDir dir;
        SyntheticSpec s = smallSpec();
        s.enhancedMultiFrame = true;
        s.reversedInstances = true;
        s.varyRescale = true;
        s.syntax = TransferSyntax(syntax);
        writeSyntheticSeries(dir.path().toStdString(), s);
        const ScanResult scan = scanFolder(dir.path().toStdString());
        QVERIFY(scan.problems.empty());
        QCOMPARE(int(scan.series.size()), 1);
        const SeriesInfo &info = scan.series[0];
        QCOMPARE(distinctFiles(info), std::size_t(1));
        QCOMPARE(info.geometry.dims, s.dims);
        QCOMPARE(info.geometry.origin, s.origin);
        QVERIFY(qAbs(info.geometry.spacing[2] - 2.5) < 1e-9);
        QCOMPARE(info.files.front().frame, s.dims[2] - 1); // the first slice is the last frame
        QVERIFY2(info.warnings.empty(), info.warnings.empty() ? "" : info.warnings.front().c_str());
        verifyVoxels(loadSeries(info), s);
    }

    // Colour images through DCMTK's image module (and OpenJPEG for JPEG 2000): every
    // photometric interpretation a PACS sends ends as interleaved RGB.
    void colour_data()
    {
        QTest::addColumn<int>("colour");
        QTest::addColumn<int>("syntax");
        QTest::addColumn<int>("maxError");  // per channel
        QTest::addColumn<double>("maxMean"); // mean absolute error per channel
        using C = SyntheticColour;
        using T = TransferSyntax;
        QTest::newRow("rgb") << int(C::Rgb) << int(T::ExplicitLittle) << 0 << 0.0;
        QTest::newRow("rgb planar") << int(C::RgbPlanar) << int(T::ExplicitLittle) << 0 << 0.0;
        QTest::newRow("rgb big endian") << int(C::Rgb) << int(T::ExplicitBig) << 0 << 0.0;
        QTest::newRow("rgb rle") << int(C::Rgb) << int(T::Rle) << 0 << 0.0;
        QTest::newRow("rgb jpeg-ls") << int(C::Rgb) << int(T::JpegLsLossless) << 0 << 0.0;
        QTest::newRow("rgb jpeg lossless") << int(C::Rgb) << int(T::JpegLossless) << 0 << 0.0;
        QTest::newRow("rgb jpeg 2000 lossless") << int(C::Rgb) << int(T::Jpeg2000Lossless) << 0 << 0.0;
        QTest::newRow("palette") << int(C::Palette) << int(T::ExplicitLittle) << 0 << 0.0;
        QTest::newRow("palette rle") << int(C::Palette) << int(T::Rle) << 0 << 0.0;
        QTest::newRow("ybr full") << int(C::YbrFull) << int(T::ExplicitLittle) << 3 << 1.0;
        QTest::newRow("ybr full 422") << int(C::YbrFull422) << int(T::ExplicitLittle) << 255 << 5.0;
        QTest::newRow("rgb jpeg baseline (ybr 422)") << int(C::Rgb) << int(T::JpegBaseline) << 255 << 6.0;
        QTest::newRow("rgb jpeg 2000 lossy (ybr ict)") << int(C::Rgb) << int(T::Jpeg2000) << 255 << 6.0;
    }
    void colour()
    {
        QFETCH(int, colour);
        QFETCH(int, syntax);
        QFETCH(int, maxError);
        QFETCH(double, maxMean);
        QTemporaryDir dir;
        SyntheticSpec s = smallSpec();
        s.colour = SyntheticColour(colour);
        s.syntax = TransferSyntax(syntax);
        s.bitsAllocated = 8;
        writeSyntheticSeries(dir.path().toStdString(), s);
        const ScanResult scan = scanFolder(dir.path().toStdString());
        QCOMPARE(int(scan.series.size()), 1);
        const Volume v = loadSeries(scan.series[0]);
        QCOMPARE(v.type(), ScalarType::Rgb24);
        QCOMPARE(v.geometry().dims, s.dims);
        const std::uint8_t *rgb = v.data<std::uint8_t>();
        int worst = 0;
        double sum = 0;
        for (int k = 0; k < s.dims[2]; ++k)
            for (int j = 0; j < s.dims[1]; ++j)
                for (int i = 0; i < s.dims[0]; ++i) {
                    const auto want = expectedRgb(s, i, j, k);
                    for (int c = 0; c < 3; ++c) {
                        const int d = std::abs(int(rgb[v.index(i, j, k) * 3 + std::size_t(c)]) - int(want[std::size_t(c)]));
                        worst = std::max(worst, d);
                        sum += d;
                    }
                }
        const double mean = sum / (3.0 * double(v.voxelCount()));
        QVERIFY2(worst <= maxError, qPrintable(QString("worst error %1").arg(worst)));
        QVERIFY2(mean <= maxMean, qPrintable(QString("mean error %1").arg(mean)));
        // Luminance is the scalar value (measurements, thumbnails, 3D).
        const auto c = expectedRgb(s, 5, 6, 7);
        if (maxError == 0)
            QCOMPARE(v.value(5, 6, 7), luminance(c[0], c[1], c[2]));
    }

    // 32-bit stored integers stay exact (int32), signed or not; rescale applied.
    void thirtyTwoBitIntegers_data()
    {
        QTest::addColumn<bool>("isSigned");
        QTest::newRow("signed") << true;
        QTest::newRow("unsigned, intercept -1024") << false;
    }
    void thirtyTwoBitIntegers()
    {
        QFETCH(bool, isSigned);
        QTemporaryDir dir;
        SyntheticSpec s = smallSpec();
        s.bitsAllocated = 32;
        s.signedPixels = isSigned;
        writeSyntheticSeries(dir.path().toStdString(), s);
        const ScanResult scan = scanFolder(dir.path().toStdString());
        QCOMPARE(int(scan.series.size()), 1);
        const Volume v = loadSeries(scan.series[0]);
        QCOMPARE(v.type(), ScalarType::Int32);
        verifyVoxels(v, s);
    }

    // Gantry tilt: each slice sits one row further along the columns; the loader puts the
    // voxels back on the orthogonal grid of the geometry (and says so).
    void gantryTiltIsResampled()
    {
        QTemporaryDir dir;
        SyntheticSpec s = smallSpec();
        s.tiltShift = 1.0;
        writeSyntheticSeries(dir.path().toStdString(), s);
        const ScanResult scan = scanFolder(dir.path().toStdString());
        QCOMPARE(int(scan.series.size()), 1);
        const SeriesInfo &info = scan.series[0];
        bool warned = false;
        for (const std::string &w : info.warnings)
            warned = warned || w.find("gantry tilt") != std::string::npos;
        QVERIFY(warned);
        QVERIFY(std::abs(info.geometry.spacing[2] - s.spacing[2]) < 1e-6); // along the normal
        // The grid grows by the 11 rows the last slice moved: no image data is lost.
        QCOMPARE(info.geometry.dims, (std::array<int, 3>{s.dims[0], s.dims[1] + 11, s.dims[2]}));
        const Volume v = loadSeries(info);
        QCOMPARE(v.geometry().dims, info.geometry.dims);
        QCOMPARE(v.value(7, s.dims[1] + 10, s.dims[2] - 1), expectedValue(s, 7, s.dims[1] - 1, s.dims[2] - 1));
        const double fill = v.range()[0];
        int wrong = 0;
        for (int k = 0; k < s.dims[2]; ++k)
            for (int j = 0; j < s.dims[1]; ++j)
                for (int i = 0; i < s.dims[0]; ++i) {
                    // Slice k's row j - k lies where row j of the grid is.
                    const double want = j - k >= 0 ? expectedValue(s, i, j - k, k) : fill;
                    wrong += std::abs(v.value(i, j, k) - want) > 0.5;
                }
        QCOMPARE(wrong, 0);
    }

    void floatPixelData()
    {
        QTemporaryDir dir;
        SyntheticSpec s = smallSpec();
        s.floatPixels = true;
        s.bitsAllocated = 32;
        writeSyntheticSeries(dir.path().toStdString(), s);
        const ScanResult scan = scanFolder(dir.path().toStdString());
        QCOMPARE(int(scan.series.size()), 1);
        const Volume v = loadSeries(scan.series[0]);
        QCOMPARE(v.type(), ScalarType::Float32);
        verifyVoxels(v, s);
    }

    void perSliceRescale()
    {
        QTemporaryDir dir;
        SyntheticSpec s = smallSpec();
        s.varyRescale = true;
        writeSyntheticSeries(dir.path().toStdString(), s);
        const ScanResult scan = scanFolder(dir.path().toStdString());
        const Volume v = loadSeries(scan.series[0]);
        QCOMPARE(v.type(), ScalarType::Int16);
        verifyVoxels(v, s);
    }

    void brokenFilesAreListedNotFatal()
    {
        QTemporaryDir dir;
        const SyntheticSpec s = smallSpec();
        const auto paths = writeSyntheticSeries((dir.path() + QStringLiteral("/series")).toStdString(), s);
        writeFile(dir.filePath(QStringLiteral("notes.txt")), "This is not a DICOM file at all, just text.\n");
        writeFile(dir.filePath(QStringLiteral("empty.dcm")), QByteArray());
        // A DICOM file cut short in its header.
        QFile first(QString::fromStdString(paths.front()));
        QVERIFY(first.open(QIODevice::ReadOnly));
        writeFile(dir.filePath(QStringLiteral("truncated.dcm")), first.read(300));
        // Random bytes behind a valid preamble and magic.
        QByteArray junk(128, '\0');
        junk += "DICM";
        for (int n = 0; n < 2000; ++n)
            junk += char((n * 7919) & 0xff);
        writeFile(dir.filePath(QStringLiteral("junk.dcm")), junk);

        const ScanResult scan = scanFolder(dir.path().toStdString());
        QCOMPARE(int(scan.series.size()), 1);
        QCOMPARE(int(scan.series[0].files.size()), s.dims[2]);
        QCOMPARE(int(scan.problems.size()), 4);
        for (const FileProblem &p : scan.problems) {
            QVERIFY2(!p.reason.empty(), p.path.c_str());
            QVERIFY(p.reason.find('\n') == std::string::npos);
            if (p.path.find("notes.txt") != std::string::npos)
                QCOMPARE(p.reason, std::string("not a DICOM file"));
            if (p.path.find("empty.dcm") != std::string::npos)
                QCOMPARE(p.reason, std::string("empty file"));
        }
        verifyVoxels(loadSeries(scan.series[0]), s);
    }

    void pixelDataCutShortFailsWithFileName()
    {
        QTemporaryDir dir;
        const SyntheticSpec s = smallSpec();
        const auto paths = writeSyntheticSeries(dir.path().toStdString(), s);
        // Cut the middle slice inside its pixel data: the header still scans.
        const QString victim = QString::fromStdString(paths[6]);
        QFile f(victim);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() - 1000));
        f.close();
        const ScanResult scan = scanFolder(dir.path().toStdString());
        QCOMPARE(int(scan.series.size()), 1);
        try {
            loadSeries(scan.series[0]);
            QFAIL("a truncated slice must not load silently");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find(victim.toStdString()) != std::string::npos, e.what());
        }
    }

    // One broken file costs its slice, not the series: the slice is taken out, the geometry
    // computed again from the rest (the gap warned about), and the file named with its reason.
    void brokenSliceIsLeftOut()
    {
        QTemporaryDir dir;
        const SyntheticSpec s = smallSpec();
        const auto paths = writeSyntheticSeries(dir.path().toStdString(), s);
        const QString victim = QString::fromStdString(paths[6]);
        QFile f(victim);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() - 1000)); // cut inside the pixel data: the header still scans
        f.close();
        ScanResult scan = scanFolder(dir.path().toStdString());
        QCOMPARE(int(scan.series.size()), 1);
        SeriesInfo series = scan.series[0];
        QCOMPARE(int(series.files.size()), s.dims[2]);

        std::vector<FileProblem> skipped;
        const Volume v = loadReadableSlices(series, skipped);
        QCOMPARE(int(skipped.size()), 1);
        QCOMPARE(skipped[0].path, victim.toStdString());
        QVERIFY(!skipped[0].reason.empty() && skipped[0].reason.find('\n') == std::string::npos);
        QVERIFY2(skipped[0].reason.find(victim.toStdString()) == std::string::npos, skipped[0].reason.c_str());
        // The series and the volume hold the 11 good slices, in place along the normal.
        QCOMPARE(int(series.files.size()), s.dims[2] - 1);
        for (const DicomFileInfo &file : series.files)
            QVERIFY(file.path != victim.toStdString());
        QCOMPARE(series.geometry.dims, (std::array<int, 3>{s.dims[0], s.dims[1], s.dims[2] - 1}));
        QCOMPARE(v.geometry().dims, series.geometry.dims);
        QCOMPARE(series.geometry.origin, s.origin);
        QVERIFY(qAbs(series.geometry.spacing[2] - 2.5) < 1e-9);
        int wrong = 0;
        for (int k = 0; k < s.dims[2] - 1; ++k)
            for (int j = 0; j < s.dims[1]; ++j)
                for (int i = 0; i < s.dims[0]; ++i)
                    wrong += v.value(i, j, k) != expectedValue(s, i, j, k < 6 ? k : k + 1);
        QCOMPARE(wrong, 0);
        // Warnings: the file and its reason, and the gap it leaves.
        const std::string leftOut = "1 slice(s) could not be read and were left out: " + victim.toStdString() + " ("
                                    + skipped[0].reason + ")";
        QVERIFY(std::find(series.warnings.begin(), series.warnings.end(), leftOut) != series.warnings.end());
        QVERIFY(std::find(series.warnings.begin(), series.warnings.end(), "1 slice(s) appear to be missing")
                != series.warnings.end());
        // Loading the reduced series again gives the same volume and adds no warning.
        const auto warnings = series.warnings;
        std::vector<FileProblem> again;
        QCOMPARE(loadReadableSlices(series, again).geometry().dims, v.geometry().dims);
        QVERIFY(again.empty());
        QCOMPARE(series.warnings, warnings);
    }

    // Only when no slice decodes does the series fail, and then every file is named.
    void noSliceDecodesThrowsAndNamesEveryFile()
    {
        QTemporaryDir dir;
        SyntheticSpec s = smallSpec();
        s.dims[2] = 3;
        const auto paths = writeSyntheticSeries(dir.path().toStdString(), s);
        for (const std::string &path : paths) {
            QFile f(QString::fromStdString(path));
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.resize(f.size() - 1000));
        }
        ScanResult scan = scanFolder(dir.path().toStdString());
        QCOMPARE(int(scan.series.size()), 1);
        std::vector<FileProblem> skipped;
        QVERIFY_THROWS_EXCEPTION(Error, loadReadableSlices(scan.series[0], skipped));
        QCOMPARE(int(skipped.size()), 3);
        for (const std::string &path : paths)
            QVERIFY(std::any_of(skipped.begin(), skipped.end(), [&](const FileProblem &p) { return p.path == path; }));
    }

    // Typical CT written by another tool stays on the int16 fast path although the worst case of
    // 16 signed bits with intercept -1024 would not fit; a slice whose values do not fit sends
    // the series to the general path (exact values in float). The files are native, so the frames
    // are read at the offset the scan found.
    void int16DecidedByTheValues_data()
    {
        QTest::addColumn<bool>("low");
        QTest::newRow("values fit int16") << false;
        QTest::newRow("one voxel below int16") << true;
    }

    void int16DecidedByTheValues()
    {
        QFETCH(bool, low);
        QTemporaryDir dir;
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral("/usr/bin/python3"),
                {QStringLiteral("-c"), QString::fromUtf8(kPydicomCt), dir.path(), low ? QStringLiteral("low") : QStringLiteral("fit")});
        QVERIFY2(p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
                 p.readAll().constData()); // needs python3-pydicom (installer/packages.txt)
        const ScanResult scan = scanFolder(dir.path().toStdString());
        QVERIFY(scan.problems.empty());
        QCOMPARE(int(scan.series.size()), 1);
        for (const DicomFileInfo &f : scan.series[0].files)
            QVERIFY(f.pixelOffset > 0);
        const Volume v = loadSeries(scan.series[0]);
        QCOMPARE(v.geometry().dims, (std::array<int, 3>{32, 24, 3}));
        QCOMPARE(v.type(), low ? ScalarType::Float32 : ScalarType::Int16);
        int mismatches = 0;
        for (int k = 0; k < 3; ++k)
            for (int j = 0; j < 24; ++j)
                for (int i = 0; i < 32; ++i) {
                    const double stored = low && k == 1 && i == 0 && j == 0 ? -32000.0 : double((i + 32 * j + 7 * k) % 2000 - 200);
                    mismatches += v.value(i, j, k) != stored - 1024.0;
                }
        QCOMPARE(mismatches, 0);
    }

    void notAFolder()
    {
        QVERIFY_THROWS_EXCEPTION(Error, scanFolder("/nonexistent/sagitta/folder"));
    }

    void cancelStopsTheScan()
    {
        QTemporaryDir dir;
        writeSyntheticSeries(dir.path().toStdString(), smallSpec());
        AtomicProgress p;
        p.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, scanFolder(dir.path().toStdString(), &p));
    }
};

QTEST_GUILESS_MAIN(TstSeriesLoader)
#include "tst_seriesloader.moc"
