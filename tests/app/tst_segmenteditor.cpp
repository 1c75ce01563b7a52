// Tests the segment editor in the main window (offscreen under Xvfb): the segment list (lock,
// visibility, opacity, display, type, review, removal with undo), the effects dock and its
// masking, each through real widgets and the project file.
#include "app/mainwindow.h"
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
        const QString project = dir.filePath(QStringLiteral("segments.sagitta"));
        core::createDemoProject(project.toStdString(), nullptr, false, false);
        app::MainWindow w;
        w.show();
        QSignalSpy loaded(&w, &app::MainWindow::seriesLoaded);
        QVERIFY(w.openProject(project));
        QVERIFY(loaded.wait(20000));
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
        const QString project = dir.filePath(QStringLiteral("seg.sagitta"));
        core::createDemoProject(project.toStdString(), nullptr, false, false);
        app::MainWindow w;
        w.resize(1400, 900);
        w.show();
        QSignalSpy loaded(&w, &app::MainWindow::seriesLoaded);
        QVERIFY(w.openProject(project));
        QVERIFY(loaded.wait(20000));
        widgets::SegmentList *list = w.segmentList();
        auto stroke = [&](QPoint a, QPoint b) { dragStroke(w.sliceView(), a, b); };
        w.setTool(widgets::SliceView::Tool::Paint);
        w.setBrushRadius(4.0);
        stroke({100, 120}, {140, 130});
        const std::uint64_t painted = savedVoxels(project, 1);
        QVERIFY(painted > 200);
        // The table's intensity and size arrive from a worker: the stroke ran about 40 voxels
        // (0.8 mm each) across the axial slice.
        QTRY_VERIFY(!list->tree()->topLevelItem(0)->text(widgets::SegmentList::MeanColumn).isEmpty());
        const double longest = list->tree()->topLevelItem(0)->text(widgets::SegmentList::DiameterColumn).split(QLatin1Char(' ')).front().toDouble();
        QVERIFY2(longest > 30.0 && longest < 45.0, qPrintable(QString::number(longest)));
        auto segment = [&] { return core::Project::open(project.toStdString(), core::Project::Access::ReadOnly)->segments(w.currentSeriesId()).front(); };

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
        QCOMPARE(p->labelMapStatus(w.currentSeriesId()), std::string("approved"));
        QCOMPARE(p->labelComments(w.currentSeriesId()).back().text, std::string("margins checked on every slice"));
        QTRY_VERIFY(w.seriesBrowser()->seriesItem(w.currentSeriesId())->text(0).contains(QStringLiteral("labels approved")));
    }

    // The effects panel on the demo CT: threshold (exact count against the image), undo, the
    // island and margin effects, masking by another segment, and fill between slices as a
    // preview that Cancel takes back and Accept keeps.
    void effectsPanelRunsCoreEffects()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("fx.sagitta"));
        core::createDemoProject(project.toStdString(), nullptr, false, false);
        app::MainWindow w;
        w.resize(1400, 1000);
        w.show();
        QSignalSpy loaded(&w, &app::MainWindow::seriesLoaded);
        QVERIFY(w.openProject(project));
        QVERIFY(loaded.wait(20000));
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
        QTest::mouseClick(fx->button(E::Threshold), Qt::LeftButton);
        QCOMPARE(savedVoxels(project, 1), inRange);
        w.undo();
        QTRY_COMPARE(savedVoxels(project, 1), std::uint64_t(0));
        w.redo();
        QTRY_COMPARE(savedVoxels(project, 1), inRange);
        QTest::mouseClick(fx->button(E::KeepLargest), Qt::LeftButton);
        const std::uint64_t largest = savedVoxels(project, 1);
        QVERIFY(largest > 0 && largest <= inRange);
        fx->marginBox()->setValue(-1.0);
        QTest::mouseClick(fx->button(E::Margin), Qt::LeftButton);
        const std::uint64_t shrunk = savedVoxels(project, 1);
        QVERIFY(shrunk < largest && shrunk > 0);

        // A second segment thresholded "outside all segments" leaves the first one alone.
        QTest::mouseClick(w.segmentList()->addButton(), Qt::LeftButton);
        QCOMPARE(w.segmentList()->activeLabel(), 2);
        fx->areaBox()->setCurrentIndex(fx->areaBox()->findData(0));
        fx->setRange(-2000, 5000);
        QTest::mouseClick(fx->button(E::Threshold), Qt::LeftButton);
        QCOMPARE(savedVoxels(project, 1), shrunk);
        QCOMPARE(savedVoxels(project, 2), std::uint64_t(v.voxelCount()) - shrunk);
        fx->areaBox()->setCurrentIndex(0);

        // Fill between slices: segment 2 cleared (a logical operation), then outlined on slices
        // 40 and 50.
        w.segmentList()->selectLabel(2);
        auto *logical = fx->findChildren<QComboBox *>().at(1); // smoothing, logical, modifier, area
        QCOMPARE(logical->itemText(5), QStringLiteral("Clear"));
        logical->setCurrentIndex(5);
        QTest::mouseClick(fx->button(E::Logical), Qt::LeftButton);
        QCOMPARE(savedVoxels(project, 2), std::uint64_t(0));
        QCOMPARE(savedVoxels(project, 1), shrunk);
        w.setTool(widgets::SliceView::Tool::Paint);
        w.setBrushRadius(6.0);
        auto *view = w.sliceView();
        for (int slice : {40, 50}) {
            view->setSlice(slice);
            dragStroke(view, {60, 60}, {70, 64});
        }
        const std::uint64_t outlined = savedVoxels(project, 2);
        QVERIFY(outlined > 0);
        QTest::mouseClick(fx->button(E::FillBetween), Qt::LeftButton);
        QVERIFY(fx->previewPending());
        QVERIFY(!fx->button(E::Threshold)->isEnabled()); // one thing at a time
        const std::uint64_t filled = savedVoxels(project, 2);
        QVERIFY(filled > outlined * 4); // nine slices between the two
        QTest::mouseClick(fx->cancelButton(), Qt::LeftButton);
        QTRY_COMPARE(savedVoxels(project, 2), outlined);
        QTest::mouseClick(fx->button(E::FillBetween), Qt::LeftButton);
        QTest::mouseClick(fx->acceptButton(), Qt::LeftButton);
        QVERIFY(!fx->previewPending());
        QCOMPARE(savedVoxels(project, 2), filled);
        QCOMPARE(savedVoxels(project, 1), shrunk);
        w.grab().save(outputDir() + QStringLiteral("/effects.png"));
    }
    // The 3D toggle makes the brush a sphere: a click paints the slices above and below too,
    // as far as the radius reaches with the slice spacing (5 mm over 2 mm slices: 2 each way).
    void sphereBrushPaintsNeighbouringSlices()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("sphere.sagitta"));
        core::createDemoProject(project.toStdString(), nullptr, false, false);
        app::MainWindow w;
        w.show();
        QSignalSpy loaded(&w, &app::MainWindow::seriesLoaded);
        QVERIFY(w.openProject(project));
        QVERIFY(loaded.wait(20000));
        w.setTool(widgets::SliceView::Tool::Paint);
        w.setBrushRadius(5.0);
        w.sphereBrushAction()->trigger();
        QVERIFY(w.sliceView()->sphereBrush());
        const int k = w.sliceView()->slice();
        dragStroke(w.sliceView(), {128, 100}, {128, 100});
        auto p = core::Project::open(project.toStdString(), core::Project::Access::ReadOnly);
        const core::SeriesRecord r = p->series().front();
        const core::LabelMap m = p->loadLabelMap(r.id, r.geometry.dims);
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
        QVERIFY(!w.sliceView()->sphereBrush());
    }

};

QTEST_MAIN(TstSegmentEditor)
#include "tst_segmenteditor.moc"
