#pragma once
// Axis-aligned reslicing and display mapping: volume (+ labels) -> 8-bit grey and label
// buffers of one slice, ready for a view to colour and paint.
#include "core/image/volume.h"
#include "core/image/windowlevel.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sagitta::core {

// Which voxel axis is held fixed: Axial fixes k, Coronal j, Sagittal i.
enum class SliceAxis { Axial = 2, Coronal = 1, Sagittal = 0 };

struct SlicePlane {
    SliceAxis axis = SliceAxis::Axial;
    int index = 0;
};

// In-plane voxel axes (u runs left to right, v top to bottom) for a slice axis.
void planeAxes(SliceAxis axis, int &uAxis, int &vAxis);
int sliceCount(const Geometry &g, SliceAxis axis);
// Voxel index of in-plane position (u, v) on the given plane.
std::array<int, 3> planeToVoxel(const SlicePlane &plane, int u, int v);

// Width and height of the plane in voxels.
void planeSize(const Geometry &g, SliceAxis axis, int &width, int &height);

enum class Anatomy { Axial, Coronal, Sagittal };

// The voxel axis to hold fixed to show an anatomical plane (the one most aligned with the
// plane's normal), and whether the in-plane axes must be mirrored so that the patient's left
// is on screen right and superior (axial: posterior) is down the screen, as radiologists read.
struct PlaneLayout {
    SliceAxis axis = SliceAxis::Axial;
    bool flipU = false, flipV = false;
};
PlaneLayout anatomicalPlane(const Geometry &geometry, Anatomy anatomy);

// Patient direction letter(s) of a unit LPS vector, strongest component first, e.g. "L",
// "PS" for an oblique one (components under 0.3 are left out, as PACS viewers do).
std::string orientationLabel(const Vec3 &direction);

// The voxels of one plane as a contiguous width x height x 1 volume of the volume's type, kept
// per thread until the plane or the voxels change (window drags re-map it without gathering a
// strided plane again). Valid until the next call on this thread.
const Volume &planeValues(const Volume &volume, const SlicePlane &plane);

// The window a volume opens with: CT soft tissue for HU, identity for colour (centre 127.5,
// width 256), the value range otherwise.
WindowLevel defaultWindow(const Volume &volume);

// Writes width*height grey values (row-major, v rows) of the windowed slice into out.
// For Int16 volumes a 64 Ki lookup table makes this a single table read per voxel. Colour
// volumes give their windowed luminance.
void windowSlice(const Volume &volume, const SlicePlane &plane, const WindowLevel &wl,
                 std::vector<std::uint8_t> &out);

} // namespace sagitta::core
