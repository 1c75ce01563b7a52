#pragma once
// Fill between slices: a segment outlined on some slices along one axis is interpolated on
// the empty slices between them, shape-based (Raya and Udupa 1990; what Slicer's "Fill between
// slices" and ITK-SNAP's interpolation do):
//   - each labelled slice gets a 2D signed distance in mm (in-plane spacing): minus the
//     distance to the nearest voxel outside the segment for voxels inside, the distance to the
//     nearest voxel inside for voxels outside (voxel centres; the plane beyond the volume's
//     edge counts as outside);
//   - an empty slice s between the nearest labelled slices a < s < b gets
//     d = (1 - t) d_a + t d_b with t = (s - a) / (b - a), and the voxel is in where d <= 0.
// Slices that hold the label are never changed; neither are slices before the first or after
// the last labelled slice.
//
// The result is a preview first (a label map of the same size holding label where the
// interpolation adds it), which the GUI shows and then accepts (applyPreview, through a
// LabelEdit, so the editing mask and locked segments apply) or drops. Call from one thread;
// the distance passes run on TBB.
#include "core/image/slice.h"
#include "core/labels/labeledit.h"

#include <cstdint>

namespace sagitta::core {

// Indices along axis of the slices that hold label, ascending.
std::vector<int> labelledSlices(const LabelMap &map, std::uint8_t label, SliceAxis axis);

// The interpolated voxels of label on the empty slices between labelled ones along axis
// (spacing from geometry, mm). Reads map only.
LabelMap fillBetweenSlicesPreview(const LabelMap &map, const Geometry &geometry, std::uint8_t label, SliceAxis axis);

// Writes every non-zero voxel of preview, with its value, through edit (same dims as the
// edit's map). Returns voxels changed.
std::size_t applyPreview(LabelEdit &edit, const LabelMap &preview);

} // namespace sagitta::core
