#include "core/io/nifti.h"

#include "core/base/error.h"
#include "core/io/filesink.h"

#include <nifti1_io.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

namespace sagitta::core::io {

namespace {

struct NimDeleter {
    void operator()(nifti_image *nim) const { nifti_image_free(nim); }
};
using NimPtr = std::unique_ptr<nifti_image, NimDeleter>;

mat44 toMat44(const Affine &a)
{
    mat44 m;
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c)
            m.m[r][c] = float(a[std::size_t(r * 4 + c)]);
    return m;
}

} // namespace

Affine niftiAffine(const Geometry &g)
{
    Affine a{};
    const int ny = g.dims[1];
    for (int r = 0; r < 3; ++r) {
        const double flip = r < 2 ? -1.0 : 1.0; // LPS -> RAS
        for (int c = 0; c < 3; ++c)
            a[std::size_t(r * 4 + c)] = flip * g.direction[std::size_t(r * 3 + c)] * g.spacing[std::size_t(c)];
        // Rows reversed: index j' = ny - 1 - j, so column 1 flips and the origin moves to the last row.
        a[std::size_t(r * 4 + 3)] = flip * (g.origin[std::size_t(r)]
                                            + g.direction[std::size_t(r * 3 + 1)] * g.spacing[1] * double(ny - 1));
        a[std::size_t(r * 4 + 1)] = -a[std::size_t(r * 4 + 1)];
    }
    a[15] = 1.0;
    return a;
}

namespace {

// The header of writeNifti's layout (sform and qform from niftiAffine, scl_slope 1), with the
// voxels to follow at offset 352.
nifti_1_header niftiHeader(const Geometry &g, int datatype, int volumes, const std::string &path, const std::string &description)
{
    int dims[8] = {volumes > 1 ? 4 : 3, g.dims[0], g.dims[1], g.dims[2], volumes, 1, 1, 1};
    NimPtr nim(nifti_make_new_nim(dims, datatype, 0)); // the header only: voxels stream from the source
    if (!nim)
        throw Error(path + ": cannot create a NIfTI image");
    nim->pixdim[1] = nim->dx = float(g.spacing[0]);
    nim->pixdim[2] = nim->dy = float(g.spacing[1]);
    nim->pixdim[3] = nim->dz = float(g.spacing[2]);
    nim->xyz_units = NIFTI_UNITS_MM;
    nim->scl_slope = 1.0f;
    nim->scl_inter = 0.0f;
    const Affine a = niftiAffine(g);
    nim->sform_code = NIFTI_XFORM_SCANNER_ANAT;
    nim->sto_xyz = toMat44(a);
    nim->sto_ijk = nifti_mat44_inverse(nim->sto_xyz);
    nim->qform_code = NIFTI_XFORM_SCANNER_ANAT;
    nifti_mat44_to_quatern(nim->sto_xyz, &nim->quatern_b, &nim->quatern_c, &nim->quatern_d, &nim->qoffset_x,
                           &nim->qoffset_y, &nim->qoffset_z, nullptr, nullptr, nullptr, &nim->qfac);
    nim->qto_xyz = nifti_quatern_to_mat44(nim->quatern_b, nim->quatern_c, nim->quatern_d, nim->qoffset_x,
                                          nim->qoffset_y, nim->qoffset_z, nim->dx, nim->dy, nim->dz, nim->qfac);
    nim->qto_ijk = nifti_mat44_inverse(nim->qto_xyz);
    std::strncpy(nim->descrip, description.c_str(), sizeof(nim->descrip) - 1);
    nim->nifti_type = NIFTI_FTYPE_NIFTI1_1;
    nifti_1_header header = nifti_convert_nim2nhdr(nim.get());
    header.vox_offset = 352.0f; // header (348) + an empty extension flag (4)
    std::memcpy(header.magic, "n+1\0", 4);
    return header;
}

void checkNiftiName(const std::string &path)
{
    if (!endsWith(path, ".nii.gz") && !endsWith(path, ".nii"))
        throw Error(path + ": not a NIfTI file name (use .nii or .nii.gz)");
}

int niftiDatatype(ScalarType type)
{
    switch (type) {
    case ScalarType::Int16: return NIFTI_TYPE_INT16;
    case ScalarType::UInt16: return NIFTI_TYPE_UINT16;
    case ScalarType::Float32: return NIFTI_TYPE_FLOAT32;
    case ScalarType::Rgb24: return NIFTI_TYPE_RGB24; // interleaved, as dcm2niix writes
    case ScalarType::Int32: return NIFTI_TYPE_INT32;
    }
    return NIFTI_TYPE_INT16;
}

} // namespace

