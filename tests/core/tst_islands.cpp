// Tests core/labels/islands.h: 6-connected components of a segment and the island operations.
#include "core/labels/islands.h"

#include <QtTest>

#include <deque>
#include <random>

using namespace sagitta::core;

namespace {

void fillBox(LabelMap &m, std::array<int, 3> lo, std::array<int, 3> hi, std::uint8_t v, int layer = 0)
{
    for (int k = lo[2]; k < hi[2]; ++k)
        for (int j = lo[1]; j < hi[1]; ++j)
            for (int i = lo[0]; i < hi[0]; ++i)
                m.set(i, j, k, v, layer);
}

// Six islands of label 1 (sizes 1000, 27, 23, 1, 1, 1) and a voxel of label 2 touching one.
LabelMap scene()
{
    LabelMap m({40, 40, 40});
    fillBox(m, {2, 2, 2}, {12, 12, 12}, 1);    // 1000
    fillBox(m, {20, 20, 20}, {23, 23, 23}, 1); // 27
    fillBox(m, {25, 30, 30}, {39, 31, 31}, 1); // 14: a row across the chunk edge at i = 32
    fillBox(m, {25, 30, 31}, {26, 31, 36}, 1); // 5 more up k from its first voxel
    fillBox(m, {38, 31, 30}, {39, 35, 31}, 1); // 4 more along j from its last voxel: 23
    m.set(14, 14, 14, 1);                      // touches the next one by an edge only
    m.set(15, 15, 14, 1);
    m.set(35, 35, 35, 1);
    m.set(12, 5, 5, 2); // another segment beside the big cube: not part of any island
    return m;
}

// Plain BFS over a dense copy: sorted island sizes.
std::vector<std::uint64_t> bfsSizes(const LabelMap &m, std::uint8_t label)
{
    const auto d = m.dims();
    std::vector<char> seen(std::size_t(d[0]) * d[1] * d[2], 0);
    std::vector<std::uint64_t> sizes;
    auto idx = [&](int i, int j, int k) { return (std::size_t(k) * d[1] + j) * d[0] + i; };
    for (int k = 0; k < d[2]; ++k)
        for (int j = 0; j < d[1]; ++j)
            for (int i = 0; i < d[0]; ++i) {
                if (seen[idx(i, j, k)] || m.at(i, j, k) != label)
                    continue;
                std::deque<std::array<int, 3>> q{{i, j, k}};
                seen[idx(i, j, k)] = 1;
                std::uint64_t n = 0;
                while (!q.empty()) {
                    const auto p = q.front();
                    q.pop_front();
                    ++n;
                    const int off[6][3] = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
                    for (const auto &o : off) {
                        const int a = p[0] + o[0], b = p[1] + o[1], c = p[2] + o[2];
                        if (m.contains(a, b, c) && !seen[idx(a, b, c)] && m.at(a, b, c) == label) {
                            seen[idx(a, b, c)] = 1;
                            q.push_back({a, b, c});
                        }
                    }
                }
                sizes.push_back(n);
            }
    std::sort(sizes.rbegin(), sizes.rend());
    return sizes;
}

} // namespace

