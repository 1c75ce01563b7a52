#include "app/notespanel.h"

#include "app/jobrunner.h"
#include "app/notedialogs.h"
#include "core/project/importer.h"
#include "core/text/unicode.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QVBoxLayout>

#include <set>

namespace sagitta {
namespace app {

namespace {

const char *const kStatuses[] = {"new", "in progress", "done"};

QString statusName(const std::string &status)
{
    if (status == "in progress")
        return NotesPanel::tr("In progress");
    if (status == "done")
        return NotesPanel::tr("Done");
    return NotesPanel::tr("New");
}

} // namespace

NotesPanel::NotesPanel(QWidget *parent) : QWidget(parent)
{
    auto *listSide = new QWidget(this);
    m_noteFilter = new QLineEdit(listSide);
    m_noteFilter->setPlaceholderText(tr("Search notes"));
    m_noteFilter->setClearButtonEnabled(true);
    m_noteFilter->setObjectName(QStringLiteral("noteFilter"));
    m_typeFilter = new QComboBox(listSide);
    m_typeFilter->setToolTip(tr("Note type"));
    m_statusFilter = new QComboBox(listSide);
    m_statusFilter->setToolTip(tr("Review status"));
    m_statusFilter->addItem(tr("Any status"), QString());
    for (const char *s : kStatuses)
        m_statusFilter->addItem(statusName(s), QString::fromLatin1(s));
    m_entityFilter = new QLineEdit(listSide);
    m_entityFilter->setPlaceholderText(tr("Has entity (text or TYPE)"));
    m_entityFilter->setClearButtonEnabled(true);
    m_affirmedOnly = new QCheckBox(tr("Affirmed only"), listSide);
    m_affirmedOnly->setToolTip(tr("Leave out negated, uncertain, hypothetical and family mentions"));
    m_openSeriesOnly = new QCheckBox(tr("Only notes of the open series"), listSide);
    m_openSeriesOnly->setToolTip(tr("Notes linked to the series in the viewer (by patient ID or by hand)"));
    m_noteList = new QListWidget(listSide);
    auto *combos = new QHBoxLayout;
    combos->addWidget(m_typeFilter, 1);
    combos->addWidget(m_statusFilter, 1);
    auto *entity = new QHBoxLayout;
    entity->addWidget(m_entityFilter, 1);
    entity->addWidget(m_affirmedOnly);
    auto *listLayout = new QVBoxLayout(listSide);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(m_noteFilter);
    listLayout->addLayout(combos);
    listLayout->addLayout(entity);
    listLayout->addWidget(m_openSeriesOnly);
    listLayout->addWidget(m_noteList);

    auto *noteSide = new QWidget(this);
    m_reviewStatus = new QComboBox(noteSide);
    m_reviewStatus->setToolTip(tr("Review status of this note"));
    for (const char *s : kStatuses)
        m_reviewStatus->addItem(statusName(s), QString::fromLatin1(s));
    m_seriesLinks = new QLabel(noteSide);
    m_seriesLinks->setTextFormat(Qt::RichText);
    m_linkButton = new QPushButton(tr("Link to open series"), noteSide);
    m_noteView = new widgets::NoteView(noteSide);
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Review:"), noteSide));
    bar->addWidget(m_reviewStatus);
    bar->addSpacing(12);
    bar->addWidget(m_seriesLinks, 1);
    bar->addWidget(m_linkButton);
    auto *noteLayout = new QVBoxLayout(noteSide);
    noteLayout->setContentsMargins(0, 0, 0, 0);
    noteLayout->addLayout(bar);
    noteLayout->addWidget(m_noteView, 1);

    auto *notesLayout = new QHBoxLayout(this);
    notesLayout->setContentsMargins(0, 0, 0, 0);
    notesLayout->addWidget(listSide, 1);
    notesLayout->addWidget(noteSide, 4);

    connect(m_noteFilter, &QLineEdit::textChanged, this, &NotesPanel::applyFilter);
    connect(m_entityFilter, &QLineEdit::textChanged, this, &NotesPanel::applyFilter);
    connect(m_affirmedOnly, &QCheckBox::toggled, this, &NotesPanel::applyFilter);
    connect(m_openSeriesOnly, &QCheckBox::toggled, this, &NotesPanel::applyFilter);
    connect(m_typeFilter, &QComboBox::currentIndexChanged, this, &NotesPanel::applyFilter);
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, &NotesPanel::applyFilter);
    connect(m_noteList, &QListWidget::currentRowChanged, this, &NotesPanel::showNote);
    connect(m_reviewStatus, &QComboBox::activated, this, [this] {
        const int row = m_noteList->currentRow();
        if (!m_project || m_readOnly || row < 0 || row >= int(m_notes.size()))
            return;
        core::Note &note = m_notes[std::size_t(row)];
        try {
            note.reviewStatus = m_reviewStatus->currentData().toString().toStdString();
            m_project->noteStore().setNoteStatus(note.id, note.reviewStatus);
        } catch (const std::exception &e) {
            Q_EMIT failed(QString::fromStdString(e.what()));
        }
        applyFilter();
    });
    connect(m_linkButton, &QPushButton::clicked, this, [this] {
        if (!m_project || m_readOnly || m_currentSeries <= 0 || currentNoteId() <= 0)
            return;
        try {
            m_project->noteStore().linkNoteToSeries(currentNoteId(), m_currentSeries);
        } catch (const std::exception &e) {
            Q_EMIT failed(QString::fromStdString(e.what()));
        }
        showLinks();
    });
    connect(m_seriesLinks, &QLabel::linkActivated, this,
            [this](const QString &link) { Q_EMIT openSeriesRequested(link.section(QLatin1Char(':'), 1).toLongLong()); });
    connect(m_noteView, &widgets::NoteView::statusRequested, this, [this](int index, const QString &status) {
        const auto &spans = m_noteView->spans();
        if (m_readOnly) {
            Q_EMIT message(tr("The project is open read-only: decisions are not stored."));
            return;
        }
        if (!m_project || index < 0 || index >= int(spans.size()))
            return;
        try {
            m_project->noteStore().setSpanStatus(spans[std::size_t(index)].id, status.toStdString());
            markInProgress(m_noteList->currentRow());
        } catch (const std::exception &e) {
            Q_EMIT failed(QString::fromStdString(e.what()));
        }
        showNote(m_noteList->currentRow());
    });
    connect(m_noteView, &widgets::NoteView::labelRequested, this, [this](int start, int end, const QString &type) {
        const int row = m_noteList->currentRow();
        if (m_readOnly) {
            Q_EMIT message(tr("The project is open read-only: labels are not stored."));
            return;
        }
        if (!m_project || row < 0 || row >= int(m_notes.size()) || end <= start)
            return;
        const core::Note &note = m_notes[std::size_t(row)];
        const std::u32string text = core::text::toU32(note.text);
        core::text::Span s;
        s.start = start;
        s.end = end;
        s.type = type.toStdString();
        s.source = "person";
        s.text = core::text::toUtf8(std::u32string_view(text).substr(std::size_t(start), std::size_t(end - start)));
        // Context for the person's span from the engine, at the same place.
        for (const auto &t : annotatorFor(note).annotate(note.text, {s.text}))
            if (t.source == "target" && t.start == start) {
                s.negated = t.negated;
                s.uncertain = t.uncertain;
                s.historical = t.historical;
                s.hypothetical = t.hypothetical;
                s.experiencer = t.experiencer;
                s.section = t.section;
            }
        try {
            m_project->noteStore().addSpans(note.id, {s}, "accepted");
            markInProgress(row);
        } catch (const std::exception &e) {
            Q_EMIT failed(QString::fromStdString(e.what()));
        }
        showNote(row);
    });
    m_linkButton->setEnabled(false);