NiftiSliceWriter::NiftiSliceWriter(const Geometry &geometry, ScalarType type, const std::string &path,
                                   const std::string &description)
    : m_geometry(geometry), m_type(type), m_path(path)
{
    checkNiftiName(path);
    m_gzip = endsWith(path, ".nii.gz");
    const nifti_1_header header = niftiHeader(geometry, niftiDatatype(type), 1, path, description);
    m_out = std::make_unique<FileSink>(path, m_gzip);
    m_out->write(&header, sizeof header);
    const char noExtension[4] = {0, 0, 0, 0};
    m_out->write(noExtension, sizeof noExtension);
}

NiftiSliceWriter::~NiftiSliceWriter() = default;

void NiftiSliceWriter::write(const Volume &slices)
{
    const Geometry &g = m_geometry;
    if (slices.type() != m_type || slices.dim(0) != g.dims[0] || slices.dim(1) != g.dims[1]
        || m_slicesWritten + slices.dim(2) > g.dims[2])
        throw Error(m_path + ": slices that do not fit the image being written");
    const std::size_t voxel = scalarSize(m_type);
    const std::size_t rowBytes = std::size_t(g.dims[0]) * voxel;
    const auto *src = static_cast<const std::uint8_t *>(slices.raw());
    // Rows reversed (bottom-up, as dcm2niix stores them).
    if (m_gzip) {
        for (int k = 0; k < slices.dim(2); ++k) { // deflate takes a slice at a time
            m_slice.resize(rowBytes * std::size_t(g.dims[1]));
            for (int j = 0; j < g.dims[1]; ++j)
                std::memcpy(m_slice.data() + std::size_t(g.dims[1] - 1 - j) * rowBytes, src + slices.index(0, j, k) * voxel, rowBytes);
            m_out->write(m_slice.data(), m_slice.size());
        }
    } else { // each row from the slab straight to the file (writev), no copy
        m_rows.clear();
        for (int k = 0; k < slices.dim(2); ++k)
            for (int j = g.dims[1] - 1; j >= 0; --j)
                m_rows.emplace_back(src + slices.index(0, j, k) * voxel, rowBytes);
        m_out->writePieces(m_rows);
    }
    m_slicesWritten += slices.dim(2);
}

void NiftiSliceWriter::commit()
{
    if (m_slicesWritten != m_geometry.dims[2])
        throw Error(m_path + ": " + std::to_string(m_slicesWritten) + " of " + std::to_string(m_geometry.dims[2])
                    + " slices written; nothing was changed at that path");
    m_out->commit();
}

void writeNifti(const Volume &volume, const std::string &path, const std::string &description)
{
    NiftiSliceWriter out(volume.geometry(), volume.type(), path, description);
    out.write(volume);
    out.commit();
}

void writeNiftiGrid(const Geometry &g, int datatype, std::size_t voxelBytes, const RowSource &rowSource, const std::string &path,
                    const std::string &description)
{
    writeNiftiVolumes(
        g, datatype, voxelBytes, 1, [&](int, int j, int k, void *row) { rowSource(j, k, row); }, path, description);
}

