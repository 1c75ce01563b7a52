#include "widgets/noteview.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QSplitter>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextEdit>
#include <QToolTip>
#include <QTreeWidget>

#include <map>

namespace sagitta {
namespace widgets {

NoteView::NoteView(QWidget *parent) : QWidget(parent)
{
    m_text = new QTextEdit(this);
    m_text->setReadOnly(true);
    m_text->viewport()->installEventFilter(this);
    m_text->installEventFilter(this);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_text->viewport()->setMouseTracking(true);
    m_tree = new QTreeWidget(this);
    m_tree->setHeaderLabels({tr("Entity"), tr("Context")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    auto *split = new QSplitter(this);
    split->addWidget(m_text);
    split->addWidget(m_tree);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);
}

void NoteView::setExtraTypes(const std::vector<std::pair<std::string, QColor>> &types)
{
    m_extraTypes = types;
}

QColor NoteView::colorFor(const std::string &type) const
{
    for (const auto &extra : m_extraTypes)
        if (extra.first == type)
            return extra.second;
    static const std::map<std::string, QColor> colors{
        {"PROBLEM", QColor(255, 170, 170)},   {"MEDICATION", QColor(160, 200, 255)}, {"ANATOMY", QColor(175, 230, 175)},
        {"PROCEDURE", QColor(215, 185, 245)}, {"TEST", QColor(255, 210, 140)},       {"DOSE", QColor(200, 225, 255)},
        {"ROUTE", QColor(200, 225, 255)},     {"FREQUENCY", QColor(200, 225, 255)},  {"DURATION", QColor(200, 225, 255)},
        {"TARGET", QColor(255, 240, 150)}};
    const auto it = colors.find(type);
    return it == colors.end() ? QColor(230, 230, 230) : it->second;
}

void NoteView::setNote(const QString &title, const QString &text, const std::vector<core::text::Span> &spans)
{
    m_spans = spans;
    // setPlainText writes with the current format: start from a plain one, not the last highlight.
    m_text->document()->clear();
    m_text->setCurrentCharFormat(QTextCharFormat());
    m_text->setPlainText(text);
    // Span offsets are code points; QString counts UTF-16 units.
    std::vector<int> utf16(std::size_t(text.size()) + 1, 0);
    std::vector<int> byCodePoint;
    m_codePointAt.assign(std::size_t(text.size()) + 1, 0);
    for (int i = 0; i < text.size(); ++i) {
        m_codePointAt[std::size_t(i)] = int(byCodePoint.size());
        byCodePoint.push_back(i);
        if (text[i].isHighSurrogate() && i + 1 < text.size()) {
            ++i;
            m_codePointAt[std::size_t(i)] = int(byCodePoint.size()) - 1;
        }
    }
    m_codePointAt[std::size_t(text.size())] = int(byCodePoint.size());
    byCodePoint.push_back(int(text.size()));
    auto toUtf16 = [&](int cp) { return byCodePoint[std::size_t(std::clamp(cp, 0, int(byCodePoint.size()) - 1))]; };
    m_utf16Start.clear();
    m_utf16End.clear();
    for (const auto &s : spans) {
        m_utf16Start.push_back(toUtf16(s.start));
        m_utf16End.push_back(toUtf16(s.end));
    }
    // Larger spans first, so attribute spans (dose, route) paint over their medication.
    std::vector<std::size_t> order(spans.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return spans[a].end - spans[a].start > spans[b].end - spans[b].start; });
    for (std::size_t i : order) {
        const auto &s = spans[i];
        if (s.status == "rejected")
            continue;
        QTextCursor c(m_text->document());
        c.setPosition(m_utf16Start[i]);
        c.setPosition(m_utf16End[i], QTextCursor::KeepAnchor);
        QTextCharFormat f;
        QColor background = colorFor(s.type);
        if (s.status == "proposed")
            background = background.lighter(112); // pale until a person accepts it
        f.setBackground(background);
        f.setFontWeight(s.status == "accepted" ? QFont::DemiBold : QFont::Normal);
        f.setFontStrikeOut(s.negated);
        f.setFontItalic(s.historical);
        if (s.uncertain) {
            f.setUnderlineStyle(QTextCharFormat::DashUnderline);
            f.setUnderlineColor(Qt::darkRed);
        } else if (s.experiencer != "patient") {
            f.setUnderlineStyle(QTextCharFormat::DotLine);
            f.setUnderlineColor(Qt::darkBlue);
        }
        c.mergeCharFormat(f);
    }
    m_text->moveCursor(QTextCursor::Start);

    m_tree->clear();
    std::map<std::string, QTreeWidgetItem *> groups;
    for (const auto &s : spans) {
        if (s.source == "rule")
            continue; // shown as details of their medication or test
        QTreeWidgetItem *&group = groups[s.type];
        if (!group) {
            group = new QTreeWidgetItem(m_tree, {QString::fromStdString(s.type)});
            group->setBackground(0, colorFor(s.type));
            group->setExpanded(true);
        }
        QStringList context;
        if (s.negated)
            context << tr("negated");
        if (s.uncertain)
            context << tr("uncertain");
        if (s.historical)
            context << tr("historical");
        if (s.hypothetical)
            context << tr("hypothetical");
        if (s.experiencer != "patient")
            context << tr("family");
        if (s.status == "accepted")
            context << tr("accepted");
        else if (s.status == "rejected")
            context << tr("rejected");
        auto *item = new QTreeWidgetItem(group, {QString::fromStdString(s.text), context.join(QStringLiteral(", "))});
        if (s.status == "rejected")
            item->setForeground(0, Qt::gray);
        item->setToolTip(0, QString::fromStdString(s.section));
    }
    setWindowTitle(title);
}

std::vector<std::string> NoteView::labelTypes() const
{
    std::vector<std::string> types{"PROBLEM", "MEDICATION", "ANATOMY", "PROCEDURE", "TEST"};
    for (const auto &extra : m_extraTypes)
        if (types.size() < 9)
            types.push_back(extra.first);
    return types;
}

int NoteView::spanAt(int position) const
{
    int best = -1;
    for (std::size_t i = 0; i < m_spans.size(); ++i) {
        if (position < m_utf16Start[i] || position >= m_utf16End[i] || m_spans[i].status == "rejected")
            continue;
        if (best < 0 || m_utf16End[i] - m_utf16Start[i] < m_utf16End[std::size_t(best)] - m_utf16Start[std::size_t(best)])
            best = int(i);
    }
    return best;
}

QString NoteView::toolTipAt(int position) const
{
    QStringList lines;
    for (std::size_t i = 0; i < m_spans.size(); ++i) {
        if (position < m_utf16Start[i] || position >= m_utf16End[i])
            continue;
        const auto &s = m_spans[i];
        QStringList attrs;
        if (s.negated)
            attrs << tr("negated");
        if (s.uncertain)
            attrs << tr("uncertain");
        if (s.historical)
            attrs << tr("historical");
        if (s.hypothetical)
            attrs << tr("hypothetical");
        if (s.experiencer != "patient")
            attrs << tr("family");
        QString line = QStringLiteral("<b>%1</b> %2").arg(QString::fromStdString(s.type), QString::fromStdString(s.text).toHtmlEscaped());
        if (!attrs.isEmpty())
            line += QStringLiteral(" (") + attrs.join(QStringLiteral(", ")) + QLatin1Char(')');
        for (const auto &[k, v] : s.details)
            line += QStringLiteral("<br/>%1: %2").arg(QString::fromStdString(k), QString::fromStdString(v).toHtmlEscaped());
        line += QStringLiteral("<br/>") + tr("source: %1").arg(QString::fromStdString(s.source));
        if (!s.status.empty())
            line += QStringLiteral("<br/>") + tr("status: %1, by %2").arg(QString::fromStdString(s.status), QString::fromStdString(s.author));
        if (!s.section.empty())
            line += QStringLiteral("<br/>") + tr("section: %1").arg(QString::fromStdString(s.section));
        lines << line;
    }
    return lines.join(QStringLiteral("<hr/>"));
}

bool NoteView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_text && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        const QTextCursor c = m_text->textCursor();
        const int typeIndex = key->key() - Qt::Key_1;
        if (typeIndex >= 0 && typeIndex < int(labelTypes().size()) && c.hasSelection()) {
            const int a = m_codePointAt[std::size_t(std::clamp(c.selectionStart(), 0, int(m_codePointAt.size()) - 1))];
            const int b = m_codePointAt[std::size_t(std::clamp(c.selectionEnd(), 0, int(m_codePointAt.size()) - 1))];
            Q_EMIT labelRequested(a, b, QString::fromStdString(labelTypes()[std::size_t(typeIndex)]));
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter || key->key() == Qt::Key_Delete
            || key->key() == Qt::Key_Backspace) {
            const int index = spanAt(c.position());
            if (index >= 0) {
                const bool accept = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
                Q_EMIT statusRequested(index, accept ? QStringLiteral("accepted") : QStringLiteral("rejected"));
            }
            return true;
        }
    }
    if (watched == m_text->viewport() && event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString tip = toolTipAt(m_text->cursorForPosition(help->pos()).position());
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), tip, m_text->viewport());
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace widgets
} // namespace sagitta
