#include "core/text/zhsegment.h"

#include "core/text/textresource.h"
#include "core/text/unicode.h"

#include <cmath>
#include <map>
#include <sstream>

namespace sagitta::core::text {

namespace {

constexpr int kMaxWord = 5;  // general words
constexpr int kMaxTerm = 10; // lexicon terms

// The general word list, read once for all annotators: log(frequency / total).
const std::unordered_map<std::u32string, float> &generalWords(float &unknown)
{
    static float unknownScore = -20.f;
    static const std::unordered_map<std::u32string, float> words = [] {
        std::unordered_map<std::u32string, float> w;
        const std::string_view tsv = textResource("segwords_zh.tsv");
        if (tsv.empty())
            return w;
        std::vector<std::pair<std::u32string, double>> rows;
        double total = 0;
        for (const std::string_view line : ResourceLines(tsv)) {
            const std::size_t tab = line.find('\t');
            if (tab == std::string_view::npos)
                continue;
            const double f = std::atof(std::string(line.substr(tab + 1)).c_str());
            if (f <= 0)
                continue;
            rows.emplace_back(toU32(line.substr(0, tab)), f);
            total += f;
        }
        w.reserve(rows.size());
        for (const auto &[word, f] : rows)
            w.emplace(word, float(std::log(f / total)));
        unknownScore = float(std::log(1.0 / total));
        return w;
    }();
    unknown = unknownScore;
    return words;
}

} // namespace

ChineseSegmenter::ChineseSegmenter() : general_(generalWords(unknown_))
{
    // A term scores as a word seen about a thousand times in jieba's sixty million.
    termScore_ = float(std::log(1000.0 / 6.0e7));
}

void ChineseSegmenter::addTerm(std::u32string_view term)
{
    if (term.size() < 2 || term.size() > kMaxTerm)
        return;
    for (char32_t c : term)
        if (c < 0x4e00 || c > 0x9fff)
            return;
    terms_.emplace(std::u32string(term), termScore_);
}

void ChineseSegmenter::setAffixes(std::u32string actionPrefixes, std::u32string keepingSuffixes)
{
    actionPrefixes_ = std::move(actionPrefixes);
    keepingSuffixes_ = std::move(keepingSuffixes);
}

double ChineseSegmenter::score(std::u32string_view word) const
{
    const std::u32string w(word);
    const auto t = terms_.find(w);
    if (word.size() > std::size_t(kMaxWord))
        return t != terms_.end() ? t->second : 1e9;
    const auto g = general_.find(w);
    if (t != terms_.end() && g != general_.end())
        return std::max(t->second, g->second);
    if (t != terms_.end())
        return t->second;
    if (g != general_.end())
        return g->second;
    return word.size() == 1 ? unknown_ + 8 : 1e9; // 1e9: not a word
}

void ChineseSegmenter::segment(const std::u32string &text, const std::vector<Token> &tokens, std::vector<int> &wordStart,
                               std::vector<int> &wordEnd) const
{
    const int n = int(tokens.size());
    wordStart.assign(std::size_t(n), 0);
    wordEnd.assign(std::size_t(n), 0);
    std::vector<double> best;
    std::vector<int> from;
    for (int a = 0; a < n;) {
        if (tokens[std::size_t(a)].kind != TokenKind::Cjk) {
            wordStart[std::size_t(a)] = a;
            wordEnd[std::size_t(a)] = a + 1;
            ++a;
            continue;
        }
        int b = a + 1; // a run of adjoining CJK characters [a, b)
        while (b < n && tokens[std::size_t(b)].kind == TokenKind::Cjk && tokens[std::size_t(b)].start == tokens[std::size_t(b - 1)].end)
            ++b;
        const int len = b - a;
        best.assign(std::size_t(len + 1), -1e300);
        from.assign(std::size_t(len + 1), 0);
        best[0] = 0;
        for (int e = 1; e <= len; ++e)
            for (int l = 1; l <= kMaxTerm && l <= e; ++l) {
                const int s = e - l;
                const double sc = score(std::u32string_view(text).substr(std::size_t(tokens[std::size_t(a + s)].start), std::size_t(l)));
                if (sc > 0)
                    continue;
                if (best[std::size_t(s)] + sc > best[std::size_t(e)]) {
                    best[std::size_t(e)] = best[std::size_t(s)] + sc;
                    from[std::size_t(e)] = s;
                }
            }
        for (int e = len; e > 0;) {
            const int s = from[std::size_t(e)];
            for (int k = s; k < e; ++k) {
                wordStart[std::size_t(a + k)] = a + s;
                wordEnd[std::size_t(a + k)] = a + e;
            }
            e = s;
        }
        a = b;
    }
}

bool ChineseSegmenter::accepts(const std::u32string &text, const std::vector<Token> &tokens, const std::vector<int> &wordStart,
                               const std::vector<int> &wordEnd, int first, int last) const
{
    const int left = wordStart[std::size_t(first)], right = wordEnd[std::size_t(last - 1)];
    if (left == first && right == last)
        return true; // the term is one or more whole words
    if (wordStart[std::size_t(last - 1)] != left)
        return false; // a word crosses one of its ends
    // One word holds the term.
    if (right == last) // "\u80c3\u6e83\u75a1": a kind of the term, unless an action on it ("\u6297\u7ed3\u6838")
        return actionPrefixes_.find(text[std::size_t(tokens[std::size_t(first - 1)].start)]) == std::u32string::npos;
    if (left == first) // "\u7ed3\u6838\u75c5" keeps it; "\u75c5\u7406\u6027" does not
        return keepingSuffixes_.find(text[std::size_t(tokens[std::size_t(last)].start)]) != std::u32string::npos;
    return false;
}

} // namespace sagitta::core::text
