#include "app/notedialogs.h"

#include "app/jobrunner.h"
#include "widgets/joblist.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <map>

namespace sagitta {
namespace app {

ExportNotesDialog::ExportNotesDialog(core::Project &project, std::vector<std::int64_t> shownNotes, QWidget *parent)
    : QDialog(parent), m_project(project), m_shown(std::move(shownNotes))
{
    setWindowTitle(tr("Export Notes"));
    m_format = new QComboBox(this);
    m_format->addItem(tr("brat standoff (folder of .txt and .ann)"), int(core::NoteFormat::Brat));
    m_format->addItem(tr("BioC XML"), int(core::NoteFormat::BioC));
    m_format->addItem(tr("CoNLL IOB"), int(core::NoteFormat::Conll));
    m_format->addItem(tr("JSONL (one note per line)"), int(core::NoteFormat::Jsonl));
    m_path = new QLineEdit(this);
    auto *browse = new QPushButton(tr("Browse..."), this);
    m_deidentify = new QCheckBox(tr("De-identify (names, dates, IDs, contacts, ages over 89)"), this);
    m_deidentify->setChecked(true);
    m_acceptedOnly = new QCheckBox(tr("Only spans people accepted or added"), this);
    m_shownOnly = new QCheckBox(tr("Only the %n note(s) the list shows", nullptr, int(m_shown.size())), this);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    auto *form = new QFormLayout;
    form->addRow(tr("Format:"), m_format);
    form->addRow(tr("Save to:"), pathRow);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_exportButton = buttons->button(QDialogButtonBox::Ok);
    m_exportButton->setText(tr("Export"));
    // The export job while it runs, with its own Cancel (the dialog is modal to the window).
    m_jobs = new widgets::JobList(this);
    m_jobs->hide();
    connect(m_jobs, &widgets::JobList::countChanged, this, [this](int n) {
        m_jobs->setVisible(n > 0);
        m_exportButton->setEnabled(n == 0);
    });
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_deidentify);
    layout->addWidget(m_acceptedOnly);
    layout->addWidget(m_shownOnly);
    layout->addWidget(m_jobs);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportNotesDialog::run);
    connect(m_deidentify, &QCheckBox::toggled, this, [this](bool on) {
        // Patient data stays in the project unless the user means otherwise.
        m_deidentify->setStyleSheet(on ? QString() : QStringLiteral("color: #b00020"));
    });
    connect(browse, &QPushButton::clicked, this, [this] {
        const auto format = core::NoteFormat(m_format->currentData().toInt());
        const QString chosen = format == core::NoteFormat::Brat
                                   ? QFileDialog::getExistingDirectory(this, tr("Folder for the brat files"))
                                   : QFileDialog::getSaveFileName(this, tr("Export Notes"), m_path->text());
        if (!chosen.isEmpty())
            m_path->setText(chosen);
    });
}

core::NoteExportOptions ExportNotesDialog::options() const
{
    core::NoteExportOptions o;
    o.format = core::NoteFormat(m_format->currentData().toInt());
    o.path = m_path->text().trimmed().toStdString();
    o.deidentify = m_deidentify->isChecked();
    o.acceptedOnly = m_acceptedOnly->isChecked();
    if (m_shownOnly->isChecked())
        o.noteIds = m_shown.empty() ? std::vector<std::int64_t>{-1} : m_shown;
    return o;
}

void ExportNotesDialog::run()
{
    const core::NoteExportOptions o = options();
    if (o.path.empty()) {
        Q_EMIT failed(tr("Choose where to save the notes."));
        return;
    }
    // Read on this thread (the project's); de-identify and write on a worker.
    auto items = std::make_shared<std::vector<core::ExportItem>>(core::collectNotes(m_project, o));
    auto count = std::make_shared<int>(0);
    runJob(m_jobs, this, tr("Exporting notes..."),
           [items, o, count](core::ProgressSink *p) { *count = core::writeNotes(std::move(*items), o, p); },
           [this, count](const QString &error) {
               if (error == QLatin1String("cancelled"))
                   return; // the user stopped it and the dialog stays open
               if (!error.isEmpty()) {
                   Q_EMIT failed(tr("Cannot export the notes: %1").arg(error));
                   return;
               }
               if (!m_project.readOnly()) // a read-only project keeps no record of it
                   m_project.audit("notes.export", std::to_string(*count) + " note(s)");
               Q_EMIT exported(*count);
               accept();
           });
}

