#pragma once
// Scoring of text de-identification against a gold set written with inline marks
// "[[surface|CATEGORY]]", notes separated by lines "=====", '#' lines are comments
// (tests/data/text/deid_en.txt, deid_zh.txt). Token level: a token is a run of Latin letters or
// digits, or one CJK character; a gold identifier token counts as found when any of its characters
// was replaced, whatever category was given.
#include <array>
#include <map>
#include <string>
#include <vector>

namespace sagitta::core::text {

struct GoldSpan {
    int start = 0, end = 0; // code points of the plain text
    std::string category;   // NAME_PATIENT, DATE, MRN, ...
};

struct GoldNote {
    std::string text; // without the marks
    std::vector<GoldSpan> spans;
};

std::vector<GoldNote> parseDeidGold(const std::string &content);

// Groups of categories reported: names, dates (with ages over 89), IDs and numbers,
// locations and organisations, contacts (phone, fax, e-mail, URL, IP).
enum class PhiGroup { Names, Dates, Ids, Locations, Contacts };
constexpr int phiGroupCount = 5;
const char *phiGroupName(PhiGroup g);
PhiGroup goldGroup(const std::string &goldCategory);
PhiGroup predictedGroup(const std::string &deidCategory);

struct DeidScore {
    struct Counts {
        int goldTokens = 0, goldFound = 0;          // recall
        int predictedTokens = 0, predictedGold = 0; // precision
        double recall() const { return goldTokens ? double(goldFound) / goldTokens : 1.0; }
        double precision() const { return predictedTokens ? double(predictedGold) / predictedTokens : 1.0; }
    };
    std::array<Counts, phiGroupCount> groups;
    Counts overall;
    int otherTokens = 0, otherRemoved = 0; // tokens that are no identifier (clinical text)
    double otherRemovedShare() const { return otherTokens ? double(otherRemoved) / otherTokens : 0.0; }
    int notes = 0;
    std::vector<std::string> misses; // "CATEGORY surface" of gold spans not fully found
    std::vector<std::string> falseHits; // "CATEGORY surface" of removed non-identifier text
    // The same, in aggregate without the text: "CATEGORY shape" -> count, where the shape writes
    // capitals as A, small letters as a, digits as 9 and CJK characters as X, runs collapsed
    // ("Aa Aa", "9/9/9"). For looking at the held-out half without reading its identifiers.
    std::map<std::string, int> missShapes, falseHitShapes;
    // False hits counted by the layer that made them ("NAME rule 87", PhiSpan::rule).
    std::map<std::string, int> falseHitRules;
};

// Scores findPhi on the notes whose index modulo `stride` is `part` (stride 2: part 0 = tuning
// half, part 1 = held-out half; stride 1, part 0 = all).
DeidScore scoreDeid(const std::vector<GoldNote> &notes, int stride = 1, int part = 0);
std::string textShape(const std::u32string &text);
std::string formatDeidScore(const DeidScore &s);

} // namespace sagitta::core::text
