#pragma once
// The project file: one SQLite database (.sagitta) holding series references, segments, label
// chunks, notes and the audit log. WAL with synchronous=FULL: every committed edit survives a
// crash or power loss. Schema versions move forward by the numbered scripts in resources/sql.
// Not thread-safe: use a Project from one thread (the GUI thread in the app).
#include "core/image/volume.h"
#include "core/labels/labelmap.h"
#include "core/labels/segment.h"
#include "core/labels/terminology.h"
#include "core/project/training.h"
#include "core/text/annotator.h"
#include "core/text/note.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sagitta::core {

namespace sqlite {
class Database;
}

struct SeriesRecord {
    std::int64_t id = 0;
    std::string seriesUid, studyUid, frameOfReferenceUid;
    int stackIndex = 0;
    std::string patientName, patientId, studyDate, modality, description; // PHI: never log
    int seriesNumber = 0;
    Geometry geometry;
    std::string scalarType;
    std::vector<std::string> files;    // slice order; absolute paths when read back
    std::vector<std::string> sopInstanceUids; // per slice beside files; '' where unknown (imported before schema 7)
    std::vector<std::string> warnings;
};

struct Measurement {
    std::int64_t id = 0;
    std::int64_t seriesId = 0;
    std::string kind;            // ruler, rectangle, ellipse
    int planeAxis = 2, slice = 0;
    std::array<double, 4> points{}; // u0, v0, u1, v1
    std::string resultJson;      // length_mm or area_mm2, mean, sd, min, max, voxels, unit
};

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

// What a (re-)import did with one series. A series already in the project keeps its id and
// everything attached to it (segments, labels, measurements, note links).
struct SeriesImport {
    enum class Kind {
        Added,     // new in the project
        Unchanged, // same geometry and files
        Updated,   // same geometry; files or header facts refreshed
        Extended,  // slices added on the same grid; labels and measurements moved along
        Kept,      // the geometry changed: reported, nothing applied, the series kept as it was
    };
    std::int64_t id = 0;
    Kind kind = Kind::Added;
    std::string message; // for Extended and Kept: what happened (no patient data)
};
const char *seriesImportKindName(SeriesImport::Kind kind); // "added", "unchanged", ...

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

struct LabelComment {
    std::string at, user, text;
};

// What replaceLabels or mergeLabels stored.
struct LabelImport {
    std::vector<Segment> segments;    // the imported segments as stored (their ids and label values)
    std::uint64_t voxels = 0;         // labelled voxels written
    std::uint64_t voxelsKept = 0;     // merge: imported voxels left out because already labelled
};

struct AuditEntry {
    std::string at, user, action, detail;
};

class Project {
public:
    static constexpr int kSchemaVersion = 10;

    // ReadOnly changes nothing in the file (no migration, no audit row) and works on read-only
    // files and in read-only folders; writes then throw core::Error. Auto is ReadWrite where the
    // file and its folder can be written, ReadOnly elsewhere.
    enum class Access { ReadWrite, ReadOnly, Auto };

    // Creates a new project file: built under a temporary name in the same folder and renamed
    // into place once its schema is complete, so a crash never leaves a half-made project at
    // path. Throws core::Error if path exists or cannot be written.
    static std::unique_ptr<Project> create(const std::string &path);
    // Opens an existing project, migrating an older schema forward (ReadWrite). Throws
    // core::Error with a clear message for a missing, foreign, damaged or newer file, and
    // leaves it untouched.
    static std::unique_ptr<Project> open(const std::string &path, Access access = Access::ReadWrite);
    static std::unique_ptr<Project> openOrCreate(const std::string &path);
    ~Project();

    bool readOnly() const;
    // How long a write waits for another connection's lock before it throws core::Busy
    // (5000 ms unless set).
    void setBusyTimeout(int milliseconds);

    const std::string &path() const { return m_path; }
    std::string folder() const;
    int schemaVersion() const;

    // Series. A record whose series UID and stack are in the project already updates that
    // series in place (see SeriesImport); one transaction with its audit row.
    SeriesImport importSeries(const SeriesRecord &record);
    std::int64_t addSeries(const SeriesRecord &record) { return importSeries(record).id; }
    std::vector<SeriesRecord> series() const;
    std::optional<SeriesRecord> seriesById(std::int64_t id) const;

    // Segments
    std::vector<Segment> segments(std::int64_t seriesId) const;
    // Adds a segment with the lowest free label value; throws when all 255 are used.
    Segment addSegment(std::int64_t seriesId, const std::string &name, std::uint32_t rgb, const Code &category = {},
                       const Code &type = {});
    // Puts a removed segment back as it was (its id and label too): undo of a removal.
    Segment restoreSegment(const Segment &segment);
    // Name, colour, opacity, visibility, lock and coded meaning; throws for an unknown id.
    void updateSegment(const Segment &segment);
    void removeSegment(std::int64_t segmentId);
    // The built-in terminology followed by the project's own entries.
    std::vector<TerminologyEntry> terminology() const;
    void addTerminologyEntry(const TerminologyEntry &entry);

