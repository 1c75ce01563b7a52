#pragma once
// Clinical notes, their links to series, entity types and entity spans (the engine's proposals
// and people's corrections). One of the stores a Project keeps over its one database
// (Project::noteStore()).
#include "core/text/annotator.h"
#include "core/text/note.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sagitta::core {

namespace sqlite {
class Database;
}
class Project;

// An entity type a user defined beside the built-in ones, with the terms that find it.
struct EntityType {
    std::int64_t id = 0;
    std::string name;           // upper case, e.g. "DEVICE"
    std::uint32_t rgb = 0;      // 0xRRGGBB
    std::vector<std::string> terms;
};

// Which notes a notes list shows; empty fields do not filter.
struct NoteFilter {
    std::string text;           // in the title, type or text (case-insensitive for ASCII)
    std::string noteType;       // exact
    std::string reviewStatus;   // exact
    std::string entity;         // a span of this TYPE, or whose text contains this
    bool affirmedOnly = false;  // entity: neither negated, uncertain, hypothetical nor about family
    std::int64_t seriesId = 0;  // not 0: only notes linked to this series (-1: to none)
};

// What a (re-)import did with one note. Notes are keyed by their source (sourceKey()).
struct NoteImport {
    enum class Kind {
        Added,
        Unchanged, // the same text is in the project already
        Updated,   // new text for a note nobody has worked on yet: text and proposals replaced
        Kept,      // new text for a note people have labelled or reviewed: kept as it was
    };
    std::int64_t id = 0;
    Kind kind = Kind::Added;
};

class NoteStore {
public:
    // Notes
    // Imports many notes in one transaction (keep batches short: the write lock is held
    // throughout), each with the engine's proposals when spans holds a list per note. A note
    // whose source key is in the project already is skipped, updated or kept (NoteImport).
    // Does not link notes to series: call linkNotesByPatient() after the last batch.
    std::vector<NoteImport> importNotes(const std::vector<Note> &notes, const std::vector<std::vector<text::Span>> &spans = {});
    // importNotes, then linkNotesByPatient; returns the notes' ids.
    std::vector<std::int64_t> addNotes(const std::vector<Note> &notes, const std::vector<std::vector<text::Span>> &spans = {});
    // The key a note is found again by: "id:" + its id in the source, or for a source without
    // ids "text:" + a hash of its text.
    static std::string sourceKey(const Note &note);
    std::vector<Note> notes() const;
    // Ids of the notes that pass the filter, in id order. Rejected spans never match.
    std::vector<std::int64_t> filterNotes(const NoteFilter &filter) const;
    std::vector<std::string> noteTypes() const;
    void setNoteStatus(std::int64_t noteId, const std::string &status); // new, in progress, done

    // Notes and imaging series of the same patient, linked by hand or by patient ID.
    void linkNoteToSeries(std::int64_t noteId, std::int64_t seriesId);
    void unlinkNoteFromSeries(std::int64_t noteId, std::int64_t seriesId);
    std::vector<std::int64_t> seriesOfNote(std::int64_t noteId) const;
    std::vector<std::int64_t> notesOfSeries(std::int64_t seriesId) const;
    // Links every note to every series with the same non-empty patient ID; returns new links.
    int linkNotesByPatient();

    // Entity types users add (names unique, not a built-in one); terms feed the engine.
    std::vector<EntityType> entityTypes() const;
    EntityType addEntityType(const std::string &name, std::uint32_t rgb, const std::vector<std::string> &terms);
    void updateEntityType(const EntityType &type);
    static const std::vector<std::string> &builtinEntityTypes();

    // Entity spans of a note (proposals from the engine, corrections by people); every change
    // goes to the audit log.
    std::vector<text::Span> spans(std::int64_t noteId) const;
    bool hasSpans(std::int64_t noteId) const;
    // Stores spans with the given status; returns their ids. The author is the current user
    // for a person's spans and "sagitta:SOURCE" for the engine's, unless one is given (spans
    // imported from another annotator's files).
    std::vector<std::int64_t> addSpans(std::int64_t noteId, const std::vector<text::Span> &spans, const std::string &status,
                                       const std::string &author = {});
    // The engine's spans for many notes as proposals, in short transactions of a few hundred
    // notes (a re-run after a crash adds only what is missing), leaving out any that a note has
    // already (same extent and type, whatever its status); returns how many were new.
    int addProposals(const std::vector<std::int64_t> &noteIds, const std::vector<std::vector<text::Span>> &spans);
    // The engine as an author: every span it proposed, whatever people decided since.
    static constexpr const char *kEngineAuthor = "sagitta";
    // kEngineAuthor (when the engine has spans), then the people who accepted or added spans.
    std::vector<std::string> spanAuthors() const;
    // Accepted spans of one author on a note (kEngineAuthor: the engine's proposals).
    std::vector<text::Span> spansBy(std::int64_t noteId, const std::string &author) const;
    void setSpanStatus(std::int64_t spanId, const std::string &status);

private:
    friend class Project;
    NoteStore(sqlite::Database &db, Project &project) : m_db(&db), m_project(project) {}
    NoteStore(const NoteStore &) = delete;
    NoteStore &operator=(const NoteStore &) = delete;
    void changeNoteLink(std::int64_t noteId, std::int64_t seriesId, bool link);
    int insertProposals(std::int64_t noteId, const std::vector<text::Span> &spans);

    sqlite::Database *m_db;
    Project &m_project;
};

} // namespace sagitta::core
