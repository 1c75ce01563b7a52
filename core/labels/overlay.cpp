#include "core/labels/overlay.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace sagitta::core {

void renderSlice(const Volume &volume, const LabelMap *labels, const SlicePlane &plane, const WindowLevel &window,
                 const LabelColors &colors, std::uint32_t *out, int stride)
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
    // Walk the plane chunk row by chunk row so each label chunk is looked up once per row run;
    // large planes are spread over the cores (strided planes are bound by cache misses).
    auto rows = [&](int v0, int v1) {
        for (int v = v0; v < v1; ++v) {
            std::uint32_t *line = out + std::size_t(v) * std::size_t(stride);
            for (int u0 = 0; u0 < w; u0 += LabelMap::kChunk) {
                const auto first = planeToVoxel(plane, u0, v);
                const LabelMap::Chunk &chunk = labels->chunk(labels->chunkOf(first[0], first[1], first[2]));
                if (chunk.empty())
                    continue;
                const int u1 = std::min(w, u0 + LabelMap::kChunk);
                for (int u = u0; u < u1; ++u) {
                    const auto ijk = planeToVoxel(plane, u, v);
                    const std::uint8_t l = chunk[LabelMap::offsetInChunk(ijk[0], ijk[1], ijk[2])];
                    const std::uint32_t c = colors[l];
                    if (l == 0 || c == 0)
                        continue;
                    const std::uint32_t base = line[u];
                    // Average each channel: (a + b) / 2 without carries between channels.
                    line[u] = 0xff000000u | ((((base & 0xfefefe) >> 1) + ((c & 0xfefefe) >> 1)) & 0xffffff);
                }
            }
        }
    };
    if (std::size_t(w) * std::size_t(h) >= 65536)
        tbb::parallel_for(tbb::blocked_range<int>(0, h, 16), [&](const tbb::blocked_range<int> &r) { rows(r.begin(), r.end()); });
    else
        rows(0, h);
}

} // namespace sagitta::core
