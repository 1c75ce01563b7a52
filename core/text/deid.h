#pragma once
// De-identification of clinical text before it leaves Sagitta: names after titles and name
// fields, dates (shifted by a number of days fixed per patient, so intervals survive), record
// and ID numbers, phone numbers, e-mail and street addresses, and ages over 89. English and
// Chinese patterns. Offsets are code points.
#include <string>
#include <vector>

namespace sagitta::core::text {

struct PhiSpan {
    int start = 0, end = 0;
    std::string category; // NAME, DATE, ID, PHONE, EMAIL, ADDRESS, AGE
    int replacementLength = 0; // code points of what replaced it (set by deidentify)
};

std::vector<PhiSpan> findPhi(const std::string &utf8);

struct DeidResult {
    std::string text;
    std::vector<PhiSpan> replaced; // positions in the original text
    int dateShiftDays = 0;
};

// patientKey fixes the date shift (-30 to -395 days); the same patient always gets the same.
// Dates are shifted and kept as dates; everything else becomes a [CATEGORY] tag, ages "90+".
DeidResult deidentify(const std::string &utf8, const std::string &patientKey);

// A code-point offset of the original text moved to the de-identified text. Offsets inside a
// replaced span go to its start (or, with end = true, to the end of its replacement).
int mapOffset(const DeidResult &deid, int offset, bool end);

} // namespace sagitta::core::text
