#include "core/project/seriesstore.h"
#include "core/project/storedjson.h"
#include "core/project/project.h"

#include "core/base/atomicfile.h"
#include "core/base/error.h"
#include "core/image/slice.h"
#include "core/labels/terminology.h"
#include "core/project/chunkcodec.h"
#include "core/project/sqlite.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using nlohmann::json;

namespace sagitta::core {

namespace {

json geometryToJson(const Geometry &g)
{
    return json{{"dims", g.dims}, {"spacing", g.spacing}, {"origin", g.origin}, {"direction", g.direction}};
}

Geometry geometryFromJson(const json &j)
{
    Geometry g;
    g.dims = j.at("dims").get<std::array<int, 3>>();
    g.spacing = j.at("spacing").get<Vec3>();
    g.origin = j.at("origin").get<Vec3>();
    g.direction = j.at("direction").get<std::array<double, 9>>();
    return g;
}

} // namespace

const char *seriesImportKindName(SeriesImport::Kind kind)
{
    switch (kind) {
    case SeriesImport::Kind::Added: return "added";
    case SeriesImport::Kind::Unchanged: return "unchanged";
    case SeriesImport::Kind::Updated: return "updated";
    case SeriesImport::Kind::Extended: return "extended";
    case SeriesImport::Kind::Kept: return "kept";
    }
    return "";
}

namespace {

bool near(double a, double b, double tolerance)
{
    return std::fabs(a - b) <= tolerance;
}

bool sameGrid(const Geometry &a, const Geometry &b, bool slicesToo)
{
    if (a.dims[0] != b.dims[0] || a.dims[1] != b.dims[1] || (slicesToo && a.dims[2] != b.dims[2]))
        return false;
    for (std::size_t n = 0; n < 3; ++n)
        if (!near(a.spacing[n], b.spacing[n], 1e-3 * std::max(1.0, std::fabs(a.spacing[n]))))
            return false;
    for (std::size_t n = 0; n < 9; ++n)
        if (!near(a.direction[n], b.direction[n], 1e-4))
            return false;
    if (slicesToo)
        for (std::size_t n = 0; n < 3; ++n)
            if (!near(a.origin[n], b.origin[n], 1e-3))
                return false;
    return true;
}

std::string dimsText(const Geometry &g)
{
    return std::to_string(g.dims[0]) + "x" + std::to_string(g.dims[1]) + "x" + std::to_string(g.dims[2]);
}

// Where the old grid's first slice lies on the new grid (k offset), when the new grid holds
// every old slice on the same plane positions: slices were added before or after.
std::optional<int> sliceOffset(const Geometry &old, const Geometry &now)
{
    if (!sameGrid(old, now, false) || now.dims[2] < old.dims[2])
        return std::nullopt;
    const Vec3 delta{old.origin[0] - now.origin[0], old.origin[1] - now.origin[1], old.origin[2] - now.origin[2]};
    const Vec3 normal = now.axis(2);
    const double along = delta[0] * normal[0] + delta[1] * normal[1] + delta[2] * normal[2];
    const double k = along / now.spacing[2];
    const long offset = std::lround(k);
    // In the slice plane the origins must agree, and along the normal land on a slice.
    const double across2 = delta[0] * delta[0] + delta[1] * delta[1] + delta[2] * delta[2] - along * along;
    if (std::fabs(k - double(offset)) > 0.05 || across2 > 1e-4 || offset < 0 || offset + old.dims[2] > now.dims[2])
        return std::nullopt;
    return int(offset);
}

} // namespace

std::int64_t SeriesStore::insertSeries(const SeriesRecord &r)
{
    sqlite::Statement ins(*m_db,
                          "INSERT INTO series(series_uid, stack_index, study_uid, frame_of_reference, patient_name,"
                          " patient_id, study_date, modality, series_number, description, geometry, scalar_type,"
                          " warnings) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    ins.bind(1, r.seriesUid).bind(2, r.stackIndex).bind(3, r.studyUid).bind(4, r.frameOfReferenceUid);
    ins.bind(5, r.patientName).bind(6, r.patientId).bind(7, r.studyDate).bind(8, r.modality);
    ins.bind(9, r.seriesNumber).bind(10, r.description).bind(11, geometryToJson(r.geometry).dump());
    ins.bind(12, r.scalarType).bind(13, json(r.warnings).dump());
    ins.run();
    return m_db->lastInsertId(); // label maps are made by their authors' first change
}

void SeriesStore::writeSeriesFiles(std::int64_t id, const SeriesRecord &r)
{
    const fs::path base = m_project.folder();
    sqlite::Statement del(*m_db, "DELETE FROM series_files WHERE series_id = ?1");
    del.bind(1, id).run();
    sqlite::Statement file(*m_db, "INSERT INTO series_files(series_id, slice_index, path, sop_instance_uid) VALUES (?1, ?2, ?3, ?4)");
    for (std::size_t n = 0; n < r.files.size(); ++n) {
        const fs::path abs = fs::absolute(r.files[n]).lexically_normal();
        const fs::path rel = abs.lexically_relative(base);
        const bool below = !rel.empty() && *rel.begin() != "..";
        file.bind(1, id).bind(2, int(n)).bind(3, (below ? rel : abs).string());
        file.bind(4, n < r.sopInstanceUids.size() ? r.sopInstanceUids[n] : std::string()).run();
    }
}

void SeriesStore::writeSlicePixels(std::int64_t id, const SeriesRecord &r)
{
    sqlite::Statement del(*m_db, "DELETE FROM slice_pixels WHERE series_id = ?1");
    del.bind(1, id).run();
    if (r.pixels.size() != r.files.size())
        return; // not known: every slice is read through DCMTK
    sqlite::Statement put(*m_db, "INSERT INTO slice_pixels(series_id, slice_index, frame, pixel_offset, file_size, file_mtime_ns,"
                                 " transfer_syntax, photometric, rows, columns, frames, samples_per_pixel, bits_allocated,"
                                 " bits_stored, high_bit, pixel_representation, rescale_slope, rescale_intercept, has_position,"
                                 " position_x, position_y, position_z)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)");
    for (std::size_t n = 0; n < r.pixels.size(); ++n) {
        const SlicePixels &p = r.pixels[n];
        put.bind(1, id).bind(2, int(n)).bind(3, p.frame).bind(4, std::int64_t(p.pixelOffset)).bind(5, p.fileSize);
        put.bind(6, p.fileMtimeNs).bind(7, p.transferSyntaxUid).bind(8, p.photometric).bind(9, p.rows).bind(10, p.columns);
        put.bind(11, p.frames).bind(12, p.samplesPerPixel).bind(13, p.bitsAllocated).bind(14, p.bitsStored);
        put.bind(15, p.highBit).bind(16, p.pixelRepresentation).bind(17, p.rescaleSlope).bind(18, p.rescaleIntercept);
        put.bind(19, p.hasPosition ? 1 : 0).bind(20, p.position[0]).bind(21, p.position[1]).bind(22, p.position[2]).run();
    }
}

bool SeriesStore::seriesHasWork(std::int64_t id) const
{
    sqlite::Statement st(*m_db, "SELECT EXISTS (SELECT 1 FROM label_chunks c JOIN label_maps m ON m.id = c.map_id"
                                " WHERE m.series_id = ?1)"
                                " OR EXISTS (SELECT 1 FROM segments g JOIN label_maps m ON m.id = g.map_id WHERE m.series_id = ?1)"
                                " OR EXISTS (SELECT 1 FROM measurements WHERE series_id = ?1)");
    st.bind(1, id);
    return st.step() && st.int64(0) != 0;
}

std::string SeriesStore::extendSeries(std::int64_t id, const SeriesRecord &old, const SeriesRecord &now, int offset)
{
    // Every author's labels move to the new slice indices: each map is read whole, placed at
    // the offset and written back; chunks of the old layout that are not rewritten are deleted.
    for (const LabelMapInfo &info : m_project.labelStore().labelMaps(id)) {
        // By id: an ownerless map beside the user's own is moved too, each into itself.
        const LabelMap before = m_project.labelStore().loadMapById(info.id, old.geometry.dims);
        const LabelMap uncertain = m_project.labelStore().loadMapById(info.id, old.geometry.dims, true);
        for (const auto &[table, from] : {std::pair{"label_chunks", &before}, std::pair{"uncertainty_chunks", &uncertain}}) {
            LabelMap after(now.geometry.dims);
            const auto &d = old.geometry.dims;
            for (int l = 0; l < from->layerCount(); ++l)
                for (int k = 0; k < d[2]; ++k)
                    for (int j = 0; j < d[1]; ++j)
                        for (int i = 0; i < d[0]; ++i)
                            if (const std::uint8_t v = from->at(i, j, k, l))
                                after.set(i, j, k + offset, v, l);
            sqlite::Statement clear(*m_db, std::string("DELETE FROM ") + table + " WHERE map_id = ?1");
            clear.bind(1, info.id).run();
            sqlite::Statement put(*m_db, std::string("INSERT INTO ") + table + "(map_id, chunk, data) VALUES (?1, ?2, ?3)");
            for (int c = 0; c < after.totalChunks(); ++c) {
                if (after.chunkIsEmpty(c))
                    continue;
                const std::vector<std::uint8_t> z = compressChunk(after.chunk(c));
                put.bind(1, info.id).bind(2, c).bindBlob(3, z.data(), z.size()).run();
            }
        }
    }
    sqlite::Statement dims(*m_db, "UPDATE label_maps SET nx = ?2, ny = ?3, nz = ?4 WHERE series_id = ?1");
    dims.bind(1, id).bind(2, now.geometry.dims[0]).bind(3, now.geometry.dims[1]).bind(4, now.geometry.dims[2]).run();
    // Measurements: the slice index of axial ones, the k coordinate of the others' points.
    int moved = 0;
    if (offset != 0) {
        sqlite::Statement upd(*m_db, "UPDATE measurements SET slice = ?2, points = ?3 WHERE id = ?1");
        for (const Measurement &mm : m_project.labelStore().measurements(id)) {
            int uAxis = 0, vAxis = 1;
            planeAxes(SliceAxis(mm.planeAxis), uAxis, vAxis);
            std::array<double, 4> pts = mm.points;
            if (uAxis == 2)
                pts[0] += offset, pts[2] += offset;
            if (vAxis == 2)
                pts[1] += offset, pts[3] += offset;
            upd.bind(1, mm.id).bind(2, mm.planeAxis == 2 ? mm.slice + offset : mm.slice).bind(3, json(pts).dump()).run();
            ++moved;
        }
    }
    return std::to_string(now.geometry.dims[2] - old.geometry.dims[2]) + " slice(s) added (" + dimsText(old.geometry) + " -> "
           + dimsText(now.geometry) + "); labels" + (moved ? " and " + std::to_string(moved) + " measurement(s)" : std::string())
           + " moved along";
}

SeriesImport SeriesStore::importSeries(const SeriesRecord &r)
{
    sqlite::Transaction tx(*m_db);
    SeriesImport result;
    sqlite::Statement find(*m_db, "SELECT id FROM series WHERE series_uid = ?1 AND stack_index = ?2");
    find.bind(1, r.seriesUid).bind(2, r.stackIndex);
    if (!find.step()) {
        result.id = insertSeries(r);
        writeSeriesFiles(result.id, r);
        writeSlicePixels(result.id, r);
    } else {
        result.id = find.int64(0);
        const SeriesRecord old = *seriesById(result.id);
        std::vector<std::string> newFiles;
        for (const std::string &f : r.files)
            newFiles.push_back(fs::absolute(f).lexically_normal().string());
        const bool sameFacts = old.scalarType == r.scalarType && old.warnings == r.warnings && old.description == r.description
                               && old.modality == r.modality && old.seriesNumber == r.seriesNumber;
        const std::optional<int> offset = sliceOffset(old.geometry, r.geometry);
        if (sameGrid(old.geometry, r.geometry, true)) {
            const bool sameUids = r.sopInstanceUids.empty() || old.sopInstanceUids == r.sopInstanceUids;
            result.kind = (old.files == newFiles && sameFacts && sameUids) ? SeriesImport::Kind::Unchanged : SeriesImport::Kind::Updated;
        } else if (offset) {
            result.kind = SeriesImport::Kind::Extended;
            result.message = extendSeries(result.id, old, r, *offset);
        } else if (!seriesHasWork(result.id)) {
            // Nothing people made hangs on the old grid: take the new one.
            result.kind = SeriesImport::Kind::Updated;
            result.message = "geometry changed (" + dimsText(old.geometry) + " -> " + dimsText(r.geometry)
                             + "); the series had no labels or measurements";
            sqlite::Statement dims(*m_db, "UPDATE label_maps SET nx = ?2, ny = ?3, nz = ?4 WHERE series_id = ?1");
            dims.bind(1, result.id).bind(2, r.geometry.dims[0]).bind(3, r.geometry.dims[1]).bind(4, r.geometry.dims[2]).run();
        } else {
            result.kind = SeriesImport::Kind::Kept;
            result.message = "the geometry of its files changed since import (" + dimsText(old.geometry) + " -> "
                             + dimsText(r.geometry) + "); the series was kept as imported, with its labels";
        }
        if (result.kind != SeriesImport::Kind::Unchanged && result.kind != SeriesImport::Kind::Kept) {
            sqlite::Statement upd(*m_db, "UPDATE series SET study_uid = ?2, frame_of_reference = ?3, patient_name = ?4,"
                                         " patient_id = ?5, study_date = ?6, modality = ?7, series_number = ?8,"
                                         " description = ?9, geometry = ?10, scalar_type = ?11, warnings = ?12 WHERE id = ?1");
            upd.bind(1, result.id).bind(2, r.studyUid).bind(3, r.frameOfReferenceUid).bind(4, r.patientName);
            upd.bind(5, r.patientId).bind(6, r.studyDate).bind(7, r.modality).bind(8, r.seriesNumber).bind(9, r.description);
            upd.bind(10, geometryToJson(r.geometry).dump()).bind(11, r.scalarType).bind(12, json(r.warnings).dump()).run();
            writeSeriesFiles(result.id, r);
        }
        // What the files hold now (their stamps too), whenever the record is the files' own.
        if (result.kind != SeriesImport::Kind::Kept)
            writeSlicePixels(result.id, r);
    }
    m_project.audit("series.import", "series " + std::to_string(result.id) + " " + seriesImportKindName(result.kind) + ", "
                               + std::to_string(r.files.size()) + " files");
    tx.commit();
    return result;
}

std::vector<SeriesRecord> SeriesStore::series() const
{
    return readSeries(0);
}

std::vector<SeriesRecord> SeriesStore::readSeries(std::int64_t onlyId) const
{
    std::vector<SeriesRecord> out;
    sqlite::Statement st(*m_db,
                         "SELECT id, series_uid, stack_index, study_uid, frame_of_reference, patient_name, patient_id,"
                         " study_date, modality, series_number, description, geometry, scalar_type, warnings"
                         " FROM series WHERE ?1 = 0 OR id = ?1 ORDER BY patient_id, study_uid, series_number, id");
    st.bind(1, onlyId);
    const fs::path base = m_project.folder();
    while (st.step()) {
        SeriesRecord r;
        r.id = st.int64(0);
        r.seriesUid = st.text(1);
        r.stackIndex = int(st.int64(2));
        r.studyUid = st.text(3);
        r.frameOfReferenceUid = st.text(4);
        r.patientName = st.text(5);
        r.patientId = st.text(6);
        r.studyDate = st.text(7);
        r.modality = st.text(8);
        r.seriesNumber = int(st.int64(9));
        r.description = st.text(10);
        r.geometry = geometryFromJson(parseStoredJson(st.text(11), m_project.path() + ": series " + std::to_string(r.id) + " geometry"));
        r.scalarType = st.text(12);
        r.warnings = parseStoredJson(st.text(13), m_project.path() + ": series " + std::to_string(r.id) + " warnings")
                         .get<std::vector<std::string>>();
        out.push_back(std::move(r));
    }
    sqlite::Statement files(*m_db, "SELECT path, sop_instance_uid FROM series_files WHERE series_id = ?1 ORDER BY slice_index");
    for (SeriesRecord &r : out) {
        files.bind(1, r.id);
        while (files.step()) {
            const fs::path p = files.text(0);
            r.files.push_back((p.is_absolute() ? p : base / p).string());
            r.sopInstanceUids.push_back(files.text(1));
        }
        files.reset();
    }
    sqlite::Statement pixels(*m_db, "SELECT slice_index, frame, pixel_offset, file_size, file_mtime_ns, transfer_syntax, photometric,"
                                    " rows, columns, frames, samples_per_pixel, bits_allocated, bits_stored, high_bit,"
                                    " pixel_representation, rescale_slope, rescale_intercept, has_position, position_x,"
                                    " position_y, position_z FROM slice_pixels WHERE series_id = ?1 ORDER BY slice_index");
    for (SeriesRecord &r : out) {
        pixels.bind(1, r.id);
        bool whole = true;
        while (pixels.step()) {
            whole = whole && pixels.int64(0) == std::int64_t(r.pixels.size());
            SlicePixels p;
            p.frame = int(pixels.int64(1));
            p.pixelOffset = std::uint64_t(std::max<std::int64_t>(0, pixels.int64(2)));
            p.fileSize = pixels.int64(3);
            p.fileMtimeNs = pixels.int64(4);
            p.transferSyntaxUid = pixels.text(5);
            p.photometric = pixels.text(6);
            p.rows = int(pixels.int64(7));
            p.columns = int(pixels.int64(8));
            p.frames = int(pixels.int64(9));
            p.samplesPerPixel = int(pixels.int64(10));
            p.bitsAllocated = int(pixels.int64(11));
            p.bitsStored = int(pixels.int64(12));
            p.highBit = int(pixels.int64(13));
            p.pixelRepresentation = int(pixels.int64(14));
            p.rescaleSlope = pixels.real(15);
            p.rescaleIntercept = pixels.real(16);
            p.hasPosition = pixels.int64(17) != 0;
            p.position = {pixels.real(18), pixels.real(19), pixels.real(20)};
            r.pixels.push_back(std::move(p));
        }
        pixels.reset();
        if (!whole || r.pixels.size() != r.files.size())
            r.pixels.clear(); // not one row per slice: read every slice through DCMTK
    }
    return out;
}

std::optional<SeriesRecord> SeriesStore::seriesById(std::int64_t id) const
{
    // One row and its files, not every series of the project.
    std::vector<SeriesRecord> one = id > 0 ? readSeries(id) : std::vector<SeriesRecord>{};
    if (one.empty())
        return std::nullopt;
    return std::move(one.front());
}


std::optional<std::int64_t> SeriesStore::findSeries(const std::string &idOrUid) const
{
    // Two lookups by key, not every series with its files read (a first slice waits on this).
    char *end = nullptr;
    const long long number = idOrUid.empty() ? 0 : std::strtoll(idOrUid.c_str(), &end, 10);
    if (number > 0 && *end == '\0' && std::to_string(number) == idOrUid) {
        sqlite::Statement byId(*m_db, "SELECT id FROM series WHERE id = ?1");
        byId.bind(1, std::int64_t(number));
        if (byId.step())
            return byId.int64(0);
    }
    sqlite::Statement byUid(*m_db, "SELECT id FROM series WHERE series_uid = ?1"
                                   " ORDER BY patient_id, study_uid, series_number, id LIMIT 1");
    byUid.bind(1, idOrUid);
    if (byUid.step())
        return byUid.int64(0);
    return std::nullopt;
}

} // namespace sagitta::core
