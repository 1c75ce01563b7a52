#pragma once
// What people draw on a series: segments, the chunked label map, its review status and
// comments, and measurements (rulers, ROIs). One of the stores a Project keeps over its one
// database (Project::labelStore()); every change is one transaction with its audit row.
#include "core/labels/labelmap.h"
#include "core/labels/segment.h"
#include "core/labels/terminology.h"

#include <array>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sagitta::core {

namespace sqlite {
class Database;
}
class Project;

struct Measurement {
    std::int64_t id = 0;
    std::int64_t seriesId = 0;
    std::string kind;            // ruler, rectangle, ellipse
    int planeAxis = 2, slice = 0;
    std::array<double, 4> points{}; // u0, v0, u1, v1
    std::string resultJson;      // length_mm or area_mm2, mean, sd, min, max, voxels, unit
};

struct LabelComment {
    std::string at, user, text;
};

// What replaceLabels or mergeLabels stored.
struct LabelImport {
    std::vector<Segment> segments;    // the imported segments as stored (their ids and label values)
    std::uint64_t voxels = 0;         // labelled voxels written
    std::uint64_t voxelsOverlapping = 0; // merge: imported voxels labelled already, kept on another layer
    std::uint64_t voxelsKept = 0;     // merge: imported voxels left out (every layer labelled there)
};

// One label map of a series: a person's (author = their user name), a model's proposal
// (source "model", author modelAuthor(id)), or one made before maps had authors (author '').
struct LabelMapInfo {
    std::int64_t id = 0;
    std::int64_t seriesId = 0;
    std::string author;
    std::string source;          // person, model
    std::int64_t modelId = 0;    // source model: the model (0 once the model is removed)
    std::string status;          // draft, submitted, approved, rejected; proposals: proposed, accepted, rejected
    std::string createdAt;
};

// Every call that names a series works on one of its label maps, chosen by author: a person's
// name, modelAuthor(id) for a model's proposal, or '' for the current user
// (Project::currentUser()). A person's map is made by their first change; until then reading
// it gives the ownerless map of a project made before maps had authors, if there is one, which
// the person's first change takes as theirs. Reading a map that does not exist gives nothing
// (no segments, an empty label map).
class LabelStore {
public:
    static std::string modelAuthor(std::int64_t modelId); // "model:<id>"
    // The series' maps: people's first (by name), then proposals (by model).
    std::vector<LabelMapInfo> labelMaps(std::int64_t seriesId) const;
    std::optional<LabelMapInfo> labelMap(std::int64_t seriesId, const std::string &author = {}) const;
    // One map by its id (LabelMapInfo::id), whoever its author, the ownerless one too: its
    // voxels (or its uncertainty) and its segments.
    LabelMap loadMapById(std::int64_t mapId, const std::array<int, 3> &dims, bool uncertainty = false) const;
    std::vector<Segment> segmentsOfMap(std::int64_t mapId, std::int64_t seriesId) const { return mapSegments(mapId, seriesId); }

    // Segments
    std::vector<Segment> segments(std::int64_t seriesId, const std::string &author = {}) const;
    // Adds a segment with the lowest free label value; throws when all 255 are used.
    Segment addSegment(std::int64_t seriesId, const std::string &name, std::uint32_t rgb, const Code &category = {},
                       const Code &type = {}, const std::string &author = {});
    // Puts a removed segment back as it was (its id, label and map too): undo of a removal.
    Segment restoreSegment(const Segment &segment);
    // Name, colour, opacity, visibility, lock and coded meaning; throws for an unknown id.
    void updateSegment(const Segment &segment);
    void removeSegment(std::int64_t segmentId);
    // The built-in terminology followed by the project's own entries.
    std::vector<TerminologyEntry> terminology() const;
    void addTerminologyEntry(const TerminologyEntry &entry);

    // Review of a series' label map: draft, submitted, approved, rejected, with comments.
    std::string labelMapStatus(std::int64_t seriesId, const std::string &author = {}) const;
    void setLabelMapStatus(std::int64_t seriesId, const std::string &status, const std::string &comment = {},
                           const std::string &author = {});
    std::vector<LabelComment> labelComments(std::int64_t seriesId, const std::string &author = {}) const;