    m_menu = new QMenu(tr("N&otes"), this);
    m_menu->addAction(tr("&Export Notes..."), this, &NotesPanel::showExportDialog);
    m_agreementAction = m_menu->addAction(tr("Annotator &Agreement..."), this, &NotesPanel::showAgreementDialog);
    m_typesAction = m_menu->addAction(tr("Entity &Types..."), this, &NotesPanel::showEntityTypesDialog);
    connect(m_menu, &QMenu::aboutToShow, this, [this] {
        for (QAction *a : m_menu->actions())
            a->setEnabled(m_project != nullptr && !(m_readOnly && (a == m_agreementAction || a == m_typesAction)));
    });
}

std::vector<std::int64_t> NotesPanel::shownNoteIds() const
{
    std::vector<std::int64_t> ids;
    for (int row = 0; row < m_noteList->count() && row < int(m_notes.size()); ++row)
        if (!m_noteList->item(row)->isHidden())
            ids.push_back(m_notes[std::size_t(row)].id);
    return ids;
}

void NotesPanel::showExportDialog()
{
    if (!m_project)
        return;
    auto *dialog = new ExportNotesDialog(*m_project, shownNoteIds(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ExportNotesDialog::failed, this, &NotesPanel::failed);
    connect(dialog, &ExportNotesDialog::exported, this, [this](int n) { Q_EMIT message(tr("Exported %n note(s).", nullptr, n)); });
    dialog->open();
}

void NotesPanel::showAgreementDialog()
{
    if (!m_project)
        return;
    auto *dialog = new AgreementDialog(*m_project, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, [this] { showNote(m_noteList->currentRow()); });
    dialog->open();
}

void NotesPanel::showEntityTypesDialog()
{
    if (!m_project)
        return;
    auto *dialog = new EntityTypesDialog(*m_project, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &EntityTypesDialog::typesChanged, this, &NotesPanel::proposeOwnTypes);
    dialog->open();
}

void NotesPanel::proposeOwnTypes()
{
    // Every note gets proposals for the terms of the project's own types (off the GUI thread);
    // spans it has already, whatever people decided about them, stay as they are.
    if (!m_project)
        return;
    auto notes = std::make_shared<std::vector<core::Note>>(m_project->noteStore().notes());
    auto found = std::make_shared<std::vector<std::vector<core::text::Span>>>();
    std::set<std::string> own;
    for (const core::EntityType &t : m_project->noteStore().entityTypes())
        own.insert(t.name);
    runJob(m_jobs, this, tr("Finding the terms in the notes..."),
           [notes, found, types = m_project->noteStore().entityTypes()](core::ProgressSink *p) { *found = core::proposeSpans(*notes, types, p); },
           [this, notes, found, own](const QString &error) {
               if (!error.isEmpty() && error != QStringLiteral("cancelled"))
                   Q_EMIT failed(error);
               std::vector<std::int64_t> ids;
               std::vector<std::vector<core::text::Span>> spans;
               for (std::size_t n = 0; n < found->size(); ++n) {
                   std::vector<core::text::Span> mine;
                   for (core::text::Span &s : (*found)[n])
                       if (own.count(s.type))
                           mine.push_back(std::move(s));
                   if (!mine.empty()) {
                       ids.push_back((*notes)[n].id);
                       spans.push_back(std::move(mine));
                   }
               }
               const qint64 current = currentNoteId();
               try {
                   if (m_project && !ids.empty())
                       Q_EMIT message(tr("%n new proposal(s) for your entity types.", nullptr, m_project->noteStore().addProposals(ids, spans)));
               } catch (const std::exception &e) {
                   Q_EMIT failed(QString::fromStdString(e.what()));
               }
               refresh();
               for (int row = 0; row < int(m_notes.size()); ++row)
                   if (m_notes[std::size_t(row)].id == current)
                       m_noteList->setCurrentRow(row);
               Q_EMIT ownTypesProposed();
           });
}

void NotesPanel::markInProgress(int row)
{
    // The project moves a new note to "in progress" with a person's first decision.
    if (row >= 0 && row < int(m_notes.size()) && m_notes[std::size_t(row)].reviewStatus == "new")
        m_notes[std::size_t(row)].reviewStatus = "in progress";
}

void NotesPanel::setProject(core::Project *project)
{
    m_project = project;
    m_currentSeries = 0;
    refresh();
}

void NotesPanel::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_reviewStatus->setEnabled(!readOnly);
    showLinks();
}

void NotesPanel::setCurrentSeries(qint64 seriesId)
{
    m_currentSeries = seriesId;
    m_linkButton->setEnabled(!m_readOnly && m_currentSeries > 0 && currentNoteId() > 0);
    if (m_openSeriesOnly->isChecked())
        applyFilter();
}

qint64 NotesPanel::currentNoteId() const
{
    const int row = m_noteList->currentRow();
    return row >= 0 && row < int(m_notes.size()) ? m_notes[std::size_t(row)].id : 0;
}

void NotesPanel::refresh()
{
    m_notes = m_project ? m_project->noteStore().notes() : std::vector<core::Note>{};
    m_types = m_project ? m_project->noteStore().entityTypes() : std::vector<core::EntityType>{};
    m_annotators[0].reset();
    m_annotators[1].reset();
    std::vector<std::pair<std::string, QColor>> extra;
    for (const core::EntityType &t : m_types)
        extra.emplace_back(t.name, QColor::fromRgb(QRgb(t.rgb)));
    m_noteView->setExtraTypes(extra);
    {
        const QSignalBlocker blockTypes(m_typeFilter);
        const QString chosen = m_typeFilter->currentData().toString();
        m_typeFilter->clear();
        m_typeFilter->addItem(tr("All note types"), QString());
        if (m_project)
            for (const std::string &t : m_project->noteStore().noteTypes())
                m_typeFilter->addItem(QString::fromStdString(t), QString::fromStdString(t));
        m_typeFilter->setCurrentIndex(std::max(0, m_typeFilter->findData(chosen)));
    }
    const QSignalBlocker block(m_noteList);
    m_noteList->clear();
    for (const core::Note &n : m_notes)
        m_noteList->addItem(QString::fromStdString(n.title));
    applyFilter();
    if (!m_notes.empty()) {
        for (int row = 0; row < m_noteList->count(); ++row)
            if (!m_noteList->item(row)->isHidden()) {
                m_noteList->setCurrentRow(row);
                showNote(row);
                return;
            }
    }
    m_noteView->setNote(QString(), QString(), {});
    showLinks();
}

void NotesPanel::applyFilter()
{
    if (!m_project)
        return;
    core::NoteFilter f;
    f.text = m_noteFilter->text().trimmed().toStdString();
    f.noteType = m_typeFilter->currentData().toString().toStdString();
    f.reviewStatus = m_statusFilter->currentData().toString().toStdString();
    f.entity = m_entityFilter->text().trimmed().toStdString();
    f.affirmedOnly = m_affirmedOnly->isChecked();
    if (m_openSeriesOnly->isChecked())
        f.seriesId = m_currentSeries > 0 ? m_currentSeries : -1; // no series open: no note
    std::vector<std::int64_t> ids;
    try {
        if (!f.entity.empty() && !m_readOnly) {
            // Notes stored before the engine ran at import get their proposals now, in one go.
            std::vector<std::int64_t> missing;
            std::vector<std::vector<core::text::Span>> proposals;
            for (const core::Note &n : m_notes)
                if (!m_project->noteStore().hasSpans(n.id)) {
                    missing.push_back(n.id);
                    proposals.push_back(annotatorFor(n).annotate(n.text));
                }
            if (!missing.empty())
                m_project->noteStore().addProposals(missing, proposals);
        }
        ids = m_project->noteStore().filterNotes(f);
    } catch (const std::exception &e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
        return;
    }
    for (int row = 0; row < m_noteList->count() && row < int(m_notes.size()); ++row) {
        const core::Note &n = m_notes[std::size_t(row)];
        QListWidgetItem *item = m_noteList->item(row);
        item->setHidden(!std::binary_search(ids.begin(), ids.end(), n.id));
        item->setToolTip(QStringLiteral("%1\n%2").arg(QString::fromStdString(n.noteType), statusName(n.reviewStatus)));
        QFont font = item->font();
        font.setItalic(n.reviewStatus == "done");
        item->setFont(font);
    }
}

const core::text::Annotator &NotesPanel::annotatorFor(const core::Note &note)
{
    const core::text::Language lang = core::text::languageOf(note.language, note.text);
    auto &annotator = m_annotators[lang == core::text::Language::Chinese ? 1 : 0];
    if (!annotator)
        annotator = core::makeAnnotator(lang, m_types);
    return *annotator;
}

void NotesPanel::showLinks()
{
    const qint64 noteId = currentNoteId();
    m_linkButton->setEnabled(!m_readOnly && m_currentSeries > 0 && noteId > 0);
    if (!m_project || noteId <= 0) {
        m_seriesLinks->clear();
        return;
    }
    QStringList links;
    for (const std::int64_t id : m_project->noteStore().seriesOfNote(noteId))
        if (const auto r = m_project->seriesStore().seriesById(id))
            links << QStringLiteral("<a href=\"series:%1\">%2 %3</a>")
                         .arg(id)
                         .arg(QString::fromStdString(r->modality), QString::fromStdString(r->description).toHtmlEscaped());
    m_seriesLinks->setText(links.isEmpty() ? tr("No linked series") : tr("Series: %1").arg(links.join(QStringLiteral(", "))));
}

void NotesPanel::showNote(int row)
{
    if (row < 0 || row >= int(m_notes.size()) || !m_project)
        return;
    const core::Note &note = m_notes[std::size_t(row)];
    try {
        // The engine's spans are stored once as proposals; people's corrections build on them.
        // A read-only project shows them without storing them.
        std::vector<core::text::Span> spans;
        if (m_project->noteStore().hasSpans(note.id)) {
            spans = m_project->noteStore().spans(note.id);
        } else if (m_readOnly) {
            spans = annotatorFor(note).annotate(note.text);
        } else {
            m_project->noteStore().addSpans(note.id, annotatorFor(note).annotate(note.text), "proposed");
            spans = m_project->noteStore().spans(note.id);
        }
        const std::u32string text = core::text::toU32(note.text);
        for (auto &s : spans)
            s.text = core::text::toUtf8(std::u32string_view(text).substr(std::size_t(s.start), std::size_t(s.end - s.start)));
        m_noteView->setNote(QString::fromStdString(note.title), QString::fromStdString(note.text), spans);
        const QSignalBlocker block(m_reviewStatus);
        m_reviewStatus->setCurrentIndex(std::max(0, m_reviewStatus->findData(QString::fromStdString(m_notes[std::size_t(row)].reviewStatus))));
    } catch (const std::exception &e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
    showLinks();
}

} // namespace app
} // namespace sagitta
