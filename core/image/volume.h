#pragma once
// A 3D scalar image with its place in the patient: voxels plus geometry.
//
// Coordinate frames: voxel index (i, j, k) with i fastest in memory (i along an image row,
// j down the columns, k across slices); patient frame is DICOM LPS in millimetres.
//   physical = origin + direction * diag(spacing) * (i, j, k)
// direction is a row-major 3x3 matrix whose columns are the unit vectors of the i, j and k
// axes in LPS (for DICOM: row cosines, column cosines, slice normal in the order of slices).
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sagitta::core {

using Vec3 = std::array<double, 3>;

struct Geometry {
    std::array<int, 3> dims{0, 0, 0};
    Vec3 spacing{1.0, 1.0, 1.0};
    Vec3 origin{0.0, 0.0, 0.0};
    std::array<double, 9> direction{1, 0, 0, 0, 1, 0, 0, 0, 1};

    std::size_t voxelCount() const
    {
        return std::size_t(dims[0]) * std::size_t(dims[1]) * std::size_t(dims[2]);
    }
    Vec3 axis(int c) const { return {direction[c], direction[3 + c], direction[6 + c]}; }
    Vec3 indexToPhysical(const Vec3 &index) const;
    Vec3 physicalToIndex(const Vec3 &point) const; // assumes an orthonormal direction
    bool contains(int i, int j, int k) const
    {
        return i >= 0 && j >= 0 && k >= 0 && i < dims[0] && j < dims[1] && k < dims[2];
    }
};

// Real values (rescale already applied) in the narrowest exact type: Int16 covers CT in HU
// and most MR; Int32 integers beyond 16 bits (32-bit stored pixels); Float32 anything else.
// Rgb24 holds colour images (RGB, YBR and palette colour
// converted to interleaved 8-bit R, G, B); their scalar value is the luminance.
enum class ScalarType { Int16, UInt16, Float32, Rgb24, Int32 };

const char *scalarTypeName(ScalarType type);
inline double luminance(std::uint8_t r, std::uint8_t g, std::uint8_t b) { return 0.299 * r + 0.587 * g + 0.114 * b; }
std::size_t scalarSize(ScalarType type);

// Memory for voxels. Large blocks (4 MiB and more) are mapped from the system 2 MiB-aligned and
// marked for transparent huge pages (MADV_HUGEPAGE): touching 250 MB of fresh 4 KiB pages costs
// about a second on a virtual machine, in 2 MiB pages a few milliseconds. Fresh mappings read as
// zeros, so nothing is filled twice; smaller blocks come from new[].
struct VoxelBufferDeleter {
    std::size_t mappedBytes = 0; // 0: allocated with new[]
    void operator()(std::uint8_t *p) const;
};
using VoxelBuffer = std::unique_ptr<std::uint8_t[], VoxelBufferDeleter>;
// Throws std::bad_alloc when the memory is not there. zeroed: the bytes read as 0.
VoxelBuffer allocateVoxels(std::size_t bytes, bool zeroed);

class Volume {
public:
    Volume() = default;
    // zeroed = false leaves the voxels uninitialised, for loaders that write every voxel (saves
    // a pass over memory on large series).
    Volume(const Geometry &geometry, ScalarType type, bool zeroed = true);
    Volume(const Volume &other);
    Volume &operator=(const Volume &other);
    Volume(Volume &&) noexcept = default;
    Volume &operator=(Volume &&) noexcept = default;

    const Geometry &geometry() const { return m_geometry; }
    Geometry &geometry() { return m_geometry; }
    ScalarType type() const { return m_type; }
    int dim(int axis) const { return m_geometry.dims[axis]; }

    std::size_t voxelCount() const { return m_geometry.voxelCount(); }
    std::size_t bytes() const { return m_bytes; }
    std::size_t index(int i, int j, int k) const
    {
        return (std::size_t(k) * std::size_t(m_geometry.dims[1]) + std::size_t(j))
                   * std::size_t(m_geometry.dims[0])
               + std::size_t(i);
    }

    // Write access gives the voxels a new revision (caches of slices key on it).
    template<typename T> T *data()
    {
        touch();
        return reinterpret_cast<T *>(m_data.get());
    }
    template<typename T> const T *data() const { return reinterpret_cast<const T *>(m_data.get()); }
    void *raw()
    {
        touch();
        return m_data.get();
    }
    const void *raw() const { return m_data.get(); }
    // Unique across all volumes and changed by every write access: identifies the voxel content.
    std::uint64_t revision() const { return m_revision; }

    bool isColour() const { return m_type == ScalarType::Rgb24; }

    // Value of one voxel as double (luminance 0.299 R + 0.587 G + 0.114 B for colour); the
    // caller checks bounds.
    double value(std::size_t linearIndex) const;
    double value(int i, int j, int k) const { return value(index(i, j, k)); }
    void setValue(std::size_t linearIndex, double v);

    // Minimum and maximum over all voxels ({0, 0} when empty).
    std::array<double, 2> range() const;
    // A loader that saw every value as it wrote it gives the range here: range() returns it
    // until the voxels are written again (no second pass over a CT's 250 MB).
    void setKnownRange(double lo, double hi)
    {
        m_knownRange = {lo, hi};
        m_knownRangeRevision = m_revision;
    }

    // Changes the element type without touching the bytes; only between types of one size
    // (loaders decode raw bits first and convert in place). Returns false otherwise.
    bool reinterpretAs(ScalarType type);

    // Free text describing how the values should be read, e.g. "HU" for CT.
    std::string unit;
    // MONOCHROME1: low values are shown bright.
    bool invertDisplay = false;

private:
    Geometry m_geometry;
    ScalarType m_type = ScalarType::Int16;
    std::array<double, 2> m_knownRange{0.0, 0.0};
    std::uint64_t m_knownRangeRevision = 0; // 0: none (revisions start at 1)
    void touch();

    VoxelBuffer m_data;
    std::size_t m_bytes = 0;
    std::uint64_t m_revision = 0;
};

Vec3 cross(const Vec3 &a, const Vec3 &b);
double dot(const Vec3 &a, const Vec3 &b);
double norm(const Vec3 &a);

} // namespace sagitta::core
