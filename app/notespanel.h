#pragma once
// NotesPanel: the project's clinical notes (a list with search and filters by note type,
// review status and entity) and the highlighted note with its entities, its review status
// and the imaging series it is linked to. The engine's spans are stored as proposals when a
// note is imported (or first shown); labels, acceptances and rejections go to the project
// (with author and audit) at once. GUI thread only; the project is not owned.
#include "core/project/project.h"
#include "core/text/annotator.h"
#include "widgets/noteview.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QAction;
class QListWidget;
class QMenu;
class QPushButton;

namespace sagitta {
namespace widgets {
class JobList;
}
namespace app {

class NotesPanel : public QWidget {
    Q_OBJECT
public:
    explicit NotesPanel(QWidget *parent = nullptr);

    // Shows the notes of a project (nullptr: none).
    void setProject(core::Project *project);
    // Where the panel's jobs are listed while they run (not owned; nullptr: unlisted).
    void setJobList(widgets::JobList *jobs) { m_jobs = jobs; }
    // Read-only: notes are shown (with the engine's spans, not stored) but nothing is written:
    // no labels, no decisions, no review status, no links, no entity types.
    void setReadOnly(bool readOnly);
    bool readOnly() const { return m_readOnly; }
    // Re-reads the notes, e.g. after an import or a change of entity types.
    void refresh();
    // The series open in the viewer, offered as the one to link the note to (0: none).
    void setCurrentSeries(qint64 seriesId);
    QListWidget *noteList() const { return m_noteList; }
    widgets::NoteView *noteView() const { return m_noteView; }
    QLineEdit *entityFilter() const { return m_entityFilter; }
    QComboBox *typeFilter() const { return m_typeFilter; }
    QComboBox *statusFilter() const { return m_statusFilter; }
    QComboBox *reviewStatus() const { return m_reviewStatus; }
    QCheckBox *openSeriesOnly() const { return m_openSeriesOnly; }
    QPushButton *linkButton() const { return m_linkButton; }
    QLabel *seriesLinks() const { return m_seriesLinks; }
    // Id of the note shown (0: none).
    qint64 currentNoteId() const;
    // Ids of the notes the list shows (after filters).
    std::vector<std::int64_t> shownNoteIds() const;
    // The Notes menu: export, annotator agreement, entity types (the window adds it).
    QMenu *menu() const { return m_menu; }
    void showExportDialog();
    void showAgreementDialog();
    void showEntityTypesDialog();
    // Proposals for the terms of the project's own entity types in every note (a job).
    void proposeOwnTypes();

Q_SIGNALS:
    void failed(const QString &message);
    void openSeriesRequested(qint64 seriesId);
    void message(const QString &text);
    void ownTypesProposed();

private:
    void applyFilter();
    void showNote(int row);
    void showLinks();
    void markInProgress(int row);
    const core::text::Annotator &annotatorFor(const core::Note &note);

    core::Project *m_project = nullptr;
    widgets::JobList *m_jobs = nullptr;
    bool m_readOnly = false;
    std::vector<core::Note> m_notes;
    std::vector<core::EntityType> m_types;
    qint64 m_currentSeries = 0;
    QListWidget *m_noteList;
    QLineEdit *m_noteFilter, *m_entityFilter;
    QComboBox *m_typeFilter, *m_statusFilter, *m_reviewStatus;
    QCheckBox *m_affirmedOnly, *m_openSeriesOnly;
    QLabel *m_seriesLinks;
    QPushButton *m_linkButton;
    QMenu *m_menu;
    QAction *m_agreementAction, *m_typesAction;
    widgets::NoteView *m_noteView;
    std::unique_ptr<core::text::Annotator> m_annotators[2]; // English, Chinese; built on first use
};

} // namespace app
} // namespace sagitta
