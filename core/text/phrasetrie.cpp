#include "core/text/phrasetrie.h"

namespace sagitta::core::text {

PhraseTrie::PhraseTrie() : m_edges(64), m_values(1, -1), m_first((std::size_t(1) << kFilterBits) / 64, 0) {}

void PhraseTrie::grow()
{
    std::vector<Edge> old(m_edges.size() * 2);
    old.swap(m_edges);
    const std::size_t mask = m_edges.size() - 1;
    for (const Edge &e : old) {
        if (e.parent < 0)
            continue;
        std::size_t s = slotOf(e.parent, e.key, mask);
        while (m_edges[s].parent >= 0)
            s = (s + 1) & mask;
        m_edges[s] = e;
    }
}

void PhraseTrie::insert(const std::vector<std::uint64_t> &keys, int value)
{
    if (keys.empty())
        return;
    const std::size_t bit = filterBit(keys.front());
    m_first[bit >> 6] |= std::uint64_t(1) << (bit & 63);
    int node = 0;
    for (std::uint64_t k : keys) {
        const int next = child(node, k);
        if (next >= 0) {
            node = next;
            continue;
        }
        if ((m_used + 1) * 2 > m_edges.size())
            grow();
        const std::size_t mask = m_edges.size() - 1;
        std::size_t s = slotOf(node, k, mask);
        while (m_edges[s].parent >= 0)
            s = (s + 1) & mask;
        const int created = int(m_values.size());
        m_values.push_back(-1);
        m_edges[s] = Edge{k, node, created};
        ++m_used;
        node = created;
    }
    if (m_values[std::size_t(node)] < 0)
        ++m_count;
    m_values[std::size_t(node)] = value;
}

std::vector<std::uint64_t> phraseKeys(std::u32string_view phrase)
{
    std::vector<std::uint64_t> keys;
    for (const Token &t : tokenize(phrase))
        keys.push_back(t.key);
    return keys;
}

} // namespace sagitta::core::text
