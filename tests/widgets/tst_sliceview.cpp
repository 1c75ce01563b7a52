// Tests widgets/SliceView with QTest events on a real widget (offscreen platform): a mouse
// drag paints voxels into the label map, undo restores them exactly; wheel, keys and
// right-drag navigate.
#include "widgets/sliceview.h"

#include "core/labels/outline.h"
#include "core/labels/threshold.h"

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
        editor.setListener([&](const core::LabelChange &) { ++saves; });

        widgets::SliceView view;
        view.resize(640, 480);
        view.setVolume(volume);
        view.setLabelEditor(&editor);
        core::Segment seg;
        seg.label = 1;
        seg.rgb = 0xff0000;
        view.setSegments({seg});
        view.setActiveLabel(1);
        widgets::BrushTool brush(widgets::BrushTool::Mode::Paint);
        brush.setRadiusMm(2.0);
        view.setTool(&brush);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const int slice = view.slice();
        QCOMPARE(slice, 10);

        const core::LabelMap before = labels;
        const QPoint a = view.voxelToWidget({10, 10}).toPoint();
        const QPoint b = view.voxelToWidget({40, 30}).toPoint();
        QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, a);
        for (int s = 1; s <= 10; ++s)
            QTest::mouseMove(&view, a + (b - a) * s / 10);
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, b);
        QCOMPARE(saves, 1); // the editor tells of the stroke once, as it ends

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

// A tool of the test's own: the view hands it the left button, keys and painting, knowing
// nothing of it.
class CountingTool : public widgets::SliceTool {
public:
    int presses = 0, moves = 0, releases = 0, doubles = 0, keys = 0, paints = 0, resets = 0;
    bool press(widgets::SliceView &, QMouseEvent *) override { return ++presses, true; }
    void move(widgets::SliceView &, QMouseEvent *) override { ++moves; }
    void release(widgets::SliceView &, QMouseEvent *) override { ++releases; }
    void doubleClick(widgets::SliceView &, QMouseEvent *) override { ++doubles; }
    bool key(widgets::SliceView &, QKeyEvent *e) override { return e->key() == Qt::Key_Q && ++keys; }
    void paint(widgets::SliceView &, QPainter &) override { ++paints; }
    void reset(widgets::SliceView &) override { ++resets; }
};

// The drawing tools on a real view: each gesture makes exactly the voxels its core effect
// makes from the same outline, as one undo step.
class TstSliceTools : public QObject {
    Q_OBJECT
    std::shared_ptr<core::Volume> m_volume;
    std::unique_ptr<core::LabelMap> m_labels;
    std::unique_ptr<core::LabelEditor> m_editor;
    std::unique_ptr<widgets::SliceView> m_view;
    int m_changes = 0;

    QPoint at(double u, double v) const { return m_view->voxelToWidget({u, v}).toPoint(); }
    // The outline the view makes of widget points (what the tool hands the core).
    std::vector<core::Point2> outlineOf(const std::vector<QPoint> &points) const
    {
        std::vector<core::Point2> out;
        for (const QPoint &p : points) {
            const QPointF uv = m_view->widgetToVoxel(p);
            out.push_back({uv.x(), uv.y()});
        }
        return out;
    }

private Q_SLOTS:
    void init()
    {
        // 64 x 48 x 20: background 0 with a bright 12 x 10 block (value 500) on slices 5-14.
        core::Geometry g;
        g.dims = {64, 48, 20};
        g.spacing = {1.0, 1.0, 2.0};
        m_volume = std::make_shared<core::Volume>(g, core::ScalarType::Int16);
        for (int k = 5; k < 15; ++k)
            for (int j = 20; j < 30; ++j)
                for (int i = 30; i < 42; ++i)
                    m_volume->setValue(m_volume->index(i, j, k), 500.0);
        m_labels = std::make_unique<core::LabelMap>(g.dims);
        m_editor = std::make_unique<core::LabelEditor>(*m_labels, g);
        m_editor->setVolume(m_volume.get());
        m_changes = 0;
        m_editor->setListener([this](const core::LabelChange &) { ++m_changes; });
        m_view = std::make_unique<widgets::SliceView>();
        m_view->resize(640, 480);
        m_view->setVolume(m_volume);
        m_view->setLabelEditor(m_editor.get());
        m_view->setActiveLabel(3);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        QCOMPARE(m_view->slice(), 10);
    }

    void cleanup()
    {
        m_view.reset();
        m_editor.reset();
    }

