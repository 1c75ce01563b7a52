#include "core/labels/labeleditor.h"

namespace sagitta::core {

void LabelEditor::beginStroke(const SlicePlane &plane, const BrushSettings &settings, double u, double v)
{
    if (m_stroke)
        endStroke();
    ++m_generation;
    m_stroke = std::make_unique<BrushStroke>(m_map, m_geometry, plane, settings, m_volume, m_mask);
    m_stroke->addPoint(u, v);
}

void LabelEditor::continueStroke(double u, double v)
{
    if (m_stroke) {
        ++m_generation;
        m_stroke->addPoint(u, v);
    }
}

std::vector<int> LabelEditor::endStroke()
{
    if (!m_stroke)
        return {};
    LabelDelta delta = m_stroke->finish();
    m_stroke.reset();
    return apply(std::move(delta));
}

std::vector<int> LabelEditor::apply(LabelDelta delta, std::shared_ptr<EditCommand> command)
{
    if (m_stroke)
        endStroke();
    if (delta.empty() && !command)
        return {};
    std::vector<int> chunks = delta.chunkIndices();
    const bool records = bool(command);
    m_history.push(std::move(delta), std::move(command));
    notify({LabelChange::Kind::Edit, chunks, records});
    return chunks;
}

std::vector<int> LabelEditor::undo()
{
    if (m_stroke)
        endStroke();
    if (!m_history.canUndo())
        return {};
    const bool records = m_history.undoHasCommand();
    std::vector<int> chunks = m_history.undo(m_map);
    notify({LabelChange::Kind::Undo, chunks, records});
    return chunks;
}

std::vector<int> LabelEditor::redo()
{
    if (!m_history.canRedo())
        return {};
    const bool records = m_history.redoHasCommand();
    std::vector<int> chunks = m_history.redo(m_map);
    notify({LabelChange::Kind::Redo, chunks, records});
    return chunks;
}

void LabelEditor::notify(LabelChange change)
{
    ++m_generation;
    if (m_listener && (!change.chunks.empty() || change.records))
        m_listener(change);
}

} // namespace sagitta::core
