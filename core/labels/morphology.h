#pragma once
// Morphology of one segment: smoothing (median, opening, closing) and margin (grow / shrink),
// plus the building blocks the other label effects share: voxel boxes, reading label rows
// chunk by chunk, writing a binary mask back through a LabelEdit, and the exact Euclidean
// distance transform with anisotropic spacing.
//
// Units: radii and margins in millimetres; spacing in mm per voxel along i, j, k; voxel index
// order (i, j, k) with i fastest. A kernel of radius r mm is the ellipsoid in voxels
// {(di, dj, dk) : (di*si)^2 + (dj*sj)^2 + (dk*sk)^2 <= r^2} (kRelTolerance relative slack on
// r^2, so that offsets exactly at r are in whatever rounding the arithmetic takes).
// Voxels outside the volume do not exist for these operations: they are neither inside nor
// background, so a segment touching the volume's edge is not eroded from the edge.
//
// Every function that changes the map writes through the LabelEdit (editing mask, overwrite
// rule and locked segments apply) and works in slabs of 32 slices along k, so scratch memory
// is bounded by one slab of the segment's bounding box (not the volume). Call from one thread;
// parallel passes run inside on TBB.
#include "core/image/volume.h"
#include "core/labels/labeledit.h"

#include <array>
#include <cstdint>
#include <vector>

namespace sagitta::core {

constexpr double kRelTolerance = 1e-6;

// The voxels lo <= (i, j, k) < hi.
struct MaskBox {
    std::array<int, 3> lo{0, 0, 0};
    std::array<int, 3> hi{0, 0, 0};

    bool empty() const { return hi[0] <= lo[0] || hi[1] <= lo[1] || hi[2] <= lo[2]; }
    int size(int axis) const { return hi[axis] - lo[axis]; }
    std::array<int, 3> dims() const { return {size(0), size(1), size(2)}; }
    std::size_t count() const { return empty() ? 0 : std::size_t(size(0)) * std::size_t(size(1)) * std::size_t(size(2)); }
    // Linear index of a voxel (volume coordinates) in a buffer over the box, i fastest.
    std::size_t index(int i, int j, int k) const
    {
        return (std::size_t(k - lo[2]) * std::size_t(size(1)) + std::size_t(j - lo[1])) * std::size_t(size(0))
               + std::size_t(i - lo[0]);
    }
    // The box grown by pad voxels per axis and clipped to [0, dims).
    MaskBox padded(const std::array<int, 3> &pad, const std::array<int, 3> &dims) const;
};

// Union of the chunks that hold label (chunk-aligned, clipped to the map): an empty box when
// the label is absent. Scans only allocated chunks.
MaskBox labelChunkBounds(const LabelMap &map, std::uint8_t label);
// Per chunk of the grid: whether it holds label (on label's layer).
std::vector<char> chunksHolding(const LabelMap &map, std::uint8_t label);

// Copies the labels of row (j, k) of a layer, voxels i0 <= i < i1, into out (chunk by chunk).
void readLabelRow(const LabelMap &map, int j, int k, int i0, int i1, std::uint8_t *out, int layer = 0);
// 1 where the map holds label (on its layer), 0 elsewhere, over box (i fastest).
std::vector<std::uint8_t> labelMask(const LabelMap &map, std::uint8_t label, const MaskBox &box);

// Makes label cover exactly the voxels of box where mask (over box) is non-zero, as far as the
// edit's mask allows: writes label where mask is set and the map does not hold it, erases label
// where mask is clear and the map holds it. Voxels outside box are not touched. Returns the
// number of voxels changed.
std::size_t writeLabelMask(LabelEdit &edit, std::uint8_t label, const MaskBox &box,
                           const std::vector<std::uint8_t> &mask);

// Squared Euclidean distance in mm^2 from every voxel of a dims-sized grid (i fastest) to the
// nearest voxel where mask == featureValue; a huge value (>= 1e30) when the grid has no such
// voxel. Exact (Felzenszwalb-Huttenlocher separable lower envelopes, one pass per axis in
// parallel lines). A grid with dims[2] == 1 gives the 2D transform of a plane. With a limit,
// distances above it come out as the huge value (exact at and below it; lines already final,
// all far or all zero, are skipped): what a threshold at a radius needs, far faster on sparse
// segments.
std::vector<float> squaredDistanceMm(const std::vector<std::uint8_t> &mask, const std::array<int, 3> &dims,
                                     const Vec3 &spacing, std::uint8_t featureValue, double limitMm2 = 1e300);

// In-place binary operations on a mask grid (values 0/1) with a kernel of radius mm:
// dilation {p : distance(p, set) <= r}; erosion {p in set : distance(p, background) > r};
// majority (binary median): p is in where more than half of the kernel's voxels inside the
// grid are in, out where fewer than half are, unchanged on a tie.
void dilateMask(std::vector<std::uint8_t> &mask, const std::array<int, 3> &dims, const Vec3 &spacing, double radiusMm);
void erodeMask(std::vector<std::uint8_t> &mask, const std::array<int, 3> &dims, const Vec3 &spacing, double radiusMm);
void medianMask(std::vector<std::uint8_t> &mask, const std::array<int, 3> &dims, const Vec3 &spacing, double radiusMm);

enum class SmoothingMethod {
    Median,  // majority vote in the kernel: removes specks, fills pinholes
    Opening, // erosion then dilation: removes parts thinner than the kernel
    Closing, // dilation then erosion: fills gaps and holes narrower than the kernel
};

// Smooths label with a kernel of radiusMm (the ellipsoid above). Returns voxels changed.
std::size_t smoothLabel(LabelEdit &edit, std::uint8_t label, const Vec3 &spacing, SmoothingMethod method,
                        double radiusMm);

// Margin: marginMm > 0 grows label to every voxel within marginMm of it; marginMm < 0 shrinks
// it to the voxels farther than |marginMm| from its background. Exact Euclidean distances with
// the anisotropic spacing (not repeated one-voxel steps). Returns voxels changed.
std::size_t marginLabel(LabelEdit &edit, std::uint8_t label, const Vec3 &spacing, double marginMm);

} // namespace sagitta::core
