#pragma once
// Undo/redo of label edits as deltas (not snapshots), capped by bytes like ITK-SNAP's
// history: the oldest steps are dropped when the cap is passed.
#include "core/labels/labelmap.h"

#include <deque>
#include <memory>

namespace sagitta::core {

// What a step changes beside voxels (a segment added, removed, renamed, recoloured), done
// again and undone with the step's voxels. Either may throw core::Error (the project could not
// be written): the step then stays where it was.
class EditCommand {
public:
    virtual ~EditCommand() = default;
    virtual void undo() = 0;
    virtual void redo() = 0;
};

class UndoHistory {
public:
    explicit UndoHistory(std::size_t byteLimit = std::size_t(256) << 20) : m_limit(byteLimit) {}

    // Adds an applied edit (its voxels and, if any, what it changed beside them, both already
    // done); discards anything that could have been redone. Undo puts the command back first,
    // then the voxels; redo the voxels first, then the command.
    void push(LabelDelta delta, std::shared_ptr<EditCommand> command = nullptr);
    bool canUndo() const { return m_cursor > 0; }
    bool canRedo() const { return m_cursor < m_steps.size(); }
    // Whether the step undo() or redo() would take carries a command (changes segments).
    bool undoHasCommand() const { return canUndo() && m_steps[m_cursor - 1].command; }
    bool redoHasCommand() const { return canRedo() && m_steps[m_cursor].command; }
    // Apply the step to map and return the chunks it changed (empty when nothing to do).
    std::vector<int> undo(LabelMap &map);
    std::vector<int> redo(LabelMap &map);
    void clear();

    std::size_t size() const { return m_steps.size(); }
    std::size_t bytes() const { return m_bytes; }

private:
    struct Step {
        LabelDelta delta;
        std::shared_ptr<EditCommand> command;
    };
    std::deque<Step> m_steps;
    std::size_t m_cursor = 0; // steps before the cursor are applied
    std::size_t m_bytes = 0;
    std::size_t m_limit;
};

} // namespace sagitta::core
