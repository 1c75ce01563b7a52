// Fill between slices, islands, smoothing, margin and logical operations on a 512 x 512 x 500
// label map (0.7 x 0.7 x 1.0 mm) held in memory: a few blobs of label 1 and 2000 small islands
// of it spread over the volume. Every effect writes through a LabelEdit and is undone from its
// delta between runs; each figure is a median, printed beside a plain loop over a dense
// std::vector measured in the same run.
#include "tests/bench/bench_labels.h"

#include "core/labels/interpolate.h"
#include "core/labels/islands.h"
#include "core/labels/logical.h"
#include "core/labels/morphology.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <random>
#include <vector>

using namespace sagitta::core;

namespace sagitta::bench {

namespace {

using Clock = std::chrono::steady_clock;

void print(const char *what, double ms, const char *target = "")
{
    std::printf("%-58s %10.3f ms    %s\n", what, ms, target);
}

void ellipsoid(LabelMap &m, std::array<int, 3> c, std::array<int, 3> r, std::uint8_t v)
{
    for (int k = c[2] - r[2]; k <= c[2] + r[2]; ++k)
        for (int j = c[1] - r[1]; j <= c[1] + r[1]; ++j)
            for (int i = c[0] - r[0]; i <= c[0] + r[0]; ++i) {
                const double x = double(i - c[0]) / r[0], y = double(j - c[1]) / r[1], z = double(k - c[2]) / r[2];
                if (x * x + y * y + z * z <= 1.0 && m.contains(i, j, k))
                    m.set(i, j, k, v);
            }
}

std::vector<std::uint8_t> dense(const LabelMap &m, std::uint8_t label)
{
    const auto &d = m.dims();
    MaskBox all{{0, 0, 0}, d};
    return labelMask(m, label, all);
}

// Plain 6-connected BFS labelling over a dense mask; returns the number of components.
std::size_t plainBfs(std::vector<std::uint8_t> mask, const std::array<int, 3> &d)
{
    const std::size_t nx = std::size_t(d[0]), nxy = nx * std::size_t(d[1]), n = nxy * std::size_t(d[2]);
    std::vector<std::size_t> queue;
    std::size_t components = 0;
    for (std::size_t s = 0; s < n; ++s) {
        if (mask[s] != 1)
            continue;
        ++components;
        mask[s] = 2;
        queue.assign(1, s);
        while (!queue.empty()) {
            const std::size_t p = queue.back();
            queue.pop_back();
            const std::size_t i = p % nx, j = (p / nx) % std::size_t(d[1]), k = p / nxy;
            auto visit = [&](std::size_t q) {
                if (mask[q] == 1) {
                    mask[q] = 2;
                    queue.push_back(q);
                }
            };
            if (i > 0) visit(p - 1);
            if (i + 1 < nx) visit(p + 1);
            if (j > 0) visit(p - nx);
            if (j + 1 < std::size_t(d[1])) visit(p + nx);
            if (k > 0) visit(p - nxy);
            if (k + 1 < std::size_t(d[2])) visit(p + nxy);
        }
    }
    return components;
}

// One 6-neighbour dilation pass over a dense mask (what repeated one-voxel margins cost per
// step).
std::size_t plainDilation(const std::vector<std::uint8_t> &in, std::vector<std::uint8_t> &out, const std::array<int, 3> &d)
{
    const std::size_t nx = std::size_t(d[0]), nxy = nx * std::size_t(d[1]), n = nxy * std::size_t(d[2]);
    std::size_t count = 0;
    for (std::size_t p = 0; p < n; ++p) {
        std::uint8_t v = in[p];
        if (!v) {
            const std::size_t i = p % nx, j = (p / nx) % std::size_t(d[1]), k = p / nxy;
            v = (i > 0 && in[p - 1]) || (i + 1 < nx && in[p + 1]) || (j > 0 && in[p - nx])
                || (j + 1 < std::size_t(d[1]) && in[p + nx]) || (k > 0 && in[p - nxy])
                || (k + 1 < std::size_t(d[2]) && in[p + nxy]);
        }
        out[p] = v;
        count += v;
    }
    return count;
}

} // namespace

void morphologyEffectsBench()
{
    const std::array<int, 3> dims{512, 512, 500};
    const Vec3 spacing{0.7, 0.7, 1.0};
    Geometry geometry;
    geometry.dims = dims;
    geometry.spacing = spacing;
    LabelMap map(dims);
    ellipsoid(map, {180, 200, 150}, {40, 35, 30}, 1);
    ellipsoid(map, {330, 260, 240}, {55, 45, 40}, 1);
    ellipsoid(map, {250, 350, 330}, {30, 30, 25}, 1);
    ellipsoid(map, {150, 330, 400}, {20, 25, 20}, 1);
    std::mt19937 rng(3);
    std::uniform_int_distribution<int> ri(0, 509), rk(0, 497), rs(1, 3);
    for (int n = 0; n < 2000; ++n) {
        const int i = ri(rng), j = ri(rng), k = rk(rng), s = rs(rng);
        for (int z = 0; z < s; ++z)
            for (int y = 0; y < s; ++y)
                for (int x = 0; x < s; ++x)
                    map.set(i + x, j + y, k + z, 1);
    }
    // Two outlines of label 5, 30 slices apart, for fill between slices.
    for (int j = 0; j < 512; ++j)
        for (int i = 0; i < 512; ++i) {
            if ((i - 380) * (i - 380) + (j - 120) * (j - 120) <= 40 * 40)
                map.set(i, j, 60, 5);
            if ((i - 390) * (i - 390) / 4.0 + (j - 125) * (j - 125) <= 30 * 30)
                map.set(i, j, 90, 5);
        }
    const std::uint64_t labelled = map.count(1);
    std::printf("label map 512 x 512 x 500, 0.7 x 0.7 x 1.0 mm: %llu voxels of label 1\n",
                static_cast<unsigned long long>(labelled));

    auto undoAfter = [&](LabelEdit &edit) { return [&map, &edit] { edit.finish().apply(map, false); }; };
    LabelEdit edit(map);
    const auto reset = undoAfter(edit);

    std::size_t filled = 0;
    print("fill between 2 outlines 30 slices apart (preview)", medianMs(7, [&] {
        filled = applyPreview(edit, fillBetweenSlicesPreview(map, geometry, 5, SliceAxis::Axial));
    }, reset), "(<= 300 ms, with the write)");
    std::printf("  %zu voxels filled on 29 slices\n", filled);

    const std::vector<std::uint8_t> mask1 = dense(map, 1);
    std::size_t islands = 0, plainIslands = 0;
    print("islands: components of label 1, whole volume", medianMs(5, [&] { islands = IslandMap(map, 1).islands().size(); }),
          "(<= 500 ms)");
    print("  plain BFS labelling over a dense std::vector", medianMs(3, [&] { plainIslands = plainBfs(mask1, dims); }));
    std::printf("  %zu islands (plain BFS: %zu)\n", islands, plainIslands);
    // The written figures include LabelEdit's chunk snapshots (2000 chunks here): after the
    // previous run's undo frees them, glibc trims the heap and the next run page-faults them
    // back in (about 6x the figure on this VM: ~60 ms with MALLOC_TRIM_THRESHOLD_ raised).
    print("islands: remove islands < 30 voxels, written", medianMs(5, [&] { removeSmallIslands(edit, 1, 30); }, reset));
    print("islands: keep largest, written", medianMs(5, [&] { keepLargestIsland(edit, 1); }, reset));

    std::vector<std::uint8_t> scratch(mask1.size());
    print("  plain 6-neighbour dilation pass over a dense std::vector",
          medianMs(3, [&] { plainDilation(mask1, scratch, dims); }));
    std::size_t changed = 0;
    print("margin +3 mm (exact EDT), written", medianMs(3, [&] { changed = marginLabel(edit, 1, spacing, 3.0); }, reset));
    std::printf("  %zu voxels added\n", changed);
    print("margin -1.5 mm, written", medianMs(3, [&] { marginLabel(edit, 1, spacing, -1.5); }, reset));
    print("median 3 mm, written", medianMs(3, [&] { changed = smoothLabel(edit, 1, spacing, SmoothingMethod::Median, 3.0); }, reset));
    std::printf("  %zu voxels changed\n", changed);
    print("closing 2 mm, written", medianMs(3, [&] { smoothLabel(edit, 1, spacing, SmoothingMethod::Closing, 2.0); }, reset));

    // Subtract another map's segment (blobs overlapping two of label 1's) from label 1.
    LabelMap other(dims);
    ellipsoid(other, {200, 200, 150}, {40, 40, 40}, 2);
    ellipsoid(other, {300, 260, 250}, {50, 50, 50}, 2);
    const std::vector<std::uint8_t> mask2 = dense(other, 2);
    print("logical subtract (another map's segment from label 1)",
          medianMs(5, [&] { changed = logicalOperation(edit, LogicalOp::Subtract, 1, other, 2); }, reset));
    std::printf("  %zu voxels erased\n", changed);
    print("  plain subtract over dense std::vectors", medianMs(5, [&] {
        std::size_t n = 0;
        for (std::size_t p = 0; p < mask1.size(); ++p) {
            const std::uint8_t v = mask1[p] & std::uint8_t(!mask2[p]);
            scratch[p] = v;
            n += v;
        }
        changed = n;
    }));
    if (map.count(1) != labelled)
        std::printf("  ERROR: undo did not restore label 1\n");
}

} // namespace sagitta::bench