    // Review of a series' label map: draft, submitted, approved, rejected, with comments.
    std::string labelMapStatus(std::int64_t seriesId) const;
    void setLabelMapStatus(std::int64_t seriesId, const std::string &status, const std::string &comment = {});
    std::vector<LabelComment> labelComments(std::int64_t seriesId) const;

    // Label maps: save writes the listed chunks (of any layer) in one transaction (empty chunks
    // are deleted), with the segments' layers as map has them (LabelMap::layerOf).
    void saveLabelChunks(std::int64_t seriesId, const LabelMap &map, const std::vector<int> &chunks);
    // The map with its layers: chunk rows of every layer, each segment's label on its layer.
    LabelMap loadLabelMap(std::int64_t seriesId, const std::array<int, 3> &dims) const;
    static constexpr int kMaxLabelLayers = LabelMap::kMaxLayers;

    // Label exchange (project_labels.cpp). Both write the map and the segments in ONE
    // transaction with their audit row: a killed import leaves the old labels or the new ones,
    // never a mix. map must have the series' dims; segments' label values 1..255, unique, and
    // every non-zero value of map must have a segment. source says where the labels came from
    // ("NIfTI", "DICOM SEG"; no patient data). Throws core::Error and changes nothing otherwise.
    // Replace: the series' label map becomes map; its segments become segments (a segment with
    // the same label value keeps its id, with the new name and colour; the others are removed).
    LabelImport replaceLabels(std::int64_t seriesId, const LabelMap &map, const std::vector<Segment> &segments,
                              const std::string &source);
    // Both carry map's layers: each segment on its layer (overlapping segments stay overlapping).
    // Merge: segments are added with the lowest free label values (map's values renumbered to
    // match); their voxels fill only voxels that no layer labels now, so nothing already
    // labelled changes (LabelImport::voxelsKept counts what was left out); each stays on its
    // layer of map. Throws when labels run out.
    LabelImport mergeLabels(std::int64_t seriesId, const LabelMap &map, const std::vector<Segment> &segments,
                            const std::string &source);
    // Checks the file without changing it (works read-only): SQLite's integrity_check and
    // foreign_key_check, application id and schema version, every label map on its series'
    // grid with chunk edge 32, every label chunk belonging to an existing label map, its index
    // in range (of a layer 0..254) and decompressing to exactly 32^3 bytes, label values that no
    // segment explains or that lie on another layer than their segment's, and segments' label
    // values in 1..255. Returns one line per problem (empty: all good).
    std::vector<std::string> verify() const;

    // Measurements
    // A new measurement, or (id != 0) a removed one back with its id: returns the id.
    std::int64_t addMeasurement(const Measurement &measurement);
    std::vector<Measurement> measurements(std::int64_t seriesId) const;
    void removeMeasurement(std::int64_t id);

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

    // Training (project_training.cpp): each call is one short transaction, so a worker with its
    // own Project can record a run while the GUI's connection reads. Start and end of a run and
    // every model saved go to the audit log.
    std::int64_t beginTrainingRun(const std::string &task, const std::string &model, const std::string &paramsJson,
                                  const std::string &device);
    void addTrainingEpoch(std::int64_t runId, const TrainingEpoch &epoch);
    // status: finished, cancelled or failed.
    void finishTrainingRun(std::int64_t runId, const std::string &status, const std::string &resultJson);
    std::vector<TrainingRun> trainingRuns() const;
    std::optional<TrainingRun> trainingRun(std::int64_t runId) const;
    std::vector<TrainingEpoch> trainingEpochs(std::int64_t runId) const;
    std::int64_t addModel(std::int64_t runId, const std::string &name, const std::string &task, const std::string &weights,
                          const std::string &sidecarJson, const std::string &format = "libtorch-archive");
    std::vector<ModelRecord> models() const;                // without weights
    std::optional<ModelRecord> model(std::int64_t id) const; // with weights

    // Audit log (append-only).
    void audit(const std::string &action, const std::string &detail = {});
    std::vector<AuditEntry> auditLog() const;

    static std::string currentUser();

private:
    Project(std::unique_ptr<sqlite::Database> db, std::string path);
    void configure();
    void migrate();
    void changeNoteLink(std::int64_t noteId, std::int64_t seriesId, bool link);
    std::int64_t insertSeries(const SeriesRecord &record);
    std::vector<SeriesRecord> readSeries(std::int64_t onlyId) const; // 0: all
    void writeSeriesFiles(std::int64_t id, const SeriesRecord &record);
    bool seriesHasWork(std::int64_t id) const;
    std::string extendSeries(std::int64_t id, const SeriesRecord &old, const SeriesRecord &now, int offset);
    int insertProposals(std::int64_t noteId, const std::vector<text::Span> &spans);
    void syncSegmentLayers(std::int64_t seriesId, const LabelMap &map); // segments.layer := map's

    std::unique_ptr<sqlite::Database> m_db;
    std::string m_path;
};

} // namespace sagitta::core
