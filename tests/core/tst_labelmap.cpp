// Tests core/labels: chunked label map, brush strokes, deltas, undo/redo history.
#include "core/base/error.h"
#include "core/labels/labeledit.h"
#include "core/labels/labeleditor.h"
#include "core/labels/overlay.h"

#include <QtTest>

using namespace sagitta::core;

class TstLabelMap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A step may change more than voxels (a segment removed with its voxels): undo puts the
    // command back, then the voxels; a command that fails leaves the step where it was.
    void undoStepsWithCommands()
    {
        struct Counter : EditCommand {
            int undos = 0, redos = 0;
            bool failUndo = false;
            void undo() override
            {
                if (failUndo)
                    throw Error("the project is busy");
                ++undos;
            }
            void redo() override { ++redos; }
        };
        Geometry g;
        g.dims = {40, 40, 4};
        LabelMap map(g.dims);
        for (int i = 0; i < 40; ++i)
            map.set(i, 3, 1, 5);
        LabelEditor editor(map, g);
        LabelEdit edit = editor.edit();
        QCOMPARE(edit.eraseAll(5), std::size_t(40));
        auto command = std::make_shared<Counter>();
        QCOMPARE(editor.apply(edit.finish(), command).size(), std::size_t(2));
        QCOMPARE(map.count(5), std::uint64_t(0));
        editor.undo();
        QCOMPARE(command->undos, 1);
        QCOMPARE(map.count(5), std::uint64_t(40));
        editor.redo();
        QCOMPARE(command->redos, 1);
        QCOMPARE(map.count(5), std::uint64_t(0));
        command->failUndo = true;
        QVERIFY_THROWS_EXCEPTION(Error, editor.undo());
        QCOMPARE(map.count(5), std::uint64_t(0)); // nothing changed
        QVERIFY(editor.history().canUndo());
        // A step with a command and no voxels (a rename) is a step too.
        auto rename = std::make_shared<Counter>();
        editor.apply({}, rename);
        command->failUndo = false;
        editor.undo();
        QCOMPARE(rename->undos, 1);
        QCOMPARE(command->undos, 1);
    }

    // Every effect writes through LabelEdit: the mask decides, exactly, which voxels change;
    // the edit becomes one undo step whatever its size.
    void editMaskDecidesEveryVoxel()
    {
        Geometry g;
        g.dims = {40, 8, 8};
        Volume image(g, ScalarType::Int16);
        for (int k = 0; k < 8; ++k)
            for (int j = 0; j < 8; ++j)
                for (int i = 0; i < 40; ++i)
                    image.setValue(image.index(i, j, k), double(i)); // the value is the column
        LabelMap map(g.dims);
        map.set(1, 1, 1, 2); // a locked segment's voxel
        map.set(2, 1, 1, 3); // another segment's voxel
        map.set(3, 1, 1, 3);

        EditMask mask;
        mask.locked[2] = true;
        LabelEdit locked(map, &image, mask);
        QVERIFY(!locked.write(1, 1, 1, 1));   // a locked segment keeps its voxels
        QVERIFY(!locked.write(5, 1, 1, 2));   // and nothing is written as it
        QVERIFY(locked.write(2, 1, 1, 1));    // others may be overwritten by default
        QVERIFY(!locked.write(99, 1, 1, 1));  // outside the map
        QCOMPARE(int(locked.finish().chunks.size()), 1);
        QCOMPARE(int(map.at(1, 1, 1)), 2);
        QCOMPARE(int(map.at(2, 1, 1)), 1);

        mask = {};
        mask.overwriteOthers = false;
        LabelEdit keep(map, &image, mask);
        QVERIFY(!keep.write(3, 1, 1, 1));     // segment 3 is left alone
        QVERIFY(keep.write(4, 1, 1, 1));      // background is painted
        QVERIFY(keep.erase(4, 1, 1, 1));
        QVERIFY(!keep.erase(3, 1, 1, 1));     // erasing label 1 does not touch label 3
        QVERIFY(keep.finish().empty());       // painted and erased again: no change at all

        mask = {};
        mask.area = EditMask::Area::InsideSegment;
        mask.insideLabel = 3;
        LabelEdit inside(map, &image, mask);
        QVERIFY(!inside.write(10, 1, 1, 1));
        QVERIFY(inside.write(3, 1, 1, 1));
        inside.finish();
        mask.area = EditMask::Area::OutsideSegments;
        LabelEdit outside(map, &image, mask);
        QVERIFY(!outside.write(3, 1, 1, 4));
        QVERIFY(outside.write(10, 1, 1, 4));
        outside.finish();

        mask = {};
        mask.useIntensityRange = true;
        mask.low = 10;
        mask.high = 20;
        LabelEditor editor(map, g);
        editor.setVolume(&image);
        editor.setMask(mask);
        int notified = 0;
        editor.setListener([&](const std::vector<int> &chunks) { notified += int(chunks.size()); });
        LabelEdit range = editor.edit();
        int written = 0;
        for (int i = 0; i < 40; ++i)
            written += range.write(i, 5, 5, 7);
        QCOMPARE(written, 11); // columns 10..20
        QCOMPARE(int(map.at(9, 5, 5)), 0);
        QCOMPARE(int(map.at(21, 5, 5)), 0);
        QCOMPARE(editor.apply(range.finish()).size(), std::size_t(1)); // columns 10..20: one chunk
        QCOMPARE(notified, 1);
        QCOMPARE(map.count(7), std::uint64_t(11));
        editor.undo();
        QCOMPARE(map.count(7), std::uint64_t(0));
        editor.redo();
        QCOMPARE(map.count(7), std::uint64_t(11));
        // The brush goes the same way: a paint stroke across the row stays in the range.
        editor.beginStroke({SliceAxis::Axial, 6}, {1.0, BrushMode::Paint, 8}, 0, 3);
        editor.continueStroke(39, 3);
        editor.endStroke();
        for (int i = 0; i < 40; ++i)
            QCOMPARE(int(map.at(i, 3, 6)), i >= 10 && i <= 20 ? 8 : 0);
    }

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
        LabelStyle colors{};
        colors.set(4, 0xff0000, 0.5);
        std::vector<std::uint32_t> px(40 * 36);
        renderSlice(v, &m, {SliceAxis::Axial, 1}, {40, 400}, colors, px.data(), 40);
        const std::uint32_t grey = px[0];
        QCOMPARE(grey & 0xff, (grey >> 8) & 0xff);
        QCOMPARE(px[2 * 40 + 33], blendPixel(grey, 0xff0000, 128));
        QVERIFY(qAbs(int((px[2 * 40 + 33] >> 16) & 0xff) - int((grey & 0xff) + (255 - (grey & 0xff)) / 2)) <= 1); // half way to red
        QCOMPARE(px[2 * 40 + 32], grey);
        // Coronal plane through j = 2 sees the same voxel at (u = i, v = k).
        std::vector<std::uint32_t> cor(40 * 3);
        renderSlice(v, &m, {SliceAxis::Coronal, 2}, {40, 400}, colors, cor.data(), 40);
        QVERIFY(cor[1 * 40 + 33] != grey);
        QCOMPARE(cor[1 * 40 + 32], grey);
        // Opaque, outlined, hidden: a 5 x 5 block of label 4 around (10, 10).
        for (int j = 8; j <= 12; ++j)
            for (int i = 8; i <= 12; ++i)
                m.set(i, j, 1, 4);
        colors.set(4, 0xff0000, 1.0);
        renderSlice(v, &m, {SliceAxis::Axial, 1}, {40, 400}, colors, px.data(), 40);
        QCOMPARE(px[10 * 40 + 10], 0xffff0000u);
        colors.display = LabelDisplay::Outline;
        renderSlice(v, &m, {SliceAxis::Axial, 1}, {40, 400}, colors, px.data(), 40);
        QCOMPARE(px[8 * 40 + 10], 0xffff0000u);  // the block's edge
        QCOMPARE(px[10 * 40 + 12], 0xffff0000u);
        QCOMPARE(px[10 * 40 + 10], grey);         // its inside is not filled
        QCOMPARE(px[9 * 40 + 9], grey);
        colors.display = LabelDisplay::FillAndOutline;
        colors.set(4, 0xff0000, 0.5);
        renderSlice(v, &m, {SliceAxis::Axial, 1}, {40, 400}, colors, px.data(), 40);
        QCOMPARE(px[8 * 40 + 10], 0xffff0000u);
        QCOMPARE(px[10 * 40 + 10], blendPixel(grey, 0xff0000, 128));
        Segment hidden;
        hidden.label = 4;
        hidden.visible = false;
        renderSlice(v, &m, {SliceAxis::Axial, 1}, {40, 400}, LabelStyle::of({hidden}), px.data(), 40);
        QCOMPARE(px[10 * 40 + 10], grey);
        QCOMPARE(px[2 * 40 + 33], grey);
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
