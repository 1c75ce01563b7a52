#include "core/labels/brush.h"

#include <algorithm>
#include <cmath>

namespace sagitta::core {

BrushStroke::BrushStroke(LabelMap &map, const Geometry &geometry, const SlicePlane &plane, const BrushSettings &settings,
                         const Volume *volume, const EditMask &mask)
    : m_edit(map, volume, mask), m_plane(plane), m_settings(settings)
{
    planeAxes(plane.axis, m_uAxis, m_vAxis);
    m_su = geometry.spacing[m_uAxis];
    m_sv = geometry.spacing[m_vAxis];
    m_sw = geometry.spacing[int(plane.axis)];
    m_radius = std::max(m_settings.radiusIn(m_su), 0.0);
}

void BrushStroke::addPoint(double u, double v)
{
    if (!m_last) {
        stamp(u, v);
    } else {
        const double du = u - (*m_last)[0], dv = v - (*m_last)[1];
        const double distMm = std::hypot(du * m_su, dv * m_sv);
        // Step at most half a radius (and half a voxel) so the painted band has no gaps.
        const double step = std::max(std::min(m_radius * 0.5, std::min(m_su, m_sv) * 0.5), 1e-3);
        const int steps = std::max(1, int(std::ceil(distMm / step)));
        for (int s = 1; s <= steps; ++s) {
            const double t = double(s) / steps;
            stamp((*m_last)[0] + du * t, (*m_last)[1] + dv * t);
        }
    }
    m_last = std::array<double, 2>{u, v};
}

void BrushStroke::stamp(double cu, double cv)
{
    const double r = m_radius;
    const int u0 = int(std::floor(cu - r / m_su)), u1 = int(std::ceil(cu + r / m_su));
    const int v0 = int(std::floor(cv - r / m_sv)), v1 = int(std::ceil(cv + r / m_sv));
    // The sphere reaches whole slices either side of the plane; the disk stays on it.
    const int reach = m_settings.shape == BrushShape::Sphere ? int(std::floor(r / m_sw)) : 0;
    const std::uint8_t value = m_settings.mode == BrushMode::Paint ? m_settings.label : 0;
    SlicePlane layer = m_plane;
    for (int dw = -reach; dw <= reach; ++dw) {
        layer.index = m_plane.index + dw;
        const double ww = double(dw) * m_sw;
        const double r2 = r * r - ww * ww;
        if (r2 < 0)
            continue;
        for (int v = v0; v <= v1; ++v)
            for (int u = u0; u <= u1; ++u) {
                const double du = (u - cu) * m_su, dv = (v - cv) * m_sv;
                if (du * du + dv * dv > r2)
                    continue;
                const auto ijk = planeToVoxel(layer, u, v);
                write(ijk[0], ijk[1], ijk[2], value);
            }
    }
    // A brush smaller than a voxel still paints the voxel under the pointer.
    const auto centre = planeToVoxel(m_plane, int(std::lround(cu)), int(std::lround(cv)));
    write(centre[0], centre[1], centre[2], value);
}

void BrushStroke::write(int i, int j, int k, std::uint8_t value)
{
    if (m_settings.mode == BrushMode::Erase)
        m_edit.erase(i, j, k, m_settings.label);
    else
        m_edit.write(i, j, k, value);
}

LabelDelta BrushStroke::finish()
{
    m_last.reset();
    return m_edit.finish();
}

} // namespace sagitta::core
