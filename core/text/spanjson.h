#pragma once
// Spans as JSON written straight into a reused buffer, byte for byte what core/io's
// spanJson(span).dump() gives (nlohmann's key order and escapes), without building a JSON
// object per span: the command line's output path.
#include "core/text/annotator.h"

#include <string>
#include <string_view>

namespace sagitta::core::text {

// A JSON string (quotes included) of UTF-8 text, escaped as nlohmann's dump() escapes it.
void appendJsonString(std::string &out, std::string_view utf8);
// The same from code points, encoded to UTF-8 on the way (a lone surrogate becomes U+FFFD).
void appendJsonString(std::string &out, std::u32string_view text);
// One span: {"attributes":{...},"details":{...},"end":..,"section":..,"source":..,"start":..,"text":..,"type":..}
void appendSpanJson(std::string &out, const Annotator &annotator, const WindowSpans &window, const SpanRecord &span,
                    const std::vector<std::string> &targets);

} // namespace sagitta::core::text
