#pragma once
#include "core/text/note.h"

#include <vector>

namespace sagitta::core {

// Synthetic clinical notes for the demo patient (no real person): English and Chinese, with
// problems, medications, negations and family history for the text tools to find.
std::vector<Note> demoNotes(const std::string &patientId);

} // namespace sagitta::core
