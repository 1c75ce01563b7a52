#include "core/labels/threshold.h"

#include "core/labels/outline.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <cmath>
#include <limits>
#include <memory>
#include <type_traits>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace sagitta::core {

namespace {

constexpr int K = LabelMap::kChunk;

struct Rgb {
    std::uint8_t c[3];
};

// "value lies in range" for one element type: integers compare as integers against the
// rounded-in bounds (exact, and cheap in tight loops); colour by its luminance.
template<typename T> struct InRange {
    explicit InRange(const ValueRange &r)
    {
        using Lim = std::numeric_limits<T>;
        const double lo = std::clamp(std::ceil(r.low), double(Lim::lowest()) - 1.0, double(Lim::max()) + 1.0);
        const double hi = std::clamp(std::floor(r.high), double(Lim::lowest()) - 1.0, double(Lim::max()) + 1.0);
        if (lo <= hi) {
            m_lo = Wide(lo);
            m_span = UWide(Wide(hi) - Wide(lo));
        }
    }
    // One unsigned compare: v - lo wraps above span when v < lo.
    bool operator()(T v) const { return UWide(Wide(v) - m_lo) <= m_span; }
    using Wide = std::conditional_t<(sizeof(T) < 4), std::int32_t, std::int64_t>;
    using UWide = std::make_unsigned_t<Wide>;
    // Empty by default: no value of T reaches lo, and span 0 lets nothing past.
    Wide m_lo = std::numeric_limits<Wide>::max() / 2;
    UWide m_span = 0;
};
template<> struct InRange<float> {
    explicit InRange(const ValueRange &r) : m_r(r) {}
    bool operator()(float v) const { return m_r.contains(double(v)); }
    ValueRange m_r;
};
template<> struct InRange<Rgb> {
    explicit InRange(const ValueRange &r) : m_r(r) {}
    bool operator()(const Rgb &v) const { return m_r.contains(luminance(v.c[0], v.c[1], v.c[2])); }
    ValueRange m_r;
};

// Calls f with the volume's voxels as a typed pointer.
template<typename F> decltype(auto) withVoxels(const Volume &volume, F &&f)
{
    switch (volume.type()) {
    case ScalarType::UInt16: return f(volume.data<std::uint16_t>());
    case ScalarType::Float32: return f(volume.data<float>());
    case ScalarType::Int32: return f(volume.data<std::int32_t>());
    case ScalarType::Rgb24: return f(reinterpret_cast<const Rgb *>(volume.data<std::uint8_t>()));
    case ScalarType::Int16: break;
    }
    return f(volume.data<std::int16_t>());
}

bool validRange(const ValueRange &r)
{
    return r.low <= r.high; // false for NaN too
}

bool sameDims(const LabelEdit &edit, const Volume &volume)
{
    return edit.map().dims() == volume.geometry().dims && volume.voxelCount() > 0;
}

} // namespace

VoxelBox VoxelBox::clipped(const Index3 &dims) const
{
    VoxelBox b;
    for (int a = 0; a < 3; ++a) {
        b.min[a] = std::max(min[a], 0);
        b.max[a] = std::min(max[a], dims[a] - 1);
    }
    return b;
}

VoxelBox VoxelBox::slices(const Index3 &dims, SliceAxis axis, int first, int last)
{
    VoxelBox b = whole(dims);
    b.min[int(axis)] = std::min(first, last);
    b.max[int(axis)] = std::max(first, last);
    return b.clipped(dims);
}

