#include "core/labels/interpolate.h"

#include "core/labels/morphology.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sagitta::core {

namespace {

struct SliceExtent {
    bool labelled = false;
    int u0 = std::numeric_limits<int>::max(), v0 = std::numeric_limits<int>::max();
    int u1 = -1, v1 = -1; // inclusive
};

// Per slice along axis: whether it holds label and its in-plane bounding box.
std::vector<SliceExtent> sliceExtents(const LabelMap &map, std::uint8_t label, SliceAxis axis)
{
    const int a = int(axis);
    int ua = 0, va = 1;
    planeAxes(axis, ua, va);
    const auto &dims = map.dims();
    std::vector<SliceExtent> out(std::size_t(std::max(dims[a], 0)));
    if (label == 0)
        return out;
    const std::vector<char> holds = chunksHolding(map, label);
    const auto &g = map.chunkGrid();
    constexpr int C = LabelMap::kChunk;
    for (int c = 0; c < map.chunkCount(); ++c) {
        if (!holds[std::size_t(c)])
            continue;
        const LabelMap::Chunk &chunk = map.labelChunk(label, c);
        const std::array<int, 3> base{(c % g[0]) * C, ((c / g[0]) % g[1]) * C, (c / (g[0] * g[1])) * C};
        const int nx = std::min(C, dims[0] - base[0]), ny = std::min(C, dims[1] - base[1]), nz = std::min(C, dims[2] - base[2]);
        for (int z = 0; z < nz; ++z)
            for (int y = 0; y < ny; ++y)
                for (int x = 0; x < nx; ++x) {
                    if (chunk[(std::size_t(z) * C + std::size_t(y)) * C + std::size_t(x)] != label)
                        continue;
                    const std::array<int, 3> ijk{base[0] + x, base[1] + y, base[2] + z};
                    SliceExtent &e = out[std::size_t(ijk[std::size_t(a)])];
                    e.labelled = true;
                    e.u0 = std::min(e.u0, ijk[std::size_t(ua)]);
                    e.u1 = std::max(e.u1, ijk[std::size_t(ua)]);
                    e.v0 = std::min(e.v0, ijk[std::size_t(va)]);
                    e.v1 = std::max(e.v1, ijk[std::size_t(va)]);
                }
    }
    return out;
}

// Signed distance (mm) of slice `index` over the grid of w x h pixels starting at (u0, v0);
// pixels beyond the volume are outside.
std::vector<float> signedDistance(const LabelMap &map, std::uint8_t label, SliceAxis axis, int index, int u0, int v0,
                                  int w, int h, double su, double sv)
{
    std::vector<std::uint8_t> mask(std::size_t(w) * std::size_t(h), 0);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const auto ijk = planeToVoxel({axis, index}, u0 + x, v0 + y);
            if (map.contains(ijk[0], ijk[1], ijk[2]) && map.holds(ijk[0], ijk[1], ijk[2], label))
                mask[std::size_t(y) * std::size_t(w) + std::size_t(x)] = 1;
        }
    const std::array<int, 3> dims{w, h, 1};
    const Vec3 spacing{su, sv, 1.0};
    const std::vector<float> toInside = squaredDistanceMm(mask, dims, spacing, 1);
    const std::vector<float> toOutside = squaredDistanceMm(mask, dims, spacing, 0);
    std::vector<float> sd(mask.size());
    for (std::size_t n = 0; n < mask.size(); ++n)
        sd[n] = mask[n] ? -std::sqrt(toOutside[n]) : std::sqrt(toInside[n]);
    return sd;
}

} // namespace

std::vector<int> labelledSlices(const LabelMap &map, std::uint8_t label, SliceAxis axis)
{
    std::vector<int> out;
    const auto extents = sliceExtents(map, label, axis);
    for (std::size_t s = 0; s < extents.size(); ++s)
        if (extents[s].labelled)
            out.push_back(int(s));
    return out;
}

LabelMap fillBetweenSlicesPreview(const LabelMap &map, const Geometry &geometry, std::uint8_t label, SliceAxis axis)
{
    LabelMap preview(map.dims());
    const auto extents = sliceExtents(map, label, axis);
    int ua = 0, va = 1;
    planeAxes(axis, ua, va);
    const double su = geometry.spacing[std::size_t(ua)], sv = geometry.spacing[std::size_t(va)];
    int previous = -1;
    for (int b = 0; b < int(extents.size()); ++b) {
        if (!extents[std::size_t(b)].labelled)
            continue;
        const int a = previous;
        previous = b;
        if (a < 0 || b - a < 2)
            continue;
        const SliceExtent &ea = extents[std::size_t(a)], &eb = extents[std::size_t(b)];
        // Both outlines and one pixel of background around them: the nearest voxel inside, or
        // outside, lies in there for every pixel that can come out inside.
        const int u0 = std::min(ea.u0, eb.u0) - 1, u1 = std::max(ea.u1, eb.u1) + 1;
        const int v0 = std::min(ea.v0, eb.v0) - 1, v1 = std::max(ea.v1, eb.v1) + 1;
        const int w = u1 - u0 + 1, h = v1 - v0 + 1;
        const std::vector<float> da = signedDistance(map, label, axis, a, u0, v0, w, h, su, sv);
        const std::vector<float> db = signedDistance(map, label, axis, b, u0, v0, w, h, su, sv);
        std::vector<std::vector<std::array<int, 3>>> inside(std::size_t(b - a - 1));
        tbb::parallel_for(a + 1, b, [&](int s) {
            const double t = double(s - a) / double(b - a);
            auto &out = inside[std::size_t(s - a - 1)];
            for (int y = 0; y < h; ++y)
                for (int x = 0; x < w; ++x) {
                    const std::size_t n = std::size_t(y) * std::size_t(w) + std::size_t(x);
                    if ((1.0 - t) * da[n] + t * db[n] > 0.0)
                        continue;
                    const auto ijk = planeToVoxel({axis, s}, u0 + x, v0 + y);
                    if (map.contains(ijk[0], ijk[1], ijk[2]))
                        out.push_back(ijk);
                }
        });
        for (const auto &slice : inside)
            for (const auto &ijk : slice)
                preview.set(ijk[0], ijk[1], ijk[2], label);
    }
    return preview;
}

std::size_t applyPreview(LabelEdit &edit, const LabelMap &preview)
{
    const auto &dims = preview.dims();
    if (dims != edit.map().dims())
        return 0;
    const auto &g = preview.chunkGrid();
    constexpr int C = LabelMap::kChunk;
    std::size_t changed = 0;
    for (int c = 0; c < preview.chunkCount(); ++c) {
        const LabelMap::Chunk &chunk = preview.chunk(c);
        if (chunk.empty())
            continue;
        const std::array<int, 3> base{(c % g[0]) * C, ((c / g[0]) % g[1]) * C, (c / (g[0] * g[1])) * C};
        const int nx = std::min(C, dims[0] - base[0]), ny = std::min(C, dims[1] - base[1]), nz = std::min(C, dims[2] - base[2]);
        for (int z = 0; z < nz; ++z)
            for (int y = 0; y < ny; ++y)
                for (int x = 0; x < nx; ++x) {
                    const std::uint8_t v = chunk[(std::size_t(z) * C + std::size_t(y)) * C + std::size_t(x)];
                    if (v != 0)
                        changed += edit.write(base[0] + x, base[1] + y, base[2] + z, v);
                }
    }
    return changed;
}

} // namespace sagitta::core
