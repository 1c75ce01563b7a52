#pragma once
// The main window: series list and segment list docks around one SliceView, with the
// labeling tools. Holds the open Project (GUI thread only); loading and importing run as jobs.
#include "app/notespanel.h"
#include "core/project/project.h"
#include "core/project/seriessession.h"
#include "widgets/joblist.h"
#include "widgets/tagbrowser.h"
#include "widgets/effectspanel.h"
#include "widgets/segmentlist.h"
#include "widgets/slicetools.h"
#include "widgets/sliceview.h"
#include "widgets/measurementlist.h"
#include "widgets/studybrowser.h"
#include "widgets/trainingpanel.h"
#include "widgets/viewergrid.h"

#include <QMainWindow>
#include <QMessageBox>
#include <QThreadPool>

#include <memory>

class QAction;
class QActionGroup;
class QComboBox;
class QDockWidget;
class QDoubleSpinBox;
class QLabel;
class QListWidget;

namespace sagitta::app {
class EffectsController;
class SegmentController;
class TrainingController;
}
class QTimer;

namespace sagitta {
namespace app {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // The tools of the Tools menu and toolbar.
    enum class Tool { Navigate, Paint, Erase, Polygon, Lasso, Scissors, LevelTrace, Ruler, Rectangle, Ellipse };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens a project file and starts loading its first series. On failure shows nothing
    // and returns false with the reason in *error (the caller decides how to tell).
    // readOnly opens it for viewing only; otherwise it opens read-only by itself where the
    // file or its folder cannot be written. Read-only, every action that writes is disabled.
    bool openProject(const QString &path, QString *error = nullptr, bool readOnly = false);
    bool readOnly() const { return m_project && m_project->readOnly(); }
    // The labels shown cannot be changed: the project is read-only, or the map is another
    // reader's or a model's proposal.
    bool labelsReadOnly() const;
    // Shows the open series' label map of author ('' : the user's own; LabelStore's keys).
    void showLabelMap(const std::string &author);
    // Accepts or rejects the model's proposal shown; then the user's own map is shown.
    void decideProposal(bool accept);
    // Reads notes (.txt, .csv, .jsonl) into the open project on a worker thread.
    void importNotes(const QString &file);
    // Opens the demo project in the user's data folder, creating it first if needed.
    void openDemo();
    // Imports a folder into the open project (a new project is asked for when none is open).
    void importFolder(const QString &dir);
    void closeProject();

    core::Project *project() const { return m_project.get(); }
    widgets::SliceView *sliceView() const { return m_view; } // the axial view
    widgets::ViewerGrid *viewerGrid() const { return m_grid; }
    widgets::SegmentList *segmentList() const { return m_segments; }
    widgets::EffectsPanel *effectsPanel() const { return m_effects; }
    QAction *sphereBrushAction() const { return m_sphere; }
    widgets::StudyBrowser *seriesBrowser() const { return m_seriesList; }
    QListWidget *noteList() const { return m_notesPanel->noteList(); }
    widgets::NoteView *noteView() const { return m_notesPanel->noteView(); }
    QDockWidget *notesDock() const { return m_notesDock; }
    widgets::TagBrowser *tagBrowser() const { return m_tags; }
    // Running jobs (import, loading, notes): a non-modal list in a dock that shows itself
    // while a job runs longer than a moment and hides when none is left.
    widgets::JobList *jobList() const { return m_jobs; }
    QDockWidget *jobsDock() const { return m_jobsDock; }
    // The Training dock (View > Training): train on the project's labels, live curves.
    widgets::TrainingPanel *trainingPanel() const { return m_training; }
    QDockWidget *trainingDock() const { return m_trainingDock; }
    qint64 currentSeriesId() const { return m_seriesId; }
    // The open series' volume, labels, editor and store (null while none is open).
    core::SeriesSession *session() const { return m_session.get(); }
    bool busy() const { return m_busy; }
    // Strokes (and undo steps) not in the project file yet: another program holds its write
    // lock. They are kept and retried every 500 ms; the status bar says so.
    int unsavedEdits() const { return m_unsavedEdits; }
    void undo();
    void redo();
    // Same as the toolbar: checks the tool's action and hands the tool to the views.
    void setTool(Tool tool);
    Tool tool() const { return m_tool; }
    widgets::SliceTool *toolObject(Tool tool) const;
    widgets::BrushTool *brushTool() const { return m_paintTool; }
    void setBrushRadius(double mm);
    void setViewLayout(widgets::ViewerGrid::Layout layout);

