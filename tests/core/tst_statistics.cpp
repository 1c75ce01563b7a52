// Tests core/labels/statistics: voxel counts, volume, intensity statistics and the RECIST-style
// diameters of each segment, exact against a brute-force count, and the CSV table.
#include "core/labels/statistics.h"

#include <QtTest>

#include <cmath>

using namespace sagitta::core;

class TstStatistics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Overlapping segments (2 on layer 1, inside 1): each counts all its voxels, the shared ones
    // too, with its own intensities.
    void overlappingSegmentsEachOnTheirLayer()
    {
        Geometry g;
        g.dims = {40, 36, 3}; // two chunks along i
        Volume v(g, ScalarType::Int16);
        for (int k = 0; k < 3; ++k)
            for (int j = 0; j < 36; ++j)
                for (int i = 0; i < 40; ++i)
                    v.setValue(v.index(i, j, k), double(i));
        LabelMap m(g.dims);
        for (int j = 0; j < 10; ++j)
            for (int i = 0; i < 40; ++i)
                m.set(i, j, 1, 1); // organ: 40 x 10, mean 19.5
        for (int j = 2; j < 4; ++j)
            for (int i = 30; i < 36; ++i)
                m.set(i, j, 1, 2, 1); // lesion: 6 x 2 inside the organ, mean 32.5
        m.setLayerOf(2, 1);
        const std::vector<SegmentStatistics> stats = segmentStatistics(m, v);
        QCOMPARE(stats.size(), std::size_t(2));
        QCOMPARE(stats[0].voxels, std::uint64_t(400));
        QCOMPARE(stats[0].mean, 19.5);
        QCOMPARE(stats[0].min, 0.0);
        QCOMPARE(stats[0].max, 39.0);
        QCOMPARE(stats[1].voxels, std::uint64_t(12));
        QCOMPARE(stats[1].mean, 32.5);
        QCOMPARE(stats[1].min, 30.0);
        QCOMPARE(stats[1].max, 35.0);
        QVERIFY(std::abs(stats[1].longestMm - std::hypot(5.0, 1.0)) < 1e-9);
    }

    void segmentTable()
    {
        Geometry g;
        g.dims = {20, 16, 6};
        g.spacing = {0.5, 1.0, 2.0};
        Volume v(g, ScalarType::Int16);
        for (int k = 0; k < 6; ++k)
            for (int j = 0; j < 16; ++j)
                for (int i = 0; i < 20; ++i)
                    v.setValue(v.index(i, j, k), double(i + 10 * j + 100 * k));
        LabelMap m(g.dims);
        double sum = 0, sum2 = 0;
        int n = 0;
        auto label = [&](int i, int j, int k) {
            m.set(i, j, k, 1);
            const double x = v.value(i, j, k);
            sum += x;
            sum2 += x * x;
            ++n;
        };
        for (int j = 3; j <= 8; ++j)
            for (int i = 2; i <= 11; ++i)
                label(i, j, 2); // 10 x 6 voxels: 4.5 x 5 mm between centres
        for (int j = 3; j <= 4; ++j)
            for (int i = 2; i <= 5; ++i)
                label(i, j, 4);
        m.set(15, 15, 5, 2);
        const std::vector<SegmentStatistics> stats = segmentStatistics(m, v);
        QCOMPARE(stats.size(), std::size_t(2));
        const SegmentStatistics &a = stats[0];
        QCOMPARE(int(a.label), 1);
        QCOMPARE(a.voxels, std::uint64_t(68));
        QVERIFY(std::abs(a.volumeMl - 68 * 0.5 * 1.0 * 2.0 / 1000.0) < 1e-12);
        QVERIFY(std::abs(a.mean - sum / n) < 1e-9);
        QVERIFY(std::abs(a.sd - std::sqrt(sum2 / n - (sum / n) * (sum / n))) < 1e-6);
        QCOMPARE(a.min, 2.0 + 30 + 200);
        QCOMPARE(a.max, 5.0 + 40 + 400);
        const double diagonal = std::hypot(4.5, 5.0);
        QCOMPARE(a.longestSlice, 2);
        QVERIFY(std::abs(a.longestMm - diagonal) < 1e-9);
        QVERIFY(std::abs(a.perpendicularMm - 2 * 4.5 * 5.0 / diagonal) < 1e-9);
        const SegmentStatistics &b = stats[1];
        QCOMPARE(int(b.label), 2);
        QCOMPARE(b.voxels, std::uint64_t(1));
        QCOMPARE(b.mean, 15.0 + 150 + 500);
        QCOMPARE(b.sd, 0.0);
        QCOMPARE(b.longestMm, 0.0);
        QCOMPARE(b.longestSlice, 5);

        Segment s1;
        s1.label = 1;
        s1.name = "Nodule \"A\"";
        s1.type = {"SCT", "27925004", "Nodule"};
        Segment s3;
        s3.label = 3;
        s3.name = "Empty";
        const std::string csv = statisticsCsv(stats, {s1, s3}, "HU");
        QVERIFY(csv.rfind("label,segment,type,voxels,volume_ml,mean (HU),sd (HU),min (HU),max (HU),"
                          "longest_diameter_mm,perpendicular_mm,slice\n", 0) == 0);
        QVERIFY2(csv.find("1,\"Nodule \"\"A\"\"\",\"Nodule\",68,0.0680,") != std::string::npos, csv.c_str());
        QVERIFY2(csv.find(",6.73,6.69,2\n") != std::string::npos, csv.c_str());
        QVERIFY2(csv.find("3,\"Empty\",\"\",0,0.0000,") != std::string::npos, csv.c_str());
        // Another grid: nothing.
        Geometry other = g;
        other.dims = {4, 4, 4};
        QVERIFY(segmentStatistics(LabelMap(other.dims), v).empty());
    }
};

QTEST_GUILESS_MAIN(TstStatistics)
#include "tst_statistics.moc"
