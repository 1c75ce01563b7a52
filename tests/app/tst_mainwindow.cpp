// Tests app/MainWindow on the offscreen platform: opens the demo project, shows the CT with
// its corner text, paints with the mouse, saves each stroke to the project file at once, and
// undoes it; jobs run listed in the non-modal job list and the window's message boxes are the
// real ones, closed from the test as a person would. Writes screenshots (English and zh_CN)
// to SAGITTA_TEST_OUTPUT.
#include "app/i18n.h"
#include "app/mainwindow.h"
#include "app/notedialogs.h"
#include "app/notespanel.h"
#include "widgets/effectspanel.h"
#include "core/dicom/invesalius.h"
#include "core/dicom/synthetic.h"
#include "core/project/demo.h"
#include "core/project/importer.h"

#include <sqlite3.h>

#include <QCheckBox>
#include <QCryptographicHash>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QInputDialog>
#include <QLabel>
#include <QSlider>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTextCursor>
#include <QTextEdit>
#include <QTreeWidget>
#include <QDockWidget>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QProgressDialog>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTranslator>
#include <QtTest>

#include "tests/app/windowtesting.h"

using namespace sagitta;
using namespace sagitta::testing;

class TstMainWindow : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_project;

private Q_SLOTS:
    void initTestCase()
    {
        m_project = m_dir.filePath(QStringLiteral("demo.sagitta"));
        core::createDemoProject(m_project.toStdString(), nullptr, false, false);
    }

    void opensDemoPaintsAndSaves()
    {
        app::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy loaded(&w, &app::MainWindow::seriesLoaded);
        QString error;
        QVERIFY2(w.openProject(m_project, &error), qPrintable(error));
        QVERIFY(loaded.wait(20000));
        QCOMPARE(w.seriesBrowser()->seriesCount(), 1);
        QCOMPARE(w.seriesBrowser()->topLevelItemCount(), 1); // one patient, one study
        QVERIFY(w.seriesBrowser()->topLevelItem(0)->child(0)->text(0).startsWith(QStringLiteral("2026-01-01")));
        const qint64 first = w.seriesBrowser()->currentSeries();
        QVERIFY(first > 0);
        QTRY_VERIFY(!w.seriesBrowser()->seriesItem(first)->icon(0).isNull()); // the thumbnail arrives
        QVERIFY(w.sliceView()->volume());
        QCOMPARE(w.sliceView()->volume()->geometry().dims, (std::array<int, 3>{256, 256, 100}));
        QCOMPARE(w.sliceView()->sliceCount(), 100);
        QCOMPARE(w.segmentList()->activeLabel(), 1);
        QCOMPARE(w.sliceView()->window().width, 400.0); // CT soft tissue preset

        w.grab().save(outputDir() + QStringLiteral("/mainwindow_opened.png"));

        // Paint a stroke with the mouse: saved to the project as the stroke ends.
        w.setTool(app::MainWindow::Tool::Paint);
        w.setBrushRadius(4.0);
        QCOMPARE(w.brushTool()->radiusMm(), 4.0);
        auto *view = w.sliceView();
        const QPoint a = view->voxelToWidget({100, 120}).toPoint(), b = view->voxelToWidget({140, 130}).toPoint();
        QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, a);
        QTest::mouseMove(view, (a + b) / 2);
        QTest::mouseMove(view, b);
        QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, b);
        const std::uint64_t painted = savedVoxels(m_project, 1);
        QVERIFY(painted > 200);
        w.sliceView()->setSlice(w.sliceView()->slice() + 3);
        w.grab().save(outputDir() + QStringLiteral("/mainwindow_painted.png"));

        w.undo();
        QCOMPARE(savedVoxels(m_project, 1), std::uint64_t(0));
        w.redo();
        QCOMPARE(savedVoxels(m_project, 1), painted);

        // Label the solid right-lung nodule of the phantom (slice 68, voxel (76, 121)) for the
        // screenshot; the cursor rests on it.
        view->setSlice(67);
        w.setBrushRadius(7.0);
        const QPoint nodule = view->voxelToWidget({76, 121}).toPoint();
        QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, nodule);
        QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, nodule);
        QTest::mouseMove(view, nodule + QPoint(2, 2));
        QVERIFY(savedVoxels(m_project, 1) > painted);
        QVERIFY2(view->cursorText().contains(QStringLiteral("Label 1")), qPrintable(view->cursorText()));

        // An ellipse ROI around the nodule and a ruler across it: stored with their figures.
        w.setTool(app::MainWindow::Tool::Ellipse);
        QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, view->voxelToWidget({70, 115}).toPoint());
        QTest::mouseMove(view, view->voxelToWidget({82, 127}).toPoint());
        QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, view->voxelToWidget({82, 127}).toPoint());
        w.setTool(app::MainWindow::Tool::Ruler);
        QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, view->voxelToWidget({66, 140}).toPoint());
        QTest::mouseMove(view, view->voxelToWidget({86, 140}).toPoint());
        QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, view->voxelToWidget({86, 140}).toPoint());
        const auto ms = w.project()->labelStore().measurements(w.currentSeriesId());
        QCOMPARE(int(ms.size()), 2);
        QCOMPARE(ms[0].kind, std::string("ellipse"));
        QVERIFY2(ms[0].resultJson.find("\"mean\"") != std::string::npos, ms[0].resultJson.c_str());
        QCOMPARE(ms[1].kind, std::string("ruler"));
        w.setTool(app::MainWindow::Tool::Navigate);
        QTest::mouseMove(view, nodule + QPoint(2, 2));
        w.grab().save(outputDir() + QStringLiteral("/mainwindow_en.png"));
    }

    void reopenShowsTheSameLabels()
    {
        const std::uint64_t saved = savedVoxels(m_project, 1);
        QVERIFY(saved > 0);
        app::MainWindow w;
        w.show();
        QSignalSpy loaded(&w, &app::MainWindow::seriesLoaded);
        QVERIFY(w.openProject(m_project));
        QVERIFY(loaded.wait(20000));
        // The segment list shows the stored count for the lesion segment.
        QCOMPARE(w.segmentList()->segments().size(), std::size_t(1));
        const auto *item = w.segmentList()->findChild<QTreeWidget *>()->topLevelItem(0);
        QCOMPARE(item->text(widgets::SegmentList::VoxelsColumn).toULongLong(), saved);

        // The measurement list: both stored measurements; Enter jumps the views to the
        // ellipse's slice, Delete removes the ruler from the project.
        auto *list = w.findChild<widgets::MeasurementList *>();
        QVERIFY(list);
        QCOMPARE(list->count(), 2);
        QVERIFY(list->tree()->topLevelItem(1)->text(2).endsWith(QStringLiteral(" mm")));
        w.sliceView()->setSlice(10);
        list->tree()->setCurrentItem(list->tree()->topLevelItem(0));
        QTest::keyClick(list->tree(), Qt::Key_Return);
        QCOMPARE(w.sliceView()->slice(), 67);
        w.findChild<QDockWidget *>(QStringLiteral("measurementsDock"))->show();
        w.resize(1400, 900);
        QTest::qWait(50);
        w.grab().save(outputDir() + QStringLiteral("/measurements.png"));
        list->tree()->setCurrentItem(list->tree()->topLevelItem(1));
        QTest::keyClick(list->tree(), Qt::Key_Delete);
        QCOMPARE(list->count(), 1);
        QCOMPARE(int(w.project()->labelStore().measurements(w.currentSeriesId()).size()), 1);
    }

    void badProjectGivesAClearMessage()
    {
        const QString bogus = m_dir.filePath(QStringLiteral("bogus.sagitta"));
        QFile f(bogus);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a project");
        f.close();
        app::MainWindow w;
        QString error;
        QVERIFY(!w.openProject(bogus, &error));
        QVERIFY2(error.contains(bogus), qPrintable(error));
        QVERIFY(!w.project());
    }

    void importFolderAddsSeries()
    {
        QTemporaryDir dir;
        core::dicom::SyntheticSpec s;
        s.dims = {64, 64, 10};
        s.seriesDescription = "Imported in the GUI";
        core::dicom::writeSyntheticSeries(dir.filePath(QStringLiteral("dicom")).toStdString(), s);
        QFile junk(dir.filePath(QStringLiteral("dicom/broken.dcm")));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(50, 'x'));
        junk.close();
        const QString project = dir.filePath(QStringLiteral("gui.sagitta"));
        core::Project::create(project.toStdString()).reset();

        app::MainWindow w;
        w.show();
        QVERIFY(w.openProject(project));
        QCOMPARE(w.seriesBrowser()->seriesCount(), 0);
        QSignalSpy loaded(&w, &app::MainWindow::seriesLoaded);
        QSignalSpy imported(&w, &app::MainWindow::importFinished);
        w.importFolder(dir.filePath(QStringLiteral("dicom")));
        QVERIFY(w.busy()); // the import runs off the GUI thread
        QVERIFY(loaded.wait(20000));
        QCOMPARE(w.seriesBrowser()->seriesCount(), 1);
        QVERIFY(w.seriesBrowser()->seriesTexts()[0].contains(QStringLiteral("Imported in the GUI")));
        QCOMPARE(w.sliceView()->volume()->geometry().dims, (std::array<int, 3>{64, 64, 10}));
        QCOMPARE(imported.count(), 1);
        QCOMPARE(imported[0][0].toInt(), 1);
        const QStringList problems = imported[0][1].toStringList();
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems[0].contains(QStringLiteral("broken.dcm: not a DICOM file")), qPrintable(problems[0]));
        // The report names the skipped file in its details; closed as a person would.
        QPointer<QMessageBox> box = findMessageBox(QStringLiteral("1 file(s) skipped"));
        QVERIFY(box);
        QVERIFY(box->detailedText().contains(QStringLiteral("broken.dcm")));
        box->done(QMessageBox::Ok);
        QTRY_VERIFY(!box);
    }

    // The tester's freeze: the import report used to open under a progress dialog that kept
    // showing itself, and nothing could be clicked. Now the report is a plain box that closes
    // with OK, no job UI stays behind, and the window takes input.
    void importReportClosesAndTheWindowResponds()
    {
        QTemporaryDir dir;
        core::dicom::SyntheticSpec s;
        s.dims = {48, 48, 8};
        s.seriesDescription = "Small series";
        core::dicom::writeSyntheticSeries(dir.filePath(QStringLiteral("in")).toStdString(), s);
        QFile readme(dir.filePath(QStringLiteral("in/README")));
        QVERIFY(readme.open(QIODevice::WriteOnly));
        readme.write("Scans from the tester's CD.\n");
        readme.close();
        const QString project = dir.filePath(QStringLiteral("freeze.sagitta"));
        core::Project::create(project.toStdString()).reset();

        app::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openProject(project));
        QSignalSpy loaded(&w, &app::MainWindow::seriesLoaded);
        w.importFolder(dir.filePath(QStringLiteral("in")));
        QCOMPARE(w.jobList()->count(), 1); // listed at once, the window stays usable
        QPointer<QMessageBox> box;
        QTRY_VERIFY_WITH_TIMEOUT((box = findMessageBox(QStringLiteral("Imported 1 series"))), 20000);
        QCOMPARE(box->text(), QStringLiteral("Imported 1 series; 1 file(s) skipped."));
        QVERIFY(box->detailedText().contains(QStringLiteral("README")));
        QVERIFY(!box->isModal());
        QVERIFY(!QApplication::activeModalWidget());
        QVERIFY(loaded.count() == 1 || loaded.wait(20000)); // the series loads behind the box
        box->grab().save(outputDir() + QStringLiteral("/import_report.png"));
        QAbstractButton *ok = box->button(QMessageBox::Ok);
        QVERIFY(ok);
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY(!box);
        QCOMPARE(visibleMessageBoxes(), 0);
        QTRY_VERIFY(noJobUiVisible(w));
        QVERIFY(!QApplication::activeModalWidget());
        QVERIFY(!w.busy());
        QCOMPARE(w.sliceView()->volume()->geometry().dims, (std::array<int, 3>{48, 48, 8}));
        // A key goes through the window (where modality would block it) to the slice view.
        auto *view = w.sliceView();
        view->setFocus();
        const int slice = view->slice();
        QTest::keyClick(w.windowHandle(), Qt::Key_Up);
        QTRY_COMPARE(view->slice(), slice + 1);
    }

    // "Cannot load the series" is a box of its own too, and closing it leaves the window usable.
    void loadErrorClosesAndTheWindowResponds()
    {
        QTemporaryDir dir;
        core::dicom::SyntheticSpec s;
        s.dims = {32, 32, 6};
        core::dicom::writeSyntheticSeries(dir.filePath(QStringLiteral("in")).toStdString(), s);
        const QString project = dir.filePath(QStringLiteral("gone.sagitta"));
        core::Project::create(project.toStdString()).reset();
        {
            auto p = core::Project::open(project.toStdString());
            core::recordImport(*p, core::scanForImport(dir.filePath(QStringLiteral("in")).toStdString(), nullptr));
        }
        QVERIFY(QDir(dir.filePath(QStringLiteral("in"))).removeRecursively()); // the files went away

        app::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy failed(&w, &app::MainWindow::jobFailed);
        QVERIFY(w.openProject(project));
        QVERIFY(failed.count() == 1 || failed.wait(20000));
        QPointer<QMessageBox> box = findMessageBox(QStringLiteral("Cannot load the series"));
        QVERIFY(box);
        QVERIFY(!QApplication::activeModalWidget());
        QTest::mouseClick(box->button(QMessageBox::Ok), Qt::LeftButton);
        QTRY_VERIFY(!box);
        QTRY_VERIFY(noJobUiVisible(w));
        QCOMPARE(w.seriesBrowser()->seriesCount(), 1); // the list still works
    }

    // Re-importing the folder of the series open in the window keeps the series, its labels
    // and its segments; strokes painted afterwards are saved (they used to fail with "FOREIGN
    // KEY constraint failed" after the series row was replaced).
    void reimportKeepsTheOpenSeries()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("re.sagitta"));
        core::createDemoProject(project.toStdString(), nullptr, false, false);
        app::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy loaded(&w, &app::MainWindow::seriesLoaded);
        QVERIFY(w.openProject(project));
        QVERIFY(loaded.wait(20000));
        const qint64 id = w.currentSeriesId();
        w.setTool(app::MainWindow::Tool::Paint);
        w.setBrushRadius(4.0);
        auto stroke = [&](QPoint a, QPoint b) { dragStroke(w.sliceView(), a, b); };
        stroke({100, 120}, {140, 130});
        const std::uint64_t first = savedVoxels(project, 1);
        QVERIFY(first > 200);

        QSignalSpy imported(&w, &app::MainWindow::importFinished);
        w.importFolder(dir.filePath(QStringLiteral("re-dicom")));
        QVERIFY(imported.wait(30000));
        QCOMPARE(imported[0][0].toInt(), 1);
        QVERIFY(loaded.count() >= 1);
        QTRY_VERIFY(!w.busy());
        QCOMPARE(w.currentSeriesId(), id);
        QCOMPARE(w.seriesBrowser()->seriesCount(), 1);
        QCOMPARE(savedVoxels(project, 1), first);
        QCOMPARE(w.segmentList()->segments().size(), std::size_t(1));
        QCOMPARE(visibleMessageBoxes(), 0); // nothing to report: the series was unchanged

        stroke({60, 60}, {80, 70});
        QTRY_VERIFY(savedVoxels(project, 1) > first);
        QVERIFY(!w.statusBar()->currentMessage().contains(QStringLiteral("could not")));
    }

    // A long import is listed; its Cancel button stops it and nothing is imported. (The row's
    // progress message is tested in tst_joblist: here the button is pressed at once, so that the
    // test does not race the import.)
    void cancelAnImportInTheJobList()
    {
        QTemporaryDir dir;
        core::dicom::SyntheticSpec s;
        s.dims = {256, 256, 120};
        s.syntax = core::dicom::TransferSyntax::Jpeg2000; // slow to decode: the import checks every slice
        core::dicom::writeSyntheticSeries(dir.filePath(QStringLiteral("big")).toStdString(), s);
        const QString project = dir.filePath(QStringLiteral("cancel.sagitta"));
        core::Project::create(project.toStdString()).reset();

        app::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openProject(project));
        QSignalSpy imported(&w, &app::MainWindow::importFinished);
        w.importFolder(dir.filePath(QStringLiteral("big")));
        QCOMPARE(w.jobList()->count(), 1);
        const int job = w.jobList()->jobIds().front();
        QVERIFY(w.jobList()->title(job).startsWith(QStringLiteral("Importing ")));
        QVERIFY(!QApplication::activeModalWidget());
        QTest::mouseClick(w.jobList()->cancelButton(job), Qt::LeftButton);
        QVERIFY(imported.count() == 1 || imported.wait(20000));
        QCOMPARE(imported[0][0].toInt(), 0);
        QVERIFY2(w.statusBar()->currentMessage().contains(QStringLiteral("cancelled")), qPrintable(w.statusBar()->currentMessage()));
        QVERIFY(w.project()->seriesStore().series().empty());
        QCOMPARE(w.seriesBrowser()->seriesCount(), 0);
        QVERIFY(noJobUiVisible(w));
        QCOMPARE(visibleMessageBoxes(), 0);
    }

    // Another program holds the project's write lock: a stroke is kept (the GUI never waits
    // long), the status bar says so, a warning comes once after 10 s, and the stroke reaches
    // the file as soon as the lock is gone.
    void strokesWaitForABusyProject()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("busy.sagitta"));
        core::createDemoProject(project.toStdString(), nullptr, false, false);
        app::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy loaded(&w, &app::MainWindow::seriesLoaded);
        QVERIFY(w.openProject(project));
        QVERIFY(loaded.wait(20000));
        QVERIFY(!w.readOnly());
        QCOMPARE(savedVoxels(project, 1), std::uint64_t(0));

        sqlite3 *other = nullptr;
        QCOMPARE(sqlite3_open(project.toUtf8().constData(), &other), SQLITE_OK);
        QCOMPARE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);

        w.setTool(app::MainWindow::Tool::Paint);
        w.setBrushRadius(4.0);
        auto *view = w.sliceView();
        auto stroke = [&](QPoint a, QPoint b) {
            QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, a);
            QTest::mouseMove(view, b);
            QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, b);
        };
        QElapsedTimer clock;
        clock.start();
        stroke(view->voxelToWidget({100, 120}).toPoint(), view->voxelToWidget({140, 130}).toPoint());
        QVERIFY2(clock.elapsed() < 2000, "a stroke on a busy project must not freeze the window");
        QCOMPARE(savedVoxels(project, 1), std::uint64_t(0)); // not in the file yet
        QCOMPARE(w.unsavedEdits(), 1);
        auto *state = w.statusBar()->findChild<QLabel *>(QStringLiteral("saveState"));
        QVERIFY(state && state->isVisible());
        QCOMPARE(state->text(), QStringLiteral("1 edit(s) not saved yet, retrying..."));
        stroke(view->voxelToWidget({60, 60}).toPoint(), view->voxelToWidget({70, 70}).toPoint());
        QCOMPARE(w.unsavedEdits(), 2);
        QCOMPARE(state->text(), QStringLiteral("2 edit(s) not saved yet, retrying..."));

        // Still busy after 10 s: one non-modal warning, and the window still answers.
        QPointer<QMessageBox> warning;
        QTRY_VERIFY_WITH_TIMEOUT((warning = findMessageBox(QStringLiteral("could not be saved for 10 seconds"))), 15000);
        QVERIFY(!warning->isModal());
        QTest::qWait(1200); // two more retries
        QCOMPARE(visibleMessageBoxes(), 1);
        const int slice = view->slice();
        view->setFocus();
        QTest::keyClick(w.windowHandle(), Qt::Key_Up);
        QTRY_COMPARE(view->slice(), slice + 1);
        w.grab().save(outputDir() + QStringLiteral("/unsaved_edits.png"));

        QCOMPARE(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
        QCOMPARE(sqlite3_close(other), SQLITE_OK);
        QTRY_VERIFY_WITH_TIMEOUT(savedVoxels(project, 1) > 200, 5000);
        QTRY_VERIFY(!state->isVisible());
        QCOMPARE(w.unsavedEdits(), 0);
        // Both strokes, as the window shows them (the segment list counts the map in memory).
        QCOMPARE(savedVoxels(project, 1), w.segmentList()->tree()->topLevelItem(0)->text(widgets::SegmentList::VoxelsColumn).toULongLong());
        warning->done(QMessageBox::Ok);
        QTRY_VERIFY(!warning);
    }

    // Opened read-only: viewing works, nothing that writes is offered, and the file's bytes
    // stay as they were.
    void readOnlyProjectIsOnlyViewed()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("view.sagitta"));
        core::createDemoProject(project.toStdString(), nullptr, false, false);
        auto digest = [&] {
            QFile f(project);
            return f.open(QIODevice::ReadOnly) ? QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256) : QByteArray();
        };
        const QByteArray before = digest();
        QVERIFY(!before.isEmpty());
        {
            app::MainWindow w;
            w.resize(1400, 900);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QSignalSpy loaded(&w, &app::MainWindow::seriesLoaded);
            QString error;
            QVERIFY2(w.openProject(project, &error, /*readOnly*/ true), qPrintable(error));
            QVERIFY(loaded.wait(20000));
            QVERIFY(w.readOnly());
            QVERIFY2(w.windowTitle().endsWith(QStringLiteral("(read-only)")), qPrintable(w.windowTitle()));
            auto *access = w.statusBar()->findChild<QLabel *>(QStringLiteral("accessState"));
            QVERIFY(access && access->isVisible());
            QVERIFY2(access->text().startsWith(QStringLiteral("Read-only: opened for viewing")), qPrintable(access->text()));
            // Every action that writes is disabled.
            QStringList enabled;
            for (QAction *a : w.findChildren<QAction *>()) {
                const QString text = a->text().remove(QLatin1Char('&'));
                if (QStringList{QStringLiteral("Paint"), QStringLiteral("Erase"), QStringLiteral("Ruler"), QStringLiteral("Rectangle ROI"),
                                QStringLiteral("Ellipse ROI"), QStringLiteral("Import Folder..."), QStringLiteral("Import Notes..."),
                                QStringLiteral("Undo"), QStringLiteral("Redo")}
                        .contains(text)
                    && a->isEnabled())
                    enabled << text;
            }
            QVERIFY2(enabled.isEmpty(), qPrintable(enabled.join(QStringLiteral(", "))));
            QVERIFY(!w.segmentList()->addButton()->isEnabled());
            QVERIFY(!w.segmentList()->isEditable());
            // A paint tool cannot be chosen, so a drag only moves the cursor.
            w.setTool(app::MainWindow::Tool::Paint);
            auto *view = w.sliceView();
            QCOMPARE(w.tool(), app::MainWindow::Tool::Navigate);
            QCOMPARE(view->tool(), w.toolObject(app::MainWindow::Tool::Navigate));
            view->setSlice(50);
            QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, view->voxelToWidget({100, 120}).toPoint());
            QTest::mouseMove(view, view->voxelToWidget({140, 130}).toPoint());
            QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, view->voxelToWidget({140, 130}).toPoint());
            QVERIFY(!w.unsavedEdits());
            // Viewing works: slices, the notes with their highlights (not stored), other layouts.
            view->setFocus();
            QTest::keyClick(w.windowHandle(), Qt::Key_Up);
            QCOMPARE(view->slice(), 51);
            w.notesDock()->show();
            QCOMPARE(w.noteList()->count(), 3);
            for (int row = 0; row < w.noteList()->count(); ++row) {
                w.noteList()->setCurrentRow(row);
                QVERIFY(!w.noteView()->spans().empty());
            }
            auto *panel = w.findChild<app::NotesPanel *>();
            QVERIFY(panel->readOnly());
            QVERIFY(!panel->reviewStatus()->isEnabled());
            QVERIFY(!panel->linkButton()->isEnabled());
            QTest::keyClicks(panel->entityFilter(), QStringLiteral("nodule"));
            panel->entityFilter()->clear();
            auto *editor = w.noteView()->editor();
            editor->setFocus();
            QTextCursor select(editor->document());
            select.setPosition(0);
            select.setPosition(4, QTextCursor::KeepAnchor);
            editor->setTextCursor(select);
            QTest::keyClick(editor, Qt::Key_1); // would label; refused in read-only
            w.setViewLayout(widgets::ViewerGrid::Layout::OneByThree);
            QTest::qWait(100);
            w.grab().save(outputDir() + QStringLiteral("/read_only.png"));
            QCOMPARE(visibleMessageBoxes(), 0);
        }
        QCOMPARE(digest(), before); // nothing was written
        auto p = core::Project::open(project.toStdString(), core::Project::Access::ReadOnly);
        for (const auto &n : p->noteStore().notes())
            for (const auto &s : p->noteStore().spans(n.id))
                QVERIFY(s.source != "person");
    }

    // Closing the window while a series is still loading (and its middle slice decoding) ends
    // cleanly: the jobs are cancelled and nothing touches the window afterwards.
    void closeWhileLoading()
    {
        QTemporaryDir dir;
        core::dicom::SyntheticSpec s;
        s.dims = {256, 256, 120};
        s.syntax = core::dicom::TransferSyntax::Jpeg2000;
        core::dicom::writeSyntheticSeries(dir.filePath(QStringLiteral("dicom")).toStdString(), s);
        const QString project = dir.filePath(QStringLiteral("close.sagitta"));
        {
            auto p = core::Project::create(project.toStdString());
            core::recordImport(*p, core::scanForImport(dir.filePath(QStringLiteral("dicom")).toStdString()));
        }
        for (int wait : {0, 5, 50, 200}) {
            auto *w = new app::MainWindow;
            w->show();
            QVERIFY(w->openProject(project));
            QTest::qWait(wait);
            delete w;
        }
        QTest::qWait(500); // any late callback would run now
        QVERIFY(core::Project::open(project.toStdString(), core::Project::Access::ReadOnly)->seriesStore().series().size() == 1);
    }

    // The middle slice is on screen while a slow (JPEG 2000) series is still decoding.
    void firstSliceBeforeTheRest()
    {
        QTemporaryDir dir;
        core::dicom::SyntheticSpec s;
        s.dims = {256, 256, 120};
        s.syntax = core::dicom::TransferSyntax::Jpeg2000;
        core::dicom::writeSyntheticSeries(dir.filePath(QStringLiteral("dicom")).toStdString(), s);
        const QString project = dir.filePath(QStringLiteral("slow.sagitta"));
        core::Project::create(project.toStdString()).reset();
        app::MainWindow w;
        w.show();
        QVERIFY(w.openProject(project));
        QSignalSpy loaded(&w, &app::MainWindow::seriesLoaded);
        QSignalSpy imported(&w, &app::MainWindow::importFinished);
        int previewSlices = -1;
        bool othersWaiting = false;
        connect(&w, &app::MainWindow::seriesPreviewed, this, [&] {
            previewSlices = w.sliceView()->volume() ? w.sliceView()->volume()->dim(2) : 0;
            othersWaiting = !w.findChild<widgets::ViewerGrid *>()->view(core::Anatomy::Coronal)->volume();
            w.grab().save(outputDir() + QStringLiteral("/first-slice-preview.png"));
        });
        w.setViewLayout(widgets::ViewerGrid::Layout::OneByThree);
        w.importFolder(dir.filePath(QStringLiteral("dicom")));
        QVERIFY(loaded.wait(60000));
        QCOMPARE(previewSlices, 1); // one decoded slice, in the axial view
        QVERIFY(othersWaiting);
        QCOMPARE(w.sliceView()->volume()->dim(2), 120);
        QCOMPARE(w.sliceView()->slice(), 60);
    }

    void fourUpLayoutWithLinkedCursor()
    {
        app::MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy loaded(&w, &app::MainWindow::seriesLoaded);
        QVERIFY(w.openProject(m_project));
        QVERIFY(loaded.wait(20000));
        w.setViewLayout(widgets::ViewerGrid::Layout::TwoByTwo);
        auto *grid = w.viewerGrid();
        auto *axial = grid->view(core::Anatomy::Axial);
        auto *coronal = grid->view(core::Anatomy::Coronal);
        auto *sagittal = grid->view(core::Anatomy::Sagittal);
        QVERIFY(coronal->isVisible() && sagittal->isVisible());
        QCOMPARE(coronal->axis(), core::SliceAxis::Coronal);
        QCOMPARE(sagittal->axis(), core::SliceAxis::Sagittal);
        axial->setSlice(67);
        QTest::qWait(50);

        // Click on the lung nodule in the axial view: the other planes go through it.
        QTest::mouseClick(axial, Qt::LeftButton, Qt::NoModifier, axial->voxelToWidget({76, 121}).toPoint());
        QCOMPARE(coronal->slice(), 121);
        QCOMPARE(sagittal->slice(), 76);
        QCOMPARE(coronal->cursorVoxel()[2], 67);
        // One window for all planes.
        w.viewerGrid()->setWindow({-600, 1500});
        QCOMPARE(sagittal->window().center, -600.0);
        // Superior is up in the coronal view: the top rows show the last (most superior) slices.
        QVERIFY(coronal->widgetToVoxel(coronal->voxelToWidget({10, 99})).y() > 98.5);
        QVERIFY(coronal->voxelToWidget({10, 99}).y() < coronal->voxelToWidget({10, 0}).y());

        if (grid->view3d()) {
            QVERIFY(grid->view3d()->isVisible());
            QTRY_VERIFY(grid->view3d()->rendered());
        }
        QTest::qWait(100);
        w.grab().save(outputDir() + QStringLiteral("/mainwindow_2x2.png"));

        // Cine steps through the axial slices.
        grid->setCine(true, 50);
        const int before = axial->slice();
        QTRY_VERIFY(axial->slice() != before);
        grid->setCine(false);
    }

    void notesAreHighlighted()
    {
        app::MainWindow w;
        w.resize(1400, 900);
        w.show();
        QSignalSpy loaded(&w, &app::MainWindow::seriesLoaded);
        QVERIFY(w.openProject(m_project));
        QVERIFY(loaded.wait(20000));
        QCOMPARE(w.noteList()->count(), 3);
        w.notesDock()->show();
        // The clinic letter: negated symptoms, medications with dose, family history.
        for (int row = 0; row < w.noteList()->count(); ++row)
            if (w.noteList()->item(row)->text() == QStringLiteral("Clinic letter"))
                w.noteList()->setCurrentRow(row);
        const auto &spans = w.noteView()->spans();
        auto find = [&](const std::string &text) -> const core::text::Span * {
            for (const auto &s : spans)
                if (s.text == text)
                    return &s;
            return nullptr;
        };
        QVERIFY(find("hemoptysis") && find("hemoptysis")->negated);
        QVERIFY(find("breast cancer") && find("breast cancer")->experiencer == "family");
        QVERIFY(find("Metformin") && find("Metformin")->details.count("dose"));
        // The highlight is in the document: struck through where negated.
        QTextCursor c(w.noteView()->editor()->document());
        const int at = w.noteView()->editor()->toPlainText().indexOf(QStringLiteral("hemoptysis"));
        c.setPosition(at + 2);
        QVERIFY(c.charFormat().fontStrikeOut());
        QVERIFY(w.noteView()->toolTipAt(at + 2).contains(QStringLiteral("negated")));
        // Reject a proposal with Delete, label new text with a number key: both stored and audited.
        auto *editor = w.noteView()->editor();
        editor->setFocus();
        QTextCursor inSpan(editor->document());
        inSpan.setPosition(at + 3);
        editor->setTextCursor(inSpan);
        QTest::keyClick(editor, Qt::Key_Delete);
        const QString plain = editor->toPlainText();
        QTextCursor select(editor->document());
        const int months = plain.indexOf(QStringLiteral("three months"));
        select.setPosition(months);
        select.setPosition(months + 12, QTextCursor::KeepAnchor);
        editor->setTextCursor(select);
        QTest::keyClick(editor, Qt::Key_1);
        {
            auto p = core::Project::open(m_project.toStdString());
            std::int64_t noteId = 0;
            for (const auto &n : p->noteStore().notes())
                if (n.title == "Clinic letter")
                    noteId = n.id;
            int rejected = 0, person = 0;
            for (const auto &s : p->noteStore().spans(noteId)) {
                rejected += s.status == "rejected" && s.start == at;
                person += s.source == "person" && s.type == "PROBLEM" && s.status == "accepted";
            }
            QCOMPARE(rejected, 1);
            QCOMPARE(person, 1);
            bool audited = false;
            for (const auto &e : p->auditLog())
                audited = audited || e.action == "span.status";
            QVERIFY(audited);
        }
        QVERIFY(!find("hemoptysis") || find("hemoptysis")->status == "rejected");
        QTest::qWait(50);
        w.grab().save(outputDir() + QStringLiteral("/notes_en.png"));
        for (int row = 0; row < w.noteList()->count(); ++row)
            if (w.noteList()->item(row)->text().startsWith(QString::fromUtf8("\xe8\x83\xb8")))
                w.noteList()->setCurrentRow(row);
        QVERIFY(w.noteView()->spans().size() > 5);
        w.grab().save(outputDir() + QStringLiteral("/notes_zh.png"));

        // Import a CSV of notes and find one by searching.
        QTemporaryDir dir;
        QFile csv(dir.filePath(QStringLiteral("notes.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("ROW_ID,SUBJECT_ID,CATEGORY,TEXT\n1,42,Radiology,\"No pneumothorax.\"\n2,42,Nursing,\"Patient resting.\"\n");
        csv.close();
        QSignalSpy imported(&w, &app::MainWindow::notesImported);
        w.importNotes(csv.fileName());
        QVERIFY(imported.wait(10000));
        QCOMPARE(w.noteList()->count(), 5);
        w.findChild<QLineEdit *>(QStringLiteral("noteFilter"))->setText(QStringLiteral("pneumothorax"));
        int visible = 0;
        for (int row = 0; row < w.noteList()->count(); ++row)
            visible += w.noteList()->item(row)->isHidden() ? 0 : 1;
        QCOMPARE(visible, 1);
        // The same file again (read on a worker with its own connection): no copies.
        w.importNotes(csv.fileName());
        QVERIFY(imported.wait(10000));
        QCOMPARE(imported.last()[0].toInt(), 0);
        QVERIFY2(w.statusBar()->currentMessage().contains(QStringLiteral("2 already in the project")),
                 qPrintable(w.statusBar()->currentMessage()));
        QCOMPARE(w.noteList()->count(), 5);
    }

    // Notes list filters, review status, the link to the CT, and the Notes menu's dialogs:
    // a type of one's own labelled with key 6, an export that leaves PHI out, agreement.
    void notesFiltersLinksAndDialogs()
    {
        QTemporaryDir dir;
        app::MainWindow w;
        const QString project = openDemo(w, dir, QStringLiteral("notes.sagitta"), QSize(1400, 900));
        QVERIFY(!project.isEmpty());
        w.notesDock()->show();
        auto *panel = w.findChild<app::NotesPanel *>();
        QVERIFY(panel);
        auto visible = [&] {
            QStringList titles;
            for (int row = 0; row < w.noteList()->count(); ++row)
                if (!w.noteList()->item(row)->isHidden())
                    titles << w.noteList()->item(row)->text();
            return titles;
        };
        QCOMPARE(visible().size(), 3);
        // Has entity: by text, affirmed only, and by type.
        QTest::keyClicks(panel->entityFilter(), QStringLiteral("breast cancer"));
        QCOMPARE(visible(), QStringList{QStringLiteral("Clinic letter")});
        panel->findChild<QCheckBox *>()->setChecked(true); // mentioned only for the mother
        QCOMPARE(visible(), QStringList{});
        panel->findChild<QCheckBox *>()->setChecked(false);
        panel->entityFilter()->clear();
        // The demo notes belong to the demo patient: linked to the CT, which the link opens.
        w.noteList()->setCurrentRow(0);
        QVERIFY(panel->seriesLinks()->text().contains(QStringLiteral("series:")));
        // Review status: set by hand, then filtered on.
        panel->reviewStatus()->setCurrentIndex(panel->reviewStatus()->findData(QStringLiteral("done")));
        Q_EMIT panel->reviewStatus()->activated(panel->reviewStatus()->currentIndex());
        panel->statusFilter()->setCurrentIndex(panel->statusFilter()->findData(QStringLiteral("done")));
        QCOMPARE(visible().size(), 1);
        panel->statusFilter()->setCurrentIndex(0);
        panel->openSeriesOnly()->setChecked(true); // all three demo notes are the CT patient's
        QCOMPARE(visible().size(), 3);
        panel->openSeriesOnly()->setChecked(false);

        // A type of one's own: DEVICE with its terms, labelled with key 6.
        panel->showEntityTypesDialog();
        auto *types = panel->findChild<app::EntityTypesDialog *>();
        QVERIFY(types);
        QTest::keyClicks(types->name(), QStringLiteral("device"));
        types->terms()->setPlainText(QStringLiteral("pacemaker\nsolid nodule")); // the CT report holds the second
        QSignalSpy proposed(panel, &app::NotesPanel::ownTypesProposed);
        QTest::mouseClick(types->saveButton(), Qt::LeftButton);
        QCOMPARE(types->list()->count(), 1);
        QVERIFY(proposed.count() == 1 || proposed.wait(10000));
        {
            auto p = core::Project::open(project.toStdString());
            int device = 0;
            for (const auto &n : p->noteStore().notes())
                for (const auto &s : p->noteStore().spans(n.id))
                    device += s.type == "DEVICE" && s.source == "lexicon" && s.status == "proposed";
            QCOMPARE(device, 1); // existing notes got the new type's proposals
        }
        QVERIFY(types->error()->text().isEmpty());
        types->grab().save(outputDir() + QStringLiteral("/entity_types.png"));
        types->close();
        QCOMPARE(w.noteView()->labelTypes().size(), std::size_t(6));
        auto *editor = w.noteView()->editor();
        editor->setFocus();
        QTextCursor select(editor->document());
        select.setPosition(0);
        select.setPosition(4, QTextCursor::KeepAnchor);
        editor->setTextCursor(select);
        QTest::keyClick(editor, Qt::Key_6);
        bool device = false;
        for (const auto &s : w.noteView()->spans())
            device = device || (s.type == "DEVICE" && s.source == "person");
        QVERIFY(device);
        QCOMPARE(w.noteView()->colorFor("DEVICE"), QColor(120, 200, 220));

        // Export: de-identified JSONL by default.
        panel->showExportDialog();
        auto *exporter = panel->findChild<app::ExportNotesDialog *>();
        QVERIFY(exporter);
        QVERIFY(exporter->deidentify()->isChecked());
        exporter->format()->setCurrentIndex(exporter->format()->findData(int(core::NoteFormat::Jsonl)));
        exporter->path()->setText(dir.filePath(QStringLiteral("out.jsonl")));
        exporter->grab().save(outputDir() + QStringLiteral("/export_notes.png"));
        QSignalSpy exported(exporter, &app::ExportNotesDialog::exported);
        exporter->run();
        QVERIFY(exported.count() == 1 || exported.wait(10000));
        QCOMPARE(exported[0][0].toInt(), 3);
        QFile out(dir.filePath(QStringLiteral("out.jsonl")));
        QVERIFY(out.open(QIODevice::ReadOnly));
        const QByteArray all = out.readAll();
        QCOMPARE(all.count('\n'), 3);
        QVERIFY(!all.contains("DEMO^PATIENT"));

        // Agreement: this user against a second annotator imported from brat files.
        core::NoteExportOptions brat;
        brat.format = core::NoteFormat::Brat;
        brat.deidentify = false;
        brat.acceptedOnly = true;
        brat.path = dir.filePath(QStringLiteral("brat")).toStdString();
        {
            auto p = core::Project::open(project.toStdString());
            core::exportNotes(*p, brat);
        }
        panel->showAgreementDialog();
        auto *agreement = panel->findChild<app::AgreementDialog *>();
        QVERIFY(agreement);
        QCOMPARE(agreement->importBrat(QString::fromStdString(brat.path), QStringLiteral("second-reader"), nullptr), 1);
        QCOMPARE(agreement->authorA()->count(), 3); // the engine, this user, the second reader
        agreement->authorA()->setCurrentIndex(agreement->authorA()->findText(QString::fromStdString(core::Project::currentUser())));
        agreement->authorB()->setCurrentIndex(agreement->authorB()->findText(QStringLiteral("second-reader")));
        QVERIFY(agreement->table()->rowCount() >= 2);
        QCOMPARE(agreement->table()->item(0, 3)->text(), QStringLiteral("1.000")); // exact F1, pooled
        agreement->grab().save(outputDir() + QStringLiteral("/agreement.png"));
        agreement->close();
        w.grab().save(outputDir() + QStringLiteral("/notes_filters.png"));
    }

    void tagBrowserFollowsTheSlice()
    {
        app::MainWindow w;
        w.show();
        QSignalSpy loaded(&w, &app::MainWindow::seriesLoaded);
        QVERIFY(w.openProject(m_project));
        QVERIFY(loaded.wait(20000));
        w.findChild<QDockWidget *>(QStringLiteral("tagsDock"))->show();
        w.sliceView()->setSlice(10);
        QTRY_VERIFY(w.tagBrowser()->file().endsWith(QStringLiteral("slice0010.dcm")));
        auto *tree = w.tagBrowser()->tree();
        QString position;
        for (int n = 0; n < tree->topLevelItemCount(); ++n)
            if (tree->topLevelItem(n)->text(2) == QStringLiteral("ImagePositionPatient"))
                position = tree->topLevelItem(n)->text(3);
        QVERIFY2(position.endsWith(QStringLiteral("\\-80")), qPrintable(position)); // z = -100 + 10 * 2 mm
        w.sliceView()->setSlice(11);
        QTRY_VERIFY(w.tagBrowser()->file().endsWith(QStringLiteral("slice0011.dcm")));
    }

    void realCtFromInvesalius()
    {
        if (core::dicom::invesaliusExample().empty())
            QSKIP("Debian's invesalius-examples is not installed");
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("real.sagitta"));
        core::createDemoProject(project.toStdString(), nullptr, true, false);
        app::MainWindow w;
        w.resize(1400, 900);
        w.show();
        QSignalSpy loaded(&w, &app::MainWindow::seriesLoaded);
        QVERIFY(w.openProject(project));
        QVERIFY(loaded.wait(20000));
        QCOMPARE(w.seriesBrowser()->seriesCount(), 2);
        // Click the real CT in the study browser (a patient of its own).
        QCOMPARE(w.seriesBrowser()->topLevelItemCount(), 2);
        QTreeWidgetItem *cranium = nullptr;
        for (auto *item : w.seriesBrowser()->findItems(QStringLiteral("x 108"), Qt::MatchContains | Qt::MatchRecursive))
            cranium = item;
        QVERIFY(cranium);
        w.seriesBrowser()->scrollToItem(cranium);
        const QRect at = w.seriesBrowser()->visualItemRect(cranium);
        QSignalSpy failed(&w, &app::MainWindow::jobFailed);
        QTest::mouseClick(w.seriesBrowser()->viewport(), Qt::LeftButton, Qt::NoModifier, at.center());
        QVERIFY2(loaded.wait(20000), failed.isEmpty() ? "no series loaded" : qPrintable(failed.front().front().toString()));
        const core::Volume *v = w.sliceView()->volume();
        QCOMPARE(v->geometry().dims, (std::array<int, 3>{256, 256, 108}));
        const auto range = v->range();
        QVERIFY(range[0] <= -1000 && range[1] >= 1500); // air and cortical bone in HU
        w.setViewLayout(widgets::ViewerGrid::Layout::TwoByTwo);
        w.sliceView()->setSlice(60);
        // The bone segment's surface is built off the GUI thread: wait for it in the 3D view.
        if (widgets::VolumeView3D *view3d = w.viewerGrid()->view3d())
            QTRY_VERIFY_WITH_TIMEOUT(view3d->surfaceCount() > 0 && !view3d->surfacesPending(), 30000);
        QTest::qWait(300);
        w.grab().save(outputDir() + QStringLiteral("/cranium_2x2.png"));
    }

    void chineseScreenshot()
    {
        QVERIFY(app::installTranslations(QStringLiteral("zh_CN")));
        app::MainWindow w;
        w.show();
        QSignalSpy loaded(&w, &app::MainWindow::seriesLoaded);
        QVERIFY(w.openProject(m_project));
        QVERIFY(loaded.wait(20000));
        QCOMPARE(w.menuBar()->actions().first()->text(), QStringLiteral(u"\u6587\u4ef6(&F)"));
        w.grab().save(outputDir() + QStringLiteral("/mainwindow_zh_CN.png"));
        // The Chinese note, highlighted, in the Chinese interface.
        w.resize(1400, 900);
        w.notesDock()->show();
        for (int row = 0; row < w.noteList()->count(); ++row)
            if (w.noteList()->item(row)->text().startsWith(QString::fromUtf8("\xe8\x83\xb8")))
                w.noteList()->setCurrentRow(row);
        QVERIFY(w.noteView()->spans().size() > 5);
        QTest::qWait(50);
        w.grab().save(outputDir() + QStringLiteral("/notes_zh_CN.png"));
    }
};

QTEST_MAIN(TstMainWindow)
#include "tst_mainwindow.moc"
