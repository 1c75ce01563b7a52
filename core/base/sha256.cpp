#include "core/base/sha256.h"

#include "core/base/error.h"

#include <openssl/evp.h>

namespace sagitta::core {

std::array<std::uint8_t, 32> sha256(std::string_view data)
{
    std::array<std::uint8_t, 32> out{};
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &size, EVP_sha256(), nullptr) != 1 || size != out.size())
        throw Error("SHA-256 failed (OpenSSL)");
    return out;
}

std::string sha256Hex(std::string_view data)
{
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    for (std::uint8_t b : sha256(data)) {
        hex += digits[b >> 4];
        hex += digits[b & 15];
    }
    return hex;
}

} // namespace sagitta::core
