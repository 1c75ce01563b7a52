#include "core/quality/agreement.h"

#include "core/text/tokenizer.h"
#include "core/text/unicode.h"

#include <map>

namespace sagitta::core::quality {

namespace {

SpanScore match(const std::vector<text::Span> &a, const std::vector<text::Span> &b, bool exact)
{
    SpanScore s;
    std::vector<bool> used(a.size(), false);
    for (const text::Span &x : b) {
        bool found = false;
        for (std::size_t i = 0; i < a.size() && !found; ++i) {
            const text::Span &y = a[i];
            if (used[i] || x.type != y.type)
                continue;
            const bool ok = exact ? (x.start == y.start && x.end == y.end) : (x.start < y.end && y.start < x.end);
            if (ok) {
                used[i] = true;
                found = true;
            }
        }
        if (found)
            ++s.tp;
        else
            ++s.fp;
    }
    for (bool u : used)
        s.fn += u ? 0 : 1;
    return s;
}

std::string labelOf(const std::vector<text::Span> &spans, const text::Token &t)
{
    for (const text::Span &s : spans)
        if (t.start >= s.start && t.end <= s.end)
            return s.type;
    return "O";
}

} // namespace

Agreement agreement(const std::string &utf8, const std::vector<text::Span> &a, const std::vector<text::Span> &b)
{
    Agreement r;
    r.exact = match(a, b, true);
    r.overlap = match(a, b, false);
    const std::u32string text = text::toU32(utf8);
    const std::vector<text::Token> tokens = text::tokenize(text);
    std::map<std::string, int> countA, countB;
    int same = 0;
    for (const text::Token &t : tokens) {
        if (t.kind == text::TokenKind::Punct)
            continue;
        const std::string la = labelOf(a, t), lb = labelOf(b, t);
        ++countA[la];
        ++countB[lb];
        same += la == lb ? 1 : 0;
        ++r.tokens;
    }
    if (r.tokens == 0)
        return r;
    const double n = r.tokens, po = same / n;
    double pe = 0;
    for (const auto &[label, count] : countA) {
        const auto it = countB.find(label);
        if (it != countB.end())
            pe += (count / n) * (it->second / n);
    }
    r.kappa = pe >= 1.0 ? 1.0 : (po - pe) / (1.0 - pe);
    return r;
}

} // namespace sagitta::core::quality
