// The main window and the open series' session: the one change path (every edit, undo and
// redo of the label map arrives in onLabelsChanged), saving and its retries, the segment list
// and its statistics.
#include "app/effectscontroller.h"
#include "app/mainwindow.h"

#include <QAction>
#include <QFutureWatcher>
#include <QLabel>
#include <QStatusBar>
#include <QTimer>
#include <QtConcurrent>

namespace sagitta {
namespace app {

namespace {
// The GUI's connection waits this long for another program's write lock before a save is
// kept for later: a stroke never freezes the window for longer.
constexpr int kBusyTimeoutMs = 200;
constexpr double kWarnUnsavedAfterSeconds = 10.0;
} // namespace

void MainWindow::setSession(std::unique_ptr<core::SeriesSession> session)
{
    m_grid->setLabelEditor(nullptr); // nothing points into the old session while it goes
    m_effectsController->forget();
    m_session = std::move(session);
    m_unsavedEdits = 0;
    m_warnedUnsaved = false;
    if (m_session)
        m_session->subscribe([this](const core::LabelChange &change, bool saved) { onLabelsChanged(change, saved); });
    m_grid->setLabelEditor(m_session ? &m_session->editor() : nullptr);
    showSaveState();
}

void MainWindow::onLabelsChanged(const core::LabelChange &change, bool saved)
{
    // The session saved it at once where the file can be written now; otherwise it is kept
    // and retried (the saver always writes the map's current content, so later edits never
    // undo earlier ones).
    if (!saved) {
        m_unsavedEdits = m_session->unsavedEdits();
        showSaveState(); // a permanent label in the status bar, until everything is saved
        if (!m_saveRetry->isActive())
            m_saveRetry->start();
    } else if (m_unsavedEdits > 0) {
        retrySave(); // everything went in with this one
    }
    m_grid->labelsChanged(change.chunks);
    if (change.records)
        refreshMeasurements(); // a measurement added or removed, or that undone
    // The session read the segments again when the step changed them: only voxel counts and
    // the statistics (on a worker) are new here, so no query per stroke.
    refreshSegments(false);
    updateActions();
}

void MainWindow::refreshSegments(bool reread)
{
    if (!m_project || !m_session) {
        m_segments->setSegments({}, {}, 0.0);
        return;
    }
    // The session reads them again and gives their locks to the edit mask.
    const std::vector<core::Segment> &segments = reread ? m_session->refreshSegments() : m_session->segments();
    m_effectsController->applyMask(); // the panel's area, range and overwrite rule
    m_segments->setReviewStatus(QString::fromStdString(m_project->labelStore().labelMapStatus(m_seriesId, m_mapAuthor)));
    if (reread)
        refreshLabelMaps();
    startStatistics();
    std::vector<std::pair<int, QString>> names;
    for (const core::Segment &s : segments)
        names.emplace_back(s.label, QString::fromStdString(s.name));
    m_effects->setSegments(names);
    const auto &sp = m_session->volume()->geometry().spacing;
    m_segments->setSegments(segments, m_session->labels().histogram(), sp[0] * sp[1] * sp[2] / 1000.0);
    if (m_mapAuthor.rfind("model:", 0) == 0) { // a proposal is drawn pale
        std::vector<core::Segment> pale = segments;
        for (core::Segment &s : pale)
            s.opacity = std::min(s.opacity, 0.25);
        m_grid->setSegments(pale);
    } else {
        m_grid->setSegments(segments);
    }
    m_grid->setActiveLabel(m_segments->activeLabel());
}

void MainWindow::startStatistics()
{
    // On a copy of the label map (chunks are shared by nobody else then), on a worker: the
    // newest request wins, so a burst of edits costs one table.
    if (!m_session)
        return;
    const quint64 generation = ++m_statisticsGeneration;
    auto *watcher = new QFutureWatcher<std::vector<core::SegmentStatistics>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation == m_statisticsGeneration && m_session)
            m_segments->setStatistics(watcher->result(), QString::fromStdString(m_session->volume()->unit));
    });
    watcher->setFuture(QtConcurrent::run([labels = std::make_shared<const core::LabelMap>(m_session->labels()),
                                          volume = m_session->volume()] { return core::segmentStatistics(*labels, *volume); }));
}

