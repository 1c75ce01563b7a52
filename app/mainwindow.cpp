#include "app/accessdialogs.h"
#include "app/mainwindow.h"
#include "app/effectscontroller.h"
#include "app/segmentcontroller.h"
#include "app/trainingcontroller.h"
#include "app/measurements.h"
#include "app/thumbnails.h"

#include "app/jobrunner.h"
#include "core/base/error.h"
#include "core/project/demo.h"
#include "core/image/measure.h"
#include "core/project/importer.h"
#include "core/project/notesimport.h"
#include "core/text/noteimport.h"

#include <nlohmann/json.hpp>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QStandardPaths>
#include <QPushButton>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>

namespace sagitta {
namespace app {

namespace {

// The GUI's connection waits this long for another program's write lock before a save is
// kept for later: a stroke never freezes the window for longer.
constexpr int kBusyTimeoutMs = 200;
// The last save before a label map goes (closing, another series) may wait longer.
constexpr int kSaveRetryMs = 500;

QString patientText(const core::SeriesRecord &r)
{
    // DICOM person names use '^' between components: "FAMILY^GIVEN".
    QString name = QString::fromStdString(r.patientName);
    const QStringList parts = name.split(QLatin1Char('^'), Qt::SkipEmptyParts);
    if (parts.size() >= 2)
        name = parts[0] + QStringLiteral(", ") + parts.mid(1).join(QLatin1Char(' '));
    return name + QLatin1Char('\n') + QObject::tr("ID %1").arg(QString::fromStdString(r.patientId));
}

QString reviewText(const std::string &status)
{
    return status == "submitted" ? QObject::tr("labels submitted")
           : status == "approved" ? QObject::tr("labels approved")
           : status == "rejected" ? QObject::tr("labels rejected")
                                  : QString();
}

QString seriesText(const core::SeriesRecord &r, const std::string &review = {})
{
    const auto &g = r.geometry;
    const QString status = reviewText(review);
    return QStringLiteral("%1 %2: %3\n%4 x %5 x %6%7")
        .arg(QString::fromStdString(r.modality))
        .arg(r.seriesNumber)
        .arg(QString::fromStdString(r.description))
        .arg(g.dims[0])
        .arg(g.dims[1])
        .arg(g.dims[2])
        .arg(status.isEmpty() ? QString() : QStringLiteral(" \u00b7 ") + status);
}

} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Sagitta"));
    m_grid = new widgets::ViewerGrid(this);
    m_view = m_grid->view(core::Anatomy::Axial);
    setCentralWidget(m_grid);
    createDocks();
    createActions();
    m_saveState = new QLabel(this);
    m_saveState->setObjectName(QStringLiteral("saveState"));
    m_saveState->hide();
    statusBar()->addPermanentWidget(m_saveState);
    m_accessState = new QLabel(this);
    m_accessState->setObjectName(QStringLiteral("accessState"));
    m_accessState->hide();
    statusBar()->addPermanentWidget(m_accessState);
    m_saveRetry = new QTimer(this);
    m_saveRetry->setInterval(kSaveRetryMs);
    connect(m_saveRetry, &QTimer::timeout, this, &MainWindow::retrySave);
    statusBar()->showMessage(tr("Open a project, import a DICOM folder or open the demo project."));
    resize(1280, 820);
    updateActions();
}

MainWindow::~MainWindow()
{
    finishSaving(false); // a last try; nobody is left to tell
    // Detach the views from the editor before the editor goes.
    m_grid->setVolume(nullptr);
    setSession(nullptr);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_session && m_session->saver().pending() && !flushLabels(MainWindow::kFinalSaveTimeoutMs)) {
        // The window is going: ask (modally) rather than lose edits without a word.
        const auto answer = QMessageBox::warning(
            this, tr("Sagitta"),
            tr("%n edit(s) could not be saved: %1\nClose anyway and lose them?", nullptr, m_unsavedEdits)
                .arg(QString::fromStdString(m_session->saver().lastError())),
            QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Discard) {
            event->ignore();
            return;
        }
        m_saveRetry->stop();
        m_grid->setVolume(nullptr);
        setSession(nullptr); // dropped, as the user chose
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::createDocks()
{
    m_seriesList = new widgets::StudyBrowser(this);
    auto *seriesDock = new QDockWidget(tr("Series"), this);
    seriesDock->setObjectName(QStringLiteral("seriesDock"));
    seriesDock->setWidget(m_seriesList);
    addDockWidget(Qt::LeftDockWidgetArea, seriesDock);
    connect(m_seriesList, &widgets::StudyBrowser::seriesChosen, this, [this](qint64 id) {
        if (id != m_seriesId)
            loadSeries(id);
    });

    m_segments = new widgets::SegmentList(this);
    auto *segmentDock = new QDockWidget(tr("Segments"), this);
    segmentDock->setObjectName(QStringLiteral("segmentDock"));
    segmentDock->setWidget(m_segments);
    addDockWidget(Qt::LeftDockWidgetArea, segmentDock);
    resizeDocks({segmentDock}, {380}, Qt::Horizontal); // room for the segment table's columns
    m_segmentController = new SegmentController({[this] { return m_project.get(); },
                                                  [this] { return m_session && !labelsReadOnly() ? &m_session->editor() : nullptr; },
                                                  [this] { return m_session ? m_seriesId : qint64(0); },
                                                  [this] { return m_mapAuthor; }},
                                                 m_segments, this);
    connect(m_segmentController, &SegmentController::changed, this, [this] {
        refreshSegments(); // display state (visibility, opacity, lock); voxels come by the change path
        updateActions();
    });
    connect(m_segmentController, &SegmentController::failed, this, &MainWindow::showError);
    connect(m_segmentController, &SegmentController::reviewChanged, this, &MainWindow::refreshSeriesList);
    connect(m_segments, &widgets::SegmentList::displayChanged, m_grid, &widgets::ViewerGrid::setLabelDisplay);
    connect(m_segments, &widgets::SegmentList::labelMapRequested, this,
            [this](const QString &author) { showLabelMap(author.toStdString()); });
    connect(m_segments, &widgets::SegmentList::proposalDecided, this, &MainWindow::decideProposal);

    // The segment editor's effects and masking, on the right beside the views.
    m_effects = new widgets::EffectsPanel(this);
    auto *effectsDock = new QDockWidget(tr("Effects"), this);
    effectsDock->setObjectName(QStringLiteral("effectsDock"));
    effectsDock->setWidget(m_effects);
    addDockWidget(Qt::RightDockWidgetArea, effectsDock);
    m_effectsController = new EffectsController(
        {[this] { return labelsReadOnly() || !m_session ? nullptr : &m_session->editor(); },
         [this] { return m_session ? m_session->volume() : nullptr; },
         [this] { return m_segments->activeLabel(); }, [this] { return m_view->cursorVoxel(); },
         [this](const widgets::SliceView::Preview &fill) { m_grid->setPreview(fill); },
         [this] { return m_view->window(); }},
        m_effects, this);
    // What an effect changed comes through the session's change path; here only its message.
    connect(m_effectsController, &EffectsController::changed, this, [this](const QString &message) {
        statusBar()->showMessage(message);
    });
    connect(m_effects, &widgets::EffectsPanel::effectRequested, this, [this](widgets::EffectsPanel::Effect effect) {
        if (effect == widgets::EffectsPanel::Effect::SplitIslands)
            m_segmentController->splitIslands(m_segments->activeLabel(), m_effects->minVoxels());
    });
    connect(m_effectsController, &EffectsController::failed, this, &MainWindow::showError);

    // Clinical notes of the project, highlighted by the text engine.
    m_notesPanel = new NotesPanel(this);
    m_notesDock = new QDockWidget(tr("Notes"), this);
    m_notesDock->setObjectName(QStringLiteral("notesDock"));
    m_notesDock->setWidget(m_notesPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_notesDock);
    m_notesDock->hide();
    connect(m_notesPanel, &NotesPanel::failed, this, &MainWindow::showError);
    connect(m_notesPanel, &NotesPanel::message, this, [this](const QString &text) { statusBar()->showMessage(text); });
    connect(m_notesPanel, &NotesPanel::openSeriesRequested, this, &MainWindow::loadSeries);
    connect(this, &MainWindow::seriesLoaded, m_notesPanel, &NotesPanel::setCurrentSeries);

    // The DICOM attributes of the file behind the axial view's current slice.
    m_tags = new widgets::TagBrowser(this);
    m_tagsDock = new QDockWidget(tr("DICOM Tags"), this);
    m_tagsDock->setObjectName(QStringLiteral("tagsDock"));
    m_tagsDock->setWidget(m_tags);
    addDockWidget(Qt::RightDockWidgetArea, m_tagsDock);
    m_tagsDock->hide();

    // Rulers and ROIs of the open series: jump to one, remove one.
    m_measurements = new widgets::MeasurementList(this);
    m_measurementsDock = new QDockWidget(tr("Measurements"), this);
    m_measurementsDock->setObjectName(QStringLiteral("measurementsDock"));
    m_measurementsDock->setWidget(m_measurements);
    addDockWidget(Qt::RightDockWidgetArea, m_measurementsDock);
    m_measurementsDock->hide();

    // Running jobs. The dock waits a moment before it shows, so quick jobs do not flash.
    m_jobs = new widgets::JobList(this);
    m_jobsDock = new QDockWidget(tr("Jobs"), this);
    m_jobsDock->setObjectName(QStringLiteral("jobsDock"));
    m_jobsDock->setWidget(m_jobs);
    addDockWidget(Qt::BottomDockWidgetArea, m_jobsDock);
    m_jobsDock->hide();
    m_notesPanel->setJobList(m_jobs);
    m_showJobs = new QTimer(this);
    m_showJobs->setSingleShot(true);
    m_showJobs->setInterval(300);
    connect(m_showJobs, &QTimer::timeout, this, [this] {
        if (m_jobs->count() > 0)
            m_jobsDock->show();
    });
    connect(m_jobs, &widgets::JobList::countChanged, this, [this](int n) {
        if (n == 0) {
            m_showJobs->stop();
            m_jobsDock->hide();
        } else if (!m_jobsDock->isVisible() && !m_showJobs->isActive()) {
            m_showJobs->start();
        }
    });
    connect(m_jobs, &widgets::JobList::cancelRequested, this, [this] { statusBar()->showMessage(tr("Cancelling...")); });

    // Training on the project's labels (LibTorch), with live curves; a job like the others.
    m_training = new widgets::TrainingPanel(this);
    m_trainingDock = new QDockWidget(tr("Training"), this);
    m_trainingDock->setObjectName(QStringLiteral("trainingDock"));
    m_trainingDock->setWidget(m_training);
    addDockWidget(Qt::RightDockWidgetArea, m_trainingDock);
    tabifyDockWidget(effectsDock, m_trainingDock); // beside the effects, a tab away
    m_trainingDock->hide();
    connect(m_trainingDock->toggleViewAction(), &QAction::triggered, m_trainingDock, [this](bool on) {
        if (on)
            m_trainingDock->raise();
    });
    m_trainingController = new TrainingController(
        {[this] { return m_project.get(); }, m_jobs, [this] { return m_seriesId; },
         [this](qint64 series, qint64 model) {
             // The new proposal, shown pale over the series with its uncertain voxels.
             if (series == m_seriesId) {
                 refreshLabelMaps();
                 showLabelMap(core::LabelStore::modelAuthor(model));
             }
         },
         [this] { m_notesPanel->refresh(); }},
        m_training, this);
    connect(m_trainingController, &TrainingController::finished, this, [this](const QString &text) { statusBar()->showMessage(text); });
    connect(m_trainingController, &TrainingController::failed, this, &MainWindow::showError);
    connect(m_trainingDock, &QDockWidget::visibilityChanged, m_trainingController, [this](bool shown) {
        if (shown)
            m_trainingController->refresh();
    });
    connect(m_measurements, &widgets::MeasurementList::jumpRequested, this, [this](core::SliceAxis axis, int slice, QPointF c) {
        const auto ijk = core::planeToVoxel({axis, slice}, int(std::lround(c.x())), int(std::lround(c.y())));
        for (auto anatomy : {core::Anatomy::Axial, core::Anatomy::Coronal, core::Anatomy::Sagittal})
            m_grid->view(anatomy)->setCursorVoxel(ijk);
    });
    connect(m_measurements, &widgets::MeasurementList::removeRequested, this, &MainWindow::removeMeasurement);
    auto followSlice = [this] {
        if (!m_tagsDock->isVisible() || !m_session)
            return;
        for (const core::SeriesRecord &r : m_series)
            if (r.id == m_seriesId && !r.files.empty()) {
                const int k = std::clamp(m_view->cursorVoxel()[2], 0, int(r.files.size()) - 1);
                m_tags->showFile(QString::fromStdString(r.files[std::size_t(k)]));
            }
    };
    connect(m_view, &widgets::SliceView::sliceChanged, this, followSlice);
    connect(m_tagsDock, &QDockWidget::visibilityChanged, this, followSlice);
    connect(m_segments, &widgets::SegmentList::activeLabelChanged, m_grid, &widgets::ViewerGrid::setActiveLabel);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newProject = file->addAction(tr("&New Project..."), this, &MainWindow::chooseAndCreateProject);
    newProject->setShortcut(QKeySequence::New);
    QAction *open = file->addAction(tr("&Open Project..."), this, &MainWindow::chooseAndOpenProject);
    open->setShortcut(QKeySequence::Open);
    m_import = file->addAction(tr("&Import Folder..."), this, &MainWindow::chooseAndImportFolder);
    m_import->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_importNotes = file->addAction(tr("Import &Notes..."), this, &MainWindow::chooseAndImportNotes);
    file->addAction(tr("Open &Demo Project"), this, &MainWindow::openDemo);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    m_undo = edit->addAction(tr("&Undo"), this, &MainWindow::undo);
    m_undo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    m_redo = edit->addAction(tr("&Redo"), this, &MainWindow::redo);
    m_redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});

