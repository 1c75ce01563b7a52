// Tests the segment editor in the main window (offscreen under Xvfb): the segment list (lock,
// visibility, opacity, display, type, review, removal with undo), the effects dock and its
// masking, each through real widgets and the project file.
#include "app/mainwindow.h"
#include "core/labels/outline.h"
#include "core/project/demo.h"
#include "widgets/effectspanel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include "tests/app/windowtesting.h"

using namespace sagitta;
using namespace sagitta::testing;

class TstSegmentEditor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Removing a segment asks first (a real modal question, answered from the test).
    void removeSegmentAsks()
    {
        QTemporaryDir dir;
        app::MainWindow w;
        const QString project = openDemo(w, dir, QStringLiteral("segments.sagitta"), QSize());
        QVERIFY(!project.isEmpty());
        const std::size_t before = w.segmentList()->segments().size();
        QVERIFY(before >= 1);
        const qint64 id = w.segmentList()->segments().front().id;
        auto answer = [](QMessageBox::StandardButton button) {
            QTimer::singleShot(0, [button] {
                QTRY_VERIFY(qobject_cast<QMessageBox *>(QApplication::activeModalWidget()));
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                QVERIFY(box->text().startsWith(QStringLiteral("Remove \"")));
                QTest::mouseClick(box->button(button), Qt::LeftButton);
            });
        };
        answer(QMessageBox::No);
        Q_EMIT w.segmentList()->removeRequested(id);
        QCOMPARE(w.segmentList()->segments().size(), before);
        answer(QMessageBox::Yes);
        Q_EMIT w.segmentList()->removeRequested(id);
        QCOMPARE(w.segmentList()->segments().size(), before - 1);
        QVERIFY(!QApplication::activeModalWidget());
    }

    // The segment list as a segment editor: visibility, lock (a stroke on a locked segment
    // changes nothing), opacity, outline display, what the segment is (the real dialog), and
    // removal with its voxels undone and redone as one step.
    void segmentListEditsAndUndo()
    {
        QTemporaryDir dir;
        app::MainWindow w;
        const QString project = openDemo(w, dir, QStringLiteral("seg.sagitta"), QSize(1400, 900));
        QVERIFY(!project.isEmpty());
        widgets::SegmentList *list = w.segmentList();
        auto stroke = [&](QPoint a, QPoint b) { dragStroke(w.sliceView(), a, b); };
        w.setTool(app::MainWindow::Tool::Paint);
        w.setBrushRadius(4.0);
        stroke({100, 120}, {140, 130});
        const std::uint64_t painted = savedVoxels(project, 1);
        QVERIFY(painted > 200);
        // The table's intensity and size arrive from a worker: the stroke ran about 40 voxels
        // (0.8 mm each) across the axial slice.
        QTRY_VERIFY(!list->tree()->topLevelItem(0)->text(widgets::SegmentList::MeanColumn).isEmpty());
        const double longest = list->tree()->topLevelItem(0)->text(widgets::SegmentList::DiameterColumn).split(QLatin1Char(' ')).front().toDouble();
        QVERIFY2(longest > 30.0 && longest < 45.0, qPrintable(QString::number(longest)));
        auto segment = [&] { return core::Project::open(project.toStdString(), core::Project::Access::ReadOnly)->labelStore().segments(w.currentSeriesId()).front(); };

        // Lock: the box in the tree; a stroke then changes nothing.
        QTreeWidgetItem *item = list->tree()->topLevelItem(0);
        item->setCheckState(widgets::SegmentList::LockColumn, Qt::Checked);
        QTRY_VERIFY(segment().locked);
        stroke({60, 60}, {90, 70});
        QCOMPARE(savedVoxels(project, 1), painted);
        list->tree()->topLevelItem(0)->setCheckState(widgets::SegmentList::LockColumn, Qt::Unchecked);
        QTRY_VERIFY(!segment().locked);

        // Opacity (keyboard on the slider) and visibility are stored; the view follows.
        list->opacitySlider()->setFocus();
        list->opacitySlider()->setValue(80);
        QCOMPARE(segment().opacity, 0.8);
        list->tree()->topLevelItem(0)->setCheckState(widgets::SegmentList::NameColumn, Qt::Unchecked);
        QTRY_VERIFY(!segment().visible);
        QVERIFY(list->tree()->topLevelItem(0)->checkState(widgets::SegmentList::NameColumn) == Qt::Unchecked);
        QTest::mouseClick(list->showAllButton(), Qt::LeftButton);
        QVERIFY(segment().visible);
        list->displayBox()->setCurrentIndex(1);
        QCOMPARE(w.sliceView()->labelDisplay(), core::LabelDisplay::Outline);
        w.grab().save(outputDir() + QStringLiteral("/segments_outline.png"));
        list->displayBox()->setCurrentIndex(0);

        // What it is: the real dialog, answered from the test.
        QTimer::singleShot(0, [] {
            QTRY_VERIFY(qobject_cast<QInputDialog *>(QApplication::activeModalWidget()));
            auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
            dialog->setTextValue(QStringLiteral("Morphologically Altered Structure / Nodule"));
            dialog->accept();
        });
        Q_EMIT list->typeRequested(list->segments().front().id);
        QCOMPARE(segment().type.meaning, std::string("Nodule"));
        QCOMPARE(list->tree()->topLevelItem(0)->text(widgets::SegmentList::TypeColumn), QStringLiteral("Nodule"));

        // Remove with its voxels, then undo: segment and voxels are back; redo removes both.
        const core::Segment before = segment();
        QTimer::singleShot(0, [] {
            QTRY_VERIFY(qobject_cast<QMessageBox *>(QApplication::activeModalWidget()));
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
        });
        Q_EMIT list->removeRequested(before.id);
        QVERIFY(list->segments().empty());
        QTRY_COMPARE(savedVoxels(project, 1), std::uint64_t(0));
        w.undo();
        QCOMPARE(list->segments().size(), std::size_t(1));
        QCOMPARE(list->segments().front().id, before.id);
        QCOMPARE(list->segments().front().type.meaning, std::string("Nodule"));
        QTRY_COMPARE(savedVoxels(project, 1), painted);
        w.redo();
        QVERIFY(list->segments().empty());
        QTRY_COMPARE(savedVoxels(project, 1), std::uint64_t(0));
        w.undo();
        // Rename, undone and redone.
        list->tree()->topLevelItem(0)->setText(widgets::SegmentList::NameColumn, QStringLiteral("Right lower lobe nodule"));
        QTRY_COMPARE(segment().name, std::string("Right lower lobe nodule"));
        w.undo();
        QCOMPARE(segment().name, before.name);
        w.redo();
        QCOMPARE(segment().name, std::string("Right lower lobe nodule"));

        // Review: the status with a comment (the real dialog), shown in the study browser.
        QTimer::singleShot(0, [] {
            QTRY_VERIFY(qobject_cast<QInputDialog *>(QApplication::activeModalWidget()));
            auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
            dialog->setTextValue(QStringLiteral("margins checked on every slice"));
            dialog->accept();
        });
        QComboBox *review = list->reviewBox();
        review->setCurrentIndex(review->findData(QStringLiteral("approved")));
        Q_EMIT review->activated(review->currentIndex());
        auto p = core::Project::open(project.toStdString(), core::Project::Access::ReadOnly);
        QCOMPARE(p->labelStore().labelMapStatus(w.currentSeriesId()), std::string("approved"));
        QCOMPARE(p->labelStore().labelComments(w.currentSeriesId()).back().text, std::string("margins checked on every slice"));
        QTRY_VERIFY(w.seriesBrowser()->seriesItem(w.currentSeriesId())->text(0).contains(QStringLiteral("labels approved")));
    }

    // The effects panel on the demo CT: threshold (exact count against the image), undo, the
    // island and margin effects, masking by another segment, and fill between slices as a
    // preview that Cancel takes back and Accept keeps.
    void effectsPanelRunsCoreEffects()
    {
        QTemporaryDir dir;
        app::MainWindow w;
        const QString project = openDemo(w, dir, QStringLiteral("fx.sagitta"));
        QVERIFY(!project.isEmpty());
        widgets::EffectsPanel *fx = w.effectsPanel();
        using E = widgets::EffectsPanel::Effect;
        const core::Volume &v = *w.sliceView()->volume();
        std::uint64_t inRange = 0;
        for (std::size_t n = 0; n < v.voxelCount(); ++n)
            inRange += v.value(n) >= 300 && v.value(n) <= 3000;
        QVERIFY(inRange > 1000); // the spine
        // The live preview tints the voxels in range on the slice shown, and only those.
        fx->previewBox()->setChecked(true);
        fx->setRange(300, 3000);
        QVERIFY(w.sliceView()->hasPreview());
        const int k = w.sliceView()->slice();
        QPoint in(-1, -1), out(-1, -1);
        for (int j = 0; j < v.dim(1) && (in.x() < 0 || out.x() < 0); ++j)
            for (int i = 0; i < v.dim(0); ++i) {
                const double hu = v.value(i, j, k);
                if (hu >= 300 && hu <= 3000 && in.x() < 0)
                    in = {i, j};
                if (hu >= 50 && hu < 300 && out.x() < 0)
                    out = {i, j};
            }
        QVERIFY(in.x() >= 0 && out.x() >= 0);
        const QImage shown = w.sliceView()->grab().toImage();
        const QColor tinted = shown.pixelColor(w.sliceView()->voxelToWidget(in).toPoint());
        const QColor plain = shown.pixelColor(w.sliceView()->voxelToWidget(out).toPoint());
        QVERIFY2(tinted.red() > tinted.blue() + 40, qPrintable(tinted.name()));   // yellow over bone
        QVERIFY2(qAbs(plain.red() - plain.blue()) < 10, qPrintable(plain.name())); // grey soft tissue
        fx->previewBox()->setChecked(false);
        QVERIFY(!w.sliceView()->hasPreview());
        runEffect(fx, E::Threshold);
        QCOMPARE(savedVoxels(project, 1), inRange);
        w.undo();
        QTRY_COMPARE(savedVoxels(project, 1), std::uint64_t(0));
        w.redo();
        QTRY_COMPARE(savedVoxels(project, 1), inRange);
        runEffect(fx, E::KeepLargest);
        const std::uint64_t largest = savedVoxels(project, 1);
        QVERIFY(largest > 0 && largest <= inRange);
        fx->marginBox()->setValue(-1.0);
        runEffect(fx, E::Margin);
        const std::uint64_t shrunk = savedVoxels(project, 1);
        QVERIFY(shrunk < largest && shrunk > 0);

        // A second segment thresholded "outside all segments" leaves the first one alone.
        QTest::mouseClick(w.segmentList()->addButton(), Qt::LeftButton);
        QCOMPARE(w.segmentList()->activeLabel(), 2);
        fx->areaBox()->setCurrentIndex(fx->areaBox()->findData(0));
        fx->setRange(-2000, 5000);
        runEffect(fx, E::Threshold);
        QCOMPARE(savedVoxels(project, 1), shrunk);
        QCOMPARE(savedVoxels(project, 2), std::uint64_t(v.voxelCount()) - shrunk);
        fx->areaBox()->setCurrentIndex(0);

        // Fill between slices: segment 2 cleared (a logical operation), then outlined on slices
        // 40 and 50.
        w.segmentList()->selectLabel(2);
        auto *logical = fx->findChildren<QComboBox *>().at(1); // smoothing, logical, modifier, area
        QCOMPARE(logical->itemText(5), QStringLiteral("Clear"));
        logical->setCurrentIndex(5);
        runEffect(fx, E::Logical);
        QCOMPARE(savedVoxels(project, 2), std::uint64_t(0));
        QCOMPARE(savedVoxels(project, 1), shrunk);
        w.setTool(app::MainWindow::Tool::Paint);
        w.setBrushRadius(6.0);
        auto *view = w.sliceView();
        for (int slice : {40, 50}) {
            view->setSlice(slice);
            dragStroke(view, {60, 60}, {70, 64});
        }
        const std::uint64_t outlined = savedVoxels(project, 2);
        QVERIFY(outlined > 0);
        runEffect(fx, E::FillBetween);
        QVERIFY(fx->previewPending());
        QVERIFY(!fx->button(E::Threshold)->isEnabled()); // one thing at a time
        const std::uint64_t filled = savedVoxels(project, 2);
        QVERIFY(filled > outlined * 4); // nine slices between the two
        QTest::mouseClick(fx->cancelButton(), Qt::LeftButton);
        QTRY_COMPARE(savedVoxels(project, 2), outlined);
        runEffect(fx, E::FillBetween);
        QTest::mouseClick(fx->acceptButton(), Qt::LeftButton);
        QVERIFY(!fx->previewPending());
        QCOMPARE(savedVoxels(project, 2), filled);
        QCOMPARE(savedVoxels(project, 1), shrunk);
        w.grab().save(outputDir() + QStringLiteral("/effects.png"));
    }
    // Overlapping segments through the window: with "Overwrite other segments" unchecked, a
    // lesion painted over its organ keeps both (the lesion on layer 1 of the saved map), the
    // overlap is drawn blended; removing the lesion and undoing brings it back on its layer.
    void overlappingLesionKeepsItsOrgan()
    {
        QTemporaryDir dir;
        app::MainWindow w;
        const QString project = openDemo(w, dir, QStringLiteral("overlap.sagitta"));
        QVERIFY(!project.isEmpty());
        auto *view = w.sliceView();
        w.setTool(app::MainWindow::Tool::Paint);
        w.setBrushRadius(8.0);
        dragStroke(view, {100, 100}, {140, 100}); // the organ, segment 1
        const std::uint64_t organ = savedVoxels(project, 1);
        QVERIFY(organ > 0);
        QTest::mouseClick(w.segmentList()->addButton(), Qt::LeftButton);
        QCOMPARE(w.segmentList()->activeLabel(), 2);
        QCheckBox *overwrite = nullptr;
        for (QCheckBox *box : w.effectsPanel()->findChildren<QCheckBox *>())
            if (box->text() == QStringLiteral("Overwrite other segments"))
                overwrite = box;
        QVERIFY(overwrite && overwrite->isChecked());
        overwrite->setChecked(false);
        w.setBrushRadius(3.0);
        dragStroke(view, {120, 100}, {124, 100}); // the lesion, inside the organ
        QCOMPARE(savedVoxels(project, 1), organ); // the organ keeps every voxel
        const std::uint64_t lesion = savedVoxels(project, 2);
        QVERIFY(lesion > 0);
        auto layerOf = [&](int label) {
            auto p = core::Project::open(project.toStdString(), core::Project::Access::ReadOnly);
            for (const core::Segment &s : p->labelStore().segments(p->seriesStore().series().front().id))
                if (s.label == label)
                    return s.layer;
            return -1;
        };
        QCOMPARE(layerOf(2), 1);
        QCOMPARE(layerOf(1), 0);
        // Drawn blended: the shared voxel differs from the organ alone and from the lesion alone.
        const QImage shown = view->grab().toImage();
        const QColor both = shown.pixelColor(view->voxelToWidget(QPoint(122, 100)).toPoint());
        const QColor organOnly = shown.pixelColor(view->voxelToWidget(QPoint(104, 100)).toPoint());
        QVERIFY2(both != organOnly, qPrintable(both.name() + QLatin1Char(' ') + organOnly.name()));
        w.grab().save(outputDir() + QStringLiteral("/overlap.png"));

        // Removing the lesion (one undo step) and undoing it: back on layer 1 with its voxels.
        const qint64 id = w.segmentList()->segments().back().id;
        QTimer::singleShot(0, [] {
            QTRY_VERIFY(qobject_cast<QMessageBox *>(QApplication::activeModalWidget()));
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
        });
        Q_EMIT w.segmentList()->removeRequested(id);
        QTRY_COMPARE(savedVoxels(project, 2), std::uint64_t(0));
        QCOMPARE(savedVoxels(project, 1), organ);
        w.undo();
        QTRY_COMPARE(savedVoxels(project, 2), lesion);
        QCOMPARE(layerOf(2), 1);
        QCOMPARE(savedVoxels(project, 1), organ);
        overwrite->setChecked(true);
    }

    // The 3D toggle makes the brush a sphere: a click paints the slices above and below too,
    // as far as the radius reaches with the slice spacing (5 mm over 2 mm slices: 2 each way).
    void sphereBrushPaintsNeighbouringSlices()
    {
        QTemporaryDir dir;
        app::MainWindow w;
        const QString project = openDemo(w, dir, QStringLiteral("sphere.sagitta"), QSize());
        QVERIFY(!project.isEmpty());
        w.setTool(app::MainWindow::Tool::Paint);
        w.setBrushRadius(5.0);
        w.sphereBrushAction()->trigger();
        QVERIFY(w.brushTool()->sphere());
        const int k = w.sliceView()->slice();
        dragStroke(w.sliceView(), {128, 100}, {128, 100});
        auto p = core::Project::open(project.toStdString(), core::Project::Access::ReadOnly);
        const core::SeriesRecord r = p->seriesStore().series().front();
        const core::LabelMap m = p->labelStore().loadLabelMap(r.id, r.geometry.dims);
        auto onSlice = [&](int slice) {
            int n = 0;
            for (int j = 0; j < 256; ++j)
                for (int i = 0; i < 256; ++i)
                    n += m.at(i, j, slice) == 1;
            return n;
        };
        QVERIFY(onSlice(k) > 0);
        QVERIFY(onSlice(k - 2) > 0 && onSlice(k + 2) > 0);
        QCOMPARE(onSlice(k - 3), 0);
        QCOMPARE(onSlice(k + 3), 0);
        QVERIFY(onSlice(k) > onSlice(k + 2)); // a sphere narrows away from its centre
        w.sphereBrushAction()->trigger();
        QVERIFY(!w.brushTool()->sphere());
    }


    // The drawing tools from the Tools menu (shortcuts P, S, T) on the demo CT, saved to the
    // project; splitting islands into segments and measurements, each one undo step.
    void drawingToolsSplitAndMeasureUndo()
    {
        QTemporaryDir dir;
        app::MainWindow w;
        const QString project = openDemo(w, dir, QStringLiteral("tools.sagitta"));
        QVERIFY(!project.isEmpty());
        auto *view = w.sliceView();
        const std::uint64_t before = savedVoxels(project, 1);
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        view->setFocus();
        QTest::keyClick(w.windowHandle(), Qt::Key_P);
        QCOMPARE(w.tool(), app::MainWindow::Tool::Polygon);
        QCOMPARE(view->tool(), w.toolObject(app::MainWindow::Tool::Polygon));
        // Two squares far apart on one slice: 2 islands, exactly the core's fill of the clicks.
        std::uint64_t expected = 0, first = 0;
        for (int x0 : {30, 150}) {
            std::vector<core::Point2> outline;
            for (const QPoint &c : {QPoint(x0, 30), QPoint(x0 + 20, 30), QPoint(x0 + 20, 50), QPoint(x0, 50)}) {
                const QPoint click = view->voxelToWidget(c).toPoint();
                QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, click);
                const QPointF uv = view->widgetToVoxel(click);
                outline.push_back({uv.x(), uv.y()});
            }
            QTest::mouseDClick(view, Qt::LeftButton, Qt::NoModifier, view->voxelToWidget(QPoint(x0, 50)).toPoint());
            int width = 0, height = 0;
            core::planeSize(view->volume()->geometry(), view->axis(), width, height);
            std::vector<std::uint8_t> mask;
            core::rasterizeOutline(outline, width, height, core::FillRule::EvenOdd, mask);
            for (std::uint8_t m : mask)
                expected += m;
            if (x0 == 30)
                first = expected;
        }
        const std::uint64_t squares = savedVoxels(project, 1) - before;
        QVERIFY(expected >= 2 * 19 * 19);
        QCOMPARE(squares, expected);
        // Scissors erase through a slab, as the options in the Effects dock say.
        widgets::EffectsPanel *fx = w.effectsPanel();
        fx->outlineOpBox()->setCurrentIndex(1); // erase inside
        fx->slabBox()->setCurrentIndex(1);      // a slab on both sides...
        fx->slabSlicesBox()->setValue(0);       // ... of no slices: this one
        w.setTool(app::MainWindow::Tool::Scissors);
        const QPoint a = view->voxelToWidget(QPoint(140, 20)).toPoint(), b = view->voxelToWidget(QPoint(180, 60)).toPoint();
        QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, a);
        QTest::mouseMove(view, QPoint(b.x(), a.y()));
        QTest::mouseMove(view, b);
        QTest::mouseMove(view, QPoint(a.x(), b.y()));
        QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, QPoint(a.x(), b.y()));
        QCOMPARE(savedVoxels(project, 1) - before, first); // the second square went
        w.undo();
        QCOMPARE(savedVoxels(project, 1) - before, squares);

        // Split islands: the segment's islands of 100 voxels or more become segments.
        const int segmentsBefore = int(w.segmentList()->segments().size());
        fx->minVoxelsBox()->setValue(100);
        w.segmentList()->selectLabel(1);
        runEffect(fx, widgets::EffectsPanel::Effect::SplitIslands);
        const int made = int(w.segmentList()->segments().size()) - segmentsBefore;
        QVERIFY2(made >= 1, qPrintable(QString::number(made)));
        QVERIFY(savedVoxels(project, 1) < before + squares);
        w.undo();
        QCOMPARE(int(w.segmentList()->segments().size()), segmentsBefore);
        QCOMPARE(savedVoxels(project, 1), before + squares);
        w.redo();
        QCOMPARE(int(w.segmentList()->segments().size()), segmentsBefore + made);

        // A ruler is one undo step too.
        w.setTool(app::MainWindow::Tool::Ruler);
        QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, view->voxelToWidget(QPoint(60, 140)).toPoint());
        QTest::mouseMove(view, view->voxelToWidget(QPoint(90, 140)).toPoint());
        QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, view->voxelToWidget(QPoint(90, 140)).toPoint());
        QCOMPARE(int(w.project()->labelStore().measurements(w.currentSeriesId()).size()), 1);
        w.undo();
        QCOMPARE(int(w.project()->labelStore().measurements(w.currentSeriesId()).size()), 0);
        w.redo();
        QCOMPARE(int(w.project()->labelStore().measurements(w.currentSeriesId()).size()), 1);
    }

    // A whole-volume effect runs on a worker: the window takes a stroke meanwhile, and the
    // effect's result (made on the labels as they were) is then not applied, with a message.
    void effectsRunOffTheGuiThread()
    {
        QTemporaryDir dir;
        app::MainWindow w;
        const QString project = openDemo(w, dir, QStringLiteral("async.sagitta"));
        QVERIFY(!project.isEmpty());
        widgets::EffectsPanel *fx = w.effectsPanel();
        fx->setRange(-2000, 5000);
        QTest::mouseClick(fx->button(widgets::EffectsPanel::Effect::Threshold), Qt::LeftButton);
        QVERIFY(!fx->isEnabled()); // it runs; the panel waits
        w.setTool(app::MainWindow::Tool::Erase);
        w.setBrushRadius(3.0);
        dragStroke(w.sliceView(), {100, 100}, {110, 100}); // the window still takes strokes
        QTRY_VERIFY_WITH_TIMEOUT(fx->isEnabled(), 30000);
        QTRY_VERIFY(w.findChild<QMessageBox *>());
        QVERIFY(w.findChild<QMessageBox *>()->text().contains(QStringLiteral("changed while the effect ran")));
        const std::uint64_t all = std::uint64_t(w.sliceView()->volume()->voxelCount());
        QVERIFY(savedVoxels(project, 1) < all / 2); // not applied
        // Run alone, it is applied, as one undo step.
        runEffect(fx, widgets::EffectsPanel::Effect::Threshold);
        QCOMPARE(savedVoxels(project, 1), all);
        w.undo();
        QVERIFY(savedVoxels(project, 1) < all / 2);
    }

    // A lung nodule of the demo CT labelled as a radiologist would: level trace on its middle
    // slice, grow in 3D from there, a 1 mm margin, a polygon and the eraser to correct; each a
    // step that changes the saved voxels. The screenshot (lesion_tools.png) shows the result.
    void lesionLabelledWithSeveralTools()
    {
        QTemporaryDir dir;
        app::MainWindow w;
        const QString project = openDemo(w, dir, QStringLiteral("nodule.sagitta"));
        QVERIFY(!project.isEmpty());
        QTest::mouseClick(w.segmentList()->addButton(), Qt::LeftButton);
        const int label = w.segmentList()->activeLabel();
        QVERIFY(label >= 2);
        auto *view = w.sliceView();
        view->setSlice(67);
        const QPoint nodule = view->voxelToWidget(QPoint(76, 121)).toPoint();
        std::uint64_t last = 0;
        auto grew = [&] {
            const std::uint64_t now = savedVoxels(project, label);
            const bool more = now != last;
            last = now;
            return more;
        };
        // Level trace: the outline shows on hover, a click fills the nodule's cross-section.
        w.effectsPanel()->toleranceBox()->setValue(300);
        w.setTool(app::MainWindow::Tool::LevelTrace);
        QTest::mouseMove(view, nodule);
        QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, nodule);
        QVERIFY(grew());
        const std::uint64_t traced = last;
        // Grow from the cursor in 3D: the nodule through its slices (lung around it stops it).
        w.setTool(app::MainWindow::Tool::Navigate);
        QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, nodule);
        w.effectsPanel()->setRange(-300, 300);
        runEffect(w.effectsPanel(), widgets::EffectsPanel::Effect::GrowFromCursor);
        QVERIFY2(grew(), qPrintable(w.statusBar()->currentMessage()));
        QVERIFY(last > traced * 2);
        // A 1 mm margin, then a polygon adds a spicule and the eraser takes a bite.
        w.effectsPanel()->marginBox()->setValue(1.0);
        runEffect(w.effectsPanel(), widgets::EffectsPanel::Effect::Margin);
        QVERIFY(grew());
        w.setTool(app::MainWindow::Tool::Polygon);
        for (const QPoint &c : {QPoint(80, 118), QPoint(92, 110), QPoint(82, 124)})
            QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, view->voxelToWidget(c).toPoint());
        QTest::mouseDClick(view, Qt::LeftButton, Qt::NoModifier, view->voxelToWidget(QPoint(82, 124)).toPoint());
        QVERIFY(grew());
        w.setTool(app::MainWindow::Tool::Erase);
        w.setBrushRadius(1.5);
        dragStroke(view, {70, 126}, {72, 127});
        QVERIFY(grew());
        w.setTool(app::MainWindow::Tool::Navigate);
        w.segmentList()->setFocus();
        view->setCursorVoxel({76, 121, 67});
        // Zoomed in (keys) and panned (Shift+drag) onto the nodule, drawn outlined.
        for (int n = 0; n < 6; ++n)
            QTest::keyClick(view, Qt::Key_Plus);
        const QPoint from = view->voxelToWidget(QPoint(78, 121)).toPoint();
        QTest::mousePress(view, Qt::LeftButton, Qt::ShiftModifier, from);
        QTest::mouseMove(view, view->rect().center());
        QTest::mouseRelease(view, Qt::LeftButton, Qt::ShiftModifier, view->rect().center());
        QVERIFY(view->rect().contains(view->voxelToWidget(QPoint(76, 121)).toPoint()));
        w.grab().save(outputDir() + QStringLiteral("/lesion_tools.png"));
    }

    // The brush radius in pixels (the toolbar's unit), and the threshold range taken from the
    // window or from the values around the cursor.
    void brushInPixelsAndRangePresets()
    {
        QTemporaryDir dir;
        app::MainWindow w;
        const QString project = openDemo(w, dir, QStringLiteral("px.sagitta"));
        QVERIFY(!project.isEmpty());
        auto *unit = w.findChild<QComboBox *>(QStringLiteral("brushUnit"));
        QVERIFY(unit);
        unit->setCurrentIndex(1);
        QVERIFY(w.brushTool()->radiusInPixels());
        w.setTool(app::MainWindow::Tool::Paint);
        w.setBrushRadius(4.0);
        const std::uint64_t before = savedVoxels(project, 1);
        dragStroke(w.sliceView(), {40, 200}, {40, 200});
        // One dab of radius 4 pixels: the disk of voxel centres within 4 of the centre (49).
        const std::uint64_t dab = savedVoxels(project, 1) - before;
        QVERIFY2(dab >= 45 && dab <= 53, qPrintable(QString::number(dab)));
        unit->setCurrentIndex(0);
        QVERIFY(!w.brushTool()->radiusInPixels());

        widgets::EffectsPanel *fx = w.effectsPanel();
        QPushButton *fromWindow = nullptr, *aroundCursor = nullptr;
        for (QPushButton *b : fx->findChildren<QPushButton *>()) {
            if (b->text() == QStringLiteral("From window"))
                fromWindow = b;
            if (b->text() == QStringLiteral("Around cursor"))
                aroundCursor = b;
        }
        QVERIFY(fromWindow && aroundCursor);
        const core::WindowLevel win = w.sliceView()->window();
        QTest::mouseClick(fromWindow, Qt::LeftButton);
        QCOMPARE(fx->low(), win.center - win.width / 2);
        QCOMPARE(fx->high(), win.center + win.width / 2);
        QTest::mouseClick(aroundCursor, Qt::LeftButton);
        const auto c = w.sliceView()->cursorVoxel();
        const double v = w.sliceView()->volume()->value(c[0], c[1], c[2]);
        QVERIFY(fx->low() < v && fx->high() > v);
        QVERIFY(fx->high() - fx->low() < win.width); // the neighbourhood, not the window
    }
};

QTEST_MAIN(TstSegmentEditor)
#include "tst_segmenteditor.moc"
