#pragma once
// The attributes of one DICOM file as text, for the tag browser: tag, VR, dictionary name and
// value (long or binary values summarised), nested sequences with their depth.
#include <string>
#include <vector>

namespace sagitta::core::dicom {

struct TagEntry {
    std::string tag;   // "(0010,0010)"
    std::string vr;    // "PN"
    std::string name;  // "PatientName"
    std::string value; // UTF-8 as stored, "\" between values; "(N bytes)" for binary data
    int depth = 0;     // 0 = dataset, 1 = inside a sequence item, ...
};

// Meta header and dataset attributes in file order. Throws core::Error naming the file.
std::vector<TagEntry> readTags(const std::string &path);

} // namespace sagitta::core::dicom
