// Tests core/labels: chunked label map, brush strokes, deltas, undo/redo history.
#include "core/base/error.h"
#include "core/labels/labeledit.h"
#include "core/labels/labeleditor.h"
#include "core/labels/logical.h"
#include "core/labels/overlay.h"

#include <QtTest>

#include <random>

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
        QCOMPARE(logicalOperation(edit, LogicalOp::Clear, 5), std::size_t(40));
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
        {
            // Segment 3 keeps its voxel; segment 1 overlaps it from a layer of its own.
            LabelMap overlap = map;
            LabelEdit keep(overlap, &image, mask);
            QVERIFY(keep.write(3, 1, 1, 1));
            QCOMPARE(int(overlap.at(3, 1, 1)), 3);
            QVERIFY(overlap.holds(3, 1, 1, 1) && overlap.holds(3, 1, 1, 3));
            QCOMPARE(overlap.layerOf(1), 1);
            QVERIFY(overlap.holds(2, 1, 1, 1)); // its other voxel moved along
            QCOMPARE(int(overlap.at(2, 1, 1)), 0);
            const LabelDelta delta = keep.finish();
            QCOMPARE(delta.layers.at(1), std::make_pair(0, 1));
            delta.apply(overlap, false);
            QVERIFY(overlap == map);
            QCOMPARE(overlap.layerCount(), 1);
        }
        LabelEdit keep(map, &image, mask);
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
        editor.setListener([&](const LabelChange &c) { notified += int(c.chunks.size()); });
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

    // The bulk path (LabelEdit::writeChunk / eraseChunk) gives exactly what the per-voxel calls
    // give, under every part of the mask, and the same delta.
    void bulkWriteMatchesPerVoxelWrites()
    {
        Geometry g;
        g.dims = {45, 40, 33}; // edge chunks are partial
        Volume image(g, ScalarType::Int16);
        std::mt19937 rng(7);
        for (std::size_t n = 0; n < image.voxelCount(); ++n)
            image.setValue(n, double(rng() % 100));
        LabelMap start1(g.dims);
        for (int n = 0; n < 20000; ++n)
            start1.set(int(rng() % 45), int(rng() % 40), int(rng() % 33), std::uint8_t(rng() % 4));
        const LabelMap &start = start1;
        std::vector<std::uint8_t> select(LabelMap::kChunkVoxels);
        for (auto &s : select)
            s = std::uint8_t(rng() % 3 == 0);

        // The same on a map of two layers: label 3 on layer 1, overlapping labels 1 and 2.
        LabelMap layered = start;
        layered.moveLabel(3, 1);
        for (int n = 0; n < 20000; ++n)
            layered.set(int(rng() % 45), int(rng() % 40), int(rng() % 33), std::uint8_t(rng() % 3));
        QCOMPARE(layered.layerCount(), 2);

        std::vector<EditMask> masks(6);
        masks[1].locked[2] = true;
        masks[2].area = EditMask::Area::InsideSegment;
        masks[2].insideLabel = 3;
        masks[3].area = EditMask::Area::OutsideSegments;
        masks[3].overwriteOthers = false;
        masks[4].useIntensityRange = true;
        masks[4].low = 20;
        masks[4].high = 60;
        masks[5].overwriteOthers = false; // label 1 moves to a new layer (one layer at the start)
        for (int startLayers = 1; startLayers <= 2; ++startLayers)
        for (std::size_t m = 0; m < masks.size(); ++m)
            for (int erase = 0; erase < 2; ++erase) {
                if (startLayers == 2 && m == 5)
                    continue; // the layer chosen per voxel and per chunk may differ there
                const EditMask &mask = masks[m];
                const LabelMap &start = startLayers == 1 ? start1 : layered;
                LabelMap bulkMap = start, voxelMap = start;
                LabelEdit bulk(bulkMap, &image, mask), voxel(voxelMap, &image, mask);
                std::size_t bulkChanged = 0, voxelChanged = 0;
                for (int c = 0; c < start.chunkCount(); ++c)
                    bulkChanged += erase ? bulk.eraseChunk(c, select.data(), 1) : bulk.writeChunk(c, select.data(), 1);
                for (int k = 0; k < 33; ++k)
                    for (int j = 0; j < 40; ++j)
                        for (int i = 0; i < 45; ++i)
                            if (select[LabelMap::offsetInChunk(i, j, k)])
                                voxelChanged += erase ? voxel.erase(i, j, k, 1) : voxel.write(i, j, k, 1);
                QVERIFY(voxelChanged > 0 || erase);
                QCOMPARE(bulkChanged, voxelChanged);
                QVERIFY(bulkMap == voxelMap);
                // The batched, parallel form over all chunks at once gives the same again.
                LabelMap batchMap = start;
                LabelEdit batch(batchMap, &image, mask);
                std::vector<LabelEdit::ChunkSelection> all;
                for (int c = 0; c < start.chunkCount(); ++c)
                    all.push_back({c, select.data()});
                QCOMPARE(erase ? batch.eraseChunks(all, 1) : batch.writeChunks(all, 1), voxelChanged);
                QVERIFY(batchMap == voxelMap);
                const LabelDelta a = bulk.finish(), b = voxel.finish(), c = batch.finish();
                QCOMPARE(a.chunkIndices(), b.chunkIndices());
                QCOMPARE(c.chunkIndices(), b.chunkIndices());
                for (const auto &[index, change] : a.chunks)
                    QVERIFY(change.before == b.chunks.at(index).before);
            }
        // A batch naming one chunk twice applies both, in order (here: paint 1, then 2 over it).
        LabelMap twice(g.dims);
        LabelEdit edit(twice);
        std::vector<std::uint8_t> one(LabelMap::kChunkVoxels, 0);
        one[LabelMap::offsetInChunk(3, 4, 5)] = 1;
        QCOMPARE(edit.writeChunks({{0, one.data()}, {1, one.data()}}, 1), std::size_t(2));
        QCOMPARE(edit.writeChunks({{0, one.data()}, {0, select.data()}}, 2), std::size_t(1 + std::count(select.begin(), select.end(), 1) - select[LabelMap::offsetInChunk(3, 4, 5)]));
        QCOMPARE(int(twice.at(3, 4, 5)), 2);
        QCOMPARE(int(twice.at(35, 4, 5)), 1);
    }

    // A lesion painted inside its organ with other segments left alone: both keep every voxel,
    // the lesion on a second layer made by that edit; one undo step takes the layer away again.
    void lesionInsideOrganKeepsBoth()
    {
        Geometry g;
        g.dims = {40, 40, 4};
        LabelMap map(g.dims);
        for (int j = 5; j < 35; ++j)
            for (int i = 5; i < 35; ++i)
                map.set(i, j, 2, 1); // the organ: 30 x 30 on slice 2
        const LabelMap organOnly = map;
        LabelEditor editor(map, g);
        EditMask mask;
        mask.overwriteOthers = false;
        editor.setMask(mask);
        std::vector<int> saved;
        editor.setListener([&](const LabelChange &c) { saved = c.chunks; });
        // Lesion 2: a disk of radius 3 mm at (20, 20), inside the organ.
        editor.beginStroke({SliceAxis::Axial, 2}, {3.0, BrushMode::Paint, 2}, 20, 20);
        editor.endStroke();
        QCOMPARE(map.layerCount(), 2);
        QCOMPARE(map.layerOf(1), 0);
        QCOMPARE(map.layerOf(2), 1);
        QCOMPARE(map.count(1), std::uint64_t(900)); // the organ keeps all its voxels
        std::uint64_t lesion = 0;
        for (int j = 0; j < 40; ++j)
            for (int i = 0; i < 40; ++i) {
                const bool inDisk = (i - 20) * (i - 20) + (j - 20) * (j - 20) <= 9;
                QCOMPARE(map.holds(i, j, 2, 2), inDisk);
                QCOMPARE(map.holds(i, j, 2, 1), i >= 5 && i < 35 && j >= 5 && j < 35);
                QCOMPARE(map.top(i, j, 2), std::uint8_t(inDisk ? 2 : map.at(i, j, 2)));
                lesion += inDisk;
            }
        QCOMPARE(map.count(2), lesion);
        QCOMPARE(lesion, std::uint64_t(29));
        QCOMPARE(saved, std::vector<int>{map.chunkCount() + 0}); // layer 1's chunk 0 only
        const LabelMap painted = map;

        editor.undo(); // the single layer again, exactly
        QCOMPARE(map.layerCount(), 1);
        QCOMPARE(map.layerOf(2), 0);
        QVERIFY(map == organOnly);
        editor.redo();
        QVERIFY(map == painted);

        // Growing the lesion moves nothing: it is already on a layer where it fits.
        editor.beginStroke({SliceAxis::Axial, 2}, {3.0, BrushMode::Paint, 2}, 24, 20);
        editor.endStroke();
        QCOMPARE(map.layerCount(), 2);
        QCOMPARE(map.count(1), std::uint64_t(900));

        // Overwrite on: painting the organ over the lesion takes the lesion's voxels (all layers).
        mask.overwriteOthers = true;
        editor.setMask(mask);
        LabelEdit over = editor.edit();
        QVERIFY(over.write(20, 20, 2, 1) == false); // the organ holds it already: nothing to do
        QVERIFY(over.write(20, 20, 2, 3));          // a third segment takes the voxel from both
        QVERIFY(!map.holds(20, 20, 2, 1) && !map.holds(20, 20, 2, 2) && map.holds(20, 20, 2, 3));
        editor.apply(over.finish());

        // Bulk writes move the same way: label 4 written over a chunk of the organ, others kept.
        mask.overwriteOthers = false;
        editor.setMask(mask);
        LabelEdit bulk = editor.edit();
        std::vector<std::uint8_t> select(LabelMap::kChunkVoxels, 0);
        for (int i = 0; i < 10; ++i)
            select[LabelMap::offsetInChunk(i, 6, 2)] = 1; // row j = 6: 5 background + 5 organ
        QCOMPARE(bulk.writeChunk(0, select.data(), 4), std::size_t(10));
        QCOMPARE(map.layerOf(4), 1); // layer 1 has room (the lesion is elsewhere)
        for (int i = 0; i < 10; ++i) {
            QVERIFY(map.holds(i, 6, 2, 4));
            QCOMPARE(map.holds(i, 6, 2, 1), i >= 5);
        }
        const LabelDelta delta = bulk.finish();
        QCOMPARE(delta.layers.at(4), std::make_pair(0, 1));

        // A segment whose layers were dropped (emptied) is written just above the map again.
        LabelMap dropped(g.dims);
        dropped.setLayerOf(7, 3); // layers 1..3 gone, 7 has no voxels
        LabelEdit late(dropped);
        QVERIFY(late.write(1, 1, 1, 7));
        QCOMPARE(dropped.layerOf(7), 1);
        QVERIFY(dropped.holds(1, 1, 1, 7));
        QCOMPARE(late.finish().layers.at(7), std::make_pair(3, 1));
    }

    // Sphere brush: an ellipsoid in voxels from the spacing of all three axes, radius in mm.
    void sphereBrushIsEllipsoidFromSpacing()
    {
        Geometry g;
        g.dims = {48, 40, 40};
        g.spacing = {0.5, 1.0, 2.0};
        LabelMap m(g.dims);
        BrushSettings settings{4.0, BrushMode::Paint, 5};
        settings.shape = BrushShape::Sphere;
        BrushStroke s(m, g, {SliceAxis::Axial, 20}, settings);
        s.addPoint(24, 20);
        s.finish();
        std::uint64_t expected = 0;
        for (int k = 0; k < 40; ++k)
            for (int j = 0; j < 40; ++j)
                for (int i = 0; i < 48; ++i) {
                    const double x = (i - 24) * 0.5, y = (j - 20) * 1.0, z = (k - 20) * 2.0;
                    const bool in = x * x + y * y + z * z <= 16.0;
                    expected += in;
                    QCOMPARE(int(m.at(i, j, k)), in ? 5 : 0);
                }
        QCOMPARE(m.count(5), expected);
        QCOMPARE(int(m.at(32, 20, 20)), 5); // 8 voxels * 0.5 mm = 4 mm
        QCOMPARE(int(m.at(33, 20, 20)), 0);
        QCOMPARE(int(m.at(24, 24, 20)), 5); // 4 voxels * 1 mm
        QCOMPARE(int(m.at(24, 25, 20)), 0);
        QCOMPARE(int(m.at(24, 20, 22)), 5); // 2 slices * 2 mm
        QCOMPARE(int(m.at(24, 20, 23)), 0);
        QCOMPARE(int(m.at(24, 20, 17)), 0);

        // On a sagittal plane the sphere is centred at (i = index, j = u, k = v).
        LabelMap sag(g.dims);
        BrushStroke t(sag, g, {SliceAxis::Sagittal, 10}, settings);
        t.addPoint(15, 12);
        t.finish();
        QCOMPARE(sag.count(5), expected);
        QCOMPARE(int(sag.at(18, 15, 12)), 5);
        QCOMPARE(int(sag.at(19, 15, 12)), 0);
        QCOMPARE(int(sag.at(10, 15, 14)), 5);
        QCOMPARE(int(sag.at(10, 15, 15)), 0);

        // Through the editor, a sphere stroke erases again and is one undo step.
        LabelEditor editor(m, g);
        BrushSettings eraser = settings;
        eraser.mode = BrushMode::Erase;
        editor.beginStroke({SliceAxis::Axial, 20}, eraser, 24, 20);
        QVERIFY(!editor.endStroke().empty());
        QCOMPARE(m.count(5), std::uint64_t(0));
        editor.undo();
        QCOMPARE(m.count(5), expected);
    }

    // A radius in pixels of the slice, the brush staying round in mm.
    void brushRadiusInPixels()
    {
        Geometry g;
        g.dims = {40, 40, 3};
        g.spacing = {0.5, 1.0, 1.0};
        LabelMap m(g.dims);
        BrushSettings settings{100.0, BrushMode::Paint, 2}; // radiusMm is ignored
        settings.radiusPixels = 4;                            // 4 * 0.5 mm = 2 mm
        BrushStroke s(m, g, {SliceAxis::Axial, 1}, settings);
        s.addPoint(20, 20);
        s.finish();
        QCOMPARE(int(m.at(24, 20, 1)), 2);
        QCOMPARE(int(m.at(25, 20, 1)), 0);
        QCOMPARE(int(m.at(20, 22, 1)), 2); // 2 rows * 1 mm
        QCOMPARE(int(m.at(20, 23, 1)), 0);
        QCOMPARE(int(m.at(20, 20, 0)), 0);
        std::uint64_t expected = 0;
        for (int j = 0; j < 40; ++j)
            for (int i = 0; i < 40; ++i)
                expected += std::pow((i - 20) * 0.5, 2) + std::pow(j - 20, 2) <= 4.0;
        QCOMPARE(m.count(2), expected);
    }

    // Threshold paint: a sphere dab under an intensity range paints only voxels in range.
    void sphereDabPaintsOnlyInRange()
    {
        Geometry g;
        g.dims = {40, 40, 40};
        Volume image(g, ScalarType::Int16);
        for (int k = 0; k < 40; ++k)
            for (int j = 0; j < 40; ++j)
                for (int i = 0; i < 40; ++i)
                    image.setValue(image.index(i, j, k), double(i + j)); // a ramp
        LabelMap m(g.dims);
        EditMask mask;
        mask.useIntensityRange = true;
        mask.low = 38;
        mask.high = 41;
        LabelEditor editor(m, g);
        editor.setVolume(&image);
        editor.setMask(mask);
        BrushSettings settings{5.0, BrushMode::Paint, 3};
        settings.shape = BrushShape::Sphere;
        editor.beginStroke({SliceAxis::Axial, 20}, settings, 20, 20);
        editor.endStroke();
        std::uint64_t expected = 0;
        for (int k = 0; k < 40; ++k)
            for (int j = 0; j < 40; ++j)
                for (int i = 0; i < 40; ++i) {
                    const bool inSphere = (i - 20) * (i - 20) + (j - 20) * (j - 20) + (k - 20) * (k - 20) <= 25;
                    const bool inRange = i + j >= 38 && i + j <= 41;
                    expected += inSphere && inRange;
                    QCOMPARE(int(m.at(i, j, k)), inSphere && inRange ? 3 : 0);
                }
        QVERIFY(expected > 100);
        QCOMPARE(int(m.at(20, 20, 24)), 3); // 40, four slices above
        QCOMPARE(int(m.at(17, 20, 20)), 0); // 37: in the sphere, below the range
        QCOMPARE(int(m.at(22, 20, 20)), 0); // 42: above it
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
        editor.setListener([&](const LabelChange &c) { saved.push_back(c.chunks); });

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
        // Overlapping segments: label 6 on layer 1 over part of the block; where both are, the
        // upper one is blended over the lower (each at its opacity); a hidden one is left out.
        for (int i = 10; i <= 14; ++i)
            m.set(i, 10, 1, 6, 1);
        m.setLayerOf(6, 1);
        LabelStyle both{};
        both.set(4, 0xff0000, 0.5);
        both.set(6, 0x0000ff, 0.5);
        renderSlice(v, &m, {SliceAxis::Axial, 1}, {40, 400}, both, px.data(), 40);
        QCOMPARE(px[10 * 40 + 10], blendPixel(blendPixel(grey, 0xff0000, 128), 0x0000ff, 128)); // both
        QCOMPARE(px[10 * 40 + 14], blendPixel(grey, 0x0000ff, 128));                            // 6 only
        QCOMPARE(px[9 * 40 + 10], blendPixel(grey, 0xff0000, 128));                             // 4 only
        both.shown[4] = false;
        renderSlice(v, &m, {SliceAxis::Axial, 1}, {40, 400}, both, px.data(), 40);
        QCOMPARE(px[10 * 40 + 10], blendPixel(grey, 0x0000ff, 128));
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
