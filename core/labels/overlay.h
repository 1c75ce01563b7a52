#pragma once
// The pixels of one slice as a view shows them: windowed grey (inverted for MONOCHROME1) with
// each segment drawn on top as its style says (filled at its opacity, outlined, or both; hidden
// segments not at all); the map's layers are drawn bottom up, so overlapping segments blend.
// Output is 32-bit 0xffRRGGBB, the layout of QImage::Format_RGB32, so a
// view paints it without another pass.
#include "core/image/slice.h"
#include "core/labels/labelmap.h"
#include "core/labels/segment.h"

#include <array>
#include <cstdint>
#include <vector>

namespace sagitta::core {

enum class LabelDisplay { Fill, Outline, FillAndOutline };

// How labels are drawn, per label value.
struct LabelStyle {
    std::array<bool, 256> shown{};            // false: not drawn at all
    std::array<std::uint32_t, 256> rgb{};     // 0xRRGGBB
    std::array<std::uint8_t, 256> alpha{};    // fill opacity, 255 = opaque
    LabelDisplay display = LabelDisplay::Fill; // outlines are drawn opaque, one pixel wide

    // Each visible segment in its colour and opacity.
    static LabelStyle of(const std::vector<Segment> &segments, LabelDisplay display = LabelDisplay::Fill);
    void set(std::uint8_t label, std::uint32_t color, double opacity);
};

// fill blended over base: each channel base + (fill - base) * alpha / 255.
std::uint32_t blendPixel(std::uint32_t base, std::uint32_t fill, std::uint8_t alpha);

// out has room for height rows of stride pixels; labels may be null. Thread: any.
void renderSlice(const Volume &volume, const LabelMap *labels, const SlicePlane &plane, const WindowLevel &window,
                 const LabelStyle &style, std::uint32_t *out, int stride);

} // namespace sagitta::core
