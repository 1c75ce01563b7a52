#pragma once
// Ambiguous clinical abbreviations resolved by the words around them (issue 13): "PE" is a
// pulmonary embolism beside "CTA" or "heparin" and a physical exam beside "HEENT"; "RA" after
// "O2 sat 91%" is room air, not rheumatoid arthritis. The rules are data
// (resources/text/abbrev_context_en.tsv): abbreviation<TAB>TYPE or NONE<TAB>cue|cue|..., tried
// in file order; the first row with a cue among the eight tokens on either side wins, a row
// without cues is the default. An abbreviation matches only as written (case-sensitive).
#include "core/text/tokenizer.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace sagitta::core::text {

class AbbreviationContext {
public:
    static constexpr std::uint16_t kNone = 0xffff;
    // typeOf maps a type name to its number; "NONE" becomes kNone.
    void load(std::string_view tsv, const std::function<std::uint16_t(const std::string &)> &typeOf);
    bool empty() const { return rows_.empty(); }
    // When token i is a listed abbreviation: true, and type is what its context makes it (kNone:
    // no concept).
    bool resolve(const std::u32string &text, const std::vector<Token> &tokens, int i, std::uint16_t &type) const;

private:
    struct Row {
        std::uint16_t type = kNone;
        std::unordered_set<std::uint64_t> cues; // token keys; empty: the default
    };
    std::unordered_map<std::u32string, std::vector<Row>> rows_;
};

} // namespace sagitta::core::text