void writeNiftiVolumes(const Geometry &g, int datatype, std::size_t voxelBytes, int volumes, const VolumeRowSource &rowSource,
                       const std::string &path, const std::string &description)
{
    checkNiftiName(path);
    const bool gzip = endsWith(path, ".nii.gz");
    volumes = std::max(volumes, 1);
    const nifti_1_header header = niftiHeader(g, datatype, volumes, path, description);

    FileSink out(path, gzip);
    out.write(&header, sizeof header);
    const char noExtension[4] = {0, 0, 0, 0};
    out.write(noExtension, sizeof noExtension);
    // Rows reversed (bottom-up, as dcm2niix stores them), one slice at a time through one buffer.
    const std::size_t rowBytes = std::size_t(g.dims[0]) * voxelBytes;
    std::vector<std::uint8_t> slice(rowBytes * std::size_t(g.dims[1]));
    for (int t = 0; t < volumes; ++t)
        for (int k = 0; k < g.dims[2]; ++k) {
            for (int j = 0; j < g.dims[1]; ++j)
                rowSource(t, j, k, slice.data() + std::size_t(g.dims[1] - 1 - j) * rowBytes);
            out.write(slice.data(), slice.size());
        }
    out.commit();
}

NiftiVolume readNifti(const std::string &path, bool allowVolumes)
{
    NimPtr nim(nifti_image_read(path.c_str(), 1));
    if (!nim || !nim->data)
        throw Error(path + ": cannot read NIfTI file");
    if (nim->ndim < 2 || nim->ndim > 4 || (nim->ndim == 4 && nim->nt > 1 && !allowVolumes))
        throw Error(path + ": not a 3D scalar NIfTI image");
    NiftiVolume out;
    out.dims = {int(nim->nx), int(nim->ny), std::max(1, int(nim->nz))};
    out.volumes = nim->ndim == 4 ? std::max(1, int(nim->nt)) : 1;
    out.datatype = nim->datatype;
    const mat44 &m = nim->sform_code > 0 ? nim->sto_xyz : nim->qto_xyz;
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c)
            out.affine[std::size_t(r * 4 + c)] = m.m[r][c];
    const std::size_t n = std::size_t(nim->nvox);
    out.values.resize(n);
    const double slope = nim->scl_slope != 0.0f ? nim->scl_slope : 1.0, inter = nim->scl_slope != 0.0f ? nim->scl_inter : 0.0;
    auto copy = [&](auto *p) {
        for (std::size_t i = 0; i < n; ++i)
            out.values[i] = double(p[i]) * slope + inter;
    };
    switch (nim->datatype) {
    case NIFTI_TYPE_UINT8: copy(static_cast<const std::uint8_t *>(nim->data)); break;
    case NIFTI_TYPE_INT8: copy(static_cast<const std::int8_t *>(nim->data)); break;
    case NIFTI_TYPE_INT16: copy(static_cast<const std::int16_t *>(nim->data)); break;
    case NIFTI_TYPE_UINT16: copy(static_cast<const std::uint16_t *>(nim->data)); break;
    case NIFTI_TYPE_INT32: copy(static_cast<const std::int32_t *>(nim->data)); break;
    case NIFTI_TYPE_UINT32: copy(static_cast<const std::uint32_t *>(nim->data)); break;
    case NIFTI_TYPE_FLOAT32: copy(static_cast<const float *>(nim->data)); break;
    case NIFTI_TYPE_FLOAT64: copy(static_cast<const double *>(nim->data)); break;
    case NIFTI_TYPE_RGB24: {
        const auto *p = static_cast<const std::uint8_t *>(nim->data);
        for (std::size_t i = 0; i < n; ++i)
            out.values[i] = double((std::uint32_t(p[3 * i]) << 16) | (std::uint32_t(p[3 * i + 1]) << 8) | p[3 * i + 2]);
        break;
    }
    default: throw Error(path + ": unsupported NIfTI data type " + std::to_string(nim->datatype));
    }
    return out;
}

} // namespace sagitta::core::io
