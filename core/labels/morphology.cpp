#include "core/labels/morphology.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>

namespace sagitta::core {

namespace {

constexpr float kFar = 1e30f;
constexpr int kSlab = LabelMap::kChunk;

// Voxels a kernel of radius mm reaches along an axis of the given spacing.
int reach(double radiusMm, double spacing)
{
    return std::max(0, int(std::floor(radiusMm * std::sqrt(1.0 + kRelTolerance) / spacing)));
}

// 1D squared distance transform of f (mm^2, >= kFar = no feature) on n samples spaced s mm
// apart (Felzenszwalb and Huttenlocher 2012). v, z: scratch of n and n + 1.
void distance1d(const double *f, int n, double s, double *d, int *v, double *z)
{
    int k = -1;
    for (int q = 0; q < n; ++q) {
        if (f[q] >= kFar)
            continue;
        const double xq = q * s;
        double boundary = -std::numeric_limits<double>::infinity();
        while (k >= 0) {
            const int p = v[k];
            const double xp = p * s;
            boundary = ((f[q] + xq * xq) - (f[p] + xp * xp)) / (2.0 * (xq - xp));
            if (boundary <= z[k])
                --k;
            else
                break;
        }
        if (k < 0) {
            k = 0;
            v[0] = q;
            z[0] = -std::numeric_limits<double>::infinity();
        } else {
            ++k;
            v[k] = q;
            z[k] = boundary;
        }
        z[k + 1] = std::numeric_limits<double>::infinity();
    }
    if (k < 0) {
        std::fill(d, d + n, double(kFar));
        return;
    }
    k = 0;
    for (int q = 0; q < n; ++q) {
        const double x = q * s;
        while (z[k + 1] < x)
            ++k;
        const double dx = x - v[k] * s;
        d[q] = dx * dx + f[v[k]];
    }
}

struct LineScratch {
    explicit LineScratch(int n) : f(std::size_t(n)), d(std::size_t(n)), v(std::size_t(n)), z(std::size_t(n) + 1) {}
    std::vector<double> f, d;
    std::vector<int> v;
    std::vector<double> z;
};

// Transforms the lines of `out` along one axis: lines start at the given offsets, step
// `stride` apart, n samples each. Lines without a feature are skipped (they stay kFar).
void distancePass(std::vector<float> &out, const std::vector<std::size_t> &starts, std::size_t stride, int n,
                  double spacing)
{
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, starts.size(), 64), [&](const tbb::blocked_range<std::size_t> &r) {
        LineScratch s(n);
        for (std::size_t l = r.begin(); l != r.end(); ++l) {
            float *line = out.data() + starts[l];
            bool any = false;
            for (int q = 0; q < n; ++q) {
                const float value = line[std::size_t(q) * stride];
                s.f[std::size_t(q)] = value;
                any |= value < kFar;
            }
            if (!any)
                continue;
            distance1d(s.f.data(), n, spacing, s.d.data(), s.v.data(), s.z.data());
            for (int q = 0; q < n; ++q)
                line[std::size_t(q) * stride] = float(std::min(s.d[std::size_t(q)], double(kFar)));
        }
    });
}

using MaskOp = std::function<void(std::vector<std::uint8_t> &, const std::array<int, 3> &)>;

// A pending change: the voxel's linear index in the volume, times two, plus 1 to set the
// label (0 to erase it).
using Change = std::uint64_t;

void collectChanges(const LabelMap &map, std::uint8_t label, const VoxelBox &box, const std::vector<std::uint8_t> &mask,
                    std::vector<Change> &changes)
{
    const auto &dims = map.dims();
    std::vector<std::vector<Change>> perSlice(std::size_t(box.size(2)));
    tbb::parallel_for(box.lo[2], box.hi[2], [&](int k) {
        std::vector<std::uint8_t> row(std::size_t(box.size(0)));
        auto &out = perSlice[std::size_t(k - box.lo[2])];
        for (int j = box.lo[1]; j < box.hi[1]; ++j) {
            readLabelRow(map, j, k, box.lo[0], box.hi[0], row.data());
            const std::uint8_t *m = mask.data() + box.index(box.lo[0], j, k);
            for (int x = 0; x < box.size(0); ++x) {
                const bool want = m[x] != 0, have = row[std::size_t(x)] == label;
                if (want != have) {
                    const std::uint64_t linear =
                        (std::uint64_t(k) * std::uint64_t(dims[1]) + std::uint64_t(j)) * std::uint64_t(dims[0])
                        + std::uint64_t(box.lo[0] + x);
                    out.push_back(linear * 2 + (want ? 1 : 0));
                }
            }
        }
    });
    for (auto &slice : perSlice)
        changes.insert(changes.end(), slice.begin(), slice.end());
}

