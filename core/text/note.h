#pragma once
// A clinical note: free text (UTF-8) that belongs to a patient. Entities come with issue 3.
#include <cstdint>
#include <string>

namespace sagitta::core {

struct Note {
    std::int64_t id = 0;
    std::string patientId;
    std::string title;
    std::string language = "en"; // BCP 47: "en", "zh"
    std::string text;
    std::string externalId; // identifier in the source file (e.g. MIMIC ROW_ID)
    std::string noteType;   // e.g. "Radiology", "Discharge summary"
    std::string reviewStatus = "new"; // new, in progress, done
};

} // namespace sagitta::core
