#include "core/labels/statistics.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace sagitta::core {

namespace {

struct Point {
    double x, y;
};

double cross(const Point &o, const Point &a, const Point &b)
{
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

// Convex hull (Andrew's monotone chain) of points in mm.
std::vector<Point> hull(std::vector<Point> p)
{
    std::sort(p.begin(), p.end(), [](const Point &a, const Point &b) { return a.x != b.x ? a.x < b.x : a.y < b.y; });
    if (p.size() < 3)
        return p;
    std::vector<Point> h(2 * p.size());
    std::size_t k = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        while (k >= 2 && cross(h[k - 2], h[k - 1], p[i]) <= 0)
            --k;
        h[k++] = p[i];
    }
    for (std::size_t i = p.size() - 1, t = k + 1; i > 0; --i) {
        while (k >= t && cross(h[k - 2], h[k - 1], p[i - 1]) <= 0)
            --k;
        h[k++] = p[i - 1];
    }
    h.resize(k - 1);
    return h;
}

// Longest distance between two points and the extent perpendicular to it.
std::pair<double, double> diameters(const std::vector<Point> &points)
{
    const std::vector<Point> h = hull(points);
    double best = 0.0;
    Point a{0, 0}, b{0, 0};
    for (std::size_t i = 0; i < h.size(); ++i)
        for (std::size_t j = i + 1; j < h.size(); ++j) {
            const double d = std::hypot(h[i].x - h[j].x, h[i].y - h[j].y);
            if (d > best) {
                best = d;
                a = h[i];
                b = h[j];
            }
        }
    if (best == 0.0)
        return {0.0, 0.0};
    const double nx = -(b.y - a.y) / best, ny = (b.x - a.x) / best;
    double lo = 0.0, hi = 0.0;
    bool first = true;
    for (const Point &p : h) {
        const double t = p.x * nx + p.y * ny;
        lo = first ? t : std::min(lo, t);
        hi = first ? t : std::max(hi, t);
        first = false;
    }
    return {best, hi - lo};
}

} // namespace

std::vector<SegmentStatistics> segmentStatistics(const LabelMap &labels, const Volume &volume)
{
    const auto &d = labels.dims();
    if (d != volume.geometry().dims)
        return {};
    const Vec3 &sp = volume.geometry().spacing;
    struct Sum {
        std::uint64_t n = 0;
        double sum = 0, sum2 = 0, min = 0, max = 0;
    };
    std::array<Sum, 256> sums{};
    std::array<SegmentStatistics, 256> best{};
    // Per slice: each label's leftmost and rightmost voxel in each row (enough for the hull).
    std::vector<std::array<int, 2>> rows;
    std::vector<std::uint8_t> present;
    const auto &grid = labels.chunkGrid();
    constexpr int C = LabelMap::kChunk;
    for (int k = 0; k < d[2]; ++k) {
        present.assign(256, 0);
        rows.assign(std::size_t(256) * std::size_t(d[1]), {1 << 30, -1});
        const int ck = k / C;
        // Each segment on its own layer: a label value is on one layer only.
        for (int layer = 0; layer < labels.layerCount(); ++layer) {
            for (int cj = 0; cj < grid[1]; ++cj)
                for (int ci = 0; ci < grid[0]; ++ci) {
                    const int c = (ck * grid[1] + cj) * grid[0] + ci;
                    const LabelMap::Chunk &chunk = labels.chunk(labels.chunkIndex(layer, c));
                    if (chunk.empty())
                        continue;
                    for (int j = cj * C; j < std::min(d[1], (cj + 1) * C); ++j)
                        for (int i = ci * C; i < std::min(d[0], (ci + 1) * C); ++i) {
                            const std::uint8_t l = chunk[LabelMap::offsetInChunk(i, j, k)];
                            if (l == 0)
                                continue;
                            const double v = volume.value(i, j, k);
                            Sum &s = sums[l];
                            s.min = s.n ? std::min(s.min, v) : v;
                            s.max = s.n ? std::max(s.max, v) : v;
                            ++s.n;
                            s.sum += v;
                            s.sum2 += v * v;
                            auto &r = rows[std::size_t(l) * std::size_t(d[1]) + std::size_t(j)];
                            r[0] = std::min(r[0], i);
                            r[1] = std::max(r[1], i);
                            present[l] = 1;
                        }
                }
        }
        for (int l = 1; l < 256; ++l) {
            if (!present[std::size_t(l)])
                continue;
            std::vector<Point> points;
            for (int j = 0; j < d[1]; ++j) {
                const auto &r = rows[std::size_t(l) * std::size_t(d[1]) + std::size_t(j)];
                if (r[1] < 0)
                    continue;
                points.push_back({r[0] * sp[0], j * sp[1]});
                if (r[1] != r[0])
                    points.push_back({r[1] * sp[0], j * sp[1]});
            }
            const auto [longest, perpendicular] = diameters(points);
            SegmentStatistics &b = best[std::size_t(l)];
            if (b.longestSlice < 0 || longest > b.longestMm) {
                b.longestMm = longest;
                b.perpendicularMm = perpendicular;
                b.longestSlice = k;
            }
        }
    }
    std::vector<SegmentStatistics> out;
    const double voxelMl = sp[0] * sp[1] * sp[2] / 1000.0;
    for (int l = 1; l < 256; ++l) {
        const Sum &s = sums[std::size_t(l)];
        if (s.n == 0)
            continue;
        SegmentStatistics st = best[std::size_t(l)];
        st.label = std::uint8_t(l);
        st.voxels = s.n;
        st.volumeMl = double(s.n) * voxelMl;
        st.mean = s.sum / double(s.n);
        st.sd = std::sqrt(std::max(0.0, s.sum2 / double(s.n) - st.mean * st.mean));
        st.min = s.min;
        st.max = s.max;
        out.push_back(st);
    }
    return out;
}

std::string statisticsCsv(const std::vector<SegmentStatistics> &stats, const std::vector<Segment> &segments,
                          const std::string &unit)
{
    auto quoted = [](const std::string &s) {
        std::string q = "\"";
        for (char c : s)
            q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    };
    const std::string u = unit.empty() ? std::string() : " (" + unit + ")";
    std::string csv = "label,segment,type,voxels,volume_ml,mean" + u + ",sd" + u + ",min" + u + ",max" + u
                      + ",longest_diameter_mm,perpendicular_mm,slice\n";
    for (const Segment &seg : segments) {
        SegmentStatistics st;
        st.label = seg.label;
        for (const SegmentStatistics &s : stats)
            if (s.label == seg.label)
                st = s;
        char numbers[256];
        std::snprintf(numbers, sizeof numbers, "%llu,%.4f,%.3f,%.3f,%.3f,%.3f,%.2f,%.2f,%d",
                      static_cast<unsigned long long>(st.voxels), st.volumeMl, st.mean, st.sd, st.min, st.max, st.longestMm,
                      st.perpendicularMm, st.longestSlice);
        csv += std::to_string(seg.label) + "," + quoted(seg.name) + "," + quoted(seg.type.meaning) + "," + numbers + "\n";
    }
    return csv;
}

} // namespace sagitta::core
