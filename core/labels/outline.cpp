#include "core/labels/outline.h"

#include "core/labels/threshold.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace sagitta::core {

void rasterizeOutline(const std::vector<Point2> &outline, int width, int height, FillRule rule,
                      std::vector<std::uint8_t> &mask)
{
    mask.assign(std::size_t(std::max(width, 0)) * std::size_t(std::max(height, 0)), 0);
    const std::size_t n = outline.size();
    if (n < 3 || width <= 0 || height <= 0)
        return;
    double vMin = outline[0][1], vMax = vMin;
    for (const Point2 &p : outline) {
        vMin = std::min(vMin, p[1]);
        vMax = std::max(vMax, p[1]);
    }
    struct Crossing {
        double u;
        int winding;
    };
    std::vector<Crossing> crossings;
    const int v0 = std::max(0, int(std::ceil(vMin))), v1 = std::min(height - 1, int(std::floor(vMax)));
    for (int v = v0; v <= v1; ++v) {
        const double y = v;
        crossings.clear();
        for (std::size_t e = 0; e < n; ++e) {
            const Point2 &a = outline[e], &b = outline[(e + 1) % n];
            // Half-open in v: a vertex on the row is counted once, horizontal edges never.
            if ((a[1] > y) == (b[1] > y))
                continue;
            const double u = a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1]);
            crossings.push_back({u, b[1] > a[1] ? 1 : -1});
        }
        std::sort(crossings.begin(), crossings.end(), [](const Crossing &p, const Crossing &q) { return p.u < q.u; });
        std::uint8_t *row = mask.data() + std::size_t(v) * std::size_t(width);
        // Spans [left, right): voxel centres u with left <= u < right.
        auto span = [&](double left, double right) {
            const int a = std::max(0, int(std::ceil(left)));
            const int b = std::min(width, int(std::ceil(right)));
            if (a < b)
                std::memset(row + a, 1, std::size_t(b - a));
        };
        if (rule == FillRule::EvenOdd) {
            for (std::size_t c = 0; c + 1 < crossings.size(); c += 2)
                span(crossings[c].u, crossings[c + 1].u);
        } else {
            int winding = 0;
            double start = 0;
            for (const Crossing &c : crossings) {
                const int before = winding;
                winding += c.winding;
                if (before == 0 && winding != 0)
                    start = c.u;
                else if (before != 0 && winding == 0)
                    span(start, c.u);
            }
        }
    }
}

std::size_t applyPlaneMask(LabelEdit &edit, SliceAxis axis, int first, int last, const std::vector<std::uint8_t> &mask,
                           int width, int height, bool erase, std::uint8_t label)
{
    const auto &dims = edit.map().dims();
    int ua = 0, va = 1;
    planeAxes(axis, ua, va);
    if (width != dims[ua] || height != dims[va] || mask.size() != std::size_t(width) * std::size_t(height))
        return 0;
    // The in-plane bounding box of the mask keeps the chunks visited to those it meets.
    int uMin = width, uMax = -1, vMin = height, vMax = -1;
    for (int v = 0; v < height; ++v) {
        const std::uint8_t *row = mask.data() + std::size_t(v) * std::size_t(width);
        for (int u = 0; u < width; ++u)
            if (row[u]) {
                uMin = std::min(uMin, u);
                uMax = std::max(uMax, u);
                vMin = std::min(vMin, v);
                vMax = std::max(vMax, v);
            }
    }
    if (uMax < 0)
        return 0;
    VoxelBox box = VoxelBox::slices(dims, axis, first, last);
    box.min[ua] = uMin;
    box.max[ua] = uMax;
    box.min[va] = vMin;
    box.max[va] = vMax;
    const RowSelect fill = [&](int j, int k, int iMin, int iMax, std::uint8_t *row) {
        if (ua == 0) { // axial (v = j) and coronal (v = k): the row is a run of a mask row
            const std::uint8_t *src = mask.data() + std::size_t(va == 1 ? j : k) * std::size_t(width);
            std::memcpy(row + iMin, src + iMin, std::size_t(iMax - iMin + 1));
            return std::any_of(src + iMin, src + iMax + 1, [](std::uint8_t x) { return x != 0; });
        }
        // sagittal: u = j, v = k, one mask value along the row
        if (!mask[std::size_t(k) * std::size_t(width) + std::size_t(j)])
            return false;
        std::memset(row + iMin, 1, std::size_t(iMax - iMin + 1));
        return true;
    };
    return writeRowSelections(edit, box, fill, erase, label);
}

