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
    std::uint64_t voxelsKept = 0;     // merge: imported voxels left out because already labelled
};

class LabelStore {
public:
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

    // Label exchange (labelstore_exchange.cpp). Both write the map and the segments in ONE
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
    void syncSegmentLayers(std::int64_t seriesId, const LabelMap &map); // segments.layer := map's

    sqlite::Database *m_db;
    Project &m_project;
};

} // namespace sagitta::core
