#pragma once
// NoteView: a clinical note with its entities highlighted by type: negated ones struck
// through, uncertain ones with a dashed underline, historical ones in italics, family ones
// with a dotted underline; a tooltip gives type, attributes, details and source. Beside it,
// the note's entities grouped by type. Proposals (from the engine) are pale until accepted.
// Keys: select text and press 1-5 to label it (problem, medication, anatomy, procedure, test),
// 6-9 for the entity types the project adds;
// Enter accepts and Delete rejects the span under the cursor. The view only emits intent.
#include "core/text/annotator.h"

#include <QWidget>

class QTextEdit;
class QTreeWidget;

namespace sagitta {
namespace widgets {

class NoteView : public QWidget {
    Q_OBJECT
public:
    explicit NoteView(QWidget *parent = nullptr);

    void setNote(const QString &title, const QString &text, const std::vector<core::text::Span> &spans);
    const std::vector<core::text::Span> &spans() const { return m_spans; }
    QTextEdit *editor() const { return m_text; }
    QTreeWidget *entityTree() const { return m_tree; }
    // Tooltip text for the character at a position of the note (code points).
    QString toolTipAt(int position) const;
    QColor colorFor(const std::string &type) const;
    // Entity types of the project beside the built-in ones: colours, and keys 6-9 in order.
    void setExtraTypes(const std::vector<std::pair<std::string, QColor>> &types);

    // Index into spans() of the innermost span at a position (UTF-16 units), -1 if none.
    int spanAt(int position) const;
    // The types keys 1-9 label with: the five built-in ones, then the project's.
    std::vector<std::string> labelTypes() const;

Q_SIGNALS:
    void labelRequested(int start, int end, const QString &type); // code points
    void statusRequested(int spanIndex, const QString &status);   // "accepted" or "rejected"

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QTextEdit *m_text;
    QTreeWidget *m_tree;
    std::vector<core::text::Span> m_spans;
    std::vector<int> m_utf16Start, m_utf16End; // span bounds in QString (UTF-16) units
    std::vector<int> m_codePointAt;            // UTF-16 position -> code point
    std::vector<std::pair<std::string, QColor>> m_extraTypes;
};

} // namespace widgets
} // namespace sagitta
