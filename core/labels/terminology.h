#pragma once
// What a segment is, coded as DICOM SEG's Segmented Property Category and Type (SNOMED CT
// codes, as in DICOM PS3.16 CID 7150/7151 and 3D Slicer's default terminology). A built-in
// list of the common categories and types; projects add their own entries beside it.
#include "core/labels/segment.h"

#include <vector>

namespace sagitta::core {

struct TerminologyEntry {
    Code category, type;
    std::uint32_t rgb = 0; // a suggested colour (0xRRGGBB), 0 = none
};

// The built-in entries, grouped by category in a stable order.
const std::vector<TerminologyEntry> &builtinTerminology();

// "Meaning" of a code, or the name for an uncoded segment; used in lists and exports.
std::string codeText(const Code &code);

// Coded strings as stored in the project: "SCHEME|VALUE|MEANING" ("" for none).
std::string encodeCode(const Code &code);
Code decodeCode(const std::string &text);

} // namespace sagitta::core