AgreementDialog::AgreementDialog(core::Project &project, QWidget *parent) : QDialog(parent), m_project(project)
{
    setWindowTitle(tr("Annotator Agreement"));
    m_a = new QComboBox(this);
    m_b = new QComboBox(this);
    auto *importButton = new QPushButton(tr("Import brat annotations..."), this);
    importButton->setToolTip(tr("A folder of .ann files from another annotator, named as the export names the notes"));
    m_table = new QTableWidget(0, 7, this);
    m_table->setHorizontalHeaderLabels({tr("Note"), tr("Exact P"), tr("Exact R"), tr("Exact F1"), tr("Overlap F1"),
                                        tr("Kappa"), tr("Tokens")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    auto *authors = new QHBoxLayout;
    authors->addWidget(new QLabel(tr("Reference:"), this));
    authors->addWidget(m_a, 1);
    authors->addWidget(new QLabel(tr("Compared:"), this));
    authors->addWidget(m_b, 1);
    authors->addWidget(importButton);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(authors);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_summary);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_a, &QComboBox::currentIndexChanged, this, &AgreementDialog::recompute);
    connect(m_b, &QComboBox::currentIndexChanged, this, &AgreementDialog::recompute);
    connect(importButton, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder of brat .ann files"));
        if (folder.isEmpty())
            return;
        QStringList problems;
        const int n = importBrat(folder, QFileInfo(folder).fileName(), &problems);
        m_summary->setText(tr("Imported annotations of %n note(s) as %1.", nullptr, n).arg(QFileInfo(folder).fileName())
                           + (problems.isEmpty() ? QString() : QLatin1Char('\n') + problems.join(QLatin1Char('\n'))));
    });
    resize(720, 420);
    importBrat(QString(), QString(), nullptr);
}

int AgreementDialog::importBrat(const QString &folder, const QString &author, QStringList *problems)
{
    int imported = 0;
    if (!folder.isEmpty()) {
        std::vector<std::string> found;
        try {
            imported = core::importBratFolder(m_project, folder.toStdString(), author.toStdString(), found);
        } catch (const std::exception &e) {
            found.push_back(e.what());
        }
        for (const std::string &p : found)
            if (problems)
                *problems << QString::fromStdString(p);
    }
    const QString a = m_a->currentText(), b = m_b->currentText();
    {
        const QSignalBlocker ba(m_a), bb(m_b);
        m_a->clear();
        m_b->clear();
        for (const std::string &author : m_project.noteStore().spanAuthors()) {
            m_a->addItem(QString::fromStdString(author));
            m_b->addItem(QString::fromStdString(author));
        }
        m_a->setCurrentIndex(std::max(0, m_a->findText(a)));
        m_b->setCurrentIndex(m_b->findText(b) >= 0 ? m_b->findText(b) : std::min(1, m_b->count() - 1));
    }
    recompute();
    return imported;
}

void AgreementDialog::recompute()
{
    m_table->setRowCount(0);
    if (m_a->count() < 2) {
        m_summary->setText(tr("Agreement needs two annotators: accept or add spans as one person, and import another's brat files."));
        return;
    }
    const core::AgreementReport r = core::authorAgreement(m_project, m_a->currentText().toStdString(), m_b->currentText().toStdString());
    auto addRow = [this](const QString &name, const core::quality::Agreement &a) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        const QStringList cells{name,
                                QString::number(a.exact.precision(), 'f', 3),
                                QString::number(a.exact.recall(), 'f', 3),
                                QString::number(a.exact.f1(), 'f', 3),
                                QString::number(a.overlap.f1(), 'f', 3),
                                QString::number(a.kappa, 'f', 3),
                                QString::number(a.tokens)};
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(row, c, new QTableWidgetItem(cells[c]));
    };
    core::quality::Agreement pooled{r.exact, r.overlap, r.kappa, r.tokens};
    addRow(tr("All notes"), pooled);
    QFont bold = m_table->item(0, 0)->font();
    bold.setBold(true);
    for (int c = 0; c < m_table->columnCount(); ++c)
        m_table->item(0, c)->setFont(bold);
    std::map<std::int64_t, QString> titles;
    for (const core::Note &n : m_project.noteStore().notes())
        titles[n.id] = n.title.empty() ? tr("Note %1").arg(n.id) : QString::fromStdString(n.title);
    for (const core::NoteAgreement &n : r.notes)
        addRow(titles[n.noteId], n.agreement);
    m_summary->setText(tr("%1 against %2 on %n note(s): exact F1 %3, overlap F1 %4, token kappa %5.", nullptr, int(r.notes.size()))
                           .arg(m_b->currentText(), m_a->currentText())
                           .arg(r.exact.f1(), 0, 'f', 3)
                           .arg(r.overlap.f1(), 0, 'f', 3)
                           .arg(r.kappa, 0, 'f', 3));
}

