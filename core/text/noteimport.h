#pragma once
// Reading notes from files: plain text (one note per file), CSV with a header row (the column
// of the text, and optionally of the note id, the patient and the note type; MIMIC-III
// NOTEEVENTS columns are recognised), and JSONL ({"id", "text", "patient_id", "type"} per
// line). Text encodings as in encoding.h; the language is detected per note.
#include "core/text/note.h"

#include <string>
#include <vector>

namespace sagitta::core::text {

struct NoteColumns {
    std::string text, id, patient, type; // CSV header names; empty: guess (TEXT, ROW_ID, SUBJECT_ID, CATEGORY)
};

// Throws core::Error naming the file (and line) for unreadable input.
std::vector<Note> readNotes(const std::string &path, const NoteColumns &columns = {});

// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks.
std::vector<std::vector<std::string>> parseCsv(const std::string &content);

} // namespace sagitta::core::text
