// Tests core/dicom/seriesgeometry: stacking, sorting along the normal, spacing, warnings.
// Pure header facts, no files: every ordering and orientation can be set up exactly.
#include "core/dicom/seriesgeometry.h"

#include <QtTest>

#include <algorithm>
#include <random>

using namespace sagitta::core;
using namespace sagitta::core::dicom;

namespace {

std::vector<DicomFileInfo> stack(int n, const std::array<double, 6> &iop, const Vec3 &origin, double dz,
                                 const std::string &uid = "1.2.3")
{
    const Vec3 r{iop[0], iop[1], iop[2]}, c{iop[3], iop[4], iop[5]};
    const Vec3 normal = cross(r, c);
    std::vector<DicomFileInfo> files;
    for (int k = 0; k < n; ++k) {
        DicomFileInfo f;
        f.path = "slice" + std::to_string(k);
        f.seriesInstanceUid = uid;
        f.rows = 32;
        f.columns = 48;
        f.hasOrientation = f.hasPosition = f.hasPixelSpacing = true;
        f.orientation = iop;
        f.pixelSpacing = {0.7, 0.9}; // between rows, between columns
        f.position = {origin[0] + k * dz * normal[0], origin[1] + k * dz * normal[1], origin[2] + k * dz * normal[2]};
        f.instanceNumber = k + 1;
        files.push_back(f);
    }
    return files;
}

} // namespace