    void viewHandsGesturesToItsTool()
    {
        CountingTool tool;
        m_view->setTool(&tool);
        QTest::mousePress(m_view.get(), Qt::LeftButton, Qt::NoModifier, at(10, 10));
        QTest::mouseMove(m_view.get(), at(12, 12));
        QTest::mouseRelease(m_view.get(), Qt::LeftButton, Qt::NoModifier, at(12, 12));
        QTest::mouseDClick(m_view.get(), Qt::LeftButton, Qt::NoModifier, at(12, 12));
        QTest::keyClick(m_view.get(), Qt::Key_Q);
        QCOMPARE(tool.presses, 1); // a double click's second press comes as the double click
        QVERIFY(tool.moves >= 1);
        QCOMPARE(tool.doubles, 1);
        QCOMPARE(tool.keys, 1);
        const int slice = m_view->slice();
        QTest::keyClick(m_view.get(), Qt::Key_Up); // the view's own key: the slice, not the tool
        QCOMPARE(m_view->slice(), slice + 1);
        QCOMPARE(tool.keys, 1);
        QVERIFY(tool.resets >= 1); // a new slice drops a gesture in progress
        m_view->grab();
        QVERIFY(tool.paints >= 1);
        // Right-drag stays window/level and never reaches the tool.
        const int presses = tool.presses;
        QTest::mousePress(m_view.get(), Qt::RightButton, Qt::NoModifier, at(10, 10));
        QTest::mouseRelease(m_view.get(), Qt::RightButton, Qt::NoModifier, at(20, 10));
        QCOMPARE(tool.presses, presses);
        m_view->setTool(nullptr);
    }

    void polygonFillsItsInsideExactly()
    {
        widgets::OutlineTool polygon(widgets::OutlineTool::Shape::Polygon);
        m_view->setTool(&polygon);
        const std::vector<QPoint> corners = {at(10, 10), at(30, 12), at(26, 30), at(12, 26)};
        for (const QPoint &c : corners) {
            QTest::mouseClick(m_view.get(), Qt::LeftButton, Qt::NoModifier, c);
            QTest::mouseMove(m_view.get(), c + QPoint(3, 3)); // the rubber band follows
        }
        QCOMPARE(int(polygon.outline().size()), 4);
        QCOMPARE(m_changes, 0); // nothing until it is closed
        QTest::keyClick(m_view.get(), Qt::Key_Return);
        QCOMPARE(m_changes, 1);
        QVERIFY(polygon.outline().empty());

        core::LabelMap expected(m_volume->geometry().dims);
        core::LabelEdit edit(expected);
        core::OutlineSettings fill;
        fill.label = 3;
        const std::size_t n = core::fillOutline(edit, m_view->plane(), outlineOf(corners), fill);
        QVERIFY(n > 200);
        QCOMPARE(m_labels->count(3), expected.count(3));
        QVERIFY(*m_labels == expected);
        QVERIFY(m_labels->at(20, 20, 10) == 3 && m_labels->at(20, 20, 9) == 0);

        // Erase with a double-click closing: the inside of a smaller triangle goes.
        polygon.setOperation(core::OutlineOp::Erase);
        const std::vector<QPoint> tri = {at(14, 14), at(24, 16), at(18, 24)};
        QTest::mouseClick(m_view.get(), Qt::LeftButton, Qt::NoModifier, tri[0]);
        QTest::mouseClick(m_view.get(), Qt::LeftButton, Qt::NoModifier, tri[1]);
        QTest::mouseClick(m_view.get(), Qt::LeftButton, Qt::NoModifier, tri[2]); // as Qt sends a double
        QTest::mouseDClick(m_view.get(), Qt::LeftButton, Qt::NoModifier, tri[2]); // click: press, then it
        core::OutlineSettings erase;
        erase.op = core::OutlineOp::Erase;
        erase.label = 3;
        core::LabelEdit edit2(expected);
        QVERIFY(core::fillOutline(edit2, m_view->plane(), outlineOf(tri), erase) > 10);
        QVERIFY(*m_labels == expected);
        QCOMPARE(m_changes, 2);
        // Esc drops an outline in progress; Backspace takes a corner back.
        QTest::mouseClick(m_view.get(), Qt::LeftButton, Qt::NoModifier, at(40, 40));
        QTest::mouseClick(m_view.get(), Qt::LeftButton, Qt::NoModifier, at(50, 40));
        QTest::keyClick(m_view.get(), Qt::Key_Backspace);
        QCOMPARE(int(polygon.outline().size()), 1);
        QTest::keyClick(m_view.get(), Qt::Key_Escape);
        QVERIFY(polygon.outline().empty());
        QCOMPARE(m_changes, 2);
        m_editor->undo();
        m_editor->undo();
        QCOMPARE(m_labels->count(3), std::uint64_t(0));
    }

