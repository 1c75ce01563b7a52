#pragma once
// SHA-256 through OpenSSL's libcrypto (Debian's libssl-dev): the audit hash chain and the UIDs
// the DICOM anonymizer derives.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace sagitta::core {

std::array<std::uint8_t, 32> sha256(std::string_view data);
// Lower-case hex of the digest (64 characters).
std::string sha256Hex(std::string_view data);

} // namespace sagitta::core
