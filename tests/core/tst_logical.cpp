// Tests core/labels/logical.h: logical operations between segments, chunk by chunk through
// LabelEdit.
#include "core/labels/logical.h"

#include <QtTest>

using namespace sagitta::core;

namespace {

void fillBox(LabelMap &m, int lo, int hi, std::uint8_t v)
{
    for (int k = lo; k < hi; ++k)
        for (int j = lo; j < hi; ++j)
            for (int i = lo; i < hi; ++i)
                m.set(i, j, k, v);
}

// B (label 2) = [0, 16)^3 in the edited map, with a voxel of label 3 inside and one outside;
// A (label 7) = [10, 30)^3 in another map. They overlap in [10, 16)^3 (216 voxels).
LabelMap target()
{
    LabelMap m({40, 40, 40}); // 2 x 2 x 2 chunks, the last ones partial
    fillBox(m, 0, 16, 2);
    m.set(12, 12, 12, 3); // inside A and B
    m.set(20, 20, 20, 3); // inside A only
    return m;
}

LabelMap modifier()
{
    LabelMap m({40, 40, 40});
    fillBox(m, 10, 30, 7);
    return m;
}

bool inBox(int i, int j, int k, int lo, int hi)
{
    return i >= lo && j >= lo && k >= lo && i < hi && j < hi && k < hi;
}

} // namespace

class TstLogical : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void operationsGiveExactVoxels_data()
    {
        QTest::addColumn<int>("op");
        QTest::addColumn<bool>("overwrite");
        QTest::addColumn<std::uint64_t>("count2");
        QTest::addColumn<std::uint64_t>("count3");
        // B has 4095 voxels (one is label 3).
        QTest::newRow("copy") << int(LogicalOp::Copy) << true << std::uint64_t(8000) << std::uint64_t(0);
        QTest::newRow("copy, others kept") << int(LogicalOp::Copy) << false << std::uint64_t(8000) << std::uint64_t(2);
        QTest::newRow("add") << int(LogicalOp::Add) << true << std::uint64_t(4096 + 8000 - 216) << std::uint64_t(0);
        QTest::newRow("subtract") << int(LogicalOp::Subtract) << true << std::uint64_t(4096 - 216) << std::uint64_t(2);
        QTest::newRow("intersect") << int(LogicalOp::Intersect) << true << std::uint64_t(215) << std::uint64_t(2);
        QTest::newRow("invert") << int(LogicalOp::Invert) << true << std::uint64_t(64000 - 4095) << std::uint64_t(0);
        QTest::newRow("invert, others kept") << int(LogicalOp::Invert) << false << std::uint64_t(64000 - 4095)
                                             << std::uint64_t(2);
        QTest::newRow("clear") << int(LogicalOp::Clear) << true << std::uint64_t(0) << std::uint64_t(2);
    }
    void operationsGiveExactVoxels()
    {
        QFETCH(int, op);
        QFETCH(bool, overwrite);
        QFETCH(std::uint64_t, count2);
        QFETCH(std::uint64_t, count3);
        const LabelMap before = target();
        LabelMap m = before;
        const LabelMap a = modifier();
        EditMask mask;
        mask.overwriteOthers = overwrite;
        LabelEdit edit(m, nullptr, mask);
        logicalOperation(edit, LogicalOp(op), 2, a, 7);
        const LabelDelta delta = edit.finish();
        QCOMPARE(m.count(2), count2);
        QCOMPARE(m.count(3), count3);
        QCOMPARE(m.count(7), std::uint64_t(0)); // nothing written as the modifier's label
        // Others kept: B overlaps label 3 from a second layer; overwritten: one layer.
        QCOMPARE(m.layerCount(), overwrite ? 1 : 2);
        QCOMPARE(m.layerOf(2), overwrite ? 0 : 1);
        // Voxel by voxel for the set operations (label 3 voxels follow the overwrite rule).
        for (int k = 0; k < 40; ++k)
            for (int j = 0; j < 40; ++j)
                for (int i = 0; i < 40; ++i) {
                    const bool b = before.at(i, j, k) == 2, inA = inBox(i, j, k, 10, 30);
                    bool want = b;
                    switch (LogicalOp(op)) {
                    case LogicalOp::Copy: want = inA; break;
                    case LogicalOp::Add: want = b || inA; break;
                    case LogicalOp::Subtract: want = b && !inA; break;
                    case LogicalOp::Intersect: want = b && inA; break;
                    case LogicalOp::Invert: want = !b; break;
                    case LogicalOp::Clear: want = false; break;
                    }
                    const bool was3 = before.at(i, j, k) == 3;
                    QCOMPARE(m.holds(i, j, k, 2), want);
                    QCOMPARE(m.holds(i, j, k, 3), was3 && !(want && overwrite));
                }
        delta.apply(m, false);
        QVERIFY(m == before);
    }

    void withinOneMapAndLocks()
    {
        // In one map A and B never overlap: copy moves A into B, subtract changes nothing.
        LabelMap m = target();
        LabelEdit edit(m);
        QCOMPARE(logicalOperation(edit, LogicalOp::Subtract, 2, m, 3), std::size_t(0));
        QCOMPARE(logicalOperation(edit, LogicalOp::Copy, 2, m, 3), std::size_t(4095 + 2)); // B erased, A taken
        edit.finish();
        QCOMPARE(m.count(2), std::uint64_t(2));
        QCOMPARE(m.count(3), std::uint64_t(0));
        QCOMPARE(int(m.at(20, 20, 20)), 2);

        // On two layers segments overlap: A painted over B with others kept, then B minus A.
        LabelMap layered = target();
        EditMask keep;
        keep.overwriteOthers = false;
        LabelEdit overlap(layered, nullptr, keep);
        std::size_t painted = 0;
        for (int k = 10; k < 30; ++k)
            for (int j = 10; j < 30; ++j)
                for (int i = 10; i < 30; ++i)
                    painted += overlap.write(i, j, k, 5);
        QCOMPARE(painted, std::size_t(8000));
        QCOMPARE(layered.layerOf(5), 1);
        QCOMPARE(layered.count(2), std::uint64_t(4095)); // B untouched
        QCOMPARE(logicalOperation(overlap, LogicalOp::Subtract, 2, layered, 5), std::size_t(215));
        overlap.finish();
        QCOMPARE(layered.count(2), std::uint64_t(4095 - 215));
        QCOMPARE(layered.count(5), std::uint64_t(8000));
        QVERIFY(layered.holds(12, 12, 12, 3) && layered.holds(12, 12, 12, 5));

        LabelMap locked = target();
        EditMask mask;
        mask.locked[2] = true;
        LabelEdit none(locked, nullptr, mask);
        QCOMPARE(logicalOperation(none, LogicalOp::Clear, 2), std::size_t(0));
        QCOMPARE(logicalOperation(none, LogicalOp::Invert, 2), std::size_t(0));
        QVERIFY(none.finish().empty());
        LabelMap small({8, 8, 8});
        QCOMPARE(logicalOperation(none, LogicalOp::Add, 2, small, 1), std::size_t(0)); // other dims
    }
};

QTEST_GUILESS_MAIN(TstLogical)
#include "tst_logical.moc"
