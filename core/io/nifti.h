#pragma once
// NIfTI-1 export and import through niftilib (.nii or .nii.gz, chosen by the file name).
// Export follows dcm2niix's layout so that files compare directly: RAS+ affine in both sform
// and qform (code 1, scanner), image rows stored bottom-up (DICOM rows reversed), slices in
// the volume's order, real values with scl_slope 1 and scl_inter 0.
#include "core/image/volume.h"

#include <array>
#include <string>

namespace sagitta::core::io {

using Affine = std::array<double, 16>; // row-major 4x4, voxel index -> RAS mm

// Affine (RAS) of a volume stored with its rows reversed, as written by writeNifti.
Affine niftiAffine(const Geometry &geometry);

// Written to a temporary file beside path, every write checked, then renamed into place: a
// failure (a full disk) throws core::Error naming the file and leaves what was at path.
// Thread: any.
void writeNifti(const Volume &volume, const std::string &path, const std::string &description = {});

struct NiftiVolume {
    std::array<int, 3> dims{0, 0, 0};
    Affine affine{};                 // sform if set, else qform, else scaled identity
    std::vector<double> values;      // scl_slope/scl_inter applied; i fastest; RGB24 as 0xRRGGBB
    int datatype = 0;                // NIFTI_TYPE_*
    double at(int i, int j, int k) const
    {
        return values[(std::size_t(k) * std::size_t(dims[1]) + std::size_t(j)) * std::size_t(dims[0]) + std::size_t(i)];
    }
};

// Reads a scalar 3D NIfTI file (tests and import of labels to come).
NiftiVolume readNifti(const std::string &path);

} // namespace sagitta::core::io
