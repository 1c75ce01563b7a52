// Tests core/image: window/level mapping, presets, axis-aligned reslicing, orientation labels.
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