void MainWindow::retrySave()
{
    if (!m_session || m_session->retrySave()) {
        m_saveRetry->stop();
        if (m_unsavedEdits > 0)
            statusBar()->showMessage(tr("All edits saved."), 5000);
        m_unsavedEdits = 0;
        m_warnedUnsaved = false;
        showSaveState();
        return;
    }
    showSaveState();
    if (!m_warnedUnsaved && m_session->saver().pendingSeconds() >= kWarnUnsavedAfterSeconds) {
        m_warnedUnsaved = true;
        showMessage(QMessageBox::Warning,
                    tr("%n edit(s) could not be saved for 10 seconds: %1\nAnother program may be writing to the project. "
                       "Sagitta keeps trying; close that program, or keep this window open until the status bar "
                       "no longer shows unsaved edits.",
                       nullptr, m_unsavedEdits)
                        .arg(QString::fromStdString(m_session->saver().lastError())));
    }
}

void MainWindow::showSaveState()
{
    const bool pending = m_session && m_session->saver().pending();
    m_saveState->setVisible(pending);
    if (!pending)
        return;
    m_saveState->setText(tr("%n edit(s) not saved yet, retrying...", nullptr, std::max(1, m_unsavedEdits)));
    m_saveState->setToolTip(QString::fromStdString(m_session->saver().lastError()));
}

bool MainWindow::flushLabels(int timeoutMs)
{
    if (!m_session || !m_session->saver().pending())
        return true;
    m_project->setBusyTimeout(timeoutMs);
    const bool saved = m_session->retrySave();
    m_project->setBusyTimeout(kBusyTimeoutMs);
    return saved;
}

void MainWindow::finishSaving(bool warn)
{
    if (m_session && !flushLabels(MainWindow::kFinalSaveTimeoutMs) && warn)
        showMessage(QMessageBox::Warning, tr("%n edit(s) could not be saved: %1", nullptr, std::max(1, m_unsavedEdits))
                                              .arg(QString::fromStdString(m_session->saver().lastError())));
    m_saveRetry->stop();
    m_unsavedEdits = 0;
    m_warnedUnsaved = false;
    showSaveState();
}

void MainWindow::undo()
{
    stepHistory(false);
}

void MainWindow::redo()
{
    stepHistory(true);
}

void MainWindow::stepHistory(bool forward)
{
    if (m_session && !readOnly()) {
        try {
            // What the step changed (voxels, segments, measurements) comes back through the
            // change path like any edit.
            forward ? m_session->editor().redo() : m_session->editor().undo();
        } catch (const std::exception &e) {
            showError(tr("Cannot undo or redo that step now: %1").arg(QString::fromStdString(e.what())));
        }
    }
    updateActions();
}

void MainWindow::updateActions()
{
    const bool writable = !readOnly(); // with no project open, importing asks for a new one
    m_undo->setEnabled(writable && m_session && m_session->editor().history().canUndo());
    m_redo->setEnabled(writable && m_session && m_session->editor().history().canRedo());
    m_import->setEnabled(writable);
    m_importNotes->setEnabled(writable);
    for (std::size_t n = 0; n < m_tools.size(); ++n)
        m_tools[n].second->setEnabled(writable || Tool(n) == Tool::Navigate);
}

} // namespace app
} // namespace sagitta

