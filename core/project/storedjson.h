#pragma once
// JSON read back from the project file. nlohmann's parse_error quotes what it read ("last read:
// '...'"), which may be a note's text, a span's details or a patient's name: these parse so that
// a malformed value is reported by where it is and the byte of the error, never by its content.
#include "core/base/error.h"

#include <nlohmann/json.hpp>

#include <string>

namespace sagitta::core {

inline nlohmann::json parseStoredJson(const std::string &text, const std::string &where)
{
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error &e) {
        throw Error(where + ": malformed JSON (error at byte " + std::to_string(e.byte) + ")");
    }
}

} // namespace sagitta::core
