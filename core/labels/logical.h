#pragma once
// Logical operations between segments (Slicer's "Logical operators" effect). The target
// segment B is a label of the edited map; the modifier segment A is a label of `source`, a map
// of the same dims: another layer, an imported or proposed segmentation, or the edited map
// itself. Each segment is read on its own layer. Where A and B share a layer they never
// overlap: there, with others overwritten, Copy moves A's voxels into B, Add takes them into B,
// Subtract changes nothing and Intersect clears B; with others kept (overwriteOthers false) B
// moves to another layer and overlaps A.
//
//   Copy       B := A            Add        B := B | A         Subtract  B := B & ~A
//   Intersect  B := B & A        Invert     B := volume & ~B   Clear     B := {}
//
// Invert and Clear ignore the modifier. Writes go through the LabelEdit (editing mask,
// overwrite rule, locked segments: e.g. Invert takes other segments' voxels only where the
// mask lets B overwrite them). Works chunk by chunk (memory: one chunk of scratch beyond the
// edit's delta); unallocated chunks are skipped where the operation cannot change them.
// Call from one thread.
#include "core/labels/labeledit.h"

#include <cstdint>

namespace sagitta::core {

enum class LogicalOp { Copy, Add, Subtract, Intersect, Invert, Clear };

// Returns voxels changed; 0 when source's dims differ from the edited map's.
std::size_t logicalOperation(LabelEdit &edit, LogicalOp op, std::uint8_t target, const LabelMap &source,
                             std::uint8_t modifier);
// Invert and Clear, which need no modifier.
std::size_t logicalOperation(LabelEdit &edit, LogicalOp op, std::uint8_t target);

} // namespace sagitta::core
