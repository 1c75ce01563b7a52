#include "core/text/abbrevcontext.h"

#include "core/text/unicode.h"

#include <algorithm>
#include <sstream>

namespace sagitta::core::text {

void AbbreviationContext::load(std::string_view tsv, const std::function<std::uint16_t(const std::string &)> &typeOf)
{
    std::istringstream in{std::string(tsv)};
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty() || line[0] == '#')
            continue;
        const std::size_t a = line.find('\t');
        if (a == std::string::npos)
            continue;
        const std::size_t b = line.find('\t', a + 1);
        const std::string abbreviation = line.substr(0, a);
        const std::string type = line.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
        Row row;
        row.type = type == "NONE" ? kNone : typeOf(type);
        if (b != std::string::npos) {
            std::string cues = line.substr(b + 1);
            std::size_t from = 0;
            while (from <= cues.size()) {
                const std::size_t bar = std::min(cues.find('|', from), cues.size());
                if (bar > from)
                    row.cues.insert(tokenKey(toU32(std::string_view(cues).substr(from, bar - from))));
                from = bar + 1;
            }
        }
        rows_[toU32(abbreviation)].push_back(std::move(row));
    }
}

bool AbbreviationContext::resolve(const std::u32string &text, const std::vector<Token> &tokens, int i, std::uint16_t &type) const
{
    const Token &t = tokens[std::size_t(i)];
    if (t.kind != TokenKind::Word || t.end - t.start > 6)
        return false;
    const auto it = rows_.find(text.substr(std::size_t(t.start), std::size_t(t.end - t.start)));
    if (it == rows_.end())
        return false;
    const int n = int(tokens.size());
    const int from = std::max(0, i - 8), to = std::min(n, i + 9);
    for (const Row &row : it->second) {
        bool hit = row.cues.empty();
        for (int k = from; k < to && !hit; ++k)
            hit = k != i && row.cues.count(tokens[std::size_t(k)].key) > 0;
        if (hit) {
            type = row.type;
            return true;
        }
    }
    return false; // no default row: left to the lexicon
}

} // namespace sagitta::core::text
