#pragma once
// De-identification of clinical text before it leaves Sagitta, in layers: patterns for structured
// identifiers (all date forms, shifted by a number of days fixed per patient so intervals
// survive; phones, SSN, e-mail, URL, IP, record/account/licence/device/ID-card numbers after their
// labels, Chinese ID cards with their check character, beds); names from context (titles, roles,
// labels, signatures, family relations, Chinese anchors such as 患者/主治医师/联系人/家属 with a
// family-name list) and common English given names; a name found once is removed everywhere in
// the note; organisations and addresses by pattern and short lists; eponyms used clinically
// (Parkinson disease, Foley catheter) are kept; ages over 89. Scored against synthetic gold sets
// by tests/core/tst_deid.cpp. Offsets are code points.
#include <string>
#include <vector>

namespace sagitta::core::text {

struct PhiSpan {
    int start = 0, end = 0;
    std::string category; // NAME, DATE, ID, PHONE, EMAIL, ADDRESS, AGE
    int replacementLength = 0; // code points of what replaced it (set by deidentify)
    int rule = -1; // the layer that found it, for scoring in aggregate: a pattern's index, -2 unknown capitalised words, -3 a name spread over the note
};

std::vector<PhiSpan> findPhi(const std::string &utf8);

// A Chinese resident ID card number (18 characters, GB 11643 check character).
bool chineseIdCardValid(const std::wstring &id);

struct DeidResult {
    std::string text;
    std::vector<PhiSpan> replaced; // positions in the original text
    int dateShiftDays = 0;
};

// patientKey fixes the date shift (-30 to -395 days); the same patient always gets the same.
// Dates are shifted and kept as dates; everything else becomes a [CATEGORY] tag, ages "90+".
// With surrogates, a realistic fake value of the same kind instead of the tag, the same one for
// the same identifier of the same patient (core/text/surrogates.h).
DeidResult deidentify(const std::string &utf8, const std::string &patientKey, bool surrogates = false);

// A code-point offset of the original text moved to the de-identified text. Offsets inside a
// replaced span go to its start (or, with end = true, to the end of its replacement).
int mapOffset(const DeidResult &deid, int offset, bool end);

} // namespace sagitta::core::text