class TstSeriesGeometry : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shuffledFilesAreSortedByPosition()
    {
        auto files = stack(20, {1, 0, 0, 0, 1, 0}, {-10, -20, 30}, 2.5);
        std::mt19937 rng(3);
        std::shuffle(files.begin(), files.end(), rng);
        const auto series = assembleSeries(files);
        QCOMPARE(int(series.size()), 1);
        const SeriesInfo &s = series[0];
        for (int k = 0; k < 20; ++k)
            QCOMPARE(s.files[std::size_t(k)].path, "slice" + std::to_string(k));
        QCOMPARE(s.geometry.dims, (std::array<int, 3>{48, 32, 20}));
        QCOMPARE(s.geometry.spacing[0], 0.9); // column spacing is the second PixelSpacing value
        QCOMPARE(s.geometry.spacing[1], 0.7);
        QVERIFY(qAbs(s.geometry.spacing[2] - 2.5) < 1e-9);
        QCOMPARE(s.geometry.origin, (Vec3{-10, -20, 30}));
        QVERIFY(s.warnings.empty());
    }

    void reversedInstanceNumbersDoNotMatter()
    {
        auto files = stack(10, {1, 0, 0, 0, 1, 0}, {0, 0, 0}, 1.0);
        for (auto &f : files)
            f.instanceNumber = 100 - f.instanceNumber;
        std::reverse(files.begin(), files.end());
        const auto s = assembleSeries(files).front();
        QCOMPARE(s.files.front().path, std::string("slice0"));
        QCOMPARE(s.files.back().path, std::string("slice9"));
        QCOMPARE(s.geometry.origin[2], 0.0);
    }

    void obliqueOrientation()
    {
        // Rows along (cos 30, sin 30, 0), columns tilted 20 degrees out of the axial plane.
        const double a = qDegreesToRadians(30.0), b = qDegreesToRadians(20.0);
        const Vec3 r{std::cos(a), std::sin(a), 0};
        Vec3 c{-std::sin(a) * std::cos(b), std::cos(a) * std::cos(b), std::sin(b)};
        auto files = stack(12, {r[0], r[1], r[2], c[0], c[1], c[2]}, {5, 6, 7}, 1.25);
        std::reverse(files.begin(), files.end());
        const auto s = assembleSeries(files).front();
        const Vec3 n = cross(r, c);
        QCOMPARE(s.files.front().path, std::string("slice0"));
        QVERIFY(qAbs(s.geometry.spacing[2] - 1.25) < 1e-9);
        for (int axis = 0; axis < 3; ++axis) {
            const Vec3 expected = axis == 0 ? r : axis == 1 ? c : n;
            for (int e = 0; e < 3; ++e)
                QVERIFY(qAbs(s.geometry.axis(axis)[std::size_t(e)] - expected[std::size_t(e)]) < 1e-9);
        }
        // The last voxel's centre lands on the last slice's position.
        const Vec3 p = s.geometry.indexToPhysical({0, 0, 11});
        const Vec3 &last = s.files.back().position;
        for (int e = 0; e < 3; ++e)
            QVERIFY(qAbs(p[std::size_t(e)] - last[std::size_t(e)]) < 1e-9);
        // And the round trip through physicalToIndex.
        const Vec3 idx = s.geometry.physicalToIndex(s.geometry.indexToPhysical({3, 4, 5}));
        QVERIFY(qAbs(idx[0] - 3) < 1e-9 && qAbs(idx[1] - 4) < 1e-9 && qAbs(idx[2] - 5) < 1e-9);
    }

    void sagittalStack()
    {
        // Sagittal: rows along +y (posterior), columns along -z (inferior); normal = -x... sorted ascending.
        auto files = stack(8, {0, 1, 0, 0, 0, -1}, {40, -100, 100}, 3.0);
        std::shuffle(files.begin(), files.end(), std::mt19937(9));
        const auto s = assembleSeries(files).front();
        QCOMPARE(s.files.front().path, std::string("slice0"));
        QVERIFY(qAbs(s.geometry.spacing[2] - 3.0) < 1e-9);
        QCOMPARE(s.geometry.axis(2), (Vec3{-1, 0, 0}));
    }

    void irregularAndMissingSlicesWarn()
    {
        auto files = stack(10, {1, 0, 0, 0, 1, 0}, {0, 0, 0}, 2.0);
        files.erase(files.begin() + 5); // one slice missing
        const auto s = assembleSeries(files).front();
        QVERIFY(qAbs(s.geometry.spacing[2] - 2.0) < 1e-9); // the median ignores the gap
        const std::string all = [&] { std::string t; for (auto &w : s.warnings) t += w + "\n"; return t; }();
        QVERIFY2(all.find("irregular slice spacing") != std::string::npos, all.c_str());
        QVERIFY2(all.find("1 slice(s) appear to be missing") != std::string::npos, all.c_str());
    }

    void duplicatePositionsWarn()
    {
        auto files = stack(5, {1, 0, 0, 0, 1, 0}, {0, 0, 0}, 2.0);
        files.push_back(files[2]);
        files.back().path = "dup";
        const auto s = assembleSeries(files).front();
        QCOMPARE(int(s.files.size()), 6);
        QVERIFY(!s.warnings.empty());
        QVERIFY(s.warnings.front().find("share a position") != std::string::npos);
    }

    void gantryTiltWarns()
    {
        auto files = stack(10, {1, 0, 0, 0, 1, 0}, {0, 0, 0}, 2.0);
        for (std::size_t k = 0; k < files.size(); ++k)
            files[k].position[1] += 0.3 * double(k); // shear along y
        const auto s = assembleSeries(files).front();
        bool tilt = false;
        for (auto &w : s.warnings)
            tilt = tilt || w.find("gantry tilt") != std::string::npos;
        QVERIFY(tilt);
    }

    void differentOrientationsSplitOneSeries()
    {
        auto axial = stack(5, {1, 0, 0, 0, 1, 0}, {0, 0, 0}, 2.0, "1.2.9");
        auto coronal = stack(4, {1, 0, 0, 0, 0, -1}, {0, 0, 0}, 2.0, "1.2.9");
        for (auto &f : coronal)
            f.path = "cor-" + f.path;
        axial.insert(axial.end(), coronal.begin(), coronal.end());
        const auto series = assembleSeries(axial);
        QCOMPARE(int(series.size()), 2);
        QCOMPARE(series[0].stackIndex + series[1].stackIndex, 3); // numbered 1 and 2
        QCOMPARE(int(series[0].files.size() + series[1].files.size()), 9);
    }

    void noPositionFallsBackToInstanceNumber()
    {
        auto files = stack(4, {1, 0, 0, 0, 1, 0}, {0, 0, 0}, 2.0);
        for (auto &f : files) {
            f.hasPosition = f.hasOrientation = false;
            f.instanceNumber = 10 - f.instanceNumber;
        }
        const auto s = assembleSeries(files).front();
        QCOMPARE(s.files.front().path, std::string("slice3"));
        QVERIFY(!s.warnings.empty());
    }
};

QTEST_GUILESS_MAIN(TstSeriesGeometry)
#include "tst_seriesgeometry.moc"