    static QString demoProjectPath();
    // How long the last save before a series or project goes waits for a busy file.
    static constexpr int kFinalSaveTimeoutMs = 5000;

protected:
    void closeEvent(QCloseEvent *event) override;

Q_SIGNALS:
    void seriesLoaded(qint64 seriesId);
    void seriesPreviewed(); // the middle slice is on screen while the series loads
    void projectOpened(const QString &path);
    void jobFailed(const QString &message);
    // After an import: how many series were added and the one-line reason for each skipped file
    // (also after a cancelled import: none added, no reasons).
    void importFinished(int seriesAdded, const QStringList &problems);
    void notesImported(int count);
    void thumbnailsReady();

private:
    void createActions();
    void createTools(QMenu *menu);
    void createToolBar();
    void createDocks();
    void refreshSeriesList();
    void startThumbnails();
    void loadSeries(qint64 seriesId);
    // The segment list, views and statistics; reread: the segments from the project first
    // (after a change of their rows outside the editor: visibility, opacity, lock).
    void refreshSegments(bool reread = true);
    void stepHistory(bool forward);
    void startStatistics();
    void refreshLabelMaps();   // the segment list's choice of maps for the open series
    void showUncertainty();    // a proposal's uncertain voxels as the views' preview
    // A new session for a loaded series (or none): the views, lists and saves follow it.
    void setSession(std::unique_ptr<core::SeriesSession> session);
    // The one change path: every edit, undo and redo of the session's label map lands here.
    void onLabelsChanged(const core::LabelChange &change, bool saved);
    void retrySave();
    void showSaveState();
    // Tries to write the pending edits, waiting up to timeoutMs for the write lock; true when
    // nothing is pending afterwards.
    bool flushLabels(int timeoutMs);
    // Before the label map goes (another series, another project): a last save with a long
    // wait; what still fails is reported (when warn) and dropped with the saver.
    void finishSaving(bool warn);
    void applyAccess();
    void updateActions();
    // Tells the user without blocking: a non-modal box that deletes itself when closed. An
    // identical box already open is raised instead of stacking a second one.
    QMessageBox *showMessage(QMessageBox::Icon icon, const QString &text, const QString &details = QString());
    void showError(const QString &message);
    void chooseAndOpenProject();
    void chooseAndCreateProject();
    void chooseAndImportFolder();
    void chooseAndImportNotes();
    void applyPreset(int index);
    void addMeasurement(widgets::MeasureKind kind, const core::SlicePlane &plane, QPointF p0, QPointF p1);
    void removeMeasurement(qint64 id);
    void refreshMeasurements();

    std::unique_ptr<core::Project> m_project;
    std::vector<core::SeriesRecord> m_series;
    qint64 m_seriesId = 0;
    std::string m_mapAuthor;   // whose label map of the series is shown ('' : the user's)
    std::unique_ptr<core::SeriesSession> m_session;
    int m_unsavedEdits = 0;
    bool m_warnedUnsaved = false;
    bool m_readOnlyAsked = false;
    bool m_busy = false;
    QThreadPool m_previewPool; // its own thread: never queued behind a long job
    quint64 m_loadGeneration = 0;
    quint64 m_thumbnailGeneration = 0;
    quint64 m_statisticsGeneration = 0;
    std::shared_ptr<core::AtomicProgress> m_loadJob; // the series load in flight, if any

    widgets::ViewerGrid *m_grid;
    widgets::SliceView *m_view;
    std::vector<QAction *> m_layoutActions;
    QAction *m_cine = nullptr;
    widgets::SegmentList *m_segments;
    SegmentController *m_segmentController = nullptr;
    widgets::EffectsPanel *m_effects = nullptr;
    EffectsController *m_effectsController = nullptr;
    widgets::StudyBrowser *m_seriesList;
    widgets::MeasurementList *m_measurements;
    QDockWidget *m_measurementsDock;
    NotesPanel *m_notesPanel;
    QDockWidget *m_notesDock;
    widgets::TagBrowser *m_tags;
    QDockWidget *m_tagsDock;
    widgets::JobList *m_jobs;
    QDockWidget *m_jobsDock;
    widgets::TrainingPanel *m_training;
    QDockWidget *m_trainingDock;
    TrainingController *m_trainingController;
    QTimer *m_showJobs;
    QTimer *m_saveRetry;
    QLabel *m_saveState;  // "N edit(s) not saved yet, retrying..." while saves fail
    QLabel *m_accessState; // "Read-only: why" while the project is read-only
    QComboBox *m_presets;
    QDoubleSpinBox *m_radius;
    QAction *m_undo, *m_redo, *m_import, *m_importNotes;
    QAction *m_sphere = nullptr; // the brush paints a sphere instead of a disk
    // The tools, each with its action (same order as Tool).
    std::vector<std::pair<widgets::SliceTool *, QAction *>> m_tools;
    Tool m_tool = Tool::Navigate;
    widgets::BrushTool *m_paintTool = nullptr, *m_eraseTool = nullptr;
    widgets::OutlineTool *m_scissorsTool = nullptr;
};

} // namespace app
} // namespace sagitta
