#pragma once
// Dialogs of the Notes menu: export the project's notes (brat, BioC, CoNLL, JSONL;
// de-identified unless the user says otherwise), agreement between two annotators, and the
// entity types a project adds beside the built-in ones. GUI thread only; the project is not
// owned and must outlive the dialog.
#include "core/project/noteexport.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace sagitta {
namespace widgets {
class JobList;
}
namespace app {

class ExportNotesDialog : public QDialog {
    Q_OBJECT
public:
    // shownNotes: the ids the notes list shows now (offered as "only these").
    ExportNotesDialog(core::Project &project, std::vector<std::int64_t> shownNotes, QWidget *parent = nullptr);
    core::NoteExportOptions options() const;
    // Writes the files (off the GUI thread, with progress); emits exported or failed.
    void run();

    QComboBox *format() const { return m_format; }
    QLineEdit *path() const { return m_path; }
    QCheckBox *deidentify() const { return m_deidentify; }
    widgets::JobList *jobList() const { return m_jobs; } // the export while it runs

Q_SIGNALS:
    void exported(int notes);
    void failed(const QString &message);

private:
    core::Project &m_project;
    std::vector<std::int64_t> m_shown;
    QComboBox *m_format;
    QLineEdit *m_path;
    QCheckBox *m_deidentify, *m_acceptedOnly, *m_shownOnly;
    QPushButton *m_exportButton;
    widgets::JobList *m_jobs;
};

class AgreementDialog : public QDialog {
    Q_OBJECT
public:
    explicit AgreementDialog(core::Project &project, QWidget *parent = nullptr);
    QComboBox *authorA() const { return m_a; }
    QComboBox *authorB() const { return m_b; }
    QTableWidget *table() const { return m_table; }
    // Imports a folder of brat .ann files as the given author, then lists the authors again.
    int importBrat(const QString &folder, const QString &author, QStringList *problems);

private:
    void recompute();

    core::Project &m_project;
    QComboBox *m_a, *m_b;
    QTableWidget *m_table;
    QLabel *m_summary;
};

class EntityTypesDialog : public QDialog {
    Q_OBJECT
public:
    explicit EntityTypesDialog(core::Project &project, QWidget *parent = nullptr);
    QListWidget *list() const { return m_list; }
    QLineEdit *name() const { return m_name; }
    QPlainTextEdit *terms() const { return m_terms; }
    QPushButton *saveButton() const { return m_save; }
    QLabel *error() const { return m_error; }
    void setColor(const QColor &color);

Q_SIGNALS:
    void typesChanged();

private:
    void reload();
    void save();

    core::Project &m_project;
    std::vector<core::EntityType> m_types;
    QListWidget *m_list;
    QLineEdit *m_name;
    QPushButton *m_color, *m_save;
    QPlainTextEdit *m_terms;
    QLabel *m_error;
    QColor m_chosen;
};

} // namespace app
} // namespace sagitta
