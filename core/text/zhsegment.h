#pragma once
// Chinese word segmentation for the entity finder (issue 13): a lexicon term matched inside a
// longer word it is not part of (a drug name inside another's, "\u75c5\u7406" in "\u75c5\u7406\u6027\u6742\u97f3", "\u7ed3\u6838" in
// "\u6297\u7ed3\u6838\u6cbb\u7597") is not a concept. The sentence is segmented by the most probable path over a general
// word list (resources/text/segwords_zh.tsv, from jieba's dictionary) and the lexicon's own
// terms; a term is kept when its ends are word boundaries, or when it ends a longer word
// ("\u80c3\u6e83\u75a1": a kind of the term) unless the characters before it make it an action ("\u6297", "\u9632").
#include "core/text/tokenizer.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sagitta::core::text {

class ChineseSegmenter {
public:
    ChineseSegmenter();
    // A lexicon term: a word at least as likely as a common one.
    void addTerm(std::u32string_view term);
    // Characters that, before a term inside a word, make the word an action on it ("\u6297\u7ed3\u6838"), and
    // those that, after it, keep the word a kind of it ("\u7ed3\u6838\u75c5").
    void setAffixes(std::u32string actionPrefixes, std::u32string keepingSuffixes);
    // Word of every token of the sentence: wordStart/wordEnd token indices (non-CJK tokens are
    // words of their own).
    void segment(const std::u32string &text, const std::vector<Token> &tokens, std::vector<int> &wordStart,
                 std::vector<int> &wordEnd) const;
    // Whether the term over tokens [first, last) stands as a word in the segmentation.
    bool accepts(const std::u32string &text, const std::vector<Token> &tokens, const std::vector<int> &wordStart,
                 const std::vector<int> &wordEnd, int first, int last) const;

private:
    double score(std::u32string_view word) const;
    const std::unordered_map<std::u32string, float> &general_; // log probabilities, shared
    std::unordered_map<std::u32string, float> terms_;
    std::u32string actionPrefixes_, keepingSuffixes_;
    float unknown_ = -20.f, termScore_ = -10.f;
};

} // namespace sagitta::core::text
