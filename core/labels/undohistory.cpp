#include "core/labels/undohistory.h"

namespace sagitta::core {

void UndoHistory::push(LabelDelta delta, std::shared_ptr<EditCommand> command)
{
    if (delta.empty() && !command)
        return;
    while (m_steps.size() > m_cursor) {
        m_bytes -= m_steps.back().delta.bytes();
        m_steps.pop_back();
    }
    m_bytes += delta.bytes();
    m_steps.push_back({std::move(delta), std::move(command)});
    m_cursor = m_steps.size();
    while (m_bytes > m_limit && m_steps.size() > 1) {
        m_bytes -= m_steps.front().delta.bytes();
        m_steps.pop_front();
        --m_cursor;
    }
}

std::vector<int> UndoHistory::undo(LabelMap &map)
{
    if (!canUndo())
        return {};
    const Step &s = m_steps[m_cursor - 1];
    if (s.command)
        s.command->undo(); // throws: nothing changed
    s.delta.apply(map, false);
    --m_cursor;
    return s.delta.chunkIndices();
}

std::vector<int> UndoHistory::redo(LabelMap &map)
{
    if (!canRedo())
        return {};
    const Step &s = m_steps[m_cursor];
    s.delta.apply(map, true);
    if (s.command) {
        try {
            s.command->redo();
        } catch (...) {
            s.delta.apply(map, false);
            throw;
        }
    }
    ++m_cursor;
    return s.delta.chunkIndices();
}

void UndoHistory::clear()
{
    m_steps.clear();
    m_cursor = 0;
    m_bytes = 0;
}

} // namespace sagitta::core
