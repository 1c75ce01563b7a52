#include "core/image/volume.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <new>

#include <sys/mman.h>

namespace sagitta::core {

Vec3 cross(const Vec3 &a, const Vec3 &b)
{
    return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

double dot(const Vec3 &a, const Vec3 &b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

double norm(const Vec3 &a) { return std::sqrt(dot(a, a)); }

Vec3 Geometry::indexToPhysical(const Vec3 &index) const
{
    Vec3 p = origin;
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c)
            p[r] += direction[r * 3 + c] * spacing[c] * index[c];
    return p;
}

Vec3 Geometry::physicalToIndex(const Vec3 &point) const
{
    const Vec3 d{point[0] - origin[0], point[1] - origin[1], point[2] - origin[2]};
    Vec3 idx{};
    for (int c = 0; c < 3; ++c)
        idx[c] = dot(axis(c), d) / spacing[c];
    return idx;
}

const char *scalarTypeName(ScalarType type)
{
    switch (type) {
    case ScalarType::Int16: return "int16";
    case ScalarType::UInt16: return "uint16";
    case ScalarType::Float32: return "float32";
    case ScalarType::Rgb24: return "rgb24";
    case ScalarType::Int32: return "int32";
    }
    return "unknown";
}

std::size_t scalarSize(ScalarType type)
{
    switch (type) {
    case ScalarType::Float32:
    case ScalarType::Int32: return 4;
    case ScalarType::Rgb24: return 3;
    default: return 2;
    }
}

namespace {
std::atomic<std::uint64_t> nextRevision{1};
}

void Volume::touch()
{
    m_revision = nextRevision.fetch_add(1);
}

namespace {
constexpr std::size_t kHugePage = std::size_t(2) << 20;
constexpr std::size_t kMapAtLeast = std::size_t(4) << 20;
} // namespace

void VoxelBufferDeleter::operator()(std::uint8_t *p) const
{
    if (!p)
        return;
    if (mappedBytes > 0)
        ::munmap(p, mappedBytes);
    else
        delete[] p;
}

VoxelBuffer allocateVoxels(std::size_t bytes, bool zeroed)
{
    if (bytes < kMapAtLeast)
        return VoxelBuffer(zeroed ? new std::uint8_t[bytes]() : new std::uint8_t[bytes], VoxelBufferDeleter{});
    // Map a huge page more than needed, then give back the parts before the first 2 MiB boundary
    // and after the rounded-up end, so the block starts and ends on huge-page boundaries.
    const std::size_t size = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void *raw = ::mmap(nullptr, size + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (raw == MAP_FAILED)
        throw std::bad_alloc();
    auto *base = static_cast<std::uint8_t *>(raw);
    const std::uintptr_t address = reinterpret_cast<std::uintptr_t>(base);
    std::uint8_t *aligned = base + ((kHugePage - address % kHugePage) % kHugePage);
    if (aligned > base)
        ::munmap(base, std::size_t(aligned - base));
    std::uint8_t *end = base + size + kHugePage;
    if (end > aligned + size)
        ::munmap(aligned + size, std::size_t(end - (aligned + size)));
#ifdef MADV_HUGEPAGE
    ::madvise(aligned, size, MADV_HUGEPAGE); // advice only: without THP the block still works
#endif
    return VoxelBuffer(aligned, VoxelBufferDeleter{size}); // zero already, as every fresh mapping
}

Volume::Volume(const Geometry &geometry, ScalarType type, bool zeroed)
    : m_geometry(geometry), m_type(type), m_bytes(geometry.voxelCount() * scalarSize(type))
{
    m_data = allocateVoxels(m_bytes, zeroed);
    touch();
}

Volume::Volume(const Volume &other)
    : unit(other.unit), invertDisplay(other.invertDisplay), m_geometry(other.m_geometry), m_type(other.m_type),
      m_data(allocateVoxels(other.m_bytes, false)), m_bytes(other.m_bytes)
{
    std::copy(other.m_data.get(), other.m_data.get() + m_bytes, m_data.get());
    touch();
}

Volume &Volume::operator=(const Volume &other)
{
    if (this != &other)
        *this = Volume(other);
    return *this;
}

bool Volume::reinterpretAs(ScalarType type)
{
    if (scalarSize(type) != scalarSize(m_type))
        return false;
    touch();
    m_type = type;
    return true;
}

double Volume::value(std::size_t n) const
{
    switch (m_type) {
    case ScalarType::Int16: return data<std::int16_t>()[n];
    case ScalarType::UInt16: return data<std::uint16_t>()[n];
    case ScalarType::Float32: return data<float>()[n];
    case ScalarType::Int32: return data<std::int32_t>()[n];
    case ScalarType::Rgb24: {
        const std::uint8_t *p = data<std::uint8_t>() + 3 * n;
        return luminance(p[0], p[1], p[2]);
    }
    }
    return 0.0;
}

void Volume::setValue(std::size_t n, double v)
{
    touch();
    switch (m_type) {
    case ScalarType::Int16: data<std::int16_t>()[n] = std::int16_t(std::lround(v)); break;
    case ScalarType::UInt16: data<std::uint16_t>()[n] = std::uint16_t(std::lround(v)); break;
    case ScalarType::Float32: data<float>()[n] = float(v); break;
    case ScalarType::Int32: data<std::int32_t>()[n] = std::int32_t(std::llround(v)); break;
    case ScalarType::Rgb24: {
        const auto grey = std::uint8_t(std::clamp(std::lround(v), 0L, 255L));
        std::uint8_t *p = data<std::uint8_t>() + 3 * n;
        p[0] = p[1] = p[2] = grey;
        break;
    }
    }
}

// Branch-free running minimum and maximum (the compiler vectorises it; std::minmax_element
// does not, and takes about ten times as long over a CT).
template<typename T> static std::array<double, 2> rangeOf(const T *p, std::size_t n)
{
    if (n == 0)
        return {0.0, 0.0};
    T lo = p[0], hi = p[0];
    for (std::size_t i = 0; i < n; ++i) {
        lo = std::min(lo, p[i]);
        hi = std::max(hi, p[i]);
    }
    return {double(lo), double(hi)};
}

std::array<double, 2> Volume::range() const
{
    if (m_knownRangeRevision != 0 && m_knownRangeRevision == m_revision)
        return m_knownRange;
    const std::size_t n = voxelCount();
    switch (m_type) {
    case ScalarType::Int16: return rangeOf(data<std::int16_t>(), n);
    case ScalarType::UInt16: return rangeOf(data<std::uint16_t>(), n);
    case ScalarType::Float32: return rangeOf(data<float>(), n);
    case ScalarType::Int32: return rangeOf(data<std::int32_t>(), n);
    case ScalarType::Rgb24: {
        if (n == 0)
            return {0.0, 0.0};
        double lo = 255.0, hi = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            const double y = value(i);
            lo = std::min(lo, y);
            hi = std::max(hi, y);
        }
        return {lo, hi};
    }
    }
    return {0.0, 0.0};
}

} // namespace sagitta::core
