#pragma once
// Minimal UTF-8 <-> code point conversion for the text engine. Offsets reported to users are
// in code points (characters), so Chinese and English offsets mean the same thing.
#include <string>
#include <string_view>

namespace sagitta::core::text {

// Invalid bytes become U+FFFD, one per byte, so offsets stay defined.
std::u32string toU32(std::string_view utf8);
std::string toUtf8(std::u32string_view text);

inline bool isCjk(char32_t c)
{
    return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)
           || (c >= 0x20000 && c <= 0x2a6df);
}
inline bool isAsciiAlpha(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool isDigit(char32_t c) { return c >= '0' && c <= '9'; }
inline bool isSpace(char32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000 || c == 0xa0 || c == '\f' || c == '\v';
}
// Letters of Latin scripts (ASCII and Latin-1/Extended-A), for word tokens.
inline bool isLatinLetter(char32_t c) { return isAsciiAlpha(c) || (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7); }
inline char32_t lower(char32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0xc0 && c <= 0xde && c != 0xd7)
        return c + 32;
    return c;
}

} // namespace sagitta::core::text
