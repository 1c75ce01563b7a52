#pragma once
// Helpers shared by the main window's tests: where screenshots go, message boxes on screen,
// the labels saved in a project file, and a paint drag on a slice view.
#include "app/mainwindow.h"
#include "core/project/demo.h"
#include "widgets/effectspanel.h"
#include "widgets/sliceview.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

namespace sagitta::testing {

inline QString outputDir()
{
    const QString dir = qEnvironmentVariable("SAGITTA_TEST_OUTPUT", QStringLiteral(SAGITTA_TEST_OUTPUT));
    QDir().mkpath(dir);
    return dir;
}

// The visible message box whose text contains the given text, if any.
inline QMessageBox *findMessageBox(const QString &text)
{
    for (QWidget *w : QApplication::topLevelWidgets())
        if (auto *box = qobject_cast<QMessageBox *>(w); box && box->isVisible() && box->text().contains(text))
            return box;
    return nullptr;
}

inline int visibleMessageBoxes()
{
    int n = 0;
    for (QWidget *w : QApplication::topLevelWidgets())
        n += qobject_cast<QMessageBox *>(w) && w->isVisible();
    return n;
}

// No progress dialog and no job row is on screen.
inline bool noJobUiVisible(const app::MainWindow &w)
{
    for (QWidget *top : QApplication::topLevelWidgets())
        if (qobject_cast<QProgressDialog *>(top) && top->isVisible())
            return false;
    return w.jobList()->count() == 0 && !w.jobsDock()->isVisible();
}

inline std::uint64_t savedVoxels(const QString &projectPath, int label)
{
    auto p = core::Project::open(projectPath.toStdString(), core::Project::Access::ReadOnly);
    const auto series = p->seriesStore().series();
    return p->labelStore().loadLabelMap(series.front().id, series.front().geometry.dims).count(std::uint8_t(label));
}

// The demo project (its synthetic CT alone: no real CT, no training set) created in dir as
// name and opened in w, shown (resized first when size is valid). Returns its path once the
// first series is loaded; empty when it could not be opened or loaded.
inline QString openDemo(app::MainWindow &w, const QTemporaryDir &dir, const QString &name, QSize size = QSize(1400, 1000))
{
    const QString project = dir.filePath(name);
    core::createDemoProject(project.toStdString(), nullptr, false, false);
    if (size.isValid())
        w.resize(size);
    w.show();
    QSignalSpy loaded(&w, &app::MainWindow::seriesLoaded);
    if (!w.openProject(project) || !loaded.wait(20000))
        return {};
    return project;
}

// A paint (or erase) drag on a slice view between two in-plane voxels.
inline void dragStroke(widgets::SliceView *view, QPoint fromVoxel, QPoint toVoxel)
{
    const QPoint a = view->voxelToWidget(fromVoxel).toPoint(), b = view->voxelToWidget(toVoxel).toPoint();
    QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, a);
    QTest::mouseMove(view, (a + b) / 2);
    QTest::mouseMove(view, b);
    QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, b);
}

// Clicks an effect's button and waits for it: the effect runs on a worker while the panel
// waits (disabled), so the window stays responsive.
inline void runEffect(widgets::EffectsPanel *panel, widgets::EffectsPanel::Effect effect)
{
    QTest::mouseClick(panel->button(effect), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(panel->isEnabled(), 30000);
}

} // namespace sagitta::testing