class TstIslands : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void findsIslandsLargestFirst()
    {
        const LabelMap m = scene();
        const IslandMap islands(m, 1);
        const auto &all = islands.islands();
        QCOMPARE(int(all.size()), 6);
        const std::uint64_t sizes[] = {1000, 27, 23, 1, 1, 1};
        for (int n = 0; n < 6; ++n)
            QCOMPARE(all[std::size_t(n)].voxels, sizes[n]);
        QCOMPARE(all[2].firstVoxel, (std::array<int, 3>{25, 30, 30}));
        // Equal sizes in memory order (k, j, i).
        QCOMPARE(all[3].firstVoxel, (std::array<int, 3>{14, 14, 14}));
        QCOMPARE(all[4].firstVoxel, (std::array<int, 3>{15, 15, 14}));
        QCOMPARE(all[5].firstVoxel, (std::array<int, 3>{35, 35, 35}));
        QCOMPARE(islands.islandAt(38, 34, 30), 2); // the far end of the bent bar
        QCOMPARE(islands.islandAt(25, 30, 35), 2);
        QCOMPARE(islands.islandAt(21, 21, 21), 1);
        QCOMPARE(islands.islandAt(12, 5, 5), -1); // label 2
        QCOMPARE(islands.islandAt(0, 0, 0), -1);
        QVERIFY(IslandMap(m, 9).islands().empty());
    }

    void matchesBreadthFirstSearchOnNoise()
    {
        LabelMap m({45, 38, 41});
        std::mt19937 rng(7);
        std::bernoulli_distribution in(0.3);
        for (int k = 0; k < 41; ++k)
            for (int j = 0; j < 38; ++j)
                for (int i = 0; i < 45; ++i)
                    if (in(rng))
                        m.set(i, j, k, 4);
        const auto expected = bfsSizes(m, 4);
        QVERIFY(expected.size() > 100);
        std::vector<std::uint64_t> got;
        for (const Island &island : IslandMap(m, 4).islands())
            got.push_back(island.voxels);
        QCOMPARE(got, expected);
    }

    void keepLargestAndKeepSelected()
    {
        LabelMap m = scene();
        LabelEdit edit(m);
        QCOMPARE(keepLargestIsland(edit, 1), std::size_t(27 + 23 + 3));
        const LabelDelta delta = edit.finish();
        QCOMPARE(m.count(1), std::uint64_t(1000));
        QCOMPARE(int(m.at(2, 2, 2)), 1);
        QCOMPARE(int(m.at(21, 21, 21)), 0);
        QCOMPARE(int(m.at(12, 5, 5)), 2);
        delta.apply(m, false); // undo
        QVERIFY(m == scene());

        LabelEdit keep(m);
        QVERIFY(!keepIslandAt(keep, 1, 0, 0, 0)); // not on the segment: nothing changes
        QVERIFY(!keep.touched());
        QVERIFY(keepIslandAt(keep, 1, 30, 30, 30));
        keep.finish();
        QCOMPARE(m.count(1), std::uint64_t(23));
        QCOMPARE(int(m.at(38, 34, 30)), 1);
    }

    void removeSmallRespectsLocks()
    {
        LabelMap m = scene();
        LabelEdit edit(m);
        QCOMPARE(removeSmallIslands(edit, 1, 2), std::size_t(3));
        edit.finish();
        QCOMPARE(m.count(1), std::uint64_t(1050));
        QCOMPARE(int(m.at(14, 14, 14)), 0);
        QCOMPARE(int(m.at(15, 15, 14)), 0);
        QCOMPARE(removeSmallIslands(edit, 1, 27), std::size_t(23)); // fewer than 27: the bar goes
        edit.finish();
        QCOMPARE(m.count(1), std::uint64_t(1027));

        LabelMap locked = scene();
        EditMask mask;
        mask.locked[1] = true;
        LabelEdit none(locked, nullptr, mask);
        QCOMPARE(removeSmallIslands(none, 1, 1000), std::size_t(0));
        QVERIFY(none.finish().empty());
        QVERIFY(locked == scene());
    }

    void splitTakesFreeLabels()
    {
        LabelMap m = scene();
        EditMask mask;
        mask.locked[6] = true;
        LabelEdit edit(m, nullptr, mask);
        // 0, the label itself and the locked 6 are passed over; islands under 2 voxels stay.
        const auto used = splitIslands(edit, 1, {0, 1, 5, 6, 7, 9, 10}, 2);
        edit.finish();
        QCOMPARE(used, (std::vector<std::uint8_t>{5, 7}));
        QCOMPARE(m.count(1), std::uint64_t(1003));
        QCOMPARE(m.count(5), std::uint64_t(27));
        QCOMPARE(m.count(7), std::uint64_t(23));
        QCOMPARE(int(m.at(21, 21, 21)), 5);
        QCOMPARE(int(m.at(38, 34, 30)), 7);
        QCOMPARE(int(m.at(35, 35, 35)), 1);

        LabelMap few = scene();
        LabelEdit e2(few);
        QCOMPARE(splitIslands(e2, 1, {3}), (std::vector<std::uint8_t>{3})); // list runs out
        e2.finish();
        QCOMPARE(few.count(3), std::uint64_t(27));
        QCOMPARE(few.count(1), std::uint64_t(1000 + 23 + 3));
    }

    // A segment on layer 1 over another (an organ filling the volume on layer 0): islands are
    // found on its layer, and the effects act there, leaving the organ whole.
    void islandsOnTheSegmentsLayer()
    {
        LabelMap m({40, 40, 40});
        fillBox(m, {0, 0, 0}, {40, 40, 40}, 9); // the organ, everywhere on layer 0
        const LabelMap islands1 = scene();
        for (int k = 0; k < 40; ++k)
            for (int j = 0; j < 40; ++j)
                for (int i = 0; i < 40; ++i)
                    if (const std::uint8_t v = islands1.at(i, j, k))
                        m.set(i, j, k, v, v); // label 1 on layer 1, label 2 on layer 2
        m.setLayerOf(1, 1);
        m.setLayerOf(2, 2);
        const IslandMap found(m, 1);
        QCOMPARE(found.islands().size(), std::size_t(6));
        QCOMPARE(found.islands()[0].voxels, std::uint64_t(1000));
        QCOMPARE(found.islandAt(21, 21, 21), 1);
        QCOMPARE(found.islandAt(0, 0, 0), -1); // the organ's voxel, not label 1's

        EditMask keep;
        keep.overwriteOthers = false;
        LabelEdit edit(m, nullptr, keep);
        QCOMPARE(removeSmallIslands(edit, 1, 2), std::size_t(3));
        QVERIFY(keepIslandAt(edit, 1, 21, 21, 21));
        QCOMPARE(m.count(1), std::uint64_t(27));
        QCOMPARE(m.count(9), std::uint64_t(64000)); // untouched
        QCOMPARE(m.layerOf(1), 1);
        edit.finish();

        // Split on layer 1: the new segment starts on label 1's layer, the organ stays whole.
        LabelMap s = m;
        fillBox(s, {2, 2, 2}, {4, 4, 4}, 1, 1);
        LabelEdit split(s, nullptr, keep);
        QCOMPARE(splitIslands(split, 1, {5}), (std::vector<std::uint8_t>{5}));
        const LabelDelta delta = split.finish();
        QCOMPARE(s.layerOf(5), 1);
        QCOMPARE(s.count(5), std::uint64_t(8));
        QCOMPARE(s.count(1), std::uint64_t(27));
        QVERIFY(s.holds(2, 2, 2, 5) && s.holds(2, 2, 2, 9));
        QCOMPARE(s.count(9), std::uint64_t(64000));
        QCOMPARE(s.layerCount(), 3);
        QCOMPARE(delta.layers.at(5), std::make_pair(0, 1));
    }
};

QTEST_GUILESS_MAIN(TstIslands)
#include "tst_islands.moc"