std::size_t applyChanges(LabelEdit &edit, std::uint8_t label, const std::vector<Change> &changes)
{
    const auto &dims = edit.map().dims();
    const std::uint64_t nx = std::uint64_t(dims[0]), ny = std::uint64_t(dims[1]);
    std::size_t changed = 0;
    for (const Change c : changes) {
        const std::uint64_t linear = c / 2;
        const int i = int(linear % nx), j = int((linear / nx) % ny), k = int(linear / (nx * ny));
        changed += (c & 1) ? edit.write(i, j, k, label) : edit.erase(i, j, k, label);
    }
    return changed;
}

// Runs op on slabs of 32 slices of `region` (each read with `pad` voxels of context, clipped
// to the volume), all computed from the map as it was, then writes the results in `region`.
std::size_t applyBySlabs(LabelEdit &edit, std::uint8_t label, const VoxelBox &region, const std::array<int, 3> &pad,
                         const MaskOp &op)
{
    const LabelMap &map = edit.map();
    std::vector<Change> changes;
    for (int k0 = region.lo[2]; k0 < region.hi[2];) {
        const int k1 = std::min(region.hi[2], (k0 / kSlab + 1) * kSlab);
        VoxelBox slab = region;
        slab.lo[2] = k0;
        slab.hi[2] = k1;
        k0 = k1;
        const VoxelBox ext = slab.padded(pad, map.dims());
        std::vector<std::uint8_t> mask = labelMask(map, label, ext);
        if (std::find(mask.begin(), mask.end(), std::uint8_t(1)) == mask.end())
            continue; // no label in reach: every operation leaves nothing here
        op(mask, ext.dims());
        std::vector<std::uint8_t> sub(slab.count());
        for (int k = slab.lo[2]; k < slab.hi[2]; ++k)
            for (int j = slab.lo[1]; j < slab.hi[1]; ++j)
                std::memcpy(sub.data() + slab.index(slab.lo[0], j, k), mask.data() + ext.index(slab.lo[0], j, k),
                            std::size_t(slab.size(0)));
        collectChanges(map, label, slab, sub, changes);
    }
    return applyChanges(edit, label, changes);
}

} // namespace

VoxelBox VoxelBox::padded(const std::array<int, 3> &pad, const std::array<int, 3> &dims) const
{
    VoxelBox b;
    for (int a = 0; a < 3; ++a) {
        b.lo[a] = std::max(0, lo[a] - pad[a]);
        b.hi[a] = std::min(dims[a], hi[a] + pad[a]);
    }
    return b;
}

std::vector<char> chunksHolding(const LabelMap &map, std::uint8_t label)
{
    std::vector<char> holds(std::size_t(map.chunkCount()), 0);
    tbb::parallel_for(0, map.chunkCount(), [&](int c) {
        const LabelMap::Chunk &chunk = map.chunk(c);
        holds[std::size_t(c)] = !chunk.empty() && std::memchr(chunk.data(), label, chunk.size()) != nullptr;
    });
    return holds;
}

VoxelBox labelChunkBounds(const LabelMap &map, std::uint8_t label)
{
    if (label == 0)
        return {{0, 0, 0}, map.dims()};
    const std::vector<char> holds = chunksHolding(map, label);
    const auto &g = map.chunkGrid();
    VoxelBox box{{g[0], g[1], g[2]}, {-1, -1, -1}};
    bool any = false;
    for (int c = 0; c < map.chunkCount(); ++c) {
        if (!holds[std::size_t(c)])
            continue;
        const std::array<int, 3> cell{c % g[0], (c / g[0]) % g[1], c / (g[0] * g[1])};
        for (int a = 0; a < 3; ++a) {
            box.lo[a] = std::min(box.lo[a], cell[a]);
            box.hi[a] = std::max(box.hi[a], cell[a]);
        }
        any = true;
    }
    if (!any)
        return {};
    for (int a = 0; a < 3; ++a) {
        box.lo[a] *= LabelMap::kChunk;
        box.hi[a] = std::min(map.dims()[a], (box.hi[a] + 1) * LabelMap::kChunk);
    }
    return box;
}

void readLabelRow(const LabelMap &map, int j, int k, int i0, int i1, std::uint8_t *out)
{
    for (int i = i0; i < i1;) {
        const int end = std::min(i1, (i / LabelMap::kChunk + 1) * LabelMap::kChunk);
        const LabelMap::Chunk &c = map.chunk(map.chunkOf(i, j, k));
        if (c.empty())
            std::memset(out + (i - i0), 0, std::size_t(end - i));
        else
            std::memcpy(out + (i - i0), c.data() + LabelMap::offsetInChunk(i, j, k), std::size_t(end - i));
        i = end;
    }
}

