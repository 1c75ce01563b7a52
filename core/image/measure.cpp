#include "core/image/measure.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sagitta::core {

double rulerLengthMm(const Geometry &g, const SlicePlane &plane, double u0, double v0, double u1, double v1)
{
    int ua = 0, va = 1;
    planeAxes(plane.axis, ua, va);
    const double du = (u1 - u0) * g.spacing[std::size_t(ua)], dv = (v1 - v0) * g.spacing[std::size_t(va)];
    return std::sqrt(du * du + dv * dv);
}

RoiStats roiStatistics(const Volume &volume, const SlicePlane &plane, RoiShape shape, double u0, double v0, double u1,
                       double v1)
{
    const Geometry &g = volume.geometry();
    int ua = 0, va = 1, w = 0, h = 0;
    planeAxes(plane.axis, ua, va);
    planeSize(g, plane.axis, w, h);
    const double cu = (u0 + u1) / 2, cv = (v0 + v1) / 2;
    const double ru = std::abs(u1 - u0) / 2, rv = std::abs(v1 - v0) / 2;
    RoiStats s;
    double sum = 0, sum2 = 0;
    s.min = std::numeric_limits<double>::max();
    s.max = std::numeric_limits<double>::lowest();
    const int ub = std::max(0, int(std::ceil(cu - ru))), ue = std::min(w - 1, int(std::floor(cu + ru)));
    const int vb = std::max(0, int(std::ceil(cv - rv))), ve = std::min(h - 1, int(std::floor(cv + rv)));
    for (int v = vb; v <= ve; ++v)
        for (int u = ub; u <= ue; ++u) {
            if (shape == RoiShape::Ellipse) {
                const double x = ru > 0 ? (u - cu) / ru : 0, y = rv > 0 ? (v - cv) / rv : 0;
                if (x * x + y * y > 1.0)
                    continue;
            }
            const auto ijk = planeToVoxel(plane, u, v);
            const double value = volume.value(ijk[0], ijk[1], ijk[2]);
            sum += value;
            sum2 += value * value;
            s.min = std::min(s.min, value);
            s.max = std::max(s.max, value);
            ++s.voxels;
        }
    if (s.voxels == 0)
        return RoiStats{};
    s.mean = sum / double(s.voxels);
    s.sd = s.voxels > 1 ? std::sqrt(std::max(0.0, (sum2 - sum * sum / double(s.voxels)) / double(s.voxels - 1))) : 0.0;
    s.areaMm2 = double(s.voxels) * g.spacing[std::size_t(ua)] * g.spacing[std::size_t(va)];
    return s;
}

} // namespace sagitta::core
