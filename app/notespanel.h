#pragma once
// NotesPanel: the project's clinical notes (a searchable list) and the highlighted note with
// its entities. The engine's spans are stored as proposals the first time a note is shown;
// labels, acceptances and rejections go to the project (with author and audit) at once.
// GUI thread only; the project is not owned.
#include "core/project/project.h"
#include "core/text/annotator.h"
#include "widgets/noteview.h"

#include <QWidget>

#include <memory>

class QLineEdit;
class QListWidget;

namespace sagitta {
namespace app {

class NotesPanel : public QWidget {
    Q_OBJECT
public:
    explicit NotesPanel(QWidget *parent = nullptr);

    // Shows the notes of a project (nullptr: none).
    void setProject(core::Project *project);
    // Re-reads the notes, e.g. after an import.
    void refresh();
    QListWidget *noteList() const { return m_noteList; }
    widgets::NoteView *noteView() const { return m_noteView; }

Q_SIGNALS:
    void failed(const QString &message);

private:
    void showNote(int row);
    const core::text::Annotator &annotatorFor(const core::Note &note);

    core::Project *m_project = nullptr;
    std::vector<core::Note> m_notes;
    QListWidget *m_noteList;
    QLineEdit *m_noteFilter;
    widgets::NoteView *m_noteView;
    std::unique_ptr<core::text::Annotator> m_annotators[2]; // English, Chinese; built on first use
};

} // namespace app
} // namespace sagitta
