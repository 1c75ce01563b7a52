// Tests core/labels/threshold.h: threshold (whole volume, box, slice range), the one-plane
// preview, range presets, grow from seeds and level trace, each against the exact voxels.
#include "core/labels/labeleditor.h"
#include "core/labels/outline.h"
#include "core/labels/threshold.h"

#include <QtTest>

using namespace sagitta::core;

namespace {

// 70 x 40 x 35: partial chunks on every axis. Values cycle through 0..49.
Volume rampVolume(ScalarType type = ScalarType::Int16)
{
    Geometry g;
    g.dims = {70, 40, 35};
    Volume v(g, type);
    for (int k = 0; k < 35; ++k)
        for (int j = 0; j < 40; ++j)
            for (int i = 0; i < 70; ++i)
                v.setValue(v.index(i, j, k), double((i * 7 + j * 3 + k) % 50));
    return v;
}

} // namespace

class TstThreshold : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void thresholdSetsEveryEditableVoxelInRange()
    {
        const Volume image = rampVolume();
        const Geometry &g = image.geometry();
        LabelMap map(g.dims);
        map.set(3, 2, 1, 9); // a locked segment's voxel, in range: kept
        map.set(0, 0, 0, 4); // another segment out of range: untouched
        QCOMPARE(image.value(3, 2, 1), 28.0);
        QCOMPARE(image.value(0, 0, 0), 0.0);
        EditMask mask;
        mask.locked[9] = true;
        LabelEditor editor(map, g);
        editor.setMask(mask);
        LabelEdit edit = editor.edit();
        const std::size_t changed = threshold(edit, image, 2, {20, 30});
        QVERIFY(!editor.apply(edit.finish()).empty());
        std::size_t expected = 0;
        for (int k = 0; k < 35; ++k)
            for (int j = 0; j < 40; ++j)
                for (int i = 0; i < 70; ++i) {
                    const double v = image.value(i, j, k);
                    int want = v >= 20 && v <= 30 ? 2 : 0;
                    if (i == 3 && j == 2 && k == 1)
                        want = 9;
                    if (i == 0 && j == 0 && k == 0)
                        want = 4;
                    expected += want == 2;
                    QCOMPARE(int(map.at(i, j, k)), want);
                }
        QCOMPARE(changed, expected);
        editor.undo(); // one undo step
        QCOMPARE(map.count(2), std::uint64_t(0));
        QCOMPARE(map.count(9), std::uint64_t(1));
    }

    void thresholdWithinABoxOrSlices_data()
    {
        QTest::addColumn<int>("type");
        QTest::newRow("int16") << int(ScalarType::Int16);
        QTest::newRow("uint16") << int(ScalarType::UInt16);
        QTest::newRow("float32") << int(ScalarType::Float32);
        QTest::newRow("int32") << int(ScalarType::Int32);
        QTest::newRow("rgb24") << int(ScalarType::Rgb24);
    }
    void thresholdWithinABoxOrSlices()
    {
        QFETCH(int, type);
        const Volume image = rampVolume(ScalarType(type));
        const Geometry &g = image.geometry();
        // A box crossing chunk borders, and fractional bounds: [10.5, 14.2] holds 11..14.
        LabelMap map(g.dims);
        LabelEdit edit(map);
        const VoxelBox box{{30, 5, 2}, {66, 33, 34}};
        const std::size_t changed = threshold(edit, image, 7, {10.5, 14.2}, box);
        std::size_t expected = 0;
        for (int k = 0; k < 35; ++k)
            for (int j = 0; j < 40; ++j)
                for (int i = 0; i < 70; ++i) {
                    const double v = image.value(i, j, k);
                    const bool want = box.contains(i, j, k) && v >= 10.5 && v <= 14.2;
                    expected += want;
                    QCOMPARE(map.at(i, j, k), std::uint8_t(want ? 7 : 0));
                }
        QCOMPARE(changed, expected);
        // Coronal slices 5 down to 3 (any order): j in 3..5 only.
        LabelMap slices(g.dims);
        LabelEdit sliceEdit(slices);
        threshold(sliceEdit, image, 1, {0, 49}, VoxelBox::slices(g.dims, SliceAxis::Coronal, 5, 3));
        QCOMPARE(slices.count(1), std::uint64_t(70 * 3 * 35));
        QCOMPARE(int(slices.at(0, 2, 0)), 0);
        QCOMPARE(int(slices.at(0, 3, 0)), 1);
        QCOMPARE(int(slices.at(69, 5, 34)), 1);
        QCOMPARE(int(slices.at(69, 6, 34)), 0);
        // An empty range or a volume of other dims does nothing.
        QCOMPARE(threshold(sliceEdit, image, 2, {30, 20}), std::size_t(0));
        LabelMap other({10, 10, 10});
        LabelEdit otherEdit(other);
        QCOMPARE(threshold(otherEdit, image, 2, {0, 49}), std::size_t(0));
    }

    void previewIsTheInRangeMaskOfOnePlane_data()
    {
        QTest::addColumn<int>("axis");
        QTest::addColumn<int>("index");
        QTest::newRow("axial") << int(SliceAxis::Axial) << 17;
        QTest::newRow("coronal") << int(SliceAxis::Coronal) << 39;
        QTest::newRow("sagittal") << int(SliceAxis::Sagittal) << 0;
    }
    void previewIsTheInRangeMaskOfOnePlane()
    {
        QFETCH(int, axis);
        QFETCH(int, index);
        const Volume image = rampVolume();
        const SlicePlane plane{SliceAxis(axis), index};
        std::vector<std::uint8_t> out;
        thresholdPreview(image, plane, {5, 9}, out);
        int w = 0, h = 0;
        planeSize(image.geometry(), plane.axis, w, h);
        QCOMPARE(out.size(), std::size_t(w * h));
        int inRange = 0;
        for (int v = 0; v < h; ++v)
            for (int u = 0; u < w; ++u) {
                const auto ijk = planeToVoxel(plane, u, v);
                const double value = image.value(ijk[0], ijk[1], ijk[2]);
                const bool want = value >= 5 && value <= 9;
                inRange += want;
                QCOMPARE(int(out[std::size_t(v * w + u)]), want ? 255 : 0);
            }
        QVERIFY(inRange > 0);
        thresholdPreview(image, {SliceAxis(axis), 1000}, {5, 9}, out); // outside the volume
        QCOMPARE(std::count(out.begin(), out.end(), 0), std::ptrdiff_t(w * h));
    }

    void rangePresets()
    {
        const ValueRange soft = rangeFromWindow({40, 400});
        QCOMPARE(soft.low, -160.0);
        QCOMPARE(soft.high, 240.0);
        const Volume image = rampVolume();
        // The 3x3x3 cube around (10, 10, 10), widened by 2.5 on both sides.
        double lo = 1e9, hi = -1e9;
        for (int k = 9; k <= 11; ++k)
            for (int j = 9; j <= 11; ++j)
                for (int i = 9; i <= 11; ++i) {
                    lo = std::min(lo, image.value(i, j, k));
                    hi = std::max(hi, image.value(i, j, k));
                }
        const ValueRange cube = rangeAroundSeeds(image, {{10, 10, 10}}, 1, 2.5);
        QCOMPARE(cube.low, lo - 2.5);
        QCOMPARE(cube.high, hi + 2.5);
        // Radius 0: the seed values alone; two seeds give the span of both. Seeds outside the
        // volume are skipped, and none inside gives an empty range.
        const ValueRange two = rangeAroundSeeds(image, {{1, 0, 0}, {2, 0, 0}, {-1, 0, 0}});
        QCOMPARE(two.low, 7.0);
        QCOMPARE(two.high, 14.0);
        const ValueRange none = rangeAroundSeeds(image, {{100, 0, 0}});
        QVERIFY(none.low > none.high);
    }

    // Grow: only what is 6-connected to a seed through in-range, editable voxels.
    void growFollowsSixConnectedRegion()
    {
        Geometry g;
        g.dims = {70, 40, 36};
        Volume image(g, ScalarType::Int16);
        // Blob A: an L of value 60 (a bar along i, then a bar along j), with a pocket of 100.
        auto inA = [](int i, int j, int k) {
            const bool bar1 = i >= 5 && i <= 40 && j >= 5 && j <= 10 && k >= 5 && k <= 30;
            const bool bar2 = i >= 35 && i <= 40 && j >= 5 && j <= 30 && k >= 5 && k <= 30;
            return bar1 || bar2;
        };
        auto pocket = [](int i, int j, int k) { return i >= 10 && i <= 12 && j >= 7 && j <= 8 && k >= 10 && k <= 12; };
        auto inB = [](int i, int j, int k) { return i >= 42 && i <= 60 && j >= 30 && j <= 35 && k >= 5 && k <= 10; };
        for (int k = 0; k < 36; ++k)
            for (int j = 0; j < 40; ++j)
                for (int i = 0; i < 70; ++i)
                    image.setValue(image.index(i, j, k), pocket(i, j, k) ? 100 : inA(i, j, k) || inB(i, j, k) ? 60 : 0);
        image.setValue(image.index(41, 31, 31), 60); // touches A's corner (40, 30, 30) only diagonally

        LabelMap map(g.dims);
        LabelEdit edit(map);
        const std::size_t changed = growFromSeeds(edit, image, 3, {{6, 6, 6}}, {50, 70});
        const LabelDelta delta = edit.finish();
        QVERIFY(!delta.empty());
        std::size_t expected = 0;
        for (int k = 0; k < 36; ++k)
            for (int j = 0; j < 40; ++j)
                for (int i = 0; i < 70; ++i) {
                    const bool want = inA(i, j, k) && !pocket(i, j, k);
                    expected += want;
                    QCOMPARE(int(map.at(i, j, k)), want ? 3 : 0);
                }
        QCOMPARE(changed, expected);
        QCOMPARE(int(map.at(41, 31, 31)), 0);

        // Two seeds, one in B and one out of range (nothing starts from it).
        LabelMap twoMap(g.dims);
        LabelEdit two(twoMap);
        growFromSeeds(two, image, 4, {{50, 32, 7}, {0, 0, 0}, {-5, 0, 0}}, {50, 70});
        QCOMPARE(twoMap.count(4), std::uint64_t(19 * 6 * 6));

        // The mask bounds the region: a locked wall across bar 1 at i = 20 stops the fill.
        LabelMap walled(g.dims);
        for (int k = 0; k < 36; ++k)
            for (int j = 0; j < 40; ++j)
                walled.set(20, j, k, 9);
        EditMask mask;
        mask.locked[9] = true;
        LabelEdit wall(walled, &image, mask);
        growFromSeeds(wall, image, 3, {{6, 6, 6}}, {50, 70});
        for (int k = 0; k < 36; ++k)
            for (int j = 0; j < 40; ++j)
                for (int i = 0; i < 70; ++i) {
                    const bool want = inA(i, j, k) && !pocket(i, j, k) && i < 20;
                    QCOMPARE(int(walled.at(i, j, k)), want ? 3 : i == 20 ? 9 : 0);
                }
        // A seed on a voxel the mask does not let change starts nothing.
        LabelEdit onWall(walled, &image, mask);
        QCOMPARE(growFromSeeds(onWall, image, 3, {{20, 6, 6}}, {0, 100}), std::size_t(0));

        // A seed already in the segment (a slice traced first) grows through it to the rest,
        // with other segments kept (overlap allowed) too.
        LabelMap traced(g.dims);
        for (int j = 5; j <= 10; ++j)
            for (int i = 5; i <= 40; ++i)
                traced.set(i, j, 6, 3);
        EditMask keepOthers;
        keepOthers.overwriteOthers = false;
        LabelEdit onTrace(traced, &image, keepOthers);
        const std::size_t grown = growFromSeeds(onTrace, image, 3, {{6, 6, 6}}, {50, 70});
        QCOMPARE(grown, expected - std::size_t(36 * 6) + 0); // bar 1 on slice 6 was there already
        for (int k = 0; k < 36; ++k)
            for (int j = 0; j < 40; ++j)
                for (int i = 0; i < 70; ++i)
                    QCOMPARE(int(traced.at(i, j, k)), inA(i, j, k) && !pocket(i, j, k) ? 3 : 0);
    }

    void levelTraceRegionAndOutline()
    {
        Geometry g;
        g.dims = {12, 10, 3};
        Volume image(g, ScalarType::Int16);
        // On slice k = 1, an L of values 48..52: u 2..5 x v 3..4, and u 2..3 x v 5..7.
        auto inL = [](int u, int v) { return (u >= 2 && u <= 5 && v >= 3 && v <= 4) || (u >= 2 && u <= 3 && v >= 5 && v <= 7); };
        for (int j = 0; j < 10; ++j)
            for (int i = 0; i < 12; ++i) {
                image.setValue(image.index(i, j, 1), inL(i, j) ? 48 + (i + j) % 5 : 20);
                image.setValue(image.index(i, j, 0), 50); // other slices would join if read
                image.setValue(image.index(i, j, 2), 50);
            }
        const SlicePlane plane{SliceAxis::Axial, 1};
        const LevelTrace t = levelTrace(image, plane, 3, 4, 5.0); // clicked value 50
        QCOMPARE(t.range.low, 45.0);
        QCOMPARE(t.range.high, 55.0);
        QCOMPARE(t.count, std::size_t(8 + 6));
        for (int v = 0; v < 10; ++v)
            for (int u = 0; u < 12; ++u)
                QCOMPARE(int(t.mask[std::size_t(v * 12 + u)]), inL(u, v) ? 1 : 0);
        const std::vector<Point2> expected{{1.5, 2.5}, {5.5, 2.5}, {5.5, 4.5}, {3.5, 4.5}, {3.5, 7.5}, {1.5, 7.5}};
        QCOMPARE(t.outline, expected);
        std::vector<std::uint8_t> back;
        rasterizeOutline(t.outline, 12, 10, FillRule::EvenOdd, back);
        QCOMPARE(back, t.mask);

        LabelMap map(g.dims);
        LabelEdit edit(map);
        QCOMPARE(applyLevelTrace(edit, plane, t, 6), std::size_t(14));
        QCOMPARE(map.count(6), std::uint64_t(14));
        QCOMPARE(int(map.at(5, 4, 1)), 6);
        QCOMPARE(int(map.at(5, 4, 0)), 0);

        // A hole (a voxel of 20 inside a ring of 50) keeps the region but gives no outline.
        for (int j = 0; j < 10; ++j)
            for (int i = 0; i < 12; ++i)
                image.setValue(image.index(i, j, 1), i >= 3 && i <= 7 && j >= 3 && j <= 7 && !(i == 5 && j == 5) ? 50 : 20);
        const LevelTrace ring = levelTrace(image, plane, 3, 3, 0.0);
        QCOMPARE(ring.count, std::size_t(24));
        QCOMPARE(int(ring.mask[5 * 12 + 5]), 0);
        QVERIFY(ring.outline.empty());

        // On a coronal plane (u = i, v = k) the region is 4-connected across slices of k.
        const LevelTrace cor = levelTrace(image, {SliceAxis::Coronal, 0}, 0, 0, 0.0);
        QCOMPARE(cor.width, 12);
        QCOMPARE(cor.height, 3);
        QCOMPARE(cor.count, std::size_t(12)); // k = 0 only: k = 1 at j = 0 holds 20, so k = 2 is apart
        QCOMPARE(cor.outline, (std::vector<Point2>{{-0.5, -0.5}, {11.5, -0.5}, {11.5, 0.5}, {-0.5, 0.5}}));
    }
};

QTEST_GUILESS_MAIN(TstThreshold)
#include "tst_threshold.moc"
