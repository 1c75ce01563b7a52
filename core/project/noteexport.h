#pragma once
// The project's annotated notes out and in: export to brat standoff, BioC XML, CoNLL IOB or
// JSONL (de-identified by default, span offsets moved with the text), import of another
// annotator's brat files as that author, and agreement between two authors over all notes.
#include "core/base/progress.h"
#include "core/io/textexport.h"
#include "core/project/project.h"
#include "core/quality/agreement.h"

#include <string>
#include <vector>

namespace sagitta::core {

enum class NoteFormat { Brat, BioC, Conll, Jsonl };

struct NoteExportOptions {
    NoteFormat format = NoteFormat::Jsonl;
    std::string path;          // a folder for brat (NAME.txt + NAME.ann), a file otherwise
    bool deidentify = true;    // names, dates (shifted per patient), IDs, ... replaced
    bool acceptedOnly = false; // only spans people accepted or added (else all but rejected)
    std::vector<std::int64_t> noteIds; // empty: every note
};

// The file stem a note is exported and imported under: "note-ID".
std::string noteStem(const Note &note);

// A note with the spans to export, read from the project (on the project's thread).
struct ExportItem {
    io::AnnotatedNote note;
    std::string patientKey; // fixes the date shift: one per patient
};
std::vector<ExportItem> collectNotes(const Project &project, const NoteExportOptions &options);
// De-identifies (when asked) and writes them; returns how many. Thread: any. Throws
// core::Error naming the path it cannot write, core::Cancelled when the sink cancels.
int writeNotes(std::vector<ExportItem> items, const NoteExportOptions &options, ProgressSink *progress = nullptr);
// Both in one call.
int exportNotes(const Project &project, const NoteExportOptions &options, ProgressSink *progress = nullptr);

// Reads NAME.ann files from a folder (NAME as noteStem gives, or the note's external id) and
// stores their spans as accepted by author. Returns the number of notes that got spans;
// files that match no note or do not parse are listed in problems ("file: reason").
int importBratFolder(Project &project, const std::string &folder, const std::string &author,
                     std::vector<std::string> &problems);

struct NoteAgreement {
    std::int64_t noteId = 0;
    quality::Agreement agreement;
};
struct AgreementReport {
    std::vector<NoteAgreement> notes;   // notes where either author has spans
    quality::SpanScore exact, overlap;  // pooled over those notes
    double kappa = 1.0;                 // token-weighted mean of the notes' kappas
    int tokens = 0;
};
AgreementReport authorAgreement(const Project &project, const std::string &authorA, const std::string &authorB);

} // namespace sagitta::core