    createTools(menuBar()->addMenu(tr("&Tools")));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_notesDock->toggleViewAction());
    view->addAction(m_tagsDock->toggleViewAction());
    view->addAction(m_measurementsDock->toggleViewAction());
    view->addAction(m_jobsDock->toggleViewAction());
    view->addAction(m_trainingDock->toggleViewAction());
    view->addAction(tr("&Reset View"), this, [this] {
        for (auto anatomy : {core::Anatomy::Axial, core::Anatomy::Coronal, core::Anatomy::Sagittal})
            m_grid->view(anatomy)->resetView();
        if (m_grid->view3d())
            m_grid->view3d()->resetCamera();
    });
    view->addSeparator();
    auto *layouts = new QActionGroup(this);
    const std::pair<QString, widgets::ViewerGrid::Layout> layoutItems[] = {
        {tr("Layout 1 x 1"), widgets::ViewerGrid::Layout::Single},
        {tr("Layout 1 x 3"), widgets::ViewerGrid::Layout::OneByThree},
        {tr("Layout 2 x 2 with 3D"), widgets::ViewerGrid::Layout::TwoByTwo}};
    int shortcut = 1;
    for (const auto &[label, layout] : layoutItems) {
        QAction *a = view->addAction(label);
        a->setCheckable(true);
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + shortcut++)));
        a->setChecked(layout == widgets::ViewerGrid::Layout::Single);
        layouts->addAction(a);
        connect(a, &QAction::triggered, this, [this, layout = layout] { setViewLayout(layout); });
        m_layoutActions.push_back(a);
    }
    view->addSeparator();
    m_cine = view->addAction(tr("&Cine"));
    m_cine->setCheckable(true);
    m_cine->setShortcut(QKeySequence(Qt::Key_C));
    connect(m_cine, &QAction::toggled, m_grid, [this](bool on) { m_grid->setCine(on); });
    if (m_grid->view3d()) {
        QMenu *presets3d = view->addMenu(tr("3D &Rendering"));
        auto *group3d = new QActionGroup(this);
        const std::pair<QString, widgets::VolumeView3D::Preset> items[] = {
            {tr("CT bone"), widgets::VolumeView3D::Preset::CtBone},
            {tr("CT soft tissue"), widgets::VolumeView3D::Preset::CtSoftTissue},
            {tr("MR default"), widgets::VolumeView3D::Preset::MrDefault}};
        for (const auto &[label, preset] : items) {
            QAction *a = presets3d->addAction(label);
            a->setCheckable(true);
            a->setChecked(preset == widgets::VolumeView3D::Preset::CtBone);
            group3d->addAction(a);
            connect(a, &QAction::triggered, this, [this, preset = preset] { m_grid->view3d()->setPreset(preset); });
        }
    }

    menuBar()->addMenu(m_notesPanel->menu());
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Sagitta"), this, [this] {
        QMessageBox::about(this, tr("About Sagitta"),
                           tr("Sagitta: label lesions in DICOM images, review clinical notes and train models, "
                              "offline, in one project file."));
    });

    createToolBar();

    connect(m_grid, &widgets::ViewerGrid::windowChanged, this, [this](double c, double w) {
        const auto &presets = core::ctWindowPresets();
        int match = 0;
        for (std::size_t n = 0; n < presets.size(); ++n)
            if (std::abs(presets[n].window.center - c) < 0.5 && std::abs(presets[n].window.width - w) < 0.5)
                match = int(n) + 1;
        m_presets->setCurrentIndex(match);
    });
}

