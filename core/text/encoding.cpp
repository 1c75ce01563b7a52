#include "core/text/encoding.h"

#include "core/base/error.h"
#include "core/text/unicode.h"

#include <iconv.h>

#include <cerrno>
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

std::string decodeText(const std::string &bytes, std::string *encoding)
{
    auto set = [&](const char *e) {
        if (encoding)
            *encoding = e;
    };
    if (bytes.size() >= 3 && bytes.compare(0, 3, "\xef\xbb\xbf") == 0) {
        set("UTF-8");
        return bytes.substr(3);
    }
    if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xff && static_cast<unsigned char>(bytes[1]) == 0xfe) {
        set("UTF-16LE");
        return convert(bytes.substr(2), "UTF-16LE");
    }
    if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xfe && static_cast<unsigned char>(bytes[1]) == 0xff) {
        set("UTF-16BE");
        return convert(bytes.substr(2), "UTF-16BE");
    }
    if (validUtf8(bytes)) {
        set("UTF-8");
        return bytes;
    }
    set("GB18030");
    try {
        return convert(bytes, "GB18030");
    } catch (const Error &) {
        throw Error("the text is neither UTF-8, UTF-16 with a byte order mark, nor GB18030");
    }
}

std::string readTextFile(const std::string &path, std::string *encoding)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path + ": cannot read");
    std::ostringstream raw;
    raw << in.rdbuf();
    try {
        return decodeText(raw.str(), encoding);
    } catch (const std::exception &e) {
        throw Error(path + ": " + e.what());
    }
}

} // namespace sagitta::core::text