    // Label maps: save writes the listed chunks (of any layer) in one transaction (empty chunks
    // are deleted), with the segments' layers as map has them (LabelMap::layerOf).
    void saveLabelChunks(std::int64_t seriesId, const LabelMap &map, const std::vector<int> &chunks,
                         const std::string &author = {});
    // The map with its layers: chunk rows of every layer, each segment's label on its layer.
    LabelMap loadLabelMap(std::int64_t seriesId, const std::array<int, 3> &dims, const std::string &author = {}) const;
    static constexpr int kMaxLabelLayers = LabelMap::kMaxLayers;

    // Label exchange (labelstore_exchange.cpp). Both write the map and the segments in ONE
    // transaction with their audit row: a killed import leaves the old labels or the new ones,
    // never a mix. map must have the series' dims; segments' label values 1..255, unique, and
    // every non-zero value of map must have a segment. source says where the labels came from
    // ("NIfTI", "DICOM SEG"; no patient data). Throws core::Error and changes nothing otherwise.
    // Replace: the series' label map becomes map; its segments become segments (a segment with
    // the same label value keeps its id, with the new name and colour; the others are removed).
    LabelImport replaceLabels(std::int64_t seriesId, const LabelMap &map, const std::vector<Segment> &segments,
                              const std::string &source, const std::string &author = {});
    // Both carry map's layers: each segment on its layer (overlapping segments stay overlapping).
    // Merge: segments are added with the lowest free label values (map's values renumbered to
    // match), each on the lowest layer where all its voxels are free, so nothing already
    // labelled changes and overlapping segments stay overlapping (LabelImport counts the
    // voxels that went to another layer, and any left out where all 255 layers are taken).
    // Throws when label values run out.
    LabelImport mergeLabels(std::int64_t seriesId, const LabelMap &map, const std::vector<Segment> &segments,
                            const std::string &source, const std::string &author = {});

    // Proposals: a model's output kept apart from people's labels until a person decides.
    // storeProposal replaces the model's earlier proposal for the series (status "proposed"),
    // with its per-voxel uncertainty (0..255, layer 0 of uncertainty; may be empty) in the same
    // transaction. accept merges it into the current user's map as mergeLabels does (nothing
    // people labelled changes) and marks it accepted; reject marks it rejected. Both audited.
    LabelImport storeProposal(std::int64_t seriesId, std::int64_t modelId, const LabelMap &map,
                              const std::vector<Segment> &segments, const LabelMap &uncertainty);
    LabelMap loadUncertainty(std::int64_t seriesId, const std::array<int, 3> &dims, const std::string &author) const;
    LabelImport acceptProposal(std::int64_t seriesId, std::int64_t modelId);
    void rejectProposal(std::int64_t seriesId, std::int64_t modelId);
    // Measurements
    // A new measurement, or (id != 0) a removed one back with its id: returns the id.
    std::int64_t addMeasurement(const Measurement &measurement);
    std::vector<Measurement> measurements(std::int64_t seriesId) const;
    void removeMeasurement(std::int64_t id);

private:
    friend class Project;
    LabelStore(sqlite::Database &db, Project &project) : m_db(&db), m_project(project) {}
    LabelStore(const LabelStore &) = delete;
    LabelStore &operator=(const LabelStore &) = delete;
    std::string resolve(const std::string &author) const; // '' -> the current user
    // The map of (series, author) that reads see: the author's, else (a person) the ownerless one.
    std::optional<std::int64_t> findMap(std::int64_t seriesId, const std::string &author) const;
    // The map a change writes to: found as findMap does (an ownerless map becomes the author's),
    // else made on the series' grid. Call inside a transaction.
    std::int64_t writableMap(std::int64_t seriesId, const std::string &author);
    std::array<int, 3> mapDims(std::int64_t mapId) const;
    std::vector<Segment> mapSegments(std::int64_t mapId, std::int64_t seriesId) const;
    void syncSegmentLayers(std::int64_t mapId, const LabelMap &map); // segments.layer := map's
    LabelMap loadMap(std::int64_t mapId, const std::array<int, 3> &dims, const char *table = "label_chunks") const;
    void writeAllChunks(std::int64_t mapId, const LabelMap &map, const char *table = "label_chunks");
    std::array<int, 3> seriesDims(std::int64_t seriesId) const;
    LabelImport mergeInto(std::int64_t mapId, std::int64_t seriesId, const LabelMap &map, const std::vector<Segment> &segments);

    sqlite::Database *m_db;
    Project &m_project;
};

} // namespace sagitta::core
