#pragma once
// Exchange formats for annotated notes: brat standoff (export and import), BioC XML, CoNLL IOB
// and JSONL. Offsets are in characters (code points), as brat and most BioC tools count them.
#include "core/text/annotator.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace sagitta::core::io {

struct AnnotatedNote {
    std::string id;
    std::string text; // UTF-8
    std::vector<text::Span> spans;
};

// brat: the .ann content for a note whose .txt is note.text. Context attributes become brat
// attributes (Negated, Uncertain, Historical, Hypothetical, Experiencer Family).
std::string toBratAnn(const AnnotatedNote &note);
// Parses .ann content (T and A lines) against the note text; throws core::Error with the line.
std::vector<text::Span> fromBratAnn(const std::string &text, const std::string &ann);

std::string toBioC(const std::vector<AnnotatedNote> &notes);
// One token per line with its IOB tag, a blank line between sentences.
std::string toConll(const AnnotatedNote &note);
std::string toJsonl(const AnnotatedNote &note);
// One span as the command line and JSONL write it: text, offsets, type, source, attributes,
// and section and details when present.
nlohmann::json spanJson(const text::Span &span);

} // namespace sagitta::core::io
