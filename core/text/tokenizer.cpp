#include "core/text/tokenizer.h"

#include "core/text/unicode.h"

#include <algorithm>
#include <array>

namespace sagitta::core::text {

namespace {

constexpr std::uint64_t kFnvOffset = 1469598103934665603ull;
constexpr std::uint64_t kFnvPrime = 1099511628211ull;

bool wordChar(char32_t c) { return isLatinLetter(c) || isDigit(c) || c == '\'' || c == 0x2019; }

} // namespace

std::uint64_t tokenKey(std::u32string_view t)
{
    // Lower case, then strip a possessive and a plural ending so "nodules" finds "nodule".
    // Only the characters written are read: the buffer is not cleared first.
    char32_t buf[64];
    std::size_t n = std::min<std::size_t>(t.size(), 64);
    bool alpha = true;
    for (std::size_t i = 0; i < n; ++i) {
        buf[i] = lower(t[i]);
        alpha = alpha && buf[i] >= 'a' && buf[i] <= 'z';
    }
    if (n > 2 && (buf[n - 1] == 's') && (buf[n - 2] == '\'' || buf[n - 2] == 0x2019)) {
        n -= 2;
        alpha = true;
        for (std::size_t i = 0; i < n && alpha; ++i)
            alpha = isAsciiAlpha(buf[i]);
    }
    alpha = alpha && n > 3;
    if (alpha) {
        auto endsWith = [&](const char *suffix) {
            const std::size_t m = std::char_traits<char>::length(suffix);
            if (m >= n)
                return false;
            for (std::size_t i = 0; i < m; ++i)
                if (buf[n - m + i] != char32_t(suffix[i]))
                    return false;
            return true;
        };
        if (endsWith("ies") && n > 4)
            n -= 2, buf[n - 1] = 'y';
        else if (endsWith("sses") || endsWith("xes") || endsWith("ches") || endsWith("shes"))
            n -= 2;
        else if (endsWith("s") && !endsWith("ss") && !endsWith("us") && !endsWith("is") && !endsWith("ous"))
            n -= 1;
    }
    std::uint64_t h = kFnvOffset;
    for (std::size_t i = 0; i < n; ++i) {
        h ^= std::uint64_t(buf[i]);
        h *= kFnvPrime;
    }
    return h;
}

void tokenize(std::u32string_view text, int from, int to, std::vector<Token> &out)
{
    int i = from;
    while (i < to) {
        const char32_t c = text[std::size_t(i)];
        if (isSpace(c)) {
            ++i;
            continue;
        }
        Token t;
        t.start = i;
        if (isDigit(c)) {
            int j = i + 1;
            while (j < to && (isDigit(text[std::size_t(j)])
                              || (text[std::size_t(j)] == '.' && j + 1 < to && isDigit(text[std::size_t(j + 1)]))))
                ++j;
            // "4.5cm" and "T2" style tokens stay whole when letters follow digits directly.
            while (j < to && isLatinLetter(text[std::size_t(j)]))
                ++j;
            t.end = j;
            t.kind = TokenKind::Number;
        } else if (wordChar(c)) {
            int j = i + 1;
            while (j < to && wordChar(text[std::size_t(j)]))
                ++j;
            t.end = j;
            t.kind = TokenKind::Word;
        } else if (isCjk(c)) {
            t.end = i + 1;
            t.kind = TokenKind::Cjk;
        } else {
            t.end = i + 1;
            t.kind = TokenKind::Punct;
        }
        t.key = tokenKey(text.substr(std::size_t(t.start), std::size_t(t.end - t.start)));
        out.push_back(t);
        i = t.end;
    }
}

std::vector<Token> tokenize(std::u32string_view text)
{
    std::vector<Token> out;
    tokenize(text, 0, int(text.size()), out);
    return out;
}

std::vector<Range> splitSentences(std::u32string_view text)
{
    std::vector<Range> out;
    splitSentences(text, out);
    return out;
}

void splitSentences(std::u32string_view text, std::vector<Range> &out)
{
    static const char *const abbreviations[] = {"dr", "mr", "mrs", "ms", "vs", "e.g", "i.e", "etc", "approx", "no", "st",
                                                "fig", "pt", "b.i.d", "t.i.d", "q.i.d", "p.o", "q.d", "a.m", "p.m", "mg", "ml"};
    out.clear();
    const int n = int(text.size());
    int start = 0;
    auto flush = [&](int end) {
        int s = start, e = end;
        while (s < e && isSpace(text[std::size_t(s)]))
            ++s;
        while (e > s && isSpace(text[std::size_t(e - 1)]))
            --e;
        if (e > s)
            out.push_back({s, e});
        start = end;
    };
    // Whether text[w, i) is `word` ignoring case (only ASCII letters can match).
    auto wordIs = [&](int w, int i, const char *word) {
        int k = 0;
        for (; w + k < i; ++k) {
            if (word[k] == 0)
                return false;
            const char32_t c = lower(text[std::size_t(w + k)]);
            if (c >= 128 || c != char32_t(static_cast<unsigned char>(word[k])))
                return false;
        }
        return word[k] == 0;
    };
    // A "sentence" of thousands of characters is a list or a table without stops: cut it at a
    // space so that the work per sentence stays bounded.
    constexpr int kLongSentence = 4096;
    for (int i = 0; i < n; ++i) {
        const char32_t c = text[std::size_t(i)];
        // Letters and most marks end nothing: only a long run is cut.
        if (c > '?' && c < 0x3000 && c != 0xa0 && i - start < 2 * kLongSentence)
            continue;
        if (i - start >= kLongSentence && (isSpace(c) || i - start >= 2 * kLongSentence)) {
            flush(i + 1);
        } else if (c == '\n') {
            flush(i + 1);
        } else if (c == 0x3002 || c == 0xff01 || c == 0xff1f) { // \u3002\uff01\uff1f
            flush(i + 1);
        } else if (c == '?' || c == '!') {
            flush(i + 1);
        } else if (c == '.') {
            if (i + 1 < n && !isSpace(text[std::size_t(i + 1)]))
                continue; // 3.5, e.g., file.txt
            // The word before the period: an abbreviation does not end the sentence.
            int w = i;
            while (w > start && w > i - 16 && !isSpace(text[std::size_t(w - 1)]))
                --w; // abbreviations are short: never walk back over a long run
            if (i - w > 6) { // longer than any abbreviation
                flush(i + 1);
                continue;
            }
            bool abbreviation = false;
            for (const char *a : abbreviations)
                abbreviation = abbreviation || wordIs(w, i, a);
            const bool title = wordIs(w, i, "dr") || wordIs(w, i, "mr") || wordIs(w, i, "mrs") || wordIs(w, i, "ms")
                               || wordIs(w, i, "prof");
            if (title || (abbreviation && i + 2 < n && !(text[std::size_t(i + 2)] >= 'A' && text[std::size_t(i + 2)] <= 'Z')))
                continue;
            // A genus written as its initial before the species ("E. coli", "S. aureus", "C. diff").
            if (i - w == 1 && text[std::size_t(w)] >= 'A' && text[std::size_t(w)] <= 'Z' && i + 2 < n && text[std::size_t(i + 2)] >= 'a'
                && text[std::size_t(i + 2)] <= 'z')
                continue;
            flush(i + 1);
        }
    }
    flush(n);
}

} // namespace sagitta::core::text