std::size_t writeRowSelections(LabelEdit &edit, const VoxelBox &region, const RowSelect &fill, bool erase,
                               std::uint8_t label)
{
    const LabelMap &map = edit.map();
    const VoxelBox box = region.clipped(map.dims());
    if (box.empty())
        return 0;
    const auto &grid = map.chunkGrid();
    const int cx0 = box.min[0] / K, cx1 = box.max[0] / K;
    const int cy0 = box.min[1] / K, cy1 = box.max[1] / K;
    const int nx = cx1 - cx0 + 1, ny = cy1 - cy0 + 1;
    const int rowsPerSlice = box.max[1] - box.min[1] + 1;
    // One layer of chunk masks at a time; a mask is zeroed again only after it was used.
    std::vector<std::vector<std::uint8_t>> select(std::size_t(nx) * std::size_t(ny),
                                                  std::vector<std::uint8_t>(LabelMap::kChunkVoxels, 0));
    std::unique_ptr<std::atomic<bool>[]> used(new std::atomic<bool>[select.size()]);
    for (std::size_t t = 0; t < select.size(); ++t)
        used[t] = false;
    std::vector<LabelEdit::ChunkSelection> batch;
    std::size_t changed = 0;
    for (int cz = box.min[2] / K; cz <= box.max[2] / K; ++cz) {
        const int k0 = std::max(cz * K, box.min[2]), k1 = std::min(cz * K + K - 1, box.max[2]);
        const int rows = (k1 - k0 + 1) * rowsPerSlice;
        tbb::parallel_for(tbb::blocked_range<int>(0, rows, 8), [&](const tbb::blocked_range<int> &r) {
            std::vector<std::uint8_t> row(std::size_t(map.dims()[0]), 0);
            for (int n = r.begin(); n < r.end(); ++n) {
                const int k = k0 + n / rowsPerSlice, j = box.min[1] + n % rowsPerSlice;
                if (!fill(j, k, box.min[0], box.max[0], row.data()))
                    continue;
                // Scatter the row into the masks of the chunks it crosses.
                const std::size_t cy = std::size_t(j / K - cy0);
                for (int cx = cx0; cx <= cx1; ++cx) {
                    const int a = std::max(cx * K, box.min[0]), b = std::min(cx * K + K - 1, box.max[0]);
                    const std::uint8_t *src = row.data() + a;
                    if (std::all_of(src, src + (b - a + 1), [](std::uint8_t x) { return x == 0; }))
                        continue;
                    const std::size_t t = cy * std::size_t(nx) + std::size_t(cx - cx0);
                    std::memcpy(select[t].data() + LabelMap::offsetInChunk(a, j, k), src, std::size_t(b - a + 1));
                    used[t].store(true, std::memory_order_relaxed);
                }
                std::fill(row.begin() + box.min[0], row.begin() + box.max[0] + 1, std::uint8_t(0));
            }
        });
        batch.clear();
        for (std::size_t t = 0; t < select.size(); ++t)
            if (used[t])
                batch.push_back({(cz * grid[1] + cy0 + int(t / std::size_t(nx))) * grid[0] + cx0 + int(t % std::size_t(nx)),
                                 select[t].data()});
        changed += erase ? edit.eraseChunks(batch, label) : edit.writeChunks(batch, label);
        for (std::size_t t = 0; t < select.size(); ++t)
            if (used[t]) {
                std::fill(select[t].begin(), select[t].end(), std::uint8_t(0));
                used[t] = false;
            }
    }
    return changed;
}

std::size_t threshold(LabelEdit &edit, const Volume &volume, std::uint8_t label, const ValueRange &range)
{
    return threshold(edit, volume, label, range, VoxelBox::whole(volume.geometry().dims));
}

std::size_t threshold(LabelEdit &edit, const Volume &volume, std::uint8_t label, const ValueRange &range,
                      const VoxelBox &region)
{
    if (!sameDims(edit, volume) || !validRange(range))
        return 0;
    return withVoxels(volume, [&](const auto *voxels) {
        using T = std::remove_const_t<std::remove_pointer_t<decltype(voxels)>>;
        const InRange<T> in(range);
        const RowSelect fill = [&](int j, int k, int iMin, int iMax, std::uint8_t *out) {
            const T *row = voxels + volume.index(0, j, k);
            // Most rows hold nothing in range: a read-only test first.
            bool any = false;
            for (int i = iMin; i <= iMax; ++i)
                any |= in(row[i]);
            if (!any)
                return false;
            for (int i = iMin; i <= iMax; ++i)
                out[i] = in(row[i]) ? 1 : 0;
            return true;
        };
        return writeRowSelections(edit, region, fill, false, label);
    });
}

