#pragma once
// A named, coloured segment: the meaning of one label value in a series' label map.
#include <cstdint>
#include <string>

namespace sagitta::core {

struct Segment {
    std::int64_t id = 0;        // project row id
    std::int64_t seriesId = 0;
    std::uint8_t label = 1;     // value in the LabelMap, 1..255
    std::string name;           // UTF-8
    std::uint32_t rgb = 0xff0000; // 0xRRGGBB
};

// A distinct colour for the n-th segment (n >= 0), cycling through a fixed palette.
std::uint32_t defaultSegmentColor(int n);

} // namespace sagitta::core
