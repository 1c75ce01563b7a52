#pragma once
// Measurements on a slice plane: ruler length and ROI statistics in the volume's units (HU for
// CT). Points are continuous in-plane voxel coordinates (u, v) of a SlicePlane.
#include "core/image/slice.h"

#include <cstddef>

namespace sagitta::core {

enum class RoiShape { Rectangle, Ellipse };

struct RoiStats {
    std::size_t voxels = 0;
    double areaMm2 = 0, mean = 0, sd = 0, min = 0, max = 0;
};

// Physical distance in mm between two in-plane points (anisotropic spacing respected).
double rulerLengthMm(const Geometry &geometry, const SlicePlane &plane, double u0, double v0, double u1, double v1);

// Statistics of the voxels whose centres lie inside the shape bounded by (u0, v0)-(u1, v1).
RoiStats roiStatistics(const Volume &volume, const SlicePlane &plane, RoiShape shape, double u0, double v0, double u1,
                       double v1);

} // namespace sagitta::core
