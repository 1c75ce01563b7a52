#include "app/segmentcontroller.h"

#include "app/functioncommand.h"

#include "core/labels/islands.h"
#include "core/labels/labeledit.h"
#include "core/labels/logical.h"

#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QRegularExpression>
#include <QWidget>

namespace sagitta {
namespace app {

SegmentController::SegmentController(Context context, widgets::SegmentList *list, QWidget *dialogParent)
    : QObject(dialogParent), m_context(std::move(context)), m_list(list), m_dialogParent(dialogParent)
{
    connect(list, &widgets::SegmentList::addRequested, this, &SegmentController::add);
    connect(list, &widgets::SegmentList::removeRequested, this, [this](qint64 id) { remove(id); });
    connect(list, &widgets::SegmentList::renamed, this, &SegmentController::rename);
    connect(list, &widgets::SegmentList::recolored, this, &SegmentController::recolour);
    connect(list, &widgets::SegmentList::typeRequested, this, &SegmentController::chooseType);
    connect(list, &widgets::SegmentList::visibilityChanged, this, &SegmentController::setVisible);
    connect(list, &widgets::SegmentList::allVisibilityChanged, this, &SegmentController::setAllVisible);
    connect(list, &widgets::SegmentList::lockChanged, this, &SegmentController::setLocked);
    connect(list, &widgets::SegmentList::opacityChanged, this, &SegmentController::setOpacity);
    connect(list, &widgets::SegmentList::reviewRequested, this, &SegmentController::setReview);
}

bool SegmentController::writable() const
{
    core::Project *p = m_context.project();
    return p && !p->readOnly() && m_context.seriesId() != 0 && m_context.editor();
}

bool SegmentController::find(qint64 id, core::Segment &segment) const
{
    for (const core::Segment &s : m_list->segments())
        if (s.id == id) {
            segment = s;
            return true;
        }
    return false;
}

void SegmentController::add()
{
    if (!writable())
        return;
    core::Project *project = m_context.project();
    const int n = int(m_list->segments().size());
    try {
        const core::Segment s = project->labelStore().addSegment(m_context.seriesId(), tr("Segment %1").arg(n + 1).toStdString(),
                                                    core::defaultSegmentColor(n));
        m_context.editor()->apply({}, std::make_shared<FunctionCommand>([project, s] { project->labelStore().removeSegment(s.id); },
                                                                         [project, s] { project->labelStore().restoreSegment(s); }));
        Q_EMIT changed();
        m_list->selectLabel(s.label);
    } catch (const std::exception &e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
}

void SegmentController::remove(qint64 id, bool ask)
{
    core::Segment segment;
    if (!writable() || !find(id, segment))
        return;
    if (segment.locked) {
        Q_EMIT failed(tr("\"%1\" is locked: unlock it to remove it.").arg(QString::fromStdString(segment.name)));
        return;
    }
    const qint64 series = m_context.seriesId();
    if (ask
        && (QMessageBox::question(m_dialogParent, tr("Remove segment"),
                                  tr("Remove \"%1\" and its voxels?").arg(QString::fromStdString(segment.name)))
                != QMessageBox::Yes
            || !writable() || m_context.seriesId() != series))
        return; // declined, or another series or project came up meanwhile
    core::Project *project = m_context.project();
    core::LabelEditor *editor = m_context.editor();
    // The voxels go with the segment, as one undo step; they are saved through the editor's
    // listener (kept and retried if the file is busy).
    core::LabelEdit edit(editor->labelMap());
    core::logicalOperation(edit, core::LogicalOp::Clear, segment.label);
    // Its label value goes back to layer 0 (a segment added later with it starts there); undo
    // puts it back on its layer with its voxels.
    edit.moveToLayer(segment.label, 0);
    core::LabelDelta delta = edit.finish();
    try {
        project->labelStore().removeSegment(segment.id);
    } catch (const std::exception &e) {
        delta.apply(editor->labelMap(), false);
        Q_EMIT failed(QString::fromStdString(e.what()));
        return;
    }
    editor->apply(std::move(delta), std::make_shared<FunctionCommand>([project, segment] { project->labelStore().restoreSegment(segment); },
                                                                       [project, segment] { project->labelStore().removeSegment(segment.id); }));
    Q_EMIT changed();
}

void SegmentController::splitIslands(int label, int minVoxels)
{
    if (!writable())
        return;
    const core::Segment *source = nullptr;
    for (const core::Segment &s : m_list->segments())
        if (s.label == label)
            source = &s;
    if (!source) {
        Q_EMIT failed(tr("Open a series and select a segment first."));
        return;
    }
    if (source->locked) {
        Q_EMIT failed(tr("\"%1\" is locked: unlock it to split it.").arg(QString::fromStdString(source->name)));
        return;
    }
    core::Project *project = m_context.project();
    core::LabelEditor *editor = m_context.editor();
    // New segments take label values no segment and no voxel holds.
    std::array<bool, 256> used{};
    used[0] = true;
    for (const core::Segment &s : m_list->segments())
        used[s.label] = true;
    const auto counts = editor->labelMap().histogram();
    std::vector<std::uint8_t> free;
    for (int v = 1; v < 256; ++v)
        if (!used[std::size_t(v)] && counts[std::size_t(v)] == 0)
            free.push_back(std::uint8_t(v));
    core::LabelEdit edit(editor->labelMap()); // only the segment's own voxels change value
    const std::vector<std::uint8_t> values = core::splitIslands(edit, std::uint8_t(label), free, std::uint64_t(std::max(minVoxels, 0)));
    core::LabelDelta delta = edit.finish();
    std::vector<core::Segment> added;
    try {
        const int base = int(m_list->segments().size());
        for (std::size_t n = 0; n < values.size(); ++n) {
            if (values[n] == label)
                continue;
            core::Segment s = *source;
            s.id = 0;
            s.label = values[n];
            s.name = tr("%1 (island %2)").arg(QString::fromStdString(source->name)).arg(n + 1).toStdString();
            s.rgb = core::defaultSegmentColor(base + int(added.size()));
            added.push_back(project->labelStore().restoreSegment(s));
        }
    } catch (const std::exception &e) {
        for (const core::Segment &s : added)
            project->labelStore().removeSegment(s.id);
        delta.apply(editor->labelMap(), false);
        Q_EMIT failed(QString::fromStdString(e.what()));
        return;
    }
    if (added.empty()) {
        delta.apply(editor->labelMap(), false);
        Q_EMIT failed(tr("\"%1\" has only one island of that size: nothing to split.").arg(QString::fromStdString(source->name)));
        return;
    }
    editor->apply(std::move(delta), std::make_shared<FunctionCommand>(
                                        [project, added] {
                                            for (const core::Segment &s : added)
                                                project->labelStore().removeSegment(s.id);
                                        },
                                        [project, added] {
                                            for (const core::Segment &s : added)
                                                project->labelStore().restoreSegment(s);
                                        }));
    Q_EMIT changed();
}

void SegmentController::updateUndoable(const core::Segment &before, const core::Segment &after)
{
    if (!writable())
        return;
    core::Project *project = m_context.project();
    try {
        project->labelStore().updateSegment(after);
        m_context.editor()->apply({}, std::make_shared<FunctionCommand>([project, before] { project->labelStore().updateSegment(before); },
                                                                         [project, after] { project->labelStore().updateSegment(after); }));
    } catch (const std::exception &e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
    Q_EMIT changed();
}

void SegmentController::updateState(const core::Segment &after)
{
    core::Project *project = m_context.project();
    if (!project || project->readOnly())
        return;
    try {
        project->labelStore().updateSegment(after);
    } catch (const std::exception &e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
    Q_EMIT changed();
}

void SegmentController::rename(qint64 id, const QString &name)
{
    core::Segment s;
    if (!find(id, s) || name.trimmed().isEmpty())
        return;
    core::Segment after = s;
    after.name = name.trimmed().toStdString();
    updateUndoable(s, after);
}

void SegmentController::recolour(qint64 id, quint32 rgb)
{
    core::Segment s;
    if (!find(id, s))
        return;
    core::Segment after = s;
    after.rgb = rgb & 0xffffff;
    updateUndoable(s, after);
}

void SegmentController::chooseType(qint64 id)
{
    core::Segment s;
    core::Project *project = m_context.project();
    if (!project || !find(id, s))
        return;
    const std::vector<core::TerminologyEntry> entries = project->labelStore().terminology();
    QStringList items;
    int current = 0;
    for (std::size_t n = 0; n < entries.size(); ++n) {
        items << QStringLiteral("%1 / %2").arg(QString::fromStdString(entries[n].category.meaning),
                                              QString::fromStdString(entries[n].type.meaning));
        if (entries[n].type == s.type && entries[n].category == s.category)
            current = int(n);
    }
    bool ok = false;
    const QString chosen = QInputDialog::getItem(m_dialogParent, tr("Segment type"),
                                                 tr("What is \"%1\"?").arg(QString::fromStdString(s.name)), items, current,
                                                 false, &ok);
    const int index = int(items.indexOf(chosen));
    if (ok && index >= 0)
        setType(id, entries[std::size_t(index)]);
}

void SegmentController::setType(qint64 id, const core::TerminologyEntry &entry)
{
    core::Segment s;
    if (!find(id, s))
        return;
    core::Segment after = s;
    after.category = entry.category;
    after.type = entry.type;
    // A segment still under its default name takes the type's name and colour.
    const QRegularExpression defaultName(
        QStringLiteral("^") + QRegularExpression::escape(tr("Segment %1")).replace(QStringLiteral("%1"), QStringLiteral("\\d+")) + QStringLiteral("$"));
    if (defaultName.match(QString::fromStdString(s.name)).hasMatch()) {
        after.name = entry.type.meaning;
        if (entry.rgb != 0)
            after.rgb = entry.rgb;
    }
    updateUndoable(s, after);
}

void SegmentController::setVisible(qint64 id, bool visible)
{
    core::Segment s;
    if (!find(id, s))
        return;
    s.visible = visible;
    updateState(s);
}

void SegmentController::setAllVisible(bool visible)
{
    core::Project *project = m_context.project();
    if (!project || project->readOnly())
        return;
    try {
        for (core::Segment s : m_list->segments())
            if (s.visible != visible) {
                s.visible = visible;
                project->labelStore().updateSegment(s);
            }
    } catch (const std::exception &e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
    Q_EMIT changed();
}

void SegmentController::setLocked(qint64 id, bool locked)
{
    core::Segment s;
    if (!find(id, s))
        return;
    s.locked = locked;
    updateState(s);
}

void SegmentController::setOpacity(qint64 id, double opacity)
{
    core::Segment s;
    if (!find(id, s))
        return;
    s.opacity = std::clamp(opacity, 0.0, 1.0);
    updateState(s);
}

void SegmentController::setReview(const QString &status)
{
    core::Project *project = m_context.project();
    if (!project || project->readOnly() || m_context.seriesId() == 0)
        return; // a reviewer reviews another reader's labels: no editor needed
    bool ok = false;
    const QString comment = QInputDialog::getText(m_dialogParent, tr("Review"),
                                                  tr("Comment on the labels (optional):"), QLineEdit::Normal, QString(), &ok);
    try {
        if (ok) {
            project->labelStore().setLabelMapStatus(m_context.seriesId(), status.toStdString(), comment.trimmed().toStdString(),
                                                    m_context.author());
            Q_EMIT reviewChanged();
        }
    } catch (const std::exception &e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
    Q_EMIT changed(); // also when cancelled: the list shows the stored status again
}

} // namespace app
} // namespace sagitta
