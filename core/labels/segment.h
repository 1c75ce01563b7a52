#pragma once
// A named, coloured segment: the meaning of one label value in a series' label map.
#include <cstdint>
#include <string>

namespace sagitta::core {

// A coded concept as DICOM SEG carries it (Segmented Property Category / Type): coding scheme
// designator, code value and meaning, e.g. {"SCT", "4147007", "Mass"}. Empty when not coded.
struct Code {
    std::string scheme, value, meaning;
    bool empty() const { return value.empty(); }
    bool operator==(const Code &o) const { return scheme == o.scheme && value == o.value; }
};

struct Segment {
    std::int64_t id = 0;        // project row id
    std::int64_t seriesId = 0;
    std::uint8_t label = 1;     // value in the LabelMap, 1..255 (one segment per value)
    std::string name;           // UTF-8
    std::uint32_t rgb = 0xff0000; // 0xRRGGBB
    double opacity = 0.5;       // of the fill over the image, 0..1
    bool visible = true;
    bool locked = false;        // no edit changes its voxels
    Code category, type;        // what it is, from the terminology (terminology.h)
    int layer = 0;              // the LabelMap layer that holds its voxels (LabelMap::layerOf)
    std::int64_t labelMapId = 0; // project row of the label map (author) it belongs to; 0: not stored yet
};

// A distinct colour for the n-th segment (n >= 0), cycling through a fixed palette.
std::uint32_t defaultSegmentColor(int n);

} // namespace sagitta::core
