#pragma once
// Round brush on one slice plane. A stroke stamps disks along the pointer path and records
// the chunks it touched, so finishing it yields the exact LabelDelta of the edit.
#include "core/image/slice.h"
#include "core/labels/labeledit.h"
#include "core/labels/labelmap.h"

#include <optional>

namespace sagitta::core {

enum class BrushMode { Paint, Erase };

struct BrushSettings {
    double radiusMm = 3.0;     // disk radius in the slice plane, millimetres
    BrushMode mode = BrushMode::Paint;
    std::uint8_t label = 1;    // Paint: value written. Erase: value cleared (0 = any label)
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
    double m_su = 1.0, m_sv = 1.0; // in-plane spacing (mm)
    int m_uAxis = 0, m_vAxis = 1;
    std::optional<std::array<double, 2>> m_last;
};

} // namespace sagitta::core