namespace {

void planeMaskOf(const LabelEdit &edit, SliceAxis axis, const std::vector<Point2> &outline, FillRule rule,
                 std::vector<std::uint8_t> &mask, int &w, int &h)
{
    int ua = 0, va = 1;
    planeAxes(axis, ua, va);
    w = edit.map().dims()[ua];
    h = edit.map().dims()[va];
    rasterizeOutline(outline, w, h, rule, mask);
}

} // namespace

std::size_t fillOutline(LabelEdit &edit, const SlicePlane &plane, const std::vector<Point2> &outline,
                        const OutlineSettings &settings)
{
    return scissors(edit, plane, outline, settings, {SlabExtent::Symmetric, 0});
}

std::size_t scissors(LabelEdit &edit, const SlicePlane &plane, const std::vector<Point2> &outline,
                     const OutlineSettings &settings, const Slab &slab)
{
    const int count = edit.map().dims()[int(plane.axis)];
    const int n = std::max(slab.slices, 0);
    int first = plane.index, last = plane.index;
    switch (slab.extent) {
    case SlabExtent::Whole: first = 0; last = count - 1; break;
    case SlabExtent::Symmetric: first = plane.index - n; last = plane.index + n; break;
    case SlabExtent::Above: last = plane.index + n; break;
    case SlabExtent::Below: first = plane.index - n; break;
    }
    first = std::max(first, 0);
    last = std::min(last, count - 1);
    if (first > last)
        return 0;
    std::vector<std::uint8_t> mask;
    int w = 0, h = 0;
    planeMaskOf(edit, plane.axis, outline, settings.rule, mask, w, h);
    const bool erase = settings.op == OutlineOp::Erase;
    return applyPlaneMask(edit, plane.axis, first, last, mask, w, h, erase, settings.label);
}

std::vector<Point2> traceOutline(const std::vector<std::uint8_t> &mask, int width, int height)
{
    if (width <= 0 || height <= 0 || mask.size() != std::size_t(width) * std::size_t(height))
        return {};
    // Vertex (X, Y) is the voxel corner (X - 0.5, Y - 0.5). Each boundary edge of an inside
    // voxel is directed with the region on its right on screen (v down): top edges run +u,
    // right edges +v, bottom edges -u, left edges -v. Bits: 1 +u, 2 +v, 4 -u, 8 -v.
    const int vw = width + 1;
    std::vector<std::uint8_t> out(std::size_t(vw) * std::size_t(height + 1), 0);
    auto inside = [&](int x, int y) {
        return x >= 0 && y >= 0 && x < width && y < height && mask[std::size_t(y) * std::size_t(width) + std::size_t(x)];
    };
    std::size_t edges = 0;
    bool pinch = false;
    auto add = [&](int X, int Y, std::uint8_t bit) {
        std::uint8_t &o = out[std::size_t(Y) * std::size_t(vw) + std::size_t(X)];
        pinch = pinch || o != 0; // two ways out of one corner: regions touch there
        o |= bit;
        ++edges;
    };
    int startX = -1, startY = -1;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            if (!inside(x, y))
                continue;
            if (!inside(x, y - 1)) {
                add(x, y, 1);
                if (startX < 0) {
                    startX = x;
                    startY = y;
                }
            }
            if (!inside(x + 1, y))
                add(x + 1, y, 2);
            if (!inside(x, y + 1))
                add(x + 1, y + 1, 4);
            if (!inside(x - 1, y))
                add(x, y + 1, 8);
        }
    if (startX < 0 || pinch)
        return {};
    // Follow the one loop from the first top edge; it must use every edge (else holes or more
    // than one region).
    static const int dx[4] = {1, 0, -1, 0}, dy[4] = {0, 1, 0, -1};
    std::vector<Point2> polygon;
    int X = startX, Y = startY, prev = -1;
    std::size_t walked = 0;
    do {
        const std::uint8_t o = out[std::size_t(Y) * std::size_t(vw) + std::size_t(X)];
        int d = 0;
        while (!(o & (1 << d)))
            ++d;
        if (d != prev)
            polygon.push_back({X - 0.5, Y - 0.5});
        prev = d;
        X += dx[d];
        Y += dy[d];
        ++walked;
    } while ((X != startX || Y != startY) && walked <= edges);
    if (walked != edges)
        return {};
    return polygon;
}

} // namespace sagitta::core