EntityTypesDialog::EntityTypesDialog(core::Project &project, QWidget *parent) : QDialog(parent), m_project(project)
{
    setWindowTitle(tr("Entity Types"));
    m_list = new QListWidget(this);
    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(tr("e.g. DEVICE"));
    m_color = new QPushButton(this);
    m_terms = new QPlainTextEdit(this);
    m_terms->setPlaceholderText(tr("One term per line, e.g.\npacemaker\ncentral venous catheter"));
    m_save = new QPushButton(tr("Add type"), this);
    auto *newButton = new QPushButton(tr("New"), this);
    auto *form = new QFormLayout;
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Colour:"), m_color);
    form->addRow(tr("Terms:"), m_terms);
    auto *row = new QHBoxLayout;
    row->addWidget(newButton);
    row->addStretch(1);
    row->addWidget(m_save);
    form->addRow(row);
    m_error = new QLabel(this);
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->setWordWrap(true);
    form->addRow(m_error);
    auto *hint = new QLabel(tr("Built-in: PROBLEM, MEDICATION, ANATOMY, PROCEDURE, TEST (keys 1-5). "
                               "Your types take keys 6-9 in the notes, in this order."),
                            this);
    hint->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *split = new QHBoxLayout;
    split->addWidget(m_list, 1);
    split->addLayout(form, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(split);
    layout->addWidget(hint);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_color, &QPushButton::clicked, this, [this] {
        const QColor c = QColorDialog::getColor(m_chosen, this, tr("Entity colour"));
        if (c.isValid())
            setColor(c);
    });
    connect(newButton, &QPushButton::clicked, this, [this] {
        m_list->clearSelection();
        m_list->setCurrentRow(-1);
    });
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int r) {
        const bool existing = r >= 0 && r < int(m_types.size());
        m_name->setEnabled(!existing);
        m_save->setText(existing ? tr("Save") : tr("Add type"));
        if (!existing) {
            m_name->clear();
            m_terms->clear();
            setColor(QColor(120, 200, 220));
            return;
        }
        const core::EntityType &t = m_types[std::size_t(r)];
        m_name->setText(QString::fromStdString(t.name));
        setColor(QColor::fromRgb(QRgb(t.rgb)));
        QStringList lines;
        for (const std::string &term : t.terms)
            lines << QString::fromStdString(term);
        m_terms->setPlainText(lines.join(QLatin1Char('\n')));
    });
    connect(m_save, &QPushButton::clicked, this, &EntityTypesDialog::save);
    setColor(QColor(120, 200, 220));
    reload();
    resize(620, 380);
}

void EntityTypesDialog::setColor(const QColor &color)
{
    m_chosen = color;
    m_color->setText(color.name());
    m_color->setStyleSheet(QStringLiteral("background: %1").arg(color.name()));
}

void EntityTypesDialog::reload()
{
    m_types = m_project.noteStore().entityTypes();
    const QSignalBlocker block(m_list);
    m_list->clear();
    for (const core::EntityType &t : m_types) {
        auto *item = new QListWidgetItem(tr("%1 (%n term(s))", nullptr, int(t.terms.size())).arg(QString::fromStdString(t.name)), m_list);
        item->setBackground(QColor::fromRgb(QRgb(t.rgb)));
    }
}

void EntityTypesDialog::save()
{
    std::vector<std::string> terms;
    for (const QString &line : m_terms->toPlainText().split(QLatin1Char('\n')))
        if (!line.trimmed().isEmpty())
            terms.push_back(line.trimmed().toStdString());
    const int row = m_list->currentRow();
    try {
        if (row >= 0 && row < int(m_types.size())) {
            core::EntityType t = m_types[std::size_t(row)];
            t.rgb = m_chosen.rgb() & 0xffffff;
            t.terms = terms;
            m_project.noteStore().updateEntityType(t);
        } else {
            m_project.noteStore().addEntityType(m_name->text().trimmed().toUpper().toStdString(), m_chosen.rgb() & 0xffffff, terms);
        }
    } catch (const std::exception &e) {
        m_error->setText(QString::fromStdString(e.what()));
        return;
    }
    m_error->clear();
    reload();
    m_list->setCurrentRow(row >= 0 ? row : m_list->count() - 1);
    Q_EMIT typesChanged();
}

} // namespace app
} // namespace sagitta
