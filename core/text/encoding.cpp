#include "core/text/encoding.h"

#include "core/base/error.h"
#include "core/text/unicode.h"

#include <iconv.h>

#include <cerrno>
#include <cstring>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <vector>

namespace sagitta::core::text {

namespace {

bool validUtf8(const std::string &s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const int extra = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
        if (extra < 0 || i + std::size_t(extra) >= s.size() + (extra == 0 ? 1 : 0))
            return false;
        for (int k = 1; k <= extra; ++k)
            if ((static_cast<unsigned char>(s[i + std::size_t(k)]) & 0xc0) != 0x80)
                return false;
        i += std::size_t(extra) + 1;
    }
    return true;
}

// Length of the valid UTF-8 sequence at i, or 0 when the byte there starts none.
std::size_t utf8SequenceAt(const std::string &s, std::size_t i)
{
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80)
        return 1;
    const std::size_t extra = c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : 0;
    if (extra == 0 || i + extra >= s.size())
        return 0;
    for (std::size_t k = 1; k <= extra; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80)
            return 0;
    const unsigned char d = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xe0 && d < 0xa0) || (c == 0xed && d >= 0xa0) || (c == 0xf0 && d < 0x90) || (c == 0xf4 && d >= 0x90))
        return 0; // overlong, surrogate or beyond U+10FFFF
    return extra + 1;
}

// UTF-8 with every byte that starts no valid sequence replaced by U+FFFD.
std::string replaceInvalid(const std::string &s, int &replaced, int &multibyte)
{
    std::string out;
    out.reserve(s.size() + 16);
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8SequenceAt(s, i);
        if (n == 0) {
            out += "\xef\xbf\xbd";
            ++replaced;
            ++i;
            continue;
        }
        multibyte += n > 1;
        out.append(s, i, n);
        i += n;
    }
    return out;
}

// True when most non-ASCII characters of UTF-8 text are Chinese (ideographs, CJK punctuation,
// full-width forms): what a GB18030 line decodes to, and what Latin-1 bytes misread as
// GB18030 rarely give.
bool mostlyChinese(const std::string &utf8)
{
    int chinese = 0, other = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        const unsigned char c = static_cast<unsigned char>(utf8[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        const std::size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
        std::uint32_t cp = c & (n == 4 ? 0x07 : n == 3 ? 0x0f : 0x1f);
        for (std::size_t k = 1; k < n && i + k < utf8.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3f);
        i += n;
        const bool cjk = (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x3000 && cp <= 0x303f)
                         || (cp >= 0xff00 && cp <= 0xffef) || (cp >= 0x2000 && cp <= 0x206f) || cp == 0xb7 || cp == 0xb0
                         || cp == 0xd7 || cp == 0x2103;
        (cjk ? chinese : other) += 1;
    }
    return chinese > 0 && chinese >= 2 * other;
}

std::string convert(const std::string &bytes, const char *from)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == iconv_t(-1))
        throw Error(std::string("no converter for ") + from);
    std::string out(bytes.size() * 2 + 16, '\0');
    char *in = const_cast<char *>(bytes.data());
    std::size_t inLeft = bytes.size(), outLeft = out.size();
    char *dst = out.data();
    while (inLeft > 0) {
        if (iconv(cd, &in, &inLeft, &dst, &outLeft) == std::size_t(-1)) {
            if (errno == E2BIG) {
                const std::size_t used = std::size_t(dst - out.data());
                out.resize(out.size() * 2);
                dst = out.data() + used;
                outLeft = out.size() - used;
                continue;
            }
            iconv_close(cd);
            throw Error(std::string("not valid ") + from + " text");
        }
    }
    iconv_close(cd);
    out.resize(std::size_t(dst - out.data()));
    return out;
}

} // namespace

std::string decodeLine(const std::string &bytes, std::string *encoding, int *replaced)
{
    auto set = [&](const char *e) {
        if (encoding)
            *encoding = e;
    };
    if (validUtf8(bytes)) {
        set("UTF-8");
        return bytes;
    }
    int bad = 0, multibyte = 0;
    std::string utf8 = replaceInvalid(bytes, bad, multibyte);
    // UTF-8 whose valid characters outnumber its bad bytes is UTF-8 with a few stray bytes;
    // GB18030 text reads as mostly bad bytes (with a valid-looking pair here and there).
    if (multibyte < bad) {
        try {
            std::string gb = convert(bytes, "GB18030");
            if (mostlyChinese(gb)) {
                set("GB18030");
                return gb;
            }
        } catch (const Error &) {
        }
    }
    set("UTF-8");
    if (replaced)
        *replaced += bad;
    return utf8;
}

std::string decodeText(const std::string &bytes, std::string *encoding, int *replaced)
{
    auto set = [&](const char *e) {
        if (encoding)
            *encoding = e;
    };
    if (bytes.size() >= 3 && bytes.compare(0, 3, "\xef\xbb\xbf") == 0) {
        set("UTF-8");
        return decodeLine(bytes.substr(3), nullptr, replaced);
    }
    if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xff && static_cast<unsigned char>(bytes[1]) == 0xfe) {
        set("UTF-16LE");
        return convert(bytes.substr(2), "UTF-16LE");
    }
    if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xfe && static_cast<unsigned char>(bytes[1]) == 0xff) {
        set("UTF-16BE");
        return convert(bytes.substr(2), "UTF-16BE");
    }
    return decodeLine(bytes, encoding, replaced);
}

std::string readFileBytes(const std::string &path)
{
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in)
        throw Error(path + ": cannot read: " + std::strerror(errno));
    const std::streamoff size = in.tellg();
    std::string bytes(size > 0 ? std::size_t(size) : 0, '\0');
    in.seekg(0);
    if (size > 0 && !in.read(bytes.data(), size))
        throw Error(path + ": cannot read: " + std::strerror(errno));
    return bytes;
}

std::string readTextFile(const std::string &path, std::string *encoding, int *replaced)
{
    const std::string raw = readFileBytes(path);
    try {
        return decodeText(raw, encoding, replaced);
    } catch (const std::exception &e) {
        throw Error(path + ": " + e.what());
    }
}

} // namespace sagitta::core::text
