#pragma once
// The project's imaging series: their records, files in slice order and per-slice UIDs. One of
// the stores a Project keeps over its one database (Project::seriesStore()).
#include "core/image/volume.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sagitta::core {

namespace sqlite {
class Database;
}
class Project;

// How one slice's pixels are stored and where they lie in its file, as the header scan found
// them at import, with the file's size and modification time then (table slice_pixels).
struct SlicePixels {
    int frame = 0;                 // frame in a multi-frame file
    std::uint64_t pixelOffset = 0; // native little-endian pixel data start here; 0: read through DCMTK
    std::int64_t fileSize = -1, fileMtimeNs = 0;
    std::string transferSyntaxUid, photometric;
    int rows = 0, columns = 0, frames = 1, samplesPerPixel = 1;
    int bitsAllocated = 0, bitsStored = 0, highBit = 0, pixelRepresentation = 0;
    double rescaleSlope = 1, rescaleIntercept = 0;
    bool hasPosition = false;
    Vec3 position{0, 0, 0}; // ImagePositionPatient, LPS mm
};

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
    // Per slice beside files, or empty (a series imported before schema 13): see SlicePixels.
    std::vector<SlicePixels> pixels;
    std::vector<std::string> warnings;
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

class SeriesStore {
public:
    // Series. A record whose series UID and stack are in the project already updates that
    // series in place (see SeriesImport); one transaction with its audit row.
    SeriesImport importSeries(const SeriesRecord &record);
    std::int64_t addSeries(const SeriesRecord &record) { return importSeries(record).id; }
    std::vector<SeriesRecord> series() const;
    std::optional<SeriesRecord> seriesById(std::int64_t id) const;
    // A series by project id or by SeriesInstanceUID (the first stack of it); nullopt when none.
    std::optional<std::int64_t> findSeries(const std::string &idOrUid) const;

private:
    friend class Project;
    SeriesStore(sqlite::Database &db, Project &project) : m_db(&db), m_project(project) {}
    SeriesStore(const SeriesStore &) = delete;
    SeriesStore &operator=(const SeriesStore &) = delete;
    std::int64_t insertSeries(const SeriesRecord &record);
    std::vector<SeriesRecord> readSeries(std::int64_t onlyId) const; // 0: all
    void writeSeriesFiles(std::int64_t id, const SeriesRecord &record);
    void writeSlicePixels(std::int64_t id, const SeriesRecord &record);
    bool seriesHasWork(std::int64_t id) const;
    std::string extendSeries(std::int64_t id, const SeriesRecord &old, const SeriesRecord &now, int offset);

    sqlite::Database *m_db;
    Project &m_project;
};

} // namespace sagitta::core
