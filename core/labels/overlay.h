#pragma once
// The pixels of one slice as a view shows them: windowed grey (inverted for MONOCHROME1) with
// labels tinted on top at 50 %. Output is 32-bit 0xffRRGGBB, the layout of QImage::Format_RGB32,
// so a view paints it without another pass.
#include "core/image/slice.h"
#include "core/labels/labelmap.h"

#include <array>
#include <cstdint>
#include <vector>

namespace sagitta::core {

using LabelColors = std::array<std::uint32_t, 256>; // 0xRRGGBB per label value; 0 = hidden

// out has room for height rows of stride pixels; labels may be null. Thread: any.
void renderSlice(const Volume &volume, const LabelMap *labels, const SlicePlane &plane, const WindowLevel &window,
                 const LabelColors &colors, std::uint32_t *out, int stride);

} // namespace sagitta::core