namespace sagitta::app {

bool MainWindow::labelsReadOnly() const
{
    if (readOnly())
        return true;
    return !m_mapAuthor.empty() && m_mapAuthor != core::Project::currentUser();
}

void MainWindow::refreshLabelMaps()
{
    if (!m_project || !m_session) {
        m_segments->setLabelMaps({}, QString(), false);
        return;
    }
    std::vector<widgets::SegmentList::MapEntry> entries{{tr("Mine"), QString()}};
    const std::string me = core::Project::currentUser();
    bool pending = false;
    for (const core::LabelMapInfo &m : m_project->labelStore().labelMaps(m_seriesId)) {
        if (m.author.empty() || m.author == me)
            continue; // the user's own (or the ownerless one they would take): "Mine"
        const QString author = QString::fromStdString(m.author);
        if (m.source == "model") {
            const QString state = m.status == "proposed" ? tr("proposal") : m.status == "accepted" ? tr("accepted") : tr("rejected");
            entries.push_back({tr("Model %1 (%2)").arg(m.modelId).arg(state), author});
            if (m.author == m_mapAuthor)
                pending = m.status == "proposed";
        } else {
            entries.push_back({tr("%1 (read only)").arg(author), author});
        }
    }
    m_segments->setLabelMaps(entries, QString::fromStdString(m_mapAuthor == me ? std::string() : m_mapAuthor), pending);
}

void MainWindow::showLabelMap(const std::string &author)
{
    if (!m_project || !m_session)
        return;
    finishSaving(true); // the map shown now keeps every edit
    const std::shared_ptr<const core::Volume> volume = m_session->volume();
    core::LabelMap labels(volume->geometry().dims);
    try {
        labels = m_project->labelStore().loadLabelMap(m_seriesId, volume->geometry().dims, author);
    } catch (const std::exception &e) {
        showError(QString::fromStdString(e.what()));
        return;
    }
    m_mapAuthor = author;
    setSession(std::make_unique<core::SeriesSession>(*m_project, m_seriesId, volume, std::move(labels), author));
    m_segments->setStatistics({}, {});
    refreshSegments();
    showUncertainty();
    applyAccess();
}

void MainWindow::showUncertainty()
{
    // A proposal's voxels where the model was unsure (softmax entropy above half its
    // maximum), over the pale proposal: the preview layer of the views.
    m_grid->setPreview({});
    if (!m_project || !m_session || m_mapAuthor.rfind("model:", 0) != 0)
        return;
    const auto uncertainty = std::make_shared<const core::LabelMap>(
        m_project->labelStore().loadUncertainty(m_seriesId, m_session->volume()->geometry().dims, m_mapAuthor));
    const core::Geometry geometry = m_session->volume()->geometry();
    m_grid->setPreview([uncertainty, geometry](const core::SlicePlane &plane, std::vector<std::uint8_t> &mask) {
        int width = 0, height = 0;
        core::planeSize(geometry, plane.axis, width, height);
        mask.assign(std::size_t(width) * std::size_t(height), 0);
        for (int v = 0; v < height; ++v)
            for (int u = 0; u < width; ++u) {
                const std::array<int, 3> ijk = core::planeToVoxel(plane, u, v);
                mask[std::size_t(v) * std::size_t(width) + std::size_t(u)] = uncertainty->at(ijk[0], ijk[1], ijk[2]) > 127;
            }
    });
}

void MainWindow::decideProposal(bool accept)
{
    if (!m_project || !m_session || m_mapAuthor.rfind("model:", 0) != 0 || readOnly())
        return;
    const std::int64_t model = std::stoll(m_mapAuthor.substr(6));
    try {
        if (accept) {
            const core::LabelImport in = m_project->labelStore().acceptProposal(m_seriesId, model);
            statusBar()->showMessage(tr("Accepted %n voxel(s) of the model's proposal into your labels.", nullptr, int(in.voxels)));
        } else {
            m_project->labelStore().rejectProposal(m_seriesId, model);
            statusBar()->showMessage(tr("The model's proposal was rejected."));
        }
    } catch (const std::exception &e) {
        showError(QString::fromStdString(e.what()));
        return;
    }
    showLabelMap({}); // the user's own labels, with what was accepted
}

} // namespace sagitta::app
