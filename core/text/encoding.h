#pragma once
// Decoding clinical text files to UTF-8: UTF-8 (with or without BOM), UTF-16 with BOM, and
// GB18030 for Chinese records that are not valid UTF-8 (through iconv).
#include <string>

namespace sagitta::core::text {

// Returns UTF-8 text and sets encoding to "UTF-8", "UTF-16LE", "UTF-16BE" or "GB18030".
// Bytes without a byte order mark are decoded as decodeLine does. replaced (when given) counts
// the bytes that were valid in no encoding and became U+FFFD.
std::string decodeText(const std::string &bytes, std::string *encoding = nullptr, int *replaced = nullptr);

// One line (or record) of a file that may mix encodings, decided for that line alone: valid
// UTF-8 as it is; UTF-8 whose valid multi-byte characters outnumber its invalid bytes
// stays UTF-8 with each invalid byte replaced by U+FFFD (valid text is never re-read as another
// encoding); otherwise GB18030 when it decodes to Chinese text; otherwise UTF-8 with
// replacements. Never throws.
std::string decodeLine(const std::string &bytes, std::string *encoding = nullptr, int *replaced = nullptr);

// Reads a whole file and decodes it; errors name the file and the system's reason.
std::string readTextFile(const std::string &path, std::string *encoding = nullptr, int *replaced = nullptr);
// The file's bytes as they are.
std::string readFileBytes(const std::string &path);

} // namespace sagitta::core::text
