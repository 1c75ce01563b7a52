#include "core/labels/undohistory.h"

namespace sagitta::core {

void UndoHistory::push(LabelDelta delta)
{
    if (delta.empty())
        return;
    while (m_steps.size() > m_cursor) {
        m_bytes -= m_steps.back().bytes();
        m_steps.pop_back();
    }
    m_bytes += delta.bytes();
    m_steps.push_back(std::move(delta));
    m_cursor = m_steps.size();
    while (m_bytes > m_limit && m_steps.size() > 1) {
        m_bytes -= m_steps.front().bytes();
        m_steps.pop_front();
        --m_cursor;
    }
}

std::vector<int> UndoHistory::undo(LabelMap &map)
{
    if (!canUndo())
        return {};
    const LabelDelta &d = m_steps[--m_cursor];
    d.apply(map, false);
    return d.chunkIndices();
}

std::vector<int> UndoHistory::redo(LabelMap &map)
{
    if (!canRedo())
        return {};
    const LabelDelta &d = m_steps[m_cursor++];
    d.apply(map, true);
    return d.chunkIndices();
}

void UndoHistory::clear()
{
    m_steps.clear();
    m_cursor = 0;
    m_bytes = 0;
}

} // namespace sagitta::core
