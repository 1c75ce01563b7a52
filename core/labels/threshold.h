#pragma once
// Intensity effects: threshold (whole volume or a region), its live one-slice preview, range
// presets, grow from seeds (connected threshold, 3D) and level trace (2D, one plane).
//
// Every effect writes through the caller's LabelEdit, so the editing mask (area, intensity
// range, overwrite rule, locked segments) decides each voxel; the caller calls finish() and
// hands the delta to LabelEditor::apply. Ranges are in the volume's units (HU for CT), both
// ends inclusive. Voxel indices are (i, j, k), i fastest; the volume and the label map must
// have the same dims (effects do nothing otherwise). Call from one thread per LabelEdit; the
// effects themselves may use TBB worker threads for their read-only scans.
#include "core/image/slice.h"
#include "core/image/volume.h"
#include "core/image/windowlevel.h"
#include "core/labels/labeledit.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace sagitta::core {

struct ValueRange {
    double low = 0.0, high = 0.0; // inclusive
    bool contains(double v) const { return v >= low && v <= high; }
};

using Index3 = std::array<int, 3>;

// An inclusive box of voxel indices; empty when max < min on any axis.
struct VoxelBox {
    Index3 min{0, 0, 0};
    Index3 max{-1, -1, -1};

    bool empty() const { return max[0] < min[0] || max[1] < min[1] || max[2] < min[2]; }
    bool contains(int i, int j, int k) const
    {
        return i >= min[0] && i <= max[0] && j >= min[1] && j <= max[1] && k >= min[2] && k <= max[2];
    }
    // The box cut to [0, dims - 1].
    VoxelBox clipped(const Index3 &dims) const;

    static VoxelBox whole(const Index3 &dims) { return {{0, 0, 0}, {dims[0] - 1, dims[1] - 1, dims[2] - 1}}; }
    // Slices first..last (inclusive, any order) along the axis a SliceAxis holds fixed.
    static VoxelBox slices(const Index3 &dims, SliceAxis axis, int first, int last);
};

// The bulk path of region effects: for every row (j, k) of box (cut to the map), fill sets
// row[i] = 1 for the voxels i in [iMin, iMax] to change (row is zeroed before; other bytes are
// not read) and returns whether it set any. fill runs in parallel (TBB) over the rows of one
// layer of 32 slices along k, so it must only read; the selected voxels of that layer are
// then written (or erased: cleared where they hold label, 0 = any) through the edit in bulk
// (LabelEdit::writeChunks). Memory: one layer of chunk masks, 32 KiB per chunk of the box's
// cross-section (8 MiB for 512 x 512). Returns voxels changed.
using RowSelect = std::function<bool(int j, int k, int iMin, int iMax, std::uint8_t *row)>;
std::size_t writeRowSelections(LabelEdit &edit, const VoxelBox &box, const RowSelect &fill, bool erase,
                               std::uint8_t label);

// Sets label on every voxel of region (whole volume when omitted) whose value lies in range
// and that the edit's mask lets change. Voxels out of range are left as they are. The scan
// runs in parallel (TBB) on 32 slices at a time, rows with nothing in range cost one read;
// the writes go through the edit in bulk (writeRowSelections). Returns the voxels changed.
std::size_t threshold(LabelEdit &edit, const Volume &volume, std::uint8_t label, const ValueRange &range);
std::size_t threshold(LabelEdit &edit, const Volume &volume, std::uint8_t label, const ValueRange &range,
                      const VoxelBox &region);

// The in-range mask of one plane for a live preview while the range is dragged: width x height
// bytes (planeSize; row-major, v rows, u fastest), 255 where the value lies in range, else 0.
// Reads nothing but the volume (no mask, no labels); all 0 for a plane outside the volume.
void thresholdPreview(const Volume &volume, const SlicePlane &plane, const ValueRange &range,
                      std::vector<std::uint8_t> &out);

// Range presets: the window's span [center - width/2, center + width/2]; and the span of the
// values in the (2 radius + 1)^3 cube around each seed (radius in voxels, cut to the volume),
// widened by tolerance on both sides ({0, -1}, an empty range, when no seed is inside).
ValueRange rangeFromWindow(const WindowLevel &window);
ValueRange rangeAroundSeeds(const Volume &volume, const std::vector<Index3> &seeds, int radius = 0,
                            double tolerance = 0.0);

// Grow from seeds (connected threshold): sets label on every voxel 6-connected to a seed
// through voxels whose value lies in range and that the edit's mask lets become label (voxels
// already holding label count as such). Seeds outside the volume, out of range or not editable
// start nothing. An explicit stack and a visited bitmap allocated per 32^3 chunk reached
// (4 KiB each) keep memory bounded by the region, with no recursion; the region is then
// written in bulk, up to 256 chunk masks (8 MiB) at a time. Returns voxels changed.
std::size_t growFromSeeds(LabelEdit &edit, const Volume &volume, std::uint8_t label,
                          const std::vector<Index3> &seeds, const ValueRange &range);

// Level trace on one plane: the 4-connected region of voxels whose value lies within
// tolerance of the value at (u, v), with its outline.
struct LevelTrace {
    int width = 0, height = 0;         // the plane's size (planeSize)
    std::vector<std::uint8_t> mask;    // width x height, 1 inside the region (u fastest)
    std::size_t count = 0;             // voxels in the region
    ValueRange range;                  // the range used
    // The region's boundary along voxel edges, as in-plane (u, v) corners (voxel centres at
    // integers, so corners at half-integers), without repeated collinear points, clockwise on
    // screen (v down). Empty unless the boundary is one simple polygon (no holes, no two parts
    // touching only at a corner). Filling it with fillOutline gives back exactly the region.
    std::vector<std::array<double, 2>> outline;
};
LevelTrace levelTrace(const Volume &volume, const SlicePlane &plane, int u, int v, double tolerance);
// Sets label on the trace's voxels (through the mask); returns voxels changed.
std::size_t applyLevelTrace(LabelEdit &edit, const SlicePlane &plane, const LevelTrace &trace, std::uint8_t label);

} // namespace sagitta::core
