#pragma once
// An undo step's change beside voxels (a segment row, a measurement) as two functions.
#include "core/labels/undohistory.h"

#include <functional>

namespace sagitta {
namespace app {

class FunctionCommand : public core::EditCommand {
public:
    FunctionCommand(std::function<void()> undo, std::function<void()> redo) : m_undo(std::move(undo)), m_redo(std::move(redo)) {}
    void undo() override { m_undo(); }
    void redo() override { m_redo(); }

private:
    std::function<void()> m_undo, m_redo;
};

} // namespace app
} // namespace sagitta