std::vector<std::uint8_t> labelMask(const LabelMap &map, std::uint8_t label, const VoxelBox &box)
{
    std::vector<std::uint8_t> mask(box.count());
    if (mask.empty())
        return mask;
    tbb::parallel_for(box.lo[2], box.hi[2], [&](int k) {
        for (int j = box.lo[1]; j < box.hi[1]; ++j) {
            std::uint8_t *row = mask.data() + box.index(box.lo[0], j, k);
            readLabelRow(map, j, k, box.lo[0], box.hi[0], row);
            for (int x = 0; x < box.size(0); ++x)
                row[x] = row[x] == label ? 1 : 0;
        }
    });
    return mask;
}

std::size_t writeLabelMask(LabelEdit &edit, std::uint8_t label, const VoxelBox &box, const std::vector<std::uint8_t> &mask)
{
    std::vector<Change> changes;
    collectChanges(edit.map(), label, box, mask, changes);
    return applyChanges(edit, label, changes);
}

std::vector<float> squaredDistanceMm(const std::vector<std::uint8_t> &mask, const std::array<int, 3> &dims,
                                     const Vec3 &spacing, std::uint8_t featureValue)
{
    const std::size_t nx = std::size_t(dims[0]), ny = std::size_t(dims[1]), nz = std::size_t(dims[2]);
    std::vector<float> out(mask.size());
    for (std::size_t n = 0; n < mask.size(); ++n)
        out[n] = mask[n] == featureValue ? 0.0f : kFar;
    std::vector<std::size_t> starts;
    if (nx > 1) {
        starts.resize(ny * nz);
        for (std::size_t l = 0; l < starts.size(); ++l)
            starts[l] = l * nx;
        distancePass(out, starts, 1, int(nx), spacing[0]);
    }
    if (ny > 1) {
        starts.clear();
        for (std::size_t k = 0; k < nz; ++k)
            for (std::size_t i = 0; i < nx; ++i)
                starts.push_back(k * nx * ny + i);
        distancePass(out, starts, nx, int(ny), spacing[1]);
    }
    if (nz > 1) {
        starts.resize(nx * ny);
        for (std::size_t l = 0; l < starts.size(); ++l)
            starts[l] = l;
        distancePass(out, starts, nx * ny, int(nz), spacing[2]);
    }
    return out;
}

void dilateMask(std::vector<std::uint8_t> &mask, const std::array<int, 3> &dims, const Vec3 &spacing, double radiusMm)
{
    const std::vector<float> d2 = squaredDistanceMm(mask, dims, spacing, 1);
    const double limit = radiusMm * radiusMm * (1.0 + kRelTolerance);
    for (std::size_t n = 0; n < mask.size(); ++n)
        mask[n] = d2[n] <= limit ? 1 : 0;
}

void erodeMask(std::vector<std::uint8_t> &mask, const std::array<int, 3> &dims, const Vec3 &spacing, double radiusMm)
{
    const std::vector<float> d2 = squaredDistanceMm(mask, dims, spacing, 0);
    const double limit = radiusMm * radiusMm * (1.0 + kRelTolerance);
    for (std::size_t n = 0; n < mask.size(); ++n)
        mask[n] = mask[n] && !(d2[n] <= limit) ? 1 : 0;
}

