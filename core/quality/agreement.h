#pragma once
// Inter-annotator agreement between two authors' spans on one text: span-level precision,
// recall and F1 (exact boundaries, and any overlap) with the type required to match, and
// Cohen's kappa on token labels (the type covering each token, or none).
#include "core/text/annotator.h"

#include <string>
#include <vector>

namespace sagitta::core::quality {

struct SpanScore {
    int tp = 0, fp = 0, fn = 0;
    double precision() const { return tp + fp == 0 ? 1.0 : double(tp) / double(tp + fp); }
    double recall() const { return tp + fn == 0 ? 1.0 : double(tp) / double(tp + fn); }
    double f1() const
    {
        const double p = precision(), r = recall();
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }
};

struct Agreement {
    SpanScore exact, overlap; // author b against author a
    double kappa = 1.0;       // Cohen's kappa over tokens
    int tokens = 0;
};

Agreement agreement(const std::string &text, const std::vector<text::Span> &a, const std::vector<text::Span> &b);

} // namespace sagitta::core::quality
