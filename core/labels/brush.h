#pragma once
// Round brush on one slice plane, or a sphere brush centred on it. A stroke stamps disks (or
// spheres) along the pointer path through a LabelEdit, so finishing it yields the exact
// LabelDelta of the edit. "Threshold paint" is the edit mask's intensity range: the brush
// then changes only voxels whose image value lies in that range.
#include "core/image/slice.h"
#include "core/labels/labeledit.h"
#include "core/labels/labelmap.h"

#include <optional>

namespace sagitta::core {

enum class BrushMode { Paint, Erase };
// Disk: the voxels of the slice plane within the radius (an ellipse in voxels when the
// in-plane spacing differs). Sphere: the voxels of the volume within the radius of the centre
// on the plane (an ellipsoid in voxels from the spacing of all three axes).
enum class BrushShape { Disk, Sphere };

struct BrushSettings {
    double radiusMm = 3.0;     // disk radius in the slice plane, millimetres
    BrushMode mode = BrushMode::Paint;
    std::uint8_t label = 1;    // Paint: value written. Erase: value cleared (0 = any label)
    BrushShape shape = BrushShape::Disk;
    // > 0: the radius in pixels of the slice along its u axis instead of radiusMm (the brush
    // stays round in mm: radius = radiusPixels * u spacing).
    double radiusPixels = 0.0;

    // The radius in mm for a plane whose u axis has this spacing (mm).
    double radiusIn(double uSpacingMm) const { return radiusPixels > 0 ? radiusPixels * uSpacingMm : radiusMm; }
};

class BrushStroke {
public:
    // map (and volume) must outlive the stroke; geometry gives the in-plane spacing. Every
    // voxel goes through a LabelEdit with the mask (volume: for its intensity range).
    BrushStroke(LabelMap &map, const Geometry &geometry, const SlicePlane &plane, const BrushSettings &settings,
                const Volume *volume = nullptr, const EditMask &mask = {});

    // Adds a point in continuous in-plane voxel coordinates (voxel centres at integers) and
    // paints from the previous point to it.
    void addPoint(double u, double v);
    // Ends the stroke: the delta holds only chunks whose content changed.
    LabelDelta finish();

private:
    void stamp(double u, double v);
    void write(int i, int j, int k, std::uint8_t value);

    LabelEdit m_edit;
    SlicePlane m_plane;
    BrushSettings m_settings;
    double m_su = 1.0, m_sv = 1.0, m_sw = 1.0; // in-plane and normal spacing (mm)
    double m_radius = 0.0;                     // mm
    int m_uAxis = 0, m_vAxis = 1;
    std::optional<std::array<double, 2>> m_last;
};

} // namespace sagitta::core
