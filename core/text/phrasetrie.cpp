#include "core/text/phrasetrie.h"

namespace sagitta::core::text {

void PhraseTrie::insert(const std::vector<std::uint64_t> &keys, int value)
{
    if (keys.empty())
        return;
    int node = 0;
    for (std::uint64_t k : keys) {
        auto it = m_nodes[std::size_t(node)].next.find(k);
        if (it == m_nodes[std::size_t(node)].next.end()) {
            m_nodes.emplace_back();
            const int created = int(m_nodes.size()) - 1;
            m_nodes[std::size_t(node)].next.emplace(k, created);
            node = created;
        } else {
            node = it->second;
        }
    }
    if (m_nodes[std::size_t(node)].value < 0)
        ++m_count;
    m_nodes[std::size_t(node)].value = value;
}

int PhraseTrie::longestMatch(const std::vector<Token> &tokens, int i, int limit, int &value) const
{
    int node = 0, best = 0;
    for (int j = i; j < limit; ++j) {
        const auto &next = m_nodes[std::size_t(node)].next;
        const auto it = next.find(tokens[std::size_t(j)].key);
        if (it == next.end())
            break;
        node = it->second;
        if (m_nodes[std::size_t(node)].value >= 0) {
            best = j - i + 1;
            value = m_nodes[std::size_t(node)].value;
        }
    }
    return best;
}

std::vector<std::uint64_t> phraseKeys(std::u32string_view phrase)
{
    std::vector<std::uint64_t> keys;
    for (const Token &t : tokenize(phrase))
        keys.push_back(t.key);
    return keys;
}

} // namespace sagitta::core::text