void MainWindow::setViewLayout(widgets::ViewerGrid::Layout layout)
{
    const int n = layout == widgets::ViewerGrid::Layout::Single ? 0 : layout == widgets::ViewerGrid::Layout::OneByThree ? 1 : 2;
    m_layoutActions[std::size_t(n)]->setChecked(true);
    m_grid->setLayout(layout);
}

void MainWindow::applyPreset(int index)
{
    const auto &presets = core::ctWindowPresets();
    if (index >= 1 && index <= int(presets.size()))
        m_grid->setWindow(presets[std::size_t(index - 1)].window);
}

QMessageBox *MainWindow::showMessage(QMessageBox::Icon icon, const QString &text, const QString &details)
{
    for (QMessageBox *open : findChildren<QMessageBox *>(QString(), Qt::FindDirectChildrenOnly)) {
        if (open->isVisible() && open->text() == text && open->detailedText() == details) {
            open->raise();
            open->activateWindow();
            return open;
        }
    }
    // Never exec(): a nested event loop under a job's result handler is what froze the window.
    auto *box = new QMessageBox(icon, tr("Sagitta"), text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::NonModal);
    if (!details.isEmpty())
        box->setDetailedText(details);
    box->show();
    return box;
}

void MainWindow::showError(const QString &message)
{
    statusBar()->showMessage(message);
    Q_EMIT jobFailed(message);
    showMessage(QMessageBox::Warning, message);
}

