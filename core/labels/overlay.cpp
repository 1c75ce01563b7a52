#include "core/labels/overlay.h"

#include <algorithm>
#include <cmath>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace sagitta::core {

LabelStyle LabelStyle::of(const std::vector<Segment> &segments, LabelDisplay display)
{
    LabelStyle style;
    style.display = display;
    for (const Segment &s : segments)
        if (s.visible)
            style.set(s.label, s.rgb, s.opacity);
    return style;
}

void LabelStyle::set(std::uint8_t label, std::uint32_t color, double opacity)
{
    shown[label] = label != 0;
    rgb[label] = color & 0xffffff;
    alpha[label] = std::uint8_t(std::lround(std::clamp(opacity, 0.0, 1.0) * 255.0));
}

std::uint32_t blendPixel(std::uint32_t base, std::uint32_t fill, std::uint8_t alpha)
{
    std::uint32_t out = 0xff000000u;
    for (int shift = 0; shift <= 16; shift += 8) {
        const int b = int((base >> shift) & 0xff), f = int((fill >> shift) & 0xff);
        out |= std::uint32_t(b + ((f - b) * int(alpha) + (f > b ? 127 : -127)) / 255) << shift;
    }
    return out;
}

void renderSlice(const Volume &volume, const LabelMap *labels, const SlicePlane &plane, const WindowLevel &window,
                 const LabelStyle &style, std::uint32_t *out, int stride)
{
    int w = 0, h = 0;
    planeSize(volume.geometry(), plane.axis, w, h);
    if (volume.isColour() && plane.index >= 0 && plane.index < sliceCount(volume.geometry(), plane.axis)) {
        // Colour: the window applies to each channel alike (identity at centre 127.5, width 256).
        std::array<std::uint32_t, 256> lut{};
        for (int x = 0; x < 256; ++x)
            lut[std::size_t(x)] = window.grey(x);
        const std::uint8_t *rgb = planeValues(volume, plane).data<std::uint8_t>();
        for (int v = 0; v < h; ++v) {
            std::uint32_t *line = out + std::size_t(v) * std::size_t(stride);
            const std::uint8_t *p = rgb + std::size_t(v) * std::size_t(w) * 3;
            for (int u = 0; u < w; ++u, p += 3)
                line[u] = 0xff000000u | (lut[p[0]] << 16) | (lut[p[1]] << 8) | lut[p[2]];
        }
    } else {
        thread_local std::vector<std::uint8_t> grey;
        windowSlice(volume, plane, window, grey);
        const std::uint32_t invert = volume.invertDisplay ? 0xff : 0;
        for (int v = 0; v < h; ++v) {
            std::uint32_t *line = out + std::size_t(v) * std::size_t(stride);
            const std::uint8_t *g = grey.data() + std::size_t(v) * std::size_t(w);
            for (int u = 0; u < w; ++u) {
                const std::uint32_t x = std::uint32_t(g[u]) ^ invert;
                line[u] = 0xff000000u | (x << 16) | (x << 8) | x;
            }
        }
    }
    if (!labels || labels->dims() != volume.geometry().dims)
        return;
    bool any = false;
    for (int l = 1; l < 256; ++l)
        any = any || style.shown[std::size_t(l)];
    if (!any)
        return;
    // Layer by layer, bottom up (segments that overlap blend, the upper one drawn last): the
    // plane's labels, gathered chunk row by chunk row so each label chunk is looked up once per
    // row run; then each pixel drawn as its label's style says (outlines look at the four
    // neighbours in the plane). Large planes are spread over the cores.
    thread_local std::vector<std::uint8_t> plabels;
    const bool fill = style.display != LabelDisplay::Outline, outline = style.display != LabelDisplay::Fill;
    for (int layer = 0; layer < labels->layerCount(); ++layer) {
        plabels.assign(std::size_t(w) * std::size_t(h), 0);
        bool anyLabel = false;
        for (int v = 0; v < h; ++v) {
            std::uint8_t *row = plabels.data() + std::size_t(v) * std::size_t(w);
            for (int u0 = 0; u0 < w; u0 += LabelMap::kChunk) {
                const auto first = planeToVoxel(plane, u0, v);
                const int c = labels->chunkIndex(layer, labels->chunkOf(first[0], first[1], first[2]));
                const LabelMap::Chunk &chunk = labels->chunk(c);
                if (chunk.empty())
                    continue;
                anyLabel = true;
                const int u1 = std::min(w, u0 + LabelMap::kChunk);
                for (int u = u0; u < u1; ++u) {
                    const auto ijk = planeToVoxel(plane, u, v);
                    row[u] = chunk[LabelMap::offsetInChunk(ijk[0], ijk[1], ijk[2])];
                }
            }
        }
        if (!anyLabel)
            continue;
        const std::uint8_t *L = plabels.data();
        auto rows = [&](int v0, int v1) {
            for (int v = v0; v < v1; ++v) {
                std::uint32_t *line = out + std::size_t(v) * std::size_t(stride);
                const std::uint8_t *row = L + std::size_t(v) * std::size_t(w);
                for (int u = 0; u < w; ++u) {
                    const std::uint8_t l = row[u];
                    if (l == 0 || !style.shown[l])
                        continue;
                    const bool edge = outline
                                      && (u == 0 || u == w - 1 || v == 0 || v == h - 1 || row[u - 1] != l || row[u + 1] != l
                                          || row[u - std::ptrdiff_t(w)] != l || row[u + std::ptrdiff_t(w)] != l);
                    if (edge)
                        line[u] = 0xff000000u | style.rgb[l];
                    else if (fill && style.alpha[l] > 0)
                        line[u] = blendPixel(line[u], style.rgb[l], style.alpha[l]);
                }
            }
        };
        if (std::size_t(w) * std::size_t(h) >= 65536)
            tbb::parallel_for(tbb::blocked_range<int>(0, h, 16), [&](const tbb::blocked_range<int> &r) { rows(r.begin(), r.end()); });
        else
            rows(0, h);
    }
}

} // namespace sagitta::core
