// Tests core/image: window/level mapping, presets, axis-aligned reslicing, orientation labels.
#include "core/image/measure.h"
#include "core/image/slice.h"

#include <QtTest>

using namespace sagitta::core;

class TstSlice : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void windowLevelIsLinearAndClamped()
    {
        const WindowLevel wl{40.0, 400.0};
        QCOMPARE(int(wl.grey(-1000)), 0);
        QCOMPARE(int(wl.grey(-160)), 0);
        QCOMPARE(int(wl.grey(240)), 255);
        QVERIFY(qAbs(int(wl.grey(40)) - 128) <= 1);
        QVERIFY(wl.grey(0) < wl.grey(100));
    }

    void ctPresets()
    {
        QStringList ids;
        for (const auto &p : ctWindowPresets())
            ids << QString::fromStdString(p.id);
        QCOMPARE(ids, (QStringList{"ct-soft-tissue", "ct-lung", "ct-bone", "ct-brain"}));
        QCOMPARE(ctWindowPresets()[1].window.center, -600.0);
    }

    void reslicesEachPlane_data()
    {
        QTest::addColumn<int>("type");
        QTest::newRow("int16") << int(ScalarType::Int16);
        QTest::newRow("uint16") << int(ScalarType::UInt16);
        QTest::newRow("float32") << int(ScalarType::Float32);
        QTest::newRow("int32") << int(ScalarType::Int32);
        QTest::newRow("rgb24 (grey values: luminance)") << int(ScalarType::Rgb24);
    }

    void reslicesEachPlane()
    {
        QFETCH(int, type);
        Geometry g;
        g.dims = {5, 4, 3};
        Volume v(g, ScalarType(type));
        for (int k = 0; k < 3; ++k)
            for (int j = 0; j < 4; ++j)
                for (int i = 0; i < 5; ++i)
                    v.setValue(v.index(i, j, k), 100 * k + 10 * j + i);
        const WindowLevel identity{128.0, 256.0}; // DICOM linear: grey = value for 0..255
        std::vector<std::uint8_t> out;
        windowSlice(v, {SliceAxis::Axial, 2}, identity, out);
        QCOMPARE(int(out.size()), 20);
        QCOMPARE(int(out[std::size_t(1 * 5 + 3)]), 213); // (i=3, j=1, k=2)
        windowSlice(v, {SliceAxis::Coronal, 3}, identity, out);
        QCOMPARE(int(out.size()), 15);
        QCOMPARE(int(out[std::size_t(1 * 5 + 4)]), 134); // (i=4, j=3, k=1)
        windowSlice(v, {SliceAxis::Sagittal, 1}, identity, out);
        QCOMPARE(int(out.size()), 12);
        QCOMPARE(int(out[std::size_t(2 * 4 + 2)]), 221); // (i=1, j=2, k=2)
    }

    void rulerAndRoiStatistics()
    {
        Geometry g;
        g.dims = {20, 20, 2};
        g.spacing = {0.5, 2.0, 3.0};
        Volume v(g, ScalarType::Float32);
        for (int j = 0; j < 20; ++j)
            for (int i = 0; i < 20; ++i)
                v.setValue(v.index(i, j, 1), i < 10 ? 100.0 : 200.0);
        // 6 voxels along i (3 mm) and 2 along j (4 mm): 5 mm.
        QVERIFY(qAbs(rulerLengthMm(g, {SliceAxis::Axial, 1}, 2, 3, 8, 5) - 5.0) < 1e-9);
        const RoiStats left = roiStatistics(v, {SliceAxis::Axial, 1}, RoiShape::Rectangle, 0, 0, 9, 4);
        QCOMPARE(left.voxels, std::size_t(50)); // 10 x 5 voxel centres
        QCOMPARE(left.mean, 100.0);
        QCOMPARE(left.sd, 0.0);
        QVERIFY(qAbs(left.areaMm2 - 50 * 0.5 * 2.0) < 1e-9);
        const RoiStats both = roiStatistics(v, {SliceAxis::Axial, 1}, RoiShape::Rectangle, 8, 0, 11, 0);
        QCOMPARE(both.voxels, std::size_t(4));
        QCOMPARE(both.mean, 150.0);
        QCOMPARE(both.min, 100.0);
        QCOMPARE(both.max, 200.0);
        QVERIFY(qAbs(both.sd - std::sqrt(10000.0 / 3)) < 1e-6); // sample SD of 100, 100, 200, 200
        const RoiStats disk = roiStatistics(v, {SliceAxis::Axial, 1}, RoiShape::Ellipse, 2, 2, 8, 8);
        const RoiStats square = roiStatistics(v, {SliceAxis::Axial, 1}, RoiShape::Rectangle, 2, 2, 8, 8);
        QVERIFY(disk.voxels < square.voxels && disk.voxels > square.voxels / 2);
    }

    void orientationLabels()
    {
        QCOMPARE(orientationLabel({1, 0, 0}), std::string("L"));
        QCOMPARE(orientationLabel({-1, 0, 0}), std::string("R"));
        QCOMPARE(orientationLabel({0, 1, 0}), std::string("P"));
        QCOMPARE(orientationLabel({0, 0, -1}), std::string("I"));
        QCOMPARE(orientationLabel({0.2, -0.6, 0.77}), std::string("SA"));
    }
};

QTEST_GUILESS_MAIN(TstSlice)
#include "tst_slice.moc"
