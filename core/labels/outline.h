#pragma once
// Outline effects on a slice: polygon and lasso fill (or erase), scissors through a slab or the
// whole volume, and the way back, from an in-plane region to its outline.
//
// An outline is a closed polygon of in-plane points (u, v) in continuous voxel coordinates of
// the plane (voxel centres at integers; u, v as planeAxes gives them); the last point joins
// the first. A polygon tool passes its clicked corners, a lasso the freehand pointer path. A
// voxel is inside when its centre is, by the fill rule (scanline at voxel centres; a centre
// exactly on an edge counts when the edge is its left end on the row, half-open [left, right)).
// Every effect writes through the caller's LabelEdit (the mask decides each voxel); the caller
// calls finish(). One thread per LabelEdit.
#include "core/image/slice.h"
#include "core/labels/labeledit.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sagitta::core {

using Point2 = std::array<double, 2>;

enum class FillRule {
    EvenOdd, // inside where a ray crosses the outline an odd number of times
    NonZero, // inside where the outline winds around the point (self-overlaps stay filled)
};

enum class OutlineOp { Fill, Erase };

struct OutlineSettings {
    OutlineOp op = OutlineOp::Fill;
    std::uint8_t label = 1; // Fill: value written. Erase: value cleared (0 = any label)
    FillRule rule = FillRule::EvenOdd;
};

// Which slices scissors cut, along the plane's normal (the voxel axis the plane holds fixed).
// Above means higher slice indices, below lower ones; slices beyond the volume are cut off.
enum class SlabExtent {
    Whole,     // every slice
    Symmetric, // index - slices .. index + slices
    Above,     // index .. index + slices
    Below,     // index - slices .. index
};
struct Slab {
    SlabExtent extent = SlabExtent::Whole;
    int slices = 0;
};

// The in-plane mask of an outline: width x height bytes (u fastest), 1 inside, 0 outside.
// Fewer than three points give an empty mask.
void rasterizeOutline(const std::vector<Point2> &outline, int width, int height, FillRule rule,
                      std::vector<std::uint8_t> &mask);

// Polygon / lasso: fills (or erases) the inside of the outline on the plane. Returns voxels
// changed.
std::size_t fillOutline(LabelEdit &edit, const SlicePlane &plane, const std::vector<Point2> &outline,
                        const OutlineSettings &settings);

// Scissors: the same inside, applied on every slice of the slab along the plane's normal.
std::size_t scissors(LabelEdit &edit, const SlicePlane &plane, const std::vector<Point2> &outline,
                     const OutlineSettings &settings, const Slab &slab);

// Writes label (erase: clears label, 0 = any) on the voxels marked in an in-plane mask
// (width x height, u fastest; sizes must match planeSize) on slices first..last of axis, in
// bulk through the edit (LabelEdit::writeChunk). Returns voxels changed.
std::size_t applyPlaneMask(LabelEdit &edit, SliceAxis axis, int first, int last, const std::vector<std::uint8_t> &mask,
                           int width, int height, bool erase, std::uint8_t label);

// The boundary of the region marked (non-zero) in a width x height mask, along voxel edges:
// corners at half-integers, no repeated collinear points, clockwise on screen (v down).
// Empty unless the boundary is one simple polygon (one region, no holes, no corner-only
// contact). rasterizeOutline of the result, either rule, gives back the mask exactly.
std::vector<Point2> traceOutline(const std::vector<std::uint8_t> &mask, int width, int height);

} // namespace sagitta::core
