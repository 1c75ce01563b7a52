// Tests core/labels/outline.h: rasterising outlines (even-odd, nonzero, voxel centres), polygon
// and lasso fill/erase on each plane, scissors through slabs, and tracing a region's outline.
#include "core/labels/labeleditor.h"
#include "core/labels/outline.h"

#include <QtTest>

#include <cmath>

using namespace sagitta::core;

namespace {

std::vector<std::uint8_t> rows(const std::vector<const char *> &lines)
{
    std::vector<std::uint8_t> m;
    for (const char *l : lines)
        for (const char *c = l; *c; ++c)
            m.push_back(*c == '#' ? 1 : 0);
    return m;
}

} // namespace

class TstOutline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rasterizeAtVoxelCentres()
    {
        std::vector<std::uint8_t> m;
        // Corners on voxel centres: half-open, [2, 5) on both axes.
        rasterizeOutline({{2, 2}, {5, 2}, {5, 5}, {2, 5}}, 7, 6, FillRule::EvenOdd, m);
        QCOMPARE(m, rows({".......",
                          ".......",
                          "..###..",
                          "..###..",
                          "..###..",
                          "......."}));
        // A triangle, clipped by the plane's edge on the left.
        rasterizeOutline({{-3.0, 0.2}, {4.6, 0.2}, {-3.0, 7.8}}, 7, 6, FillRule::EvenOdd, m);
        // Row 0 lies above the outline (v from 0.2); on row v the hypotenuse crosses at
        // u = 4.8 - v, so row 1 holds centres 0..3 and row 5 none.
        QCOMPARE(m, rows({".......",
                          "####...",
                          "###....",
                          "##.....",
                          "#......",
                          "......."}));
        rasterizeOutline({{1, 1}, {3, 3}}, 7, 6, FillRule::EvenOdd, m); // two points: nothing
        QCOMPARE(std::count(m.begin(), m.end(), 1), std::ptrdiff_t(0));
    }

    void evenOddAndNonZeroDifferOnOverlaps()
    {
        // The same square twice round: even-odd cancels, nonzero fills.
        const std::vector<Point2> twice{{0.5, 0.5}, {4.5, 0.5}, {4.5, 4.5}, {0.5, 4.5},
                                        {0.5, 0.5}, {4.5, 0.5}, {4.5, 4.5}, {0.5, 4.5}};
        std::vector<std::uint8_t> m;
        rasterizeOutline(twice, 6, 6, FillRule::EvenOdd, m);
        QCOMPARE(std::count(m.begin(), m.end(), 1), std::ptrdiff_t(0));
        rasterizeOutline(twice, 6, 6, FillRule::NonZero, m);
        QCOMPARE(std::count(m.begin(), m.end(), 1), std::ptrdiff_t(16));
        QCOMPARE(int(m[1 * 6 + 1]), 1);
        QCOMPARE(int(m[4 * 6 + 4]), 1);
        QCOMPARE(int(m[5 * 6 + 5]), 0);
        // A pentagram: its centre is outside by even-odd and inside by nonzero; a point of the
        // star is inside by both.
        std::vector<Point2> star;
        for (int n = 0; n < 5; ++n) {
            const double a = -M_PI / 2 + n * 4 * M_PI / 5;
            star.push_back({20 + 18 * std::cos(a), 20 + 18 * std::sin(a)});
        }
        rasterizeOutline(star, 41, 41, FillRule::EvenOdd, m);
        QCOMPARE(int(m[20 * 41 + 20]), 0);
        QCOMPARE(int(m[6 * 41 + 20]), 1);
        rasterizeOutline(star, 41, 41, FillRule::NonZero, m);
        QCOMPARE(int(m[20 * 41 + 20]), 1);
        QCOMPARE(int(m[6 * 41 + 20]), 1);
    }

    void fillAndEraseOnEachPlane_data()
    {
        QTest::addColumn<int>("axis");
        QTest::newRow("axial") << int(SliceAxis::Axial);
        QTest::newRow("coronal") << int(SliceAxis::Coronal);
        QTest::newRow("sagittal") << int(SliceAxis::Sagittal);
    }
    void fillAndEraseOnEachPlane()
    {
        QFETCH(int, axis);
        Geometry g;
        g.dims = {50, 45, 40}; // partial chunks
        LabelMap map(g.dims);
        const SlicePlane plane{SliceAxis(axis), 33};
        // A lasso: a diamond around (20, 18), radius 12 in u + v.
        std::vector<Point2> lasso;
        static const int cu[5] = {20, 32, 20, 8, 20}, cv[5] = {6, 18, 30, 18, 6};
        for (int side = 0; side < 4; ++side)
            for (int q = 0; q < 12; ++q) // 12 points a side, on integers: exact crossings
                lasso.push_back({double(cu[side] + (cu[side + 1] - cu[side]) / 12 * q),
                                 double(cv[side] + (cv[side + 1] - cv[side]) / 12 * q)});
        auto inDiamond = [](int u, int v) {
            // Half-open on the right and bottom edges of the diamond's rows: |u-20| + |v-18| < 12,
            // or on the left edge (u - 20 = -(12 - |v - 18|)) and v strictly inside.
            const int d = std::abs(u - 20) + std::abs(v - 18);
            return d < 12 || (d == 12 && u < 20 && v > 6 && v < 30);
        };
        map.set(planeToVoxel(plane, 20, 18)[0], planeToVoxel(plane, 20, 18)[1], planeToVoxel(plane, 20, 18)[2], 7);
        EditMask mask;
        mask.locked[7] = true;
        LabelEditor editor(map, g);
        editor.setMask(mask);
        LabelEdit edit = editor.edit();
        const std::size_t changed = fillOutline(edit, plane, lasso, {OutlineOp::Fill, 2, FillRule::EvenOdd});
        QVERIFY(!editor.apply(edit.finish()).empty());
        int ua = 0, va = 1;
        planeAxes(plane.axis, ua, va);
        std::size_t expected = 0;
        for (int k = 0; k < 40; ++k)
            for (int j = 0; j < 45; ++j)
                for (int i = 0; i < 50; ++i) {
                    const std::array<int, 3> ijk{i, j, k};
                    const int u = ijk[std::size_t(ua)], v = ijk[std::size_t(va)];
                    const bool onPlane = ijk[std::size_t(axis)] == 33;
                    int want = onPlane && inDiamond(u, v) ? 2 : 0;
                    if (onPlane && u == 20 && v == 18)
                        want = 7; // locked
                    expected += want == 2;
                    QCOMPARE(int(map.at(i, j, k)), want);
                }
        QCOMPARE(changed, expected);
        // Rows 7..29, 2 (12 - |v - 18|) voxels each (the bottom vertex's row holds none, the top
        // vertex's an empty span), less the locked voxel.
        QCOMPARE(expected, std::size_t(288 - 1));
        // Erase label 2 inside a smaller square: only label 2 goes, the locked voxel stays.
        LabelEdit erase = editor.edit();
        fillOutline(erase, plane, {{15.5, 13.5}, {24.5, 13.5}, {24.5, 22.5}, {15.5, 22.5}}, {OutlineOp::Erase, 2});
        editor.apply(erase.finish());
        QCOMPARE(map.count(2), std::uint64_t(expected - (9 * 9 - 1)));
        QCOMPARE(map.count(7), std::uint64_t(1));
    }

    void scissorsCutsSlabs_data()
    {
        QTest::addColumn<int>("extent");
        QTest::addColumn<int>("slices");
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("last");
        QTest::newRow("whole") << int(SlabExtent::Whole) << 0 << 0 << 69;
        QTest::newRow("symmetric") << int(SlabExtent::Symmetric) << 3 << 37 << 43;
        QTest::newRow("above") << int(SlabExtent::Above) << 40 << 40 << 69; // cut off at the end
        QTest::newRow("below") << int(SlabExtent::Below) << 8 << 32 << 40;
        QTest::newRow("below past 0") << int(SlabExtent::Below) << 50 << 0 << 40;
    }
    void scissorsCutsSlabs()
    {
        QFETCH(int, extent);
        QFETCH(int, slices);
        QFETCH(int, first);
        QFETCH(int, last);
        Geometry g;
        g.dims = {36, 70, 33};
        LabelMap map(g.dims);
        for (int k = 0; k < 33; ++k)
            for (int j = 0; j < 70; ++j)
                map.set(1, j, k, 5); // a column of segment 5 to erase from
        const SlicePlane plane{SliceAxis::Coronal, 40};
        const std::vector<Point2> box{{0.5, 2.5}, {3.5, 2.5}, {3.5, 6.5}, {0.5, 6.5}}; // u = i 1..3, v = k 3..6
        LabelEdit edit(map);
        const std::size_t filled = scissors(edit, plane, box, {OutlineOp::Fill, 2}, {SlabExtent(extent), slices});
        QCOMPARE(filled, std::size_t(3 * 4 * (last - first + 1)));
        for (int k = 0; k < 33; ++k)
            for (int j = 0; j < 70; ++j)
                for (int i = 0; i < 36; ++i) {
                    const bool in = i >= 1 && i <= 3 && k >= 3 && k <= 6 && j >= first && j <= last;
                    QCOMPARE(int(map.at(i, j, k)), in ? 2 : i == 1 ? 5 : 0);
                }
        // Erase through the same slab: label 5 only, so the 2s stay.
        const std::size_t erased = scissors(edit, plane, {{0.5, -0.5}, {1.5, -0.5}, {1.5, 40}, {0.5, 40}},
                                            {OutlineOp::Erase, 5}, {SlabExtent(extent), slices});
        QCOMPARE(erased, std::size_t((33 - 4) * (last - first + 1)));
        QCOMPARE(map.count(5), std::uint64_t(33 * 70 - 4 * (last - first + 1)) - erased);
        QCOMPARE(map.count(2), std::uint64_t(filled));
        QVERIFY(!edit.finish().empty());
    }

    void traceOutlineRoundTrips()
    {
        // A disk of radius 9: its outline fills back to exactly the disk.
        std::vector<std::uint8_t> disk(30 * 25, 0);
        for (int v = 0; v < 25; ++v)
            for (int u = 0; u < 30; ++u)
                disk[std::size_t(v * 30 + u)] = (u - 14) * (u - 14) + (v - 12) * (v - 12) <= 81;
        const std::vector<Point2> outline = traceOutline(disk, 30, 25);
        QVERIFY(outline.size() > 8);
        for (const Point2 &p : outline) { // corners at half-integers
            QCOMPARE(p[0] - std::floor(p[0]), 0.5);
            QCOMPARE(p[1] - std::floor(p[1]), 0.5);
        }
        std::vector<std::uint8_t> back;
        rasterizeOutline(outline, 30, 25, FillRule::EvenOdd, back);
        QCOMPARE(back, disk);
        rasterizeOutline(outline, 30, 25, FillRule::NonZero, back);
        QCOMPARE(back, disk);
        // Touching the plane's border is fine.
        const std::vector<std::uint8_t> corner = rows({"##.", "#..", "..."});
        QCOMPARE(traceOutline(corner, 3, 3),
                 (std::vector<Point2>{{-0.5, -0.5}, {1.5, -0.5}, {1.5, 0.5}, {0.5, 0.5}, {0.5, 1.5}, {-0.5, 1.5}}));
    }

    void traceOutlineIsEmptyUnlessSimple()
    {
        QVERIFY(traceOutline(rows({"#.", ".#"}), 2, 2).empty());            // corner contact only
        QVERIFY(traceOutline(rows({"###", "#.#", "###"}), 3, 3).empty());    // a hole
        QVERIFY(traceOutline(rows({"#..", "...", "..#"}), 3, 3).empty());    // two regions
        QVERIFY(traceOutline(rows({"...", "...", "..."}), 3, 3).empty());    // nothing
        QCOMPARE(traceOutline(rows({"...", ".#.", "..."}), 3, 3).size(), std::size_t(4));
    }
};

QTEST_GUILESS_MAIN(TstOutline)
#include "tst_outline.moc"
