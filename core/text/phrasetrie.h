#pragma once
// A trie over token keys: multi-word phrases (or runs of Chinese characters) to a value, with
// longest-match lookup. Used for the lexicon and the context triggers.
#include "core/text/tokenizer.h"

#include <unordered_map>
#include <vector>

namespace sagitta::core::text {

class PhraseTrie {
public:
    PhraseTrie() : m_nodes(1) {}
    // Adds a phrase (its tokens' keys); a later phrase with the same keys replaces the value.
    void insert(const std::vector<std::uint64_t> &keys, int value);
    // Longest phrase starting at tokens[i] (ending before tokens[limit]); returns its length in
    // tokens (0 when none) and sets value.
    int longestMatch(const std::vector<Token> &tokens, int i, int limit, int &value) const;
    std::size_t size() const { return m_count; }

private:
    struct Node {
        std::unordered_map<std::uint64_t, int> next;
        int value = -1;
    };
    std::vector<Node> m_nodes;
    std::size_t m_count = 0;
};

// Keys of a phrase, tokenised like text.
std::vector<std::uint64_t> phraseKeys(std::u32string_view phrase);

} // namespace sagitta::core::text
