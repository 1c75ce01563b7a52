#pragma once
// Lexicons from files, added to an Annotator: TSV or CSV (term, TYPE), OBO ontologies (term
// names and synonyms, all given one type) and UMLS MRCONSO.RRF (strings of the wanted language,
// for users who hold a licence; suppressed rows skipped).
#include "core/text/annotator.h"

#include <string>

namespace sagitta::core::text {

// Format by extension (.tsv .csv .obo .rrf). type is used for OBO and MRCONSO, and for TSV/CSV
// rows without one. Returns the number of terms added; throws core::Error naming the file.
std::size_t loadLexiconFile(Annotator &annotator, const std::string &path, const std::string &type = "PROBLEM");

} // namespace sagitta::core::text