void medianMask(std::vector<std::uint8_t> &mask, const std::array<int, 3> &dims, const Vec3 &spacing, double radiusMm)
{
    const int nx = dims[0], ny = dims[1], nz = dims[2];
    // The kernel as rows along i: offsets (dj, dk) and half width w.
    struct Row {
        int dj, dk, w;
    };
    std::vector<Row> rows;
    const double r2 = radiusMm * radiusMm * (1.0 + kRelTolerance);
    const int rj = reach(radiusMm, spacing[1]), rk = reach(radiusMm, spacing[2]);
    for (int dk = -rk; dk <= rk; ++dk)
        for (int dj = -rj; dj <= rj; ++dj) {
            const double rest = r2 - (dj * spacing[1]) * (dj * spacing[1]) - (dk * spacing[2]) * (dk * spacing[2]);
            if (rest < 0)
                continue;
            int w = int(std::floor(std::sqrt(rest) / spacing[0]));
            while ((w + 1) * spacing[0] * (w + 1) * spacing[0] <= rest)
                ++w; // sqrt rounding
            while (w > 0 && w * spacing[0] * w * spacing[0] > rest)
                --w;
            rows.push_back({dj, dk, w});
        }
    // Prefix sums per row: prefix[row * (nx + 1) + x] = voxels in of row[0, x).
    const std::size_t stride = std::size_t(nx) + 1;
    std::vector<std::uint32_t> prefix(std::size_t(ny) * std::size_t(nz) * stride);
    tbb::parallel_for(0, ny * nz, [&](int row) {
        std::uint32_t *p = prefix.data() + std::size_t(row) * stride;
        const std::uint8_t *m = mask.data() + std::size_t(row) * std::size_t(nx);
        p[0] = 0;
        for (int x = 0; x < nx; ++x)
            p[x + 1] = p[x] + m[x];
    });
    std::vector<std::uint8_t> out(mask);
    tbb::parallel_for(0, nz, [&](int z) {
        std::vector<std::uint32_t> in(static_cast<std::size_t>(nx)), total(static_cast<std::size_t>(nx));
        for (int y = 0; y < ny; ++y) {
            bool any = false;
            for (const Row &r : rows) {
                const int yy = y + r.dj, zz = z + r.dk;
                if (yy >= 0 && yy < ny && zz >= 0 && zz < nz
                    && prefix[(std::size_t(zz) * std::size_t(ny) + std::size_t(yy)) * stride + std::size_t(nx)] != 0) {
                    any = true;
                    break;
                }
            }
            if (!any)
                continue; // nothing in reach: the row stays empty
            std::fill(in.begin(), in.end(), 0u);
            std::fill(total.begin(), total.end(), 0u);
            for (const Row &r : rows) {
                const int yy = y + r.dj, zz = z + r.dk;
                if (yy < 0 || yy >= ny || zz < 0 || zz >= nz)
                    continue;
                const std::uint32_t *p = prefix.data() + (std::size_t(zz) * std::size_t(ny) + std::size_t(yy)) * stride;
                for (int x = 0; x < nx; ++x) {
                    const int a = std::max(x - r.w, 0), b = std::min(x + r.w + 1, nx);
                    in[std::size_t(x)] += p[b] - p[a];
                    total[std::size_t(x)] += std::uint32_t(b - a);
                }
            }
            std::uint8_t *o = out.data() + (std::size_t(z) * std::size_t(ny) + std::size_t(y)) * std::size_t(nx);
            for (int x = 0; x < nx; ++x) {
                const std::uint32_t twice = 2 * in[std::size_t(x)], t = total[std::size_t(x)];
                if (twice > t)
                    o[x] = 1;
                else if (twice < t)
                    o[x] = 0;
            }
        }
    });
    mask.swap(out);
}

std::size_t smoothLabel(LabelEdit &edit, std::uint8_t label, const Vec3 &spacing, SmoothingMethod method, double radiusMm)
{
    if (label == 0 || radiusMm <= 0)
        return 0;
    const VoxelBox bounds = labelChunkBounds(edit.map(), label);
    if (bounds.empty())
        return 0;
    const std::array<int, 3> r{reach(radiusMm, spacing[0]), reach(radiusMm, spacing[1]), reach(radiusMm, spacing[2])};
    // Results can reach r beyond the label (median, closing); the first of two passes needs
    // r more context, the background around it one voxel more.
    const VoxelBox region = bounds.padded(r, edit.map().dims());
    if (method == SmoothingMethod::Median)
        return applyBySlabs(edit, label, region, r, [&](std::vector<std::uint8_t> &m, const std::array<int, 3> &d) {
            medianMask(m, d, spacing, radiusMm);
        });
    const std::array<int, 3> pad{2 * r[0] + 1, 2 * r[1] + 1, 2 * r[2] + 1};
    const bool opening = method == SmoothingMethod::Opening;
    return applyBySlabs(edit, label, region, pad, [&](std::vector<std::uint8_t> &m, const std::array<int, 3> &d) {
        if (opening) {
            erodeMask(m, d, spacing, radiusMm);
            dilateMask(m, d, spacing, radiusMm);
        } else {
            dilateMask(m, d, spacing, radiusMm);
            erodeMask(m, d, spacing, radiusMm);
        }
    });
}

std::size_t marginLabel(LabelEdit &edit, std::uint8_t label, const Vec3 &spacing, double marginMm)
{
    if (label == 0 || marginMm == 0)
        return 0;
    const VoxelBox bounds = labelChunkBounds(edit.map(), label);
    if (bounds.empty())
        return 0;
    const double r = std::abs(marginMm);
    // One voxel beyond the reach: distances farther than that exceed r whatever lies there.
    const std::array<int, 3> pad{reach(r, spacing[0]) + 1, reach(r, spacing[1]) + 1, reach(r, spacing[2]) + 1};
    if (marginMm > 0) {
        const VoxelBox region = bounds.padded(pad, edit.map().dims());
        return applyBySlabs(edit, label, region, pad, [&](std::vector<std::uint8_t> &m, const std::array<int, 3> &d) {
            dilateMask(m, d, spacing, r);
        });
    }
    return applyBySlabs(edit, label, bounds, pad, [&](std::vector<std::uint8_t> &m, const std::array<int, 3> &d) {
        erodeMask(m, d, spacing, r);
    });
}

} // namespace sagitta::core
