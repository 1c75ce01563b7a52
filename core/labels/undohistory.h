#pragma once
// Undo/redo of label edits as deltas (not snapshots), capped by bytes like ITK-SNAP's
// history: the oldest steps are dropped when the cap is passed.
#include "core/labels/labelmap.h"

#include <deque>

namespace sagitta::core {

class UndoHistory {
public:
    explicit UndoHistory(std::size_t byteLimit = std::size_t(256) << 20) : m_limit(byteLimit) {}

    // Adds an applied edit; discards anything that could have been redone.
    void push(LabelDelta delta);
    bool canUndo() const { return m_cursor > 0; }
    bool canRedo() const { return m_cursor < m_steps.size(); }
    // Apply the step to map and return the chunks it changed (empty when nothing to do).
    std::vector<int> undo(LabelMap &map);
    std::vector<int> redo(LabelMap &map);
    void clear();

    std::size_t size() const { return m_steps.size(); }
    std::size_t bytes() const { return m_bytes; }

private:
    std::deque<LabelDelta> m_steps;
    std::size_t m_cursor = 0; // steps before the cursor are applied
    std::size_t m_bytes = 0;
    std::size_t m_limit;
};

} // namespace sagitta::core
