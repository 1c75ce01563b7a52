// Tests widgets/SliceView with QTest events on a real widget (offscreen platform): a mouse
// drag paints voxels into the label map, undo restores them exactly; wheel, keys and
// right-drag navigate.
#include "widgets/sliceview.h"

#include <QSignalSpy>
#include <QtTest>

using namespace sagitta;

class TstSliceView : public QObject {
    Q_OBJECT
private:
    std::shared_ptr<core::Volume> makeVolume()
    {
        core::Geometry g;
        g.dims = {64, 48, 20};
        g.spacing = {1.0, 1.0, 2.5};
        auto v = std::make_shared<core::Volume>(g, core::ScalarType::Int16);
        for (std::size_t n = 0; n < v->voxelCount(); ++n)
            v->setValue(n, double(n % 200) - 100.0);
        v->unit = "HU";
        return v;
    }

private Q_SLOTS:
    void dragPaintsAndUndoRestores()
    {
        auto volume = makeVolume();
        core::LabelMap labels(volume->geometry().dims);
        core::LabelEditor editor(labels, volume->geometry());
        int saves = 0;
        editor.setListener([&](const std::vector<int> &) { ++saves; });

        widgets::SliceView view;
        view.resize(640, 480);
        view.setVolume(volume);
        view.setLabelEditor(&editor);
        core::Segment seg;
        seg.label = 1;
        seg.rgb = 0xff0000;
        view.setSegments({seg});
        view.setActiveLabel(1);
        view.setTool(widgets::SliceView::Tool::Paint);
        view.setBrushRadius(2.0);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const int slice = view.slice();
        QCOMPARE(slice, 10);

        const core::LabelMap before = labels;
        QSignalSpy finished(&view, &widgets::SliceView::strokeFinished);
        const QPoint a = view.voxelToWidget({10, 10}).toPoint();
        const QPoint b = view.voxelToWidget({40, 30}).toPoint();
        QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, a);
        for (int s = 1; s <= 10; ++s)
            QTest::mouseMove(&view, a + (b - a) * s / 10);
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, b);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(saves, 1);

        // Voxels along the path are painted on the current slice only.
        QCOMPARE(int(labels.at(10, 10, slice)), 1);
        QCOMPARE(int(labels.at(25, 20, slice)), 1);
        QCOMPARE(int(labels.at(40, 30, slice)), 1);
        QCOMPARE(int(labels.at(10, 30, slice)), 0);
        QCOMPARE(int(labels.at(25, 20, slice + 1)), 0);
        const std::uint64_t painted = labels.count(1);
        QVERIFY(painted > 100 && painted < 400); // a 4 mm wide band about 36 mm long

        editor.undo();
        QVERIFY(labels == before);
        editor.redo();
        QCOMPARE(labels.count(1), painted);
    }

    // A colour volume is shown in its own colours (identity window), not as grey.
    void colourVolumeShowsItsColours()
    {
        core::Geometry g;
        g.dims = {40, 30, 6};
        auto v = std::make_shared<core::Volume>(g, core::ScalarType::Rgb24);
        std::uint8_t *rgb = v->data<std::uint8_t>();
        for (std::size_t n = 0; n < v->voxelCount(); ++n) {
            rgb[3 * n] = 200;
            rgb[3 * n + 1] = 40;
            rgb[3 * n + 2] = 90;
        }
        widgets::SliceView view;
        view.resize(400, 300);
        view.setVolume(v);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QImage shot = view.grab().toImage();
        const QColor c = shot.pixelColor(view.voxelToWidget({20, 15}).toPoint());
        QVERIFY2(std::abs(c.red() - 200) <= 1 && std::abs(c.green() - 40) <= 1 && std::abs(c.blue() - 90) <= 1,
                 qPrintable(c.name()));
    }

    void navigateWithWheelKeysAndRightDrag()
    {
        auto volume = makeVolume();
        widgets::SliceView view;
        view.resize(400, 300);
        view.setVolume(volume);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy sliceSpy(&view, &widgets::SliceView::sliceChanged);
        const int start = view.slice();

        QWheelEvent wheel(QPointF(200, 150), view.mapToGlobal(QPointF(200, 150)), QPoint(), QPoint(0, 240),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(&view, &wheel);
        QCOMPARE(view.slice(), start + 2);
        QTest::keyClick(&view, Qt::Key_Down);
        QCOMPARE(view.slice(), start + 1);
        QTest::keyClick(&view, Qt::Key_End);
        QCOMPARE(view.slice(), 19);
        QTest::keyClick(&view, Qt::Key_Up); // clamped at the last slice
        QCOMPARE(view.slice(), 19);
        QCOMPARE(sliceSpy.count(), 3);

        const core::WindowLevel w0 = view.window();
        QTest::mousePress(&view, Qt::RightButton, Qt::NoModifier, QPoint(100, 100));
        QTest::mouseMove(&view, QPoint(150, 120));
        QTest::mouseRelease(&view, Qt::RightButton, Qt::NoModifier, QPoint(150, 120));
        QVERIFY(view.window().width > w0.width);
        QVERIFY(view.window().center > w0.center);

        QWheelEvent zoom(QPointF(200, 150), view.mapToGlobal(QPointF(200, 150)), QPoint(), QPoint(0, 120),
                         Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(&view, &zoom);
        QVERIFY(view.zoom() > 1.0);
        QCOMPARE(view.slice(), 19); // Ctrl+wheel zooms, it does not scroll
    }

    void cursorShowsValueUnderMouse()
    {
        auto volume = makeVolume();
        widgets::SliceView view;
        view.resize(400, 300);
        view.setVolume(volume);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTest::mouseMove(&view, view.voxelToWidget({5, 7}).toPoint());
        const double expected = volume->value(5, 7, view.slice());
        QVERIFY2(view.cursorText().contains(QStringLiteral("(5, 7, %1)").arg(view.slice())), qPrintable(view.cursorText()));
        QVERIFY2(view.cursorText().contains(QString::number(expected) + QStringLiteral(" HU")), qPrintable(view.cursorText()));
    }
};

QTEST_MAIN(TstSliceView)
#include "tst_sliceview.moc"
