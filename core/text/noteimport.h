#pragma once
// Reading notes from files: plain text (one note per file), CSV with a header row (the column
// of the text, and optionally of the note id, the patient and the note type; MIMIC-III
// NOTEEVENTS columns are recognised), and JSONL ({"id", "text", "patient_id", "type"} per
// line). Files are streamed (NoteReader): memory is bounded by a batch, not by the file. The
// encoding is decided per line or CSV record (see decodeLine), so one stray byte never mangles
// the rest; a UTF-16 file (with BOM) is decoded whole. The language is detected per note.
#include "core/text/note.h"

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace sagitta::core::text {

struct NoteColumns {
    std::string text, id, patient, type; // CSV header names; empty: guess (TEXT, ROW_ID, SUBJECT_ID, CATEGORY)
};

class NoteReader {
public:
    // Opens the file and, for CSV, reads its header. Throws core::Error naming the file for a
    // file that cannot be read, a CSV without the text column, or a column named in columns
    // that is not in the header.
    explicit NoteReader(const std::string &path, const NoteColumns &columns = {});
    ~NoteReader();

    // The next notes, at most maxNotes of them and about maxBytes of text; empty at the end.
    // Lines or rows that hold no note (bad JSON, no text, an empty text, too few fields, bytes
    // replaced in decoding) are counted in problems() with their line number; the others come.
    std::vector<Note> next(std::size_t maxNotes, std::size_t maxBytes = std::size_t(8) << 20);

    // "FILE:LINE: reason", the first kMaxProblems; problemCount() counts all.
    static constexpr std::size_t kMaxProblems = 1000;
    const std::vector<std::string> &problems() const { return m_problems; }
    std::size_t problemCount() const { return m_problemCount; }
    // Share of the file read so far, in [0, 1].
    double fraction() const;
    const std::string &path() const { return m_path; }

private:
    enum class Kind { Text, Csv, Jsonl };
    bool readRecord(std::string &bytes, std::int64_t &line); // raw bytes of the next line or CSV record
    void problem(std::int64_t line, const std::string &reason);
    bool noteFromCsv(const std::string &record, std::int64_t line, Note &note);
    bool noteFromJson(const std::string &record, std::int64_t line, Note &note);

    std::string m_path;
    Kind m_kind = Kind::Text;
    std::unique_ptr<std::istream> m_in;
    std::uint64_t m_size = 0;
    std::int64_t m_line = 0;
    bool m_done = false;
    int m_text = -1, m_id = -1, m_patient = -1, m_type = -1, m_description = -1;
    std::vector<std::string> m_problems;
    std::size_t m_problemCount = 0;
};

// Every note of a file. Throws core::Error naming the file (and the first bad line, with the
// count of the others) when any line could not be read, unless problems is given: then those
// are listed there and the good notes are returned.
std::vector<Note> readNotes(const std::string &path, const NoteColumns &columns = {}, std::vector<std::string> *problems = nullptr);

// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks.
std::vector<std::vector<std::string>> parseCsv(const std::string &content);
// The fields of one CSV record (which may span lines inside quotes).
std::vector<std::string> splitCsvRecord(const std::string &record);

} // namespace sagitta::core::text
