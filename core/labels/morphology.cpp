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

// Transforms one line of n samples `stride` apart in place; values above limit become kFar
// (they cannot lead to a distance within limit in a later pass).
void transformLine(float *line, std::size_t stride, int n, double spacing, double limit, LineScratch &s)
{
    for (int q = 0; q < n; ++q)
        s.f[std::size_t(q)] = line[std::size_t(q) * stride];
    distance1d(s.f.data(), n, spacing, s.d.data(), s.v.data(), s.z.data());
    for (int q = 0; q < n; ++q) {
        const double d = s.d[std::size_t(q)];
        line[std::size_t(q) * stride] = d > limit ? kFar : float(d);
    }
}

// The pass along j (axis 1) or k (axis 2): for each plane of lines (a slice k, or a row of
// slices j), flags in one sequential sweep the lines that hold both a finite and a non-zero
// value (the others are already final: all zero or all far), then transforms only those.
void distancePass(std::vector<float> &out, const std::array<int, 3> &dims, int axis, double spacing, double limit)
{
    const std::size_t nx = std::size_t(dims[0]), ny = std::size_t(dims[1]);
    const int planes = axis == 1 ? dims[2] : dims[1];
    const int n = dims[std::size_t(axis)];
    const std::size_t stride = axis == 1 ? nx : nx * ny;
    tbb::parallel_for(tbb::blocked_range<int>(0, planes, 1), [&](const tbb::blocked_range<int> &r) {
        LineScratch s(n);
        std::vector<char> finite(nx), nonZero(nx);
        for (int plane = r.begin(); plane != r.end(); ++plane) {
            const std::size_t base = axis == 1 ? std::size_t(plane) * nx * ny : std::size_t(plane) * nx;
            std::fill(finite.begin(), finite.end(), 0);
            std::fill(nonZero.begin(), nonZero.end(), 0);
            for (int q = 0; q < n; ++q) {
                const float *row = out.data() + base + std::size_t(q) * stride;
                for (std::size_t i = 0; i < nx; ++i) {
                    finite[i] |= row[i] < kFar;
                    nonZero[i] |= row[i] != 0.0f;
                }
            }
            for (std::size_t i = 0; i < nx; ++i)
                if (finite[i] && nonZero[i])
                    transformLine(out.data() + base + i, stride, n, spacing, limit, s);
        }
    });
}

// Buffers reused from slab to slab: fresh ones of tens of MB cost more in page faults than
// the work done in them.
struct Scratch {
    std::vector<float> distance;
    std::vector<std::uint32_t> prefix;
    std::vector<int> first, last;
    std::vector<std::uint8_t> copy, mask, sub;
};

void labelMaskInto(const LabelMap &map, std::uint8_t label, const MaskBox &box, std::vector<std::uint8_t> &mask);
void distanceInto(const std::vector<std::uint8_t> &mask, const std::array<int, 3> &dims, const Vec3 &spacing,
                  std::uint8_t featureValue, double limitMm2, std::vector<float> &out);
void dilateWith(std::vector<std::uint8_t> &mask, const std::array<int, 3> &dims, const Vec3 &spacing, double radiusMm, Scratch &s);
void erodeWith(std::vector<std::uint8_t> &mask, const std::array<int, 3> &dims, const Vec3 &spacing, double radiusMm, Scratch &s);
void medianWith(std::vector<std::uint8_t> &mask, const std::array<int, 3> &dims, const Vec3 &spacing, double radiusMm, Scratch &s);

using MaskOp = std::function<void(std::vector<std::uint8_t> &, const std::array<int, 3> &, Scratch &)>;

// A pending change: the voxel's linear index in the volume, times two, plus 1 to set the
// label (0 to erase it).
using Change = std::uint64_t;