QString MainWindow::demoProjectPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("demo/demo.sagitta"));
}

void MainWindow::openDemo()
{
    const QString path = demoProjectPath();
    if (QFileInfo::exists(path)) {
        QString error;
        if (!openProject(path, &error))
            showError(error);
        return;
    }
    m_busy = true;
    runJob(m_jobs, this, tr("Creating the demo project..."),
           [file = path.toStdString()](core::ProgressSink *p) { core::createDemoProject(file, p); },
           [this, path](const QString &error) {
               m_busy = false;
               QString openError;
               if (!error.isEmpty())
                   showError(tr("Cannot create the demo project: %1").arg(error));
               else if (!openProject(path, &openError))
                   showError(openError);
           });
}

bool MainWindow::openProject(const QString &path, QString *error, bool readOnly)
{
    // The passphrase of an encrypted project, then who works on it, before it opens.
    if (!askProjectPassphrase(this, path, error) || !chooseProjectUser(this, path, error))
        return false;
    try {
        auto project = core::Project::open(path.toStdString(),
                                           readOnly ? core::Project::Access::ReadOnly : core::Project::Access::Auto);
        if (!project->readOnly())
            project->setBusyTimeout(kBusyTimeoutMs);
        closeProject();
        m_project = std::move(project);
        m_readOnlyAsked = readOnly;
    } catch (const std::exception &e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
    applyAccess();
    if (m_project->readOnly())
        setWindowTitle(tr("Sagitta - %1 (read-only)").arg(QFileInfo(path).fileName()));
    else
        setWindowTitle(tr("Sagitta - %1").arg(QFileInfo(path).fileName()));
    refreshSeriesList();
    m_notesPanel->setProject(m_project.get());
    m_trainingController->refresh();
    Q_EMIT projectOpened(path);
    if (!m_series.empty())
        loadSeries(m_series.front().id);
    updateActions();
    return true;
}

void MainWindow::closeProject()
{
    finishSaving(true);
    ++m_loadGeneration;
    if (m_loadJob)
        m_loadJob->cancel();
    m_loadJob.reset();
    m_grid->setVolume(nullptr);
    setSession(nullptr);
    m_seriesId = 0;
    m_series.clear();
    m_seriesList->setEntries({});
    m_segments->setSegments({}, {}, 0.0);
    m_tags->showFile(QString());
    m_notesPanel->setProject(nullptr);
    m_trainingController->cancel();
    m_project.reset();
    m_trainingController->refresh();
    m_readOnlyAsked = false;
    applyAccess();
    setWindowTitle(tr("Sagitta"));
    updateActions();
}

void MainWindow::applyAccess()
{
    const bool ro = readOnly();
    m_accessState->setVisible(ro);
    m_segments->setEditable(!labelsReadOnly());
    // Also on another reader's labels; a proposal is accepted or rejected instead.
    const std::string role = m_project ? m_project->currentRole() : std::string();
    m_segments->setReviewable(!ro && m_session && m_mapAuthor.rfind("model:", 0) != 0, role != "annotator");
    m_effects->setEditable(!labelsReadOnly());
    if (!ro && labelsReadOnly())
        setTool(Tool::Navigate); // another reader's labels or a proposal: looked at, not drawn on
    m_notesPanel->setReadOnly(ro);
    if (ro) {
        const QString why = m_readOnlyAsked ? tr("Read-only: opened for viewing; nothing is changed.")
                                            : tr("Read-only: the project file or its folder cannot be written.");
        m_accessState->setText(why);
        statusBar()->showMessage(why);
        setTool(Tool::Navigate);
    }
    updateActions();
}

void MainWindow::refreshSeriesList()
{
    m_series = m_project ? m_project->seriesStore().series() : std::vector<core::SeriesRecord>{};
    std::vector<widgets::StudyBrowser::Entry> entries;
    for (const core::SeriesRecord &r : m_series) {
        QStringList warnings;
        for (const auto &w : r.warnings)
            warnings << QString::fromStdString(w);
        entries.push_back({r.id, patientText(r).replace(QLatin1Char('\n'), QStringLiteral("  ")),
                           QString::fromStdString(r.studyUid), QString::fromStdString(r.studyDate),
                           QString::fromStdString(r.modality), seriesText(r, m_project->labelStore().labelMapStatus(r.id)),
                           warnings.join(QLatin1Char('\n'))});
    }
    m_seriesList->setEntries(entries);
    m_seriesList->selectSeries(m_seriesId);
    startThumbnails();
}

void MainWindow::startThumbnails()
{
    // Middle slices decoded off the GUI thread; a newer list makes older results void.
    const quint64 generation = ++m_thumbnailGeneration;
    auto *watcher = new QFutureWatcher<std::vector<QImage>>(this);
    connect(watcher, &QFutureWatcher<std::vector<QImage>>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_thumbnailGeneration)
            return;
        const std::vector<QImage> images = watcher->result();
        for (std::size_t n = 0; n < images.size() && n < m_series.size(); ++n)
            m_seriesList->setThumbnail(m_series[n].id, images[n]);
        Q_EMIT thumbnailsReady();
    });
    watcher->setFuture(QtConcurrent::run([records = m_series] {
        std::vector<QImage> images;
        for (const core::SeriesRecord &r : records)
            images.push_back(seriesThumbnail(r));
        return images;
    }));
}

