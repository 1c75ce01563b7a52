#pragma once
// The patterns of text de-identification (core/text/deid.cpp): regular expressions in the order
// they are tried, each with the kind of identifier it finds (some are checked further by deid.cpp
// before they count, by the category they carry). Internal to core/text.
#include "core/text/coderegex.h"

#include <vector>

namespace sagitta::core::text::deidpatterns {

struct Pattern {
    CodeRegex regex;
    const char *category;
    int group;        // capture group holding the PHI (0 = whole match)
    bool chineseOnly; // needs CJK characters: skipped on notes without any
};

// Built once (the name lexicons are compiled into them), shared by all threads.
const std::vector<Pattern> &patterns();

} // namespace sagitta::core::text::deidpatterns