void collectChanges(const LabelMap &map, std::uint8_t label, const MaskBox &box, const std::vector<std::uint8_t> &mask,
                    std::vector<Change> &changes)
{
    const auto &dims = map.dims();
    std::vector<std::vector<Change>> perSlice(std::size_t(box.size(2)));
    tbb::parallel_for(box.lo[2], box.hi[2], [&](int k) {
        std::vector<std::uint8_t> row(std::size_t(box.size(0)));
        auto &out = perSlice[std::size_t(k - box.lo[2])];
        for (int j = box.lo[1]; j < box.hi[1]; ++j) {
            readLabelRow(map, j, k, box.lo[0], box.hi[0], row.data(), map.layerOf(label));
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
std::size_t applyBySlabs(LabelEdit &edit, std::uint8_t label, const MaskBox &region, const std::array<int, 3> &pad,
                         const MaskOp &op)
{
    const LabelMap &map = edit.map();
    std::vector<Change> changes;
    Scratch scratch;
    std::vector<std::uint8_t> &mask = scratch.mask, &sub = scratch.sub;
    for (int k0 = region.lo[2]; k0 < region.hi[2];) {
        const int k1 = std::min(region.hi[2], (k0 / kSlab + 1) * kSlab);
        MaskBox slab = region;
        slab.lo[2] = k0;
        slab.hi[2] = k1;
        k0 = k1;
        const MaskBox ext = slab.padded(pad, map.dims());
        labelMaskInto(map, label, ext, mask);
        if (std::find(mask.begin(), mask.end(), std::uint8_t(1)) == mask.end())
            continue; // no label in reach: every operation leaves nothing here
        op(mask, ext.dims(), scratch);
        sub.resize(slab.count());
        for (int k = slab.lo[2]; k < slab.hi[2]; ++k)
            for (int j = slab.lo[1]; j < slab.hi[1]; ++j)
                std::memcpy(sub.data() + slab.index(slab.lo[0], j, k), mask.data() + ext.index(slab.lo[0], j, k),
                            std::size_t(slab.size(0)));
        collectChanges(map, label, slab, sub, changes);
    }
    return applyChanges(edit, label, changes);
}

} // namespace

MaskBox MaskBox::padded(const std::array<int, 3> &pad, const std::array<int, 3> &dims) const
{
    MaskBox b;
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
        const LabelMap::Chunk &chunk = map.labelChunk(label, c);
        holds[std::size_t(c)] = !chunk.empty() && std::memchr(chunk.data(), label, chunk.size()) != nullptr;
    });
    return holds;
}

MaskBox labelChunkBounds(const LabelMap &map, std::uint8_t label)
{
    if (label == 0)
        return {{0, 0, 0}, map.dims()};
    const std::vector<char> holds = chunksHolding(map, label);
    const auto &g = map.chunkGrid();
    MaskBox box{{g[0], g[1], g[2]}, {-1, -1, -1}};
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

void readLabelRow(const LabelMap &map, int j, int k, int i0, int i1, std::uint8_t *out, int layer)
{
    for (int i = i0; i < i1;) {
        const int end = std::min(i1, (i / LabelMap::kChunk + 1) * LabelMap::kChunk);
        const LabelMap::Chunk &c = map.chunk(map.chunkIndex(layer, map.chunkOf(i, j, k)));
        if (c.empty())
            std::memset(out + (i - i0), 0, std::size_t(end - i));
        else
            std::memcpy(out + (i - i0), c.data() + LabelMap::offsetInChunk(i, j, k), std::size_t(end - i));
        i = end;
    }
}

namespace {

void labelMaskInto(const LabelMap &map, std::uint8_t label, const MaskBox &box, std::vector<std::uint8_t> &mask)
{
    mask.resize(box.count());
    if (mask.empty())
        return;
    tbb::parallel_for(box.lo[2], box.hi[2], [&](int k) {
        for (int j = box.lo[1]; j < box.hi[1]; ++j) {
            std::uint8_t *row = mask.data() + box.index(box.lo[0], j, k);
            readLabelRow(map, j, k, box.lo[0], box.hi[0], row, map.layerOf(label));
            for (int x = 0; x < box.size(0); ++x)
                row[x] = row[x] == label ? 1 : 0;
        }
    });
}

} // namespace

std::vector<std::uint8_t> labelMask(const LabelMap &map, std::uint8_t label, const MaskBox &box)
{
    std::vector<std::uint8_t> mask;
    labelMaskInto(map, label, box, mask);
    return mask;
}

std::size_t writeLabelMask(LabelEdit &edit, std::uint8_t label, const MaskBox &box, const std::vector<std::uint8_t> &mask)
{
    std::vector<Change> changes;
    collectChanges(edit.map(), label, box, mask, changes);
    return applyChanges(edit, label, changes);
}

namespace {

void distanceInto(const std::vector<std::uint8_t> &mask, const std::array<int, 3> &dims, const Vec3 &spacing,
                  std::uint8_t featureValue, double limitMm2, std::vector<float> &out)
{
    const std::size_t nx = std::size_t(dims[0]), rows = std::size_t(dims[1]) * std::size_t(dims[2]);
    out.resize(mask.size());
    if (out.empty())
        return;
    const double limit = std::min(limitMm2, double(kFar));
    // Along i: rows are contiguous; a row of all features or none is final at once.
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, rows, 16), [&](const tbb::blocked_range<std::size_t> &r) {
        LineScratch s(dims[0]);
        for (std::size_t row = r.begin(); row != r.end(); ++row) {
            const std::uint8_t *m = mask.data() + row * nx;
            float *o = out.data() + row * nx;
            std::size_t features = 0;
            for (std::size_t i = 0; i < nx; ++i) {
                const bool f = m[i] == featureValue;
                features += f;
                o[i] = f ? 0.0f : kFar;
            }
            if (features != 0 && features != nx && nx > 1)
                transformLine(o, 1, dims[0], spacing[0], limit, s);
        }
    });
    if (dims[1] > 1)
        distancePass(out, dims, 1, spacing[1], limit);
    if (dims[2] > 1)
        distancePass(out, dims, 2, spacing[2], limit);
}

void dilateWith(std::vector<std::uint8_t> &mask, const std::array<int, 3> &dims, const Vec3 &spacing, double radiusMm, Scratch &s)
{
    const double limit = radiusMm * radiusMm * (1.0 + kRelTolerance);
    distanceInto(mask, dims, spacing, 1, limit, s.distance);
    const std::vector<float> &d2 = s.distance;
    for (std::size_t n = 0; n < mask.size(); ++n)
        mask[n] = d2[n] <= limit ? 1 : 0;
}

void erodeWith(std::vector<std::uint8_t> &mask, const std::array<int, 3> &dims, const Vec3 &spacing, double radiusMm, Scratch &s)
{
    const double limit = radiusMm * radiusMm * (1.0 + kRelTolerance);
    distanceInto(mask, dims, spacing, 0, limit, s.distance);
    const std::vector<float> &d2 = s.distance;
    for (std::size_t n = 0; n < mask.size(); ++n)
        mask[n] = mask[n] && !(d2[n] <= limit) ? 1 : 0;
}

void medianWith(std::vector<std::uint8_t> &mask, const std::array<int, 3> &dims, const Vec3 &spacing, double radiusMm, Scratch &s)
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
    // first[row] .. last[row]: the span of its voxels that are in (first > last: none).
    std::vector<std::uint32_t> &prefix = s.prefix;
    std::vector<int> &first = s.first, &last = s.last;
    prefix.resize(std::size_t(ny) * std::size_t(nz) * stride);
    first.resize(std::size_t(ny) * std::size_t(nz));
    last.resize(first.size());
    int widest = 0;
    for (const Row &r : rows)
        widest = std::max(widest, r.w);
    tbb::parallel_for(0, ny * nz, [&](int row) {
        std::uint32_t *p = prefix.data() + std::size_t(row) * stride;
        const std::uint8_t *m = mask.data() + std::size_t(row) * std::size_t(nx);
        int a = nx, b = -1;
        p[0] = 0;
        for (int x = 0; x < nx; ++x) {
            p[x + 1] = p[x] + m[x];
            if (m[x]) {
                a = std::min(a, x);
                b = x;
            }
        }
        first[std::size_t(row)] = a;
        last[std::size_t(row)] = b;
    });
    std::vector<std::uint8_t> &out = s.copy;
    out.assign(mask.begin(), mask.end());
    tbb::parallel_for(0, nz, [&](int z) {
        std::vector<std::uint32_t> in(static_cast<std::size_t>(nx)), total(static_cast<std::size_t>(nx));
        for (int y = 0; y < ny; ++y) {
            // Only voxels within reach of a voxel that is in can change (the row's own voxels
            // that are in lie in that span too).
            int x0 = nx, x1 = -1;
            for (const Row &r : rows) {
                const int yy = y + r.dj, zz = z + r.dk;
                if (yy < 0 || yy >= ny || zz < 0 || zz >= nz)
                    continue;
                const std::size_t src = std::size_t(zz) * std::size_t(ny) + std::size_t(yy);
                if (first[src] <= last[src]) {
                    x0 = std::min(x0, first[src] - widest);
                    x1 = std::max(x1, last[src] + widest);
                }
            }
            x0 = std::max(x0, 0);
            x1 = std::min(x1, nx - 1);
            if (x0 > x1)
                continue; // nothing in reach: the row stays empty
            std::fill(in.begin(), in.end(), 0u);
            std::fill(total.begin(), total.end(), 0u);
            for (const Row &r : rows) {
                const int yy = y + r.dj, zz = z + r.dk;
                if (yy < 0 || yy >= ny || zz < 0 || zz >= nz)
                    continue;
                const std::uint32_t *p = prefix.data() + (std::size_t(zz) * std::size_t(ny) + std::size_t(yy)) * stride;
                for (int x = x0; x <= x1; ++x) {
                    const int a = std::max(x - r.w, 0), b = std::min(x + r.w + 1, nx);
                    in[std::size_t(x)] += p[b] - p[a];
                    total[std::size_t(x)] += std::uint32_t(b - a);
                }
            }
            std::uint8_t *o = out.data() + (std::size_t(z) * std::size_t(ny) + std::size_t(y)) * std::size_t(nx);
            for (int x = x0; x <= x1; ++x) {
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


} // namespace

std::vector<float> squaredDistanceMm(const std::vector<std::uint8_t> &mask, const std::array<int, 3> &dims,
                                     const Vec3 &spacing, std::uint8_t featureValue, double limitMm2)
{
    std::vector<float> out;
    distanceInto(mask, dims, spacing, featureValue, limitMm2, out);
    return out;
}

void dilateMask(std::vector<std::uint8_t> &mask, const std::array<int, 3> &dims, const Vec3 &spacing, double radiusMm)
{
    Scratch s;
    dilateWith(mask, dims, spacing, radiusMm, s);
}

void erodeMask(std::vector<std::uint8_t> &mask, const std::array<int, 3> &dims, const Vec3 &spacing, double radiusMm)
{
    Scratch s;
    erodeWith(mask, dims, spacing, radiusMm, s);
}

void medianMask(std::vector<std::uint8_t> &mask, const std::array<int, 3> &dims, const Vec3 &spacing, double radiusMm)
{
    Scratch s;
    medianWith(mask, dims, spacing, radiusMm, s);
}

std::size_t smoothLabel(LabelEdit &edit, std::uint8_t label, const Vec3 &spacing, SmoothingMethod method, double radiusMm)
{
    if (label == 0 || radiusMm <= 0)
        return 0;
    const MaskBox bounds = labelChunkBounds(edit.map(), label);
    if (bounds.empty())
        return 0;
    const std::array<int, 3> r{reach(radiusMm, spacing[0]), reach(radiusMm, spacing[1]), reach(radiusMm, spacing[2])};
    // Results can reach r beyond the label (median, closing); the first of two passes needs
    // r more context, the background around it one voxel more.
    const MaskBox region = bounds.padded(r, edit.map().dims());
    if (method == SmoothingMethod::Median)
        return applyBySlabs(edit, label, region, r, [&](std::vector<std::uint8_t> &m, const std::array<int, 3> &d, Scratch &s) {
            medianWith(m, d, spacing, radiusMm, s);
        });
    const std::array<int, 3> pad{2 * r[0] + 1, 2 * r[1] + 1, 2 * r[2] + 1};
    const bool opening = method == SmoothingMethod::Opening;
    return applyBySlabs(edit, label, region, pad, [&](std::vector<std::uint8_t> &m, const std::array<int, 3> &d, Scratch &s) {
        if (opening) {
            erodeWith(m, d, spacing, radiusMm, s);
            dilateWith(m, d, spacing, radiusMm, s);
        } else {
            dilateWith(m, d, spacing, radiusMm, s);
            erodeWith(m, d, spacing, radiusMm, s);
        }
    });
}

std::size_t marginLabel(LabelEdit &edit, std::uint8_t label, const Vec3 &spacing, double marginMm)
{
    if (label == 0 || marginMm == 0)
        return 0;
    const MaskBox bounds = labelChunkBounds(edit.map(), label);
    if (bounds.empty())
        return 0;
    const double r = std::abs(marginMm);
    // One voxel beyond the reach: distances farther than that exceed r whatever lies there.
    const std::array<int, 3> pad{reach(r, spacing[0]) + 1, reach(r, spacing[1]) + 1, reach(r, spacing[2]) + 1};
    if (marginMm > 0) {
        const MaskBox region = bounds.padded(pad, edit.map().dims());
        return applyBySlabs(edit, label, region, pad, [&](std::vector<std::uint8_t> &m, const std::array<int, 3> &d, Scratch &s) {
            dilateWith(m, d, spacing, r, s);
        });
    }
    return applyBySlabs(edit, label, bounds, pad, [&](std::vector<std::uint8_t> &m, const std::array<int, 3> &d, Scratch &s) {
        erodeWith(m, d, spacing, r, s);
    });
}

} // namespace sagitta::core
