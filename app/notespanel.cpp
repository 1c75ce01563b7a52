#include "app/notespanel.h"

#include "core/text/unicode.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

namespace sagitta {
namespace app {

NotesPanel::NotesPanel(QWidget *parent) : QWidget(parent)
{
    auto *listSide = new QWidget(this);
    m_noteFilter = new QLineEdit(listSide);
    m_noteFilter->setPlaceholderText(tr("Search notes"));
    m_noteFilter->setClearButtonEnabled(true);
    m_noteFilter->setObjectName(QStringLiteral("noteFilter"));
    m_noteList = new QListWidget(listSide);
    auto *listLayout = new QVBoxLayout(listSide);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(m_noteFilter);
    listLayout->addWidget(m_noteList);
    m_noteView = new widgets::NoteView(this);
    auto *notesLayout = new QHBoxLayout(this);
    notesLayout->setContentsMargins(0, 0, 0, 0);
    notesLayout->addWidget(listSide, 1);
    notesLayout->addWidget(m_noteView, 4);
    connect(m_noteFilter, &QLineEdit::textChanged, this, [this](const QString &text) {
        for (int row = 0; row < m_noteList->count() && row < int(m_notes.size()); ++row) {
            const core::Note &n = m_notes[std::size_t(row)];
            const bool match = text.isEmpty() || QString::fromStdString(n.title).contains(text, Qt::CaseInsensitive)
                               || QString::fromStdString(n.text).contains(text, Qt::CaseInsensitive)
                               || QString::fromStdString(n.noteType).contains(text, Qt::CaseInsensitive);
            m_noteList->item(row)->setHidden(!match);
        }
    });
    connect(m_noteList, &QListWidget::currentRowChanged, this, &NotesPanel::showNote);
    connect(m_noteView, &widgets::NoteView::statusRequested, this, [this](int index, const QString &status) {
        const auto &spans = m_noteView->spans();
        if (!m_project || index < 0 || index >= int(spans.size()))
            return;
        try {
            m_project->setSpanStatus(spans[std::size_t(index)].id, status.toStdString());
        } catch (const std::exception &e) {
            Q_EMIT failed(QString::fromStdString(e.what()));
        }
        showNote(m_noteList->currentRow());
    });
    connect(m_noteView, &widgets::NoteView::labelRequested, this, [this](int start, int end, const QString &type) {
        const int row = m_noteList->currentRow();
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
            m_project->addSpans(note.id, {s}, "accepted");
        } catch (const std::exception &e) {
            Q_EMIT failed(QString::fromStdString(e.what()));
        }
        showNote(row);
    });
}

void NotesPanel::setProject(core::Project *project)
{
    m_project = project;
    refresh();
}

void NotesPanel::refresh()
{
    m_notes = m_project ? m_project->notes() : std::vector<core::Note>{};
    const QSignalBlocker block(m_noteList);
    m_noteList->clear();
    for (const core::Note &n : m_notes)
        m_noteList->addItem(QString::fromStdString(n.title));
    if (!m_notes.empty()) {
        m_noteList->setCurrentRow(0);
        showNote(0);
    } else {
        m_noteView->setNote(QString(), QString(), {});
    }
}

const core::text::Annotator &NotesPanel::annotatorFor(const core::Note &note)
{
    const core::text::Language lang = note.language == "zh"   ? core::text::Language::Chinese
                                      : note.language == "en" ? core::text::Language::English
                                                              : core::text::detectLanguage(note.text);
    auto &annotator = m_annotators[lang == core::text::Language::Chinese ? 1 : 0];
    if (!annotator)
        annotator = std::make_unique<core::text::Annotator>(lang);
    return *annotator;
}

void NotesPanel::showNote(int row)
{
    if (row < 0 || row >= int(m_notes.size()) || !m_project)
        return;
    const core::Note &note = m_notes[std::size_t(row)];
    try {
        // The engine's spans are stored once as proposals; people's corrections build on them.
        if (!m_project->hasSpans(note.id))
            m_project->addSpans(note.id, annotatorFor(note).annotate(note.text), "proposed");
        std::vector<core::text::Span> spans = m_project->spans(note.id);
        const std::u32string text = core::text::toU32(note.text);
        for (auto &s : spans)
            s.text = core::text::toUtf8(std::u32string_view(text).substr(std::size_t(s.start), std::size_t(s.end - s.start)));
        m_noteView->setNote(QString::fromStdString(note.title), QString::fromStdString(note.text), spans);
    } catch (const std::exception &e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
}

} // namespace app
} // namespace sagitta
