#pragma once
// A trie over token keys: multi-word phrases (or runs of Chinese characters) to a value, with
// longest-match lookup. Used for the lexicon, the context triggers and the medication words.
// Flat: every edge (parent node, token key) -> child lives in one open-addressing table, so a
// lookup is a hash and usually one probe, with no map per node; a token that starts no phrase
// is turned away by a bit of a small first-token filter before that.
#include "core/text/tokenizer.h"

#include <cstdint>
#include <vector>

namespace sagitta::core::text {

class PhraseTrie {
public:
    PhraseTrie();
    // Adds a phrase (its tokens' keys); a later phrase with the same keys replaces the value.
    void insert(const std::vector<std::uint64_t> &keys, int value);
    // Longest phrase starting at tokens[i] (ending before tokens[limit]); returns its length in
    // tokens (0 when none) and sets value.
    int longestMatch(const std::vector<Token> &tokens, int i, int limit, int &value) const
    {
        if (i >= limit || !mayStart(tokens[std::size_t(i)].key))
            return 0;
        int node = 0, best = 0;
        for (int j = i; j < limit; ++j) {
            node = child(node, tokens[std::size_t(j)].key);
            if (node < 0)
                break;
            if (m_values[std::size_t(node)] >= 0) {
                best = j - i + 1;
                value = m_values[std::size_t(node)];
            }
        }
        return best;
    }
    std::size_t size() const { return m_count; }
    // Asks the cache for where a phrase starting with this key would be (a later lookup of it
    // then rarely waits for memory).
    void prefetch(std::uint64_t key) const
    {
        if (mayStart(key))
            __builtin_prefetch(&m_edges[slotOf(0, key, m_edges.size() - 1)]);
    }

private:
    // First-token filter: one bit per hash of the keys that start a phrase (8 KiB, stays in
    // the L1 cache), so most tokens never reach the edge table.
    static constexpr unsigned kFilterBits = 16;
    static std::size_t filterBit(std::uint64_t key) { return std::size_t((key * 0xff51afd7ed558ccdull) >> (64 - kFilterBits)); }
    bool mayStart(std::uint64_t key) const
    {
        const std::size_t b = filterBit(key);
        return (m_first[b >> 6] >> (b & 63)) & 1;
    }
    struct Edge {
        std::uint64_t key = 0;
        std::int32_t parent = -1; // -1: empty slot
        std::int32_t child = -1;
    };
    static std::size_t slotOf(int parent, std::uint64_t key, std::size_t mask)
    {
        std::uint64_t h = key ^ (std::uint64_t(std::uint32_t(parent)) * 0x9e3779b97f4a7c15ull);
        h ^= h >> 29;
        h *= 0xbf58476d1ce4e5b9ull;
        h ^= h >> 32;
        return std::size_t(h) & mask;
    }
    int child(int parent, std::uint64_t key) const
    {
        const std::size_t mask = m_edges.size() - 1;
        for (std::size_t s = slotOf(parent, key, mask);; s = (s + 1) & mask) {
            const Edge &e = m_edges[s];
            if (e.parent < 0)
                return -1;
            if (e.parent == parent && e.key == key)
                return e.child;
        }
    }
    void grow();

    std::vector<Edge> m_edges;      // size a power of two, at most half full
    std::vector<int> m_values;      // per node: the phrase's value, -1 when no phrase ends there
    std::vector<std::uint64_t> m_first;
    std::size_t m_used = 0, m_count = 0;
};

// Keys of a phrase, tokenised like text.
std::vector<std::uint64_t> phraseKeys(std::u32string_view phrase);

} // namespace sagitta::core::text
