#include "core/text/spanjson.h"

#include <charconv>
#include <cstring>

namespace sagitta::core::text {

namespace {

const char kHex[] = "0123456789abcdef";

// An ASCII control character, quote or backslash: written as an escape.
inline bool needsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// Writers into memory known to be large enough (see appendSpanJson's bound).
template <std::size_t N>
inline char *put(char *p, const char (&literal)[N])
{
    std::memcpy(p, literal, N - 1);
    return p + N - 1;
}

inline char *put(char *p, std::string_view s)
{
    std::memcpy(p, s.data(), s.size());
    return p + s.size();
}

inline char *putEscape(char *p, unsigned char c)
{
    *p++ = '\\';
    switch (c) {
    case '\b': *p++ = 'b'; break;
    case '\t': *p++ = 't'; break;
    case '\n': *p++ = 'n'; break;
    case '\f': *p++ = 'f'; break;
    case '\r': *p++ = 'r'; break;
    case '"': *p++ = '"'; break;
    case '\\': *p++ = '\\'; break;
    default:
        *p++ = 'u';
        *p++ = '0';
        *p++ = '0';
        *p++ = kHex[c >> 4];
        *p++ = kHex[c & 15];
    }
    return p;
}

// At most 6 bytes per code point.
char *putJson(char *p, std::u32string_view text)
{
    *p++ = '"';
    for (char32_t c : text) {
        if (c < 0x80) {
            if (needsEscape(static_cast<unsigned char>(c)))
                p = putEscape(p, static_cast<unsigned char>(c));
            else
                *p++ = char(c);
            continue;
        }
        if ((c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
            c = 0xfffd;
        if (c < 0x800) {
            *p++ = char(0xc0 | (c >> 6));
        } else if (c < 0x10000) {
            *p++ = char(0xe0 | (c >> 12));
            *p++ = char(0x80 | ((c >> 6) & 0x3f));
        } else {
            *p++ = char(0xf0 | (c >> 18));
            *p++ = char(0x80 | ((c >> 12) & 0x3f));
            *p++ = char(0x80 | ((c >> 6) & 0x3f));
        }
        *p++ = char(0x80 | (c & 0x3f));
    }
    *p++ = '"';
    return p;
}

// At most 6 bytes per byte.
char *putJson(char *p, std::string_view s)
{
    *p++ = '"';
    for (char ch : s) {
        const unsigned char c = static_cast<unsigned char>(ch);
        if (needsEscape(c))
            p = putEscape(p, c);
        else
            *p++ = ch;
    }
    *p++ = '"';
    return p;
}

inline char *putBool(char *p, bool value) { return value ? put(p, "true") : put(p, "false"); }

inline char *putInt(char *p, int value)
{
    return std::to_chars(p, p + 12, value).ptr;
}

} // namespace

void appendJsonString(std::string &out, std::string_view utf8)
{
    const std::size_t at = out.size();
    out.resize(at + 2 + 6 * utf8.size());
    out.resize(std::size_t(putJson(out.data() + at, utf8) - out.data()));
}

void appendJsonString(std::string &out, std::u32string_view text)
{
    const std::size_t at = out.size();
    out.resize(at + 2 + 6 * text.size());
    out.resize(std::size_t(putJson(out.data() + at, text) - out.data()));
}

void appendSpanJson(std::string &out, const Annotator &annotator, const WindowSpans &window, const SpanRecord &r,
                    const std::vector<std::string> &targets)
{
    const std::u32string_view text = window.text.substr(std::size_t(r.start), std::size_t(r.end - r.start));
    const std::string &type = annotator.typeName(r.type);
    const std::string &section = Annotator::sectionName(r.section);
    const std::string *target = r.target >= 0 && std::size_t(r.target) < targets.size() ? &targets[std::size_t(r.target)] : nullptr;
    // What it can take at most: the fixed text, 6 bytes per character or byte of what is escaped.
    std::size_t bound = 256 + 6 * (text.size() + type.size() + section.size()) + (target ? 16 + 6 * target->size() : 0);
    for (int d = 0; d < SpanRecord::DetailCount; ++d)
        if (r.detail[d][0] >= 0)
            bound += 16 + 6 * std::size_t(r.detail[d][1] - r.detail[d][0]);
    const std::size_t at = out.size();
    out.resize(at + bound);
    char *p = out.data() + at;

    // Keys in nlohmann's (sorted) order.
    p = put(p, "{\"attributes\":{\"experiencer\":");
    p = r.family ? put(p, "\"family\"") : put(p, "\"patient\"");
    p = putBool(put(p, ",\"historical\":"), r.historical);
    p = putBool(put(p, ",\"hypothetical\":"), r.hypothetical);
    p = putBool(put(p, ",\"negated\":"), r.negated);
    p = putBool(put(p, ",\"uncertain\":"), r.uncertain);
    *p++ = '}';
    bool first = true;
    auto key = [&](std::string_view name) {
        p = first ? put(p, ",\"details\":{\"") : put(p, ",\"");
        first = false;
        p = put(p, name);
        p = put(p, "\":");
    };
    for (int d = 0; d <= SpanRecord::DetailCount; ++d) {
        // "target" sorts between "route" and "unit".
        if (d == SpanRecord::Unit && target) {
            key("target");
            p = putJson(p, std::string_view(*target));
        }
        if (d < SpanRecord::DetailCount && r.detail[d][0] >= 0) {
            key(SpanRecord::detailKey(d));
            p = putJson(p, window.text.substr(std::size_t(r.detail[d][0]), std::size_t(r.detail[d][1] - r.detail[d][0])));
        }
    }
    if (!first)
        *p++ = '}';
    p = putInt(put(p, ",\"end\":"), window.base + r.end);
    if (r.section >= 0)
        p = putJson(put(p, ",\"section\":"), std::string_view(section));
    p = put(p, ",\"source\":\"");
    p = put(p, std::string_view(SpanRecord::sourceName(r.source)));
    p = putInt(put(p, "\",\"start\":"), window.base + r.start);
    p = putJson(put(p, ",\"text\":"), text);
    p = putJson(put(p, ",\"type\":"), std::string_view(type));
    *p++ = '}';
    out.resize(std::size_t(p - out.data()));
}

} // namespace sagitta::core::text