void thresholdPreview(const Volume &volume, const SlicePlane &plane, const ValueRange &range,
                      std::vector<std::uint8_t> &out)
{
    int w = 0, h = 0;
    planeSize(volume.geometry(), plane.axis, w, h);
    out.assign(std::size_t(w) * std::size_t(h), 0);
    if (plane.index < 0 || plane.index >= sliceCount(volume.geometry(), plane.axis) || !validRange(range))
        return;
    const Volume &values = planeValues(volume, plane);
    withVoxels(values, [&](const auto *voxels) {
        using T = std::remove_const_t<std::remove_pointer_t<decltype(voxels)>>;
        const InRange<T> in(range);
        std::uint8_t *o = out.data();
        const std::size_t n = out.size();
        for (std::size_t x = 0; x < n; ++x)
            o[x] = in(voxels[x]) ? 255 : 0;
    });
}

ValueRange rangeFromWindow(const WindowLevel &window)
{
    return {window.center - window.width / 2.0, window.center + window.width / 2.0};
}

ValueRange rangeAroundSeeds(const Volume &volume, const std::vector<Index3> &seeds, int radius, double tolerance)
{
    const Geometry &g = volume.geometry();
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    radius = std::max(radius, 0);
    for (const Index3 &s : seeds) {
        if (!g.contains(s[0], s[1], s[2]))
            continue;
        for (int k = std::max(s[2] - radius, 0); k <= std::min(s[2] + radius, g.dims[2] - 1); ++k)
            for (int j = std::max(s[1] - radius, 0); j <= std::min(s[1] + radius, g.dims[1] - 1); ++j)
                for (int i = std::max(s[0] - radius, 0); i <= std::min(s[0] + radius, g.dims[0] - 1); ++i) {
                    const double v = volume.value(i, j, k);
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
    }
    if (lo > hi)
        return {0.0, -1.0};
    return {lo - tolerance, hi + tolerance};
}

namespace {

// Visited bits, one 32^3 block (512 words) per chunk, allocated on first use.
class ChunkBits {
public:
    explicit ChunkBits(const LabelMap &map) : m_map(map), m_blocks(std::size_t(map.chunkCount())) {}

    // Sets the bit of (i, j, k); returns whether it was clear.
    bool mark(int i, int j, int k)
    {
        auto &block = m_blocks[std::size_t(m_map.chunkOf(i, j, k))];
        if (!block) {
            block.reset(new std::uint64_t[kWords]);
            std::fill(block.get(), block.get() + kWords, 0);
        }
        const std::size_t o = LabelMap::offsetInChunk(i, j, k);
        const std::uint64_t bit = std::uint64_t(1) << (o & 63);
        if (block[o >> 6] & bit)
            return false;
        block[o >> 6] |= bit;
        return true;
    }
    bool test(int i, int j, int k) const
    {
        const auto &block = m_blocks[std::size_t(m_map.chunkOf(i, j, k))];
        const std::size_t o = LabelMap::offsetInChunk(i, j, k);
        return block && (block[o >> 6] >> (o & 63) & 1);
    }
    std::size_t blocks() const { return m_blocks.size(); }
    const std::uint64_t *block(std::size_t c) const { return m_blocks[c].get(); }

    static constexpr std::size_t kWords = LabelMap::kChunkVoxels / 64;

private:
    const LabelMap &m_map;
    std::vector<std::unique_ptr<std::uint64_t[]>> m_blocks;
};

} // namespace

std::size_t growFromSeeds(LabelEdit &edit, const Volume &volume, std::uint8_t label,
                          const std::vector<Index3> &seeds, const ValueRange &range)
{
    if (!sameDims(edit, volume) || !validRange(range) || seeds.empty())
        return 0;
    const Geometry &g = volume.geometry();
    ChunkBits region(edit.map());
    withVoxels(volume, [&](const auto *voxels) {
        using T = std::remove_const_t<std::remove_pointer_t<decltype(voxels)>>;
        const InRange<T> in(range);
        const std::size_t rowStride = std::size_t(g.dims[0]);
        const std::size_t sliceStride = rowStride * std::size_t(g.dims[1]);
        // A voxel joins when it is in range and editable; marked when pushed, so each voxel is
        // pushed at most once (rejected ones may be looked at again from another neighbour).
        std::vector<Index3> stack;
        auto visit = [&](int i, int j, int k) {
            if (region.test(i, j, k))
                return;
            const std::size_t n = std::size_t(k) * sliceStride + std::size_t(j) * rowStride + std::size_t(i);
            if (!in(voxels[n]) || !edit.editable(i, j, k, label))
                return;
            region.mark(i, j, k);
            stack.push_back({i, j, k});
        };
        for (const Index3 &s : seeds)
            if (g.contains(s[0], s[1], s[2]))
                visit(s[0], s[1], s[2]);
        while (!stack.empty()) {
            const Index3 p = stack.back();
            stack.pop_back();
            const int i = p[0], j = p[1], k = p[2];
            if (i > 0) visit(i - 1, j, k);
            if (i + 1 < g.dims[0]) visit(i + 1, j, k);
            if (j > 0) visit(i, j - 1, k);
            if (j + 1 < g.dims[1]) visit(i, j + 1, k);
            if (k > 0) visit(i, j, k - 1);
            if (k + 1 < g.dims[2]) visit(i, j, k + 1);
        }
    });
    // Write the region in bulk, up to 256 chunk masks (8 MiB) at a time.
    std::size_t changed = 0;
    constexpr std::size_t kBatch = 256;
    std::vector<std::vector<std::uint8_t>> masks;
    std::vector<LabelEdit::ChunkSelection> batch;
    auto flush = [&] {
        changed += edit.writeChunks(batch, label);
        batch.clear();
    };
    for (std::size_t c = 0; c < region.blocks(); ++c) {
        const std::uint64_t *bits = region.block(c);
        if (!bits)
            continue;
        if (masks.size() <= batch.size())
            masks.emplace_back(LabelMap::kChunkVoxels);
        std::uint8_t *select = masks[batch.size()].data();
        for (std::size_t o = 0; o < LabelMap::kChunkVoxels; ++o)
            select[o] = std::uint8_t(bits[o >> 6] >> (o & 63) & 1);
        batch.push_back({int(c), select});
        if (batch.size() == kBatch)
            flush();
    }
    flush();
    return changed;
}

LevelTrace levelTrace(const Volume &volume, const SlicePlane &plane, int u, int v, double tolerance)
{
    LevelTrace t;
    planeSize(volume.geometry(), plane.axis, t.width, t.height);
    t.mask.assign(std::size_t(t.width) * std::size_t(t.height), 0);
    if (plane.index < 0 || plane.index >= sliceCount(volume.geometry(), plane.axis) || u < 0 || v < 0
        || u >= t.width || v >= t.height)
        return t;
    const Volume &values = planeValues(volume, plane);
    const int w = t.width, h = t.height;
    const double clicked = values.value(std::size_t(v) * std::size_t(w) + std::size_t(u));
    t.range = {clicked - std::abs(tolerance), clicked + std::abs(tolerance)};
    withVoxels(values, [&](const auto *voxels) {
        using T = std::remove_const_t<std::remove_pointer_t<decltype(voxels)>>;
        const InRange<T> in(t.range);
        std::vector<int> stack; // in-plane linear indices, marked when pushed
        auto visit = [&](int n) {
            if (t.mask[std::size_t(n)] || !in(voxels[n]))
                return;
            t.mask[std::size_t(n)] = 1;
            stack.push_back(n);
        };
        visit(v * w + u);
        while (!stack.empty()) {
            const int n = stack.back();
            stack.pop_back();
            const int x = n % w, y = n / w;
            if (x > 0) visit(n - 1);
            if (x + 1 < w) visit(n + 1);
            if (y > 0) visit(n - w);
            if (y + 1 < h) visit(n + w);
        }
    });
    t.count = std::size_t(std::count(t.mask.begin(), t.mask.end(), std::uint8_t(1)));
    t.outline = traceOutline(t.mask, w, h);
    return t;
}

std::size_t applyLevelTrace(LabelEdit &edit, const SlicePlane &plane, const LevelTrace &trace, std::uint8_t label)
{
    return applyPlaneMask(edit, plane.axis, plane.index, plane.index, trace.mask, trace.width, trace.height, false,
                          label);
}

} // namespace sagitta::core
