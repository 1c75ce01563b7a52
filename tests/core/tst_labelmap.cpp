// Tests core/labels: chunked label map, brush strokes, deltas, undo/redo history.
#include "core/labels/labeleditor.h"
#include "core/labels/overlay.h"

#include <QtTest>

using namespace sagitta::core;

class TstLabelMap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unallocatedChunksReadZero()
    {
        LabelMap m({70, 40, 33});
        QCOMPARE(m.chunkGrid(), (std::array<int, 3>{3, 2, 2}));
        QCOMPARE(m.at(69, 39, 32), std::uint8_t(0));
        QVERIFY(m.chunkIsEmpty(0));
        m.set(69, 39, 32, 7);
        QCOMPARE(m.at(69, 39, 32), std::uint8_t(7));
        QVERIFY(!m.chunkIsEmpty(m.chunkOf(69, 39, 32)));
        QCOMPARE(m.count(7), std::uint64_t(1));
        QCOMPARE(m.count(0), std::uint64_t(70 * 40 * 33 - 1));
    }

    void brushPaintsDiskOfRadius()
    {
        Geometry g;
        g.dims = {64, 64, 4};
        g.spacing = {0.5, 1.0, 3.0}; // anisotropic in plane: an ellipse in voxels
        LabelMap m(g.dims);
        BrushStroke s(m, g, {SliceAxis::Axial, 2}, {2.0, BrushMode::Paint, 3});
        s.addPoint(32, 32);
        const LabelDelta d = s.finish();
        QCOMPARE(int(d.chunks.size()), 4); // the disk straddles the 32-voxel chunk corner
        QCOMPARE(m.at(32, 32, 2), std::uint8_t(3));
        QCOMPARE(m.at(36, 32, 2), std::uint8_t(3));  // 4 voxels * 0.5 mm = 2 mm: inside
        QCOMPARE(m.at(37, 32, 2), std::uint8_t(0));  // 2.5 mm: outside
        QCOMPARE(m.at(32, 34, 2), std::uint8_t(3));  // 2 voxels * 1 mm
        QCOMPARE(m.at(32, 35, 2), std::uint8_t(0));
        QCOMPARE(m.at(32, 32, 1), std::uint8_t(0));  // other slices untouched
        QCOMPARE(m.at(32, 32, 3), std::uint8_t(0));
    }

    void strokeHasNoGaps()
    {
        Geometry g;
        g.dims = {100, 20, 1};
        LabelMap m(g.dims);
        BrushStroke s(m, g, {SliceAxis::Axial, 0}, {0.5, BrushMode::Paint, 1});
        s.addPoint(5, 10);
        s.addPoint(90, 10); // one jump across 85 voxels
        s.finish();
        for (int i = 5; i <= 90; ++i)
            QCOMPARE(m.at(i, 10, 0), std::uint8_t(1));
        QCOMPARE(m.at(4, 10, 0), std::uint8_t(0));
        QCOMPARE(m.at(91, 10, 0), std::uint8_t(0));
    }

    void eraseOnlyTheActiveLabel()
    {
        Geometry g;
        g.dims = {20, 20, 1};
        LabelMap m(g.dims);
        m.set(5, 5, 0, 1);
        m.set(6, 5, 0, 2);
        BrushStroke s(m, g, {SliceAxis::Axial, 0}, {5.0, BrushMode::Erase, 1});
        s.addPoint(5, 5);
        s.finish();
        QCOMPARE(m.at(5, 5, 0), std::uint8_t(0));
        QCOMPARE(m.at(6, 5, 0), std::uint8_t(2));
    }

    void coronalAndSagittalPlanes()
    {
        Geometry g;
        g.dims = {40, 40, 40};
        LabelMap m(g.dims);
        BrushStroke c(m, g, {SliceAxis::Coronal, 7}, {0.4, BrushMode::Paint, 1});
        c.addPoint(3, 9); // u = i, v = k
        c.finish();
        QCOMPARE(m.at(3, 7, 9), std::uint8_t(1));
        BrushStroke s(m, g, {SliceAxis::Sagittal, 11}, {0.4, BrushMode::Paint, 2});
        s.addPoint(4, 12); // u = j, v = k
        s.finish();
        QCOMPARE(m.at(11, 4, 12), std::uint8_t(2));
        QCOMPARE(m.count(1) + m.count(2), std::uint64_t(2));
    }

    void undoRedoRestoresExactly()
    {
        Geometry g;
        g.dims = {80, 80, 10};
        LabelMap m(g.dims);
        LabelEditor editor(m, g);
        std::vector<std::vector<int>> saved;
        editor.setListener([&](const std::vector<int> &chunks) { saved.push_back(chunks); });

        editor.beginStroke({SliceAxis::Axial, 4}, {3.0, BrushMode::Paint, 1}, 10, 10);
        editor.continueStroke(50, 60);
        editor.endStroke();
        const LabelMap afterFirst = m;
        editor.beginStroke({SliceAxis::Axial, 4}, {6.0, BrushMode::Paint, 2}, 40, 40);
        editor.endStroke();
        const LabelMap afterSecond = m;
        QCOMPARE(int(saved.size()), 2);
        QVERIFY(afterFirst != afterSecond);

        QCOMPARE(editor.undo(), saved[1]);
        QVERIFY(m == afterFirst);
        editor.undo();
        QVERIFY(m == LabelMap(g.dims));
        QVERIFY(editor.undo().empty()); // nothing left
        editor.redo();
        QVERIFY(m == afterFirst);
        editor.redo();
        QVERIFY(m == afterSecond);
        QCOMPARE(int(saved.size()), 6); // 2 strokes + 2 undos + 2 redos reported their chunks
    }

    void newEditDropsRedo()
    {
        Geometry g;
        g.dims = {10, 10, 1};
        LabelMap m(g.dims);
        LabelEditor e(m, g);
        e.beginStroke({SliceAxis::Axial, 0}, {1.0, BrushMode::Paint, 1}, 2, 2);
        e.endStroke();
        e.undo();
        QVERIFY(e.history().canRedo());
        e.beginStroke({SliceAxis::Axial, 0}, {1.0, BrushMode::Paint, 1}, 7, 7);
        e.endStroke();
        QVERIFY(!e.history().canRedo());
        QCOMPARE(m.at(2, 2, 0), std::uint8_t(0));
        QCOMPARE(m.at(7, 7, 0), std::uint8_t(1));
    }

    void historyIsCappedByBytes()
    {
        Geometry g;
        g.dims = {32, 32, 32};
        LabelMap m(g.dims);
        UndoHistory h(3 * LabelMap::kChunkVoxels); // room for about one step (before + after)
        for (int n = 0; n < 5; ++n) {
            BrushStroke s(m, g, {SliceAxis::Axial, n}, {1.0, BrushMode::Paint, 1});
            s.addPoint(5, 5);
            h.push(s.finish());
        }
        QVERIFY(h.size() < 5);
        QVERIFY(h.size() >= 1);
        QVERIFY(h.bytes() <= 3 * LabelMap::kChunkVoxels);
    }

    void overlayTintsOnlyLabelledVoxels()
    {
        Geometry g;
        g.dims = {40, 36, 3};
        Volume v(g, ScalarType::Int16);
        for (std::size_t n = 0; n < v.voxelCount(); ++n)
            v.setValue(n, 40); // window centre: mid grey
        LabelMap m(g.dims);
        m.set(33, 2, 1, 4); // in the second chunk column
        LabelColors colors{};
        colors[4] = 0xff0000;
        std::vector<std::uint32_t> px(40 * 36);
        renderSlice(v, &m, {SliceAxis::Axial, 1}, {40, 400}, colors, px.data(), 40);
        const std::uint32_t grey = px[0];
        QCOMPARE(grey & 0xff, (grey >> 8) & 0xff);
        QCOMPARE(px[2 * 40 + 33], 0xff000000u | ((((grey & 0xfefefe) >> 1) + ((0xff0000 & 0xfefefe) >> 1)) & 0xffffff));
        QCOMPARE(px[2 * 40 + 32], grey);
        // Coronal plane through j = 2 sees the same voxel at (u = i, v = k).
        std::vector<std::uint32_t> cor(40 * 3);
        renderSlice(v, &m, {SliceAxis::Coronal, 2}, {40, 400}, colors, cor.data(), 40);
        QVERIFY(cor[1 * 40 + 33] != grey);
        QCOMPARE(cor[1 * 40 + 32], grey);
        // MONOCHROME1 inverts the grey.
        v.invertDisplay = true;
        renderSlice(v, nullptr, {SliceAxis::Axial, 1}, {-1000, 400}, colors, px.data(), 40);
        QCOMPARE(px[0], 0xff000000u); // 40 HU is far above a window at -1000: white, inverted to black
    }

    void strokeThatChangesNothingIsNotRecorded()
    {
        Geometry g;
        g.dims = {10, 10, 1};
        LabelMap m(g.dims);
        LabelEditor e(m, g);
        e.beginStroke({SliceAxis::Axial, 0}, {1.0, BrushMode::Erase, 1}, 5, 5);
        QVERIFY(e.endStroke().empty());
        QVERIFY(!e.history().canUndo());
    }
};

QTEST_GUILESS_MAIN(TstLabelMap)
#include "tst_labelmap.moc"
