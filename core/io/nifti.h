#pragma once
// NIfTI-1 export and import through niftilib (.nii or .nii.gz, chosen by the file name).
// Export follows dcm2niix's layout so that files compare directly: RAS+ affine in both sform
// and qform (code 1, scanner), image rows stored bottom-up (DICOM rows reversed), slices in
// the volume's order, real values with scl_slope 1 and scl_inter 0.
#include "core/image/volume.h"

#include <array>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace sagitta::core::io {

using Affine = std::array<double, 16>; // row-major 4x4, voxel index -> RAS mm

// Affine (RAS) of a volume stored with its rows reversed, as written by writeNifti.
Affine niftiAffine(const Geometry &geometry);

// Written to a temporary file beside path, every write checked, then renamed into place: a
// failure (a full disk) throws core::Error naming the file and leaves what was at path.
// Thread: any.
void writeNifti(const Volume &volume, const std::string &path, const std::string &description = {});

class FileSink;

// writeNifti's file written a few slices at a time, for a volume that never exists whole
// (sagitta convert streams a series slab by slab): the header first, then the slices of each
// write() in order. commit() makes it the file at path (atomic as writeNifti); without it, or
// when a write fails, nothing at path changes. Thread: one writer per object.
class NiftiSliceWriter {
public:
    NiftiSliceWriter(const Geometry &geometry, ScalarType type, const std::string &path, const std::string &description = {});
    ~NiftiSliceWriter();
    NiftiSliceWriter(const NiftiSliceWriter &) = delete;
    NiftiSliceWriter &operator=(const NiftiSliceWriter &) = delete;

    // The next slices: a volume with the grid's columns and rows and the writer's type.
    void write(const Volume &slices);
    // Throws core::Error (naming the file) unless every slice of the grid was written.
    void commit();

private:
    std::unique_ptr<FileSink> m_out;
    Geometry m_geometry;
    ScalarType m_type;
    std::string m_path;
    bool m_gzip = false;
    int m_slicesWritten = 0;
    std::vector<std::uint8_t> m_slice; // gzip: one slice, rows reversed, for deflate
    std::vector<std::pair<const void *, std::size_t>> m_rows; // the rows of one write, bottom-up, for writev
};

// Writes an image on geometry's grid with writeNifti's header and layout (same affine, rows
// reversed) in the NIfTI data type datatype (NIFTI_TYPE_*, voxelBytes each). rowSource(j, k,
// row) fills row j of slice k (dims[0] voxels, i fastest, in the volume's own row order).
// Atomic as writeNifti. Thread: any (rowSource is called on the caller's thread).
using RowSource = std::function<void(int j, int k, void *row)>;
void writeNiftiGrid(const Geometry &geometry, int datatype, std::size_t voxelBytes, const RowSource &rowSource,
                    const std::string &path, const std::string &description = {});
// The same with `volumes` 3D volumes on the grid, one after the other along the 4th dimension
// (dim[0] = 4 when volumes > 1); rowSource(t, j, k, row) fills row j of slice k of volume t.
using VolumeRowSource = std::function<void(int t, int j, int k, void *row)>;
void writeNiftiVolumes(const Geometry &geometry, int datatype, std::size_t voxelBytes, int volumes,
                       const VolumeRowSource &rowSource, const std::string &path, const std::string &description = {});

struct NiftiVolume {
    std::array<int, 3> dims{0, 0, 0};
    Affine affine{};                 // sform if set, else qform, else scaled identity
    std::vector<double> values;      // scl_slope/scl_inter applied; i fastest; RGB24 as 0xRRGGBB
    int datatype = 0;                // NIFTI_TYPE_*
    int volumes = 1;                 // along the 4th dimension (values holds them one after the other)
    double at(int i, int j, int k, int t = 0) const
    {
        return values[((std::size_t(t) * std::size_t(dims[2]) + std::size_t(k)) * std::size_t(dims[1]) + std::size_t(j))
                          * std::size_t(dims[0])
                      + std::size_t(i)];
    }
};

// Reads a scalar 3D NIfTI file (tests and label import); with allowVolumes also a 4D one (its
// volumes one after the other). Throws core::Error naming the file.
NiftiVolume readNifti(const std::string &path, bool allowVolumes = false);

} // namespace sagitta::core::io