    void lassoAndScissorsCutThroughTheSlab()
    {
        widgets::OutlineTool lasso(widgets::OutlineTool::Shape::Lasso);
        m_view->setTool(&lasso);
        std::vector<QPoint> path;
        for (int a = 0; a < 24; ++a) // a circle of radius 8 voxels around (20, 20)
            path.push_back(at(20 + 8 * std::cos(a * M_PI / 12), 20 + 8 * std::sin(a * M_PI / 12)));
        QTest::mousePress(m_view.get(), Qt::LeftButton, Qt::NoModifier, path[0]);
        for (std::size_t n = 1; n < path.size(); ++n)
            QTest::mouseMove(m_view.get(), path[n]);
        QTest::mouseRelease(m_view.get(), Qt::LeftButton, Qt::NoModifier, path.back());
        QCOMPARE(m_changes, 1);
        // What the tool kept of the path: every point moved 2 pixels or more, then the release.
        core::LabelMap expected(m_volume->geometry().dims);
        {
            core::LabelEdit edit(expected);
            core::OutlineSettings fill;
            fill.label = 3;
            std::vector<QPoint> kept = {path[0]};
            for (std::size_t n = 1; n < path.size(); ++n)
                if (QLineF(kept.back(), path[n]).length() >= 2.0)
                    kept.push_back(path[n]);
            kept.push_back(path.back());
            QVERIFY(core::fillOutline(edit, m_view->plane(), outlineOf(kept), fill) > 150);
        }
        QVERIFY(*m_labels == expected);
        m_editor->undo();

        // Scissors: the same kind of outline, filled through slices 8..12 (2 each side).
        widgets::OutlineTool scissors(widgets::OutlineTool::Shape::Lasso);
        scissors.setSlab(core::Slab{core::SlabExtent::Symmetric, 2});
        m_view->setTool(&scissors);
        const std::vector<QPoint> box = {at(5, 5), at(25, 5), at(25, 15), at(5, 15)};
        QTest::mousePress(m_view.get(), Qt::LeftButton, Qt::NoModifier, box[0]);
        for (std::size_t n = 1; n < box.size(); ++n)
            QTest::mouseMove(m_view.get(), box[n]);
        QTest::mouseRelease(m_view.get(), Qt::LeftButton, Qt::NoModifier, box.back());
        core::LabelMap cut(m_volume->geometry().dims);
        core::LabelEdit edit(cut);
        core::OutlineSettings fill;
        fill.label = 3;
        std::vector<QPoint> kept = box;
        kept.push_back(box.back());
        QVERIFY(core::scissors(edit, m_view->plane(), outlineOf(kept), fill, {core::SlabExtent::Symmetric, 2}) > 500);
        QVERIFY(*m_labels == cut);
        QCOMPARE(int(m_labels->at(15, 10, 8)), 3);
        QCOMPARE(int(m_labels->at(15, 10, 12)), 3);
        QCOMPARE(int(m_labels->at(15, 10, 7)), 0);
        QCOMPARE(int(m_labels->at(15, 10, 13)), 0);
    }

    void levelTraceShowsAndFillsTheRegion()
    {
        widgets::LevelTraceTool trace;
        trace.setTolerance(100);
        m_view->setTool(&trace);
        QTest::mouseMove(m_view.get(), at(35, 25)); // hover over the bright block
        QCOMPARE(int(trace.trace().count), 12 * 10);
        QCOMPARE(int(trace.trace().outline.size()), 4); // a rectangle, shown as the outline
        QCOMPARE(m_changes, 0);
        QTest::mouseClick(m_view.get(), Qt::LeftButton, Qt::NoModifier, at(35, 25));
        QCOMPARE(m_changes, 1);
        QCOMPARE(m_labels->count(3), std::uint64_t(12 * 10));
        for (int j = 20; j < 30; ++j)
            for (int i = 30; i < 42; ++i)
                QCOMPARE(int(m_labels->at(i, j, 10)), 3);
        QCOMPARE(int(m_labels->at(29, 25, 10)), 0);
        QCOMPARE(int(m_labels->at(35, 25, 11)), 0); // one slice
        m_editor->undo();
        QCOMPARE(m_labels->count(3), std::uint64_t(0));
    }
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    TstSliceView view;
    TstSliceTools tools;
    return QTest::qExec(&view, argc, argv) | QTest::qExec(&tools, argc, argv);
}
#include "tst_sliceview.moc"
