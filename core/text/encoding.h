#pragma once
// Decoding clinical text files to UTF-8: UTF-8 (with or without BOM), UTF-16 with BOM, and
// GB18030 for Chinese records that are not valid UTF-8 (through iconv).
#include <string>

namespace sagitta::core::text {

// Returns UTF-8 text and sets encoding to "UTF-8", "UTF-16LE", "UTF-16BE" or "GB18030".
// Throws core::Error when the bytes are none of these.
std::string decodeText(const std::string &bytes, std::string *encoding = nullptr);

// Reads a whole file and decodes it; errors name the file.
std::string readTextFile(const std::string &path, std::string *encoding = nullptr);

} // namespace sagitta::core::text
