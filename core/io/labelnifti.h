#pragma once
// Label maps as NIfTI-1 files for other tools (ITK-SNAP, 3D Slicer, nnU-Net): UINT8, one value
// per segment (its label value), on the image's grid with exactly the header, affine and row
// order writeNifti gives the image (the `sagitta convert` file), so that image and labels
// overlay in any NIfTI viewer. Names and colours go beside it, in STEM.json
// ([{"label": N, "name": "...", "color": "#rrggbb"}]) and in an ITK-SNAP label description file
// STEM.label.txt, where STEM is the path without .nii or .nii.gz.
// Overlapping segments (a label map of more than one layer, labelmap.h) cannot share one 3D
// volume: such a map is written as a 4D NIfTI with one volume per layer (dim[4] = layers), and
// every entry of STEM.json names its volume ("layer": 0-based); a one-layer map stays 3D with
// the sidecar as before. Reading takes volume t as layer t.
#include "core/image/volume.h"
#include "core/io/nifti.h"
#include "core/labels/labelmap.h"
#include "core/labels/segment.h"

#include <string>
#include <vector>

namespace sagitta::core::io {

// The path without .nii or .nii.gz: the sidecars are STEM.json and STEM.label.txt.
std::string labelSidecarStem(const std::string &niftiPath);

// Writes the label volume and both sidecars, each through a core::AtomicFile (a failure leaves
// what was at each path). labels must have geometry's dims; segments' label values 1..255.
// Throws core::Error naming the file. Thread: any.
void writeLabelNifti(const LabelMap &labels, const Geometry &geometry, const std::vector<Segment> &segments,
                     const std::string &path);

struct LabelFile {
    LabelMap labels;               // on the series' grid (dims of the geometry given)
    std::vector<Segment> segments; // by label value; id and seriesId 0
};

// Reads a label NIfTI for a series on geometry's grid. The file must hold the same grid: the
// same voxel centres, within a tenth of a voxel at every corner of the grid, stored in any axis
// order and direction (Sagitta's own files store rows bottom-up as niftiAffine says; an MNI
// atlas stores them in RAS order); otherwise core::Error names the file and what differs.
// Values must be whole numbers in 0..255 (an atlas with larger values is refused with how many
// labels it has). Segments come from STEM.json, else STEM.label.txt (ITK-SNAP), else
// STEM.nii.txt (MRIcron's atlas names: "INDEX NAME" lines), else "Label N" with the default
// colours; a value present in the voxels but not described gets "Label N" too. Thread: any.
LabelFile readLabelNifti(const std::string &path, const Geometry &geometry);

} // namespace sagitta::core::io
