#pragma once
// Sentences and tokens over code points. English: words (letters, digits, apostrophes), numbers
// (with decimals), single punctuation marks; hyphens split words ("non-smoker" -> non - smoker).
// Chinese has no spaces: each CJK character is a token, so lexicons match over characters.
// Each token carries a hash of its normalised form (lower case, light plural stemming), which
// is what lexicons and rules match on.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sagitta::core::text {

enum class TokenKind : std::uint8_t { Word, Number, Cjk, Punct };

struct Token {
    int start = 0, end = 0; // code points, [start, end)
    std::uint64_t key = 0;  // hash of the normalised form
    TokenKind kind = TokenKind::Word;
};

struct Range {
    int start = 0, end = 0;
};

// Normalised match key of one token's text (also used to key lexicon entries).
std::uint64_t tokenKey(std::u32string_view token);

void tokenize(std::u32string_view text, int from, int to, std::vector<Token> &out);
std::vector<Token> tokenize(std::u32string_view text);

// Sentence ranges: ends at . ? ! (not after common abbreviations or inside numbers), at the
// Chinese \u3002\uff01\uff1f and at line breaks.
std::vector<Range> splitSentences(std::u32string_view text);
// The same into out (cleared first), so a caller can reuse its memory.
void splitSentences(std::u32string_view text, std::vector<Range> &out);

} // namespace sagitta::core::text