void MainWindow::loadSeries(qint64 seriesId)
{
    const auto it = std::find_if(m_series.begin(), m_series.end(), [&](const auto &r) { return r.id == seriesId; });
    if (it == m_series.end())
        return;
    const core::SeriesRecord record = *it;
    m_seriesList->selectSeries(seriesId);
    const quint64 generation = ++m_loadGeneration;
    auto result = std::make_shared<core::Volume>();
    m_busy = true;
    statusBar()->showMessage(tr("Loading series..."));
    // The middle slice alone decodes in milliseconds: show it while the whole series loads.
    auto *preview = new QFutureWatcher<std::shared_ptr<const core::Volume>>(this);
    connect(preview, &QFutureWatcherBase::finished, this, [this, preview, generation] {
        preview->deleteLater();
        const auto slice = preview->result();
        if (slice && generation == m_loadGeneration && m_busy) {
            m_grid->showPreview(slice);
            m_grid->setWindow(core::defaultWindow(*slice));
            Q_EMIT seriesPreviewed();
        }
    });
    preview->setFuture(QtConcurrent::run(&m_previewPool, [record]() -> std::shared_ptr<const core::Volume> {
        try {
            return std::make_shared<const core::Volume>(core::loadMiddleSlice(record));
        } catch (const std::exception &) {
            return nullptr; // the full load reports the problem
        }
    }));
    if (m_loadJob)
        m_loadJob->cancel(); // a newer request wins: the older load stops early
    m_loadJob = runJob(m_jobs, this, tr("Loading %1").arg(QString::fromStdString(record.description)),
           [record, result](core::ProgressSink *p) { *result = core::loadRecordedSeries(record, p); },
           [this, record, result, generation](const QString &error) {
               if (generation != m_loadGeneration)
                   return; // a newer request won
               m_busy = false;
               m_loadJob.reset();
               auto showPrevious = [this] { // the series shown before, if any, again
                   m_grid->setVolume(m_session ? m_session->volume() : nullptr);
                   m_grid->setLabelEditor(m_session ? &m_session->editor() : nullptr);
               };
               if (error == QLatin1String("cancelled")) {
                   showPrevious();
                   m_seriesList->selectSeries(m_seriesId);
                   statusBar()->showMessage(tr("Loading cancelled."));
                   return;
               }
               if (!error.isEmpty()) {
                   showPrevious();
                   showError(tr("Cannot load the series: %1").arg(error));
                   return;
               }
               finishSaving(true); // the old series' edits, before its label map goes
               m_grid->setVolume(nullptr);
               setSession(nullptr);
               core::LabelMap labels(record.geometry.dims);
               try {
                   if (record.id != m_seriesId)
                       m_mapAuthor.clear(); // another series opens with the user's own labels
                   labels = m_project->labelStore().loadLabelMap(record.id, record.geometry.dims, m_mapAuthor);
               } catch (const std::exception &e) {
                   showError(QString::fromStdString(e.what()));
               }
               m_seriesId = record.id;
               m_segments->setStatistics({}, {}); // the last series' table is not this one's
               m_grid->setVolume(result);
               setSession(std::make_unique<core::SeriesSession>(*m_project, record.id, result, std::move(labels), m_mapAuthor));
               m_grid->setOverlayText(patientText(record), seriesText(record));
               m_grid->setWindow(core::defaultWindow(*result));
               refreshSegments();
               showUncertainty();
               applyAccess();
               refreshMeasurements();
               m_trainingController->refresh(); // Propose labels needs an open series
               QStringList warnings;
               for (const auto &w : record.warnings)
                   warnings << QString::fromStdString(w);
               statusBar()->showMessage(warnings.isEmpty() ? tr("Series loaded.")
                                                           : tr("Series loaded with warnings: %1").arg(warnings.join(QStringLiteral("; "))));
               updateActions();
               Q_EMIT seriesLoaded(record.id);
           });
}

void MainWindow::chooseAndOpenProject()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Project"), QString(),
                                                      tr("Sagitta projects (*.sagitta);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!openProject(path, &error))
        showError(error);
}

void MainWindow::chooseAndCreateProject()
{
    QString path = QFileDialog::getSaveFileName(this, tr("New Project"), QString(), tr("Sagitta projects (*.sagitta)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QStringLiteral(".sagitta")))
        path += QStringLiteral(".sagitta");
    try {
        core::Project::create(path.toStdString());
    } catch (const std::exception &e) {
        showError(QString::fromStdString(e.what()));
        return;
    }
    QString error;
    if (!openProject(path, &error))
        showError(error);
}

void MainWindow::chooseAndImportFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Import DICOM Folder"));
    if (!dir.isEmpty())
        importFolder(dir);
}

void MainWindow::chooseAndImportNotes()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Import Notes"), QString(),
                                                      tr("Notes (*.txt *.csv *.jsonl);;All files (*)"));
    if (!file.isEmpty())
        importNotes(file);
}

} // namespace app
} // namespace sagitta
