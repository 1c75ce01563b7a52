#include "core/image/slice.h"

#include <algorithm>
#include <cstring>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <limits>

namespace sagitta::core {

void planeAxes(SliceAxis axis, int &uAxis, int &vAxis)
{
    switch (axis) {
    case SliceAxis::Axial: uAxis = 0; vAxis = 1; break;
    case SliceAxis::Coronal: uAxis = 0; vAxis = 2; break;
    case SliceAxis::Sagittal: uAxis = 1; vAxis = 2; break;
    }
}

int sliceCount(const Geometry &g, SliceAxis axis)
{
    return g.dims[int(axis)];
}

std::array<int, 3> planeToVoxel(const SlicePlane &plane, int u, int v)
{
    int ua = 0, va = 1;
    planeAxes(plane.axis, ua, va);
    std::array<int, 3> ijk{0, 0, 0};
    ijk[ua] = u;
    ijk[va] = v;
    ijk[int(plane.axis)] = plane.index;
    return ijk;
}

void planeSize(const Geometry &g, SliceAxis axis, int &width, int &height)
{
    int ua = 0, va = 1;
    planeAxes(axis, ua, va);
    width = g.dims[ua];
    height = g.dims[va];
}

PlaneLayout anatomicalPlane(const Geometry &g, Anatomy anatomy)
{
    const int lps = anatomy == Anatomy::Axial ? 2 : anatomy == Anatomy::Coronal ? 1 : 0;
    int best = 2;
    double bestDot = -1;
    for (int a = 0; a < 3; ++a) {
        const double d = std::abs(g.axis(a)[std::size_t(lps)]);
        if (d > bestDot) {
            bestDot = d;
            best = a;
        }
    }
    PlaneLayout layout;
    layout.axis = SliceAxis(best);
    int ua = 0, va = 1;
    planeAxes(layout.axis, ua, va);
    const Vec3 right = anatomy == Anatomy::Sagittal ? Vec3{0, 1, 0} : Vec3{1, 0, 0};
    const Vec3 down = anatomy == Anatomy::Axial ? Vec3{0, 1, 0} : Vec3{0, 0, -1};
    layout.flipU = dot(g.axis(ua), right) < 0;
    layout.flipV = dot(g.axis(va), down) < 0;
    return layout;
}

std::string orientationLabel(const Vec3 &d)
{
    static const char positive[3] = {'L', 'P', 'S'}, negative[3] = {'R', 'A', 'I'};
    std::array<int, 3> order{0, 1, 2};
    std::sort(order.begin(), order.end(), [&](int a, int b) { return std::abs(d[a]) > std::abs(d[b]); });
    std::string out;
    for (int axis : order)
        if (std::abs(d[axis]) >= 0.3)
            out += d[axis] > 0 ? positive[axis] : negative[axis];
    return out;
}

namespace {

// Grey values of n contiguous voxels through a value -> grey map.
template<typename T, typename Map>
void mapValues(const T *src, std::size_t n, std::uint8_t *out, Map map)
{
    for (std::size_t i = 0; i < n; ++i)
        out[i] = map(src[i]);
}

// 64 Ki-entry grey table for 16-bit values starting at first; rebuilt only when the window or
// the value range changes (per thread, so views on worker threads do not share it).
const std::vector<std::uint8_t> &windowLut(const WindowLevel &wl, int first)
{
    thread_local std::vector<std::uint8_t> lut(65536);
    thread_local double center = std::numeric_limits<double>::quiet_NaN(), width = 0;
    thread_local int start = 1;
    if (center != wl.center || width != wl.width || start != first) {
        for (int x = 0; x < 65536; ++x)
            lut[std::size_t(x)] = wl.grey(x + first);
        center = wl.center;
        width = wl.width;
        start = first;
    }
    return lut;
}

} // namespace

WindowLevel defaultWindow(const Volume &volume)
{
    if (volume.unit == "HU")
        return ctWindowPresets().front().window;
    if (volume.isColour())
        return {127.5, 256.0};
    const auto range = volume.range();
    return windowForRange(range[0], range[1]);
}

const Volume &planeValues(const Volume &vol, const SlicePlane &plane)
{
    int w = 0, h = 0;
    planeSize(vol.geometry(), plane.axis, w, h);
    // The plane's values are kept per thread: dragging the window re-maps a contiguous copy
    // instead of gathering a strided (coronal, sagittal) plane from memory again.
    struct PlaneCache {
        std::uint64_t revision = 0;
        SlicePlane plane;
        Volume values;
    };
    thread_local PlaneCache cache;
    if (cache.revision != vol.revision() || cache.plane.axis != plane.axis || cache.plane.index != plane.index
        || cache.values.type() != vol.type()) {
        Geometry g;
        g.dims = {w, h, 1};
        cache.values = Volume(g, vol.type(), false);
        const std::size_t bytes = scalarSize(vol.type());
        auto *dst = static_cast<std::uint8_t *>(cache.values.raw());
        const auto *src = static_cast<const std::uint8_t *>(vol.raw());
        const Geometry &vg = vol.geometry();
        const std::size_t sy = std::size_t(vg.dims[0]), sz = sy * std::size_t(vg.dims[1]);
        std::size_t strideU = 1, strideV = sy, base = 0;
        switch (plane.axis) {
        case SliceAxis::Axial: strideU = 1; strideV = sy; base = sz * std::size_t(plane.index); break;
        case SliceAxis::Coronal: strideU = 1; strideV = sz; base = sy * std::size_t(plane.index); break;
        case SliceAxis::Sagittal: strideU = sy; strideV = sz; base = std::size_t(plane.index); break;
        }
        auto gather = [&](auto element, int v0, int v1) { // element: the voxel type, by size
            using T = decltype(element);
            auto *out = reinterpret_cast<T *>(dst);
            const auto *in = reinterpret_cast<const T *>(src);
            for (int v = v0; v < v1; ++v) {
                const T *row = in + base + strideV * std::size_t(v);
                T *line = out + std::size_t(v) * std::size_t(w);
                for (int u = 0; u < w; ++u)
                    line[u] = row[strideU * std::size_t(u)];
            }
        };
        struct Rgb {
            std::uint8_t c[3];
        };
        auto rows = [&](int v0, int v1) {
            switch (bytes) {
            case 2: gather(std::uint16_t{}, v0, v1); break;
            case 3: gather(Rgb{}, v0, v1); break;
            default: gather(std::uint32_t{}, v0, v1); break;
            }
        };
        if (strideU != 1 && std::size_t(w) * std::size_t(h) >= 65536)
            tbb::parallel_for(tbb::blocked_range<int>(0, h, 16), [&](const tbb::blocked_range<int> &r) { rows(r.begin(), r.end()); });
        else
            rows(0, h);
        cache.revision = vol.revision();
        cache.plane = plane;
    }
    return cache.values;
}

void windowSlice(const Volume &vol, const SlicePlane &plane, const WindowLevel &wl,
                 std::vector<std::uint8_t> &out)
{
    int w = 0, h = 0;
    planeSize(vol.geometry(), plane.axis, w, h);
    out.resize(std::size_t(w) * std::size_t(h));
    if (plane.index < 0 || plane.index >= sliceCount(vol.geometry(), plane.axis)) {
        std::fill(out.begin(), out.end(), 0);
        return;
    }
    const Volume &values = planeValues(vol, plane);
    const std::size_t n = out.size();
    switch (vol.type()) {
    case ScalarType::Int16: {
        const std::vector<std::uint8_t> &lut = windowLut(wl, -32768);
        mapValues(values.data<std::int16_t>(), n, out.data(), [&](std::int16_t x) { return lut[std::size_t(x + 32768)]; });
        break;
    }
    case ScalarType::UInt16: {
        const std::vector<std::uint8_t> &lut = windowLut(wl, 0);
        mapValues(values.data<std::uint16_t>(), n, out.data(), [&](std::uint16_t x) { return lut[x]; });
        break;
    }
    case ScalarType::Float32:
        mapValues(values.data<float>(), n, out.data(), [&](float x) { return wl.grey(x); });
        break;
    case ScalarType::Int32:
        mapValues(values.data<std::int32_t>(), n, out.data(), [&](std::int32_t x) { return wl.grey(x); });
        break;
    case ScalarType::Rgb24: {
        const std::uint8_t *rgb = values.data<std::uint8_t>();
        for (std::size_t i = 0; i < n; ++i)
            out[i] = wl.grey(luminance(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]));
        break;
    }
    }
}

} // namespace sagitta::core
