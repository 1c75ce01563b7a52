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

namespace sagitta::embedded {
const std::map<std::string, std::string_view> &schemaMigrations();
}

namespace sagitta::core {

namespace {

constexpr std::int64_t kApplicationId = 0x53475441; // "SGTA"

std::int64_t pragmaInt(sqlite::Database &db, const char *pragma)
{
    sqlite::Statement st(db, std::string("PRAGMA ") + pragma);
    return st.step() ? st.int64(0) : 0;
}

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

Project::Project(std::unique_ptr<sqlite::Database> db, std::string path)
    : m_db(std::move(db)), m_path(std::move(path))
{
}

Project::~Project() = default;

namespace {

// A file name beside path that no one else uses; the file is created empty (SQLite takes an
// empty file as an empty database).
std::string reserveTempBeside(const std::string &path)
{
    const fs::path t = fs::absolute(path);
    std::string name = (t.parent_path() / ("." + t.filename().string() + ".creating-XXXXXX")).string();
    const int fd = ::mkstemp(name.data());
    if (fd < 0)
        throw Error(path + ": cannot create the project: " + std::strerror(errno));
    // mkstemp makes 0600: give the project the permissions SQLite would (0644 under umask 022).
    ::fchmod(fd, 0644 & ~processUmask());
    ::close(fd);
    return name;
}

void removeDatabaseFiles(const std::string &path)
{
    for (const char *suffix : {"", "-wal", "-shm", "-journal"})
        ::unlink((path + suffix).c_str());
}

bool writable(const std::string &path)
{
    const fs::path folder = fs::absolute(path).parent_path();
    return ::access(path.c_str(), W_OK) == 0 && ::access(folder.c_str(), W_OK) == 0;
}

} // namespace

std::unique_ptr<Project> Project::create(const std::string &path)
{
    std::error_code ec;
    if (fs::exists(path, ec))
        throw Error(path + ": already exists");
    const std::string temp = reserveTempBeside(path);
    try {
        {
            auto db = std::make_unique<sqlite::Database>(temp, sqlite::Database::Mode::ReadWrite);
            std::unique_ptr<Project> p(new Project(std::move(db), temp));
            p->m_db->exec("PRAGMA application_id = " + std::to_string(kApplicationId));
            p->configure();
            p->migrate();
            p->m_db->exec("INSERT INTO project_info(key, value) VALUES ('created_by', 'Sagitta')");
            p->audit("project.create");
        } // closed: the WAL is checkpointed into the file and removed
        const int fd = ::open(temp.c_str(), O_RDONLY);
        if (fd < 0 || ::fsync(fd) != 0) {
            const int err = errno;
            if (fd >= 0)
                ::close(fd);
            throw Error(path + ": cannot create the project: " + std::strerror(err));
        }
        ::close(fd);
        // link() refuses an existing path: a project made meanwhile by someone else is kept.
        if (::link(temp.c_str(), path.c_str()) != 0)
            throw Error(path + (errno == EEXIST ? std::string(": already exists")
                                                : ": cannot create the project: " + std::string(std::strerror(errno))));
        removeDatabaseFiles(temp);
        syncFolder(fs::absolute(path).parent_path().string());
    } catch (...) {
        removeDatabaseFiles(temp);
        throw;
    }
    return open(path);
}

std::unique_ptr<Project> Project::open(const std::string &path, Access access)
{
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        throw Error(path + ": no such project file");
    if (access == Access::Auto)
        access = writable(path) ? Access::ReadWrite : Access::ReadOnly;
    const bool readOnly = access == Access::ReadOnly;
    if (!readOnly && ::access(path.c_str(), W_OK) != 0)
        throw Error(path + ": the file is read-only (open it read-only to view it)");
    if (!readOnly && ::access(fs::absolute(path).parent_path().c_str(), W_OK) != 0)
        throw Error(path + ": its folder is read-only (open it read-only to view it)");
    sqlite::Database::Mode mode = readOnly ? sqlite::Database::Mode::ReadOnly : sqlite::Database::Mode::ReadWrite;
    if (readOnly && ::access(fs::absolute(path).parent_path().c_str(), W_OK) != 0 && !fs::exists(path + "-shm", ec)) {
        // WAL readers share a -shm file beside the database; a read-only folder cannot hold
        // one. With no -wal content left (the last writer closed cleanly) the file alone is the
        // whole project and can be read as immutable.
        if (fs::exists(path + "-wal", ec) && fs::file_size(path + "-wal", ec) > 0)
            throw Error(path + ": its last changes are still in " + fs::path(path + "-wal").filename().string()
                        + ", which cannot be read in a read-only folder; open it once where it can be written");
        mode = sqlite::Database::Mode::Immutable;
    }
    auto db = std::make_unique<sqlite::Database>(path, mode);
    // Read-only checks first, so a foreign, damaged or newer file is never written to.
    std::int64_t appId = 0, version = 0;
    try {
        appId = pragmaInt(*db, "application_id");
        version = pragmaInt(*db, "user_version");
        sqlite::Statement check(*db, "PRAGMA quick_check");
        if (check.step() && check.text(0) != "ok")
            throw Error(path + ": the project file is damaged (" + check.text(0) + "); it was left as it is");
    } catch (const Busy &) {
        throw;
    } catch (const Error &e) {
        const std::string what = e.what();
        if (what.find("damaged") != std::string::npos)
            throw;
        throw Error(path + ": not a Sagitta project or damaged (" + what.substr(what.rfind(": ") + 2) + ")");
    }
    if (appId != kApplicationId)
        throw Error(path + ": not a Sagitta project file");
    if (version > kSchemaVersion)
        throw Error(path + ": written by a newer Sagitta (schema " + std::to_string(version)
                    + "; this version reads up to " + std::to_string(kSchemaVersion) + ")");
    if (readOnly && version < kSchemaVersion)
        throw Error(path + ": written by an older Sagitta (schema " + std::to_string(version)
                    + "); open it once with write access to bring it up to date");
    std::unique_ptr<Project> p(new Project(std::move(db), path));
    if (readOnly) {
        p->m_db->exec("PRAGMA query_only = ON");
        return p;
    }
    p->configure();
    p->migrate();
    return p;
}

std::unique_ptr<Project> Project::openOrCreate(const std::string &path)
{
    std::error_code ec;
    return fs::exists(path, ec) ? open(path) : create(path);
}

bool Project::readOnly() const
{
    return m_db->readOnly();
}

void Project::setBusyTimeout(int milliseconds)
{
    m_db->setBusyTimeout(milliseconds);
}

void Project::configure()
{
    m_db->exec("PRAGMA journal_mode = WAL");
    m_db->exec("PRAGMA synchronous = FULL");
    m_db->exec("PRAGMA foreign_keys = ON");
}

void Project::migrate()
{
    const std::int64_t current = pragmaInt(*m_db, "user_version");
    for (const auto &[name, sql] : embedded::schemaMigrations()) {
        const int number = std::stoi(name.substr(0, 4));
        if (number <= current)
            continue;
        sqlite::Transaction tx(*m_db);
        m_db->exec(std::string(sql));
        m_db->exec("PRAGMA user_version = " + std::to_string(number));
        tx.commit();
    }
}

int Project::schemaVersion() const
{
    return int(pragmaInt(*m_db, "user_version"));
}

std::string Project::folder() const
{
    return fs::absolute(m_path).parent_path().string();
}

std::string Project::currentUser()
{
    for (const char *var : {"SAGITTA_USER", "USER", "LOGNAME"})
        if (const char *v = std::getenv(var); v && *v)
            return v;
    return "unknown";
}

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

std::int64_t Project::insertSeries(const SeriesRecord &r)
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
    const std::int64_t id = m_db->lastInsertId();
    sqlite::Statement lm(*m_db, "INSERT INTO label_maps(series_id, nx, ny, nz, chunk_edge) VALUES (?1, ?2, ?3, ?4, ?5)");
    lm.bind(1, id).bind(2, r.geometry.dims[0]).bind(3, r.geometry.dims[1]).bind(4, r.geometry.dims[2]);
    lm.bind(5, LabelMap::kChunk).run();
    return id;
}

void Project::writeSeriesFiles(std::int64_t id, const SeriesRecord &r)
{
    const fs::path base = folder();
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

bool Project::seriesHasWork(std::int64_t id) const
{
    sqlite::Statement st(*m_db, "SELECT EXISTS (SELECT 1 FROM label_chunks WHERE series_id = ?1)"
                                " OR EXISTS (SELECT 1 FROM segments WHERE series_id = ?1)"
                                " OR EXISTS (SELECT 1 FROM measurements WHERE series_id = ?1)");
    st.bind(1, id);
    return st.step() && st.int64(0) != 0;
}

std::string Project::extendSeries(std::int64_t id, const SeriesRecord &old, const SeriesRecord &now, int offset)
{
    // Labels move to the new slice indices: the old map is read whole, placed at the offset
    // and written back; chunks of the old layout that are not rewritten are deleted.
    const LabelMap before = loadLabelMap(id, old.geometry.dims);
    LabelMap after(now.geometry.dims);
    const auto &d = old.geometry.dims;
    for (int l = 0; l < before.layerCount(); ++l)
        for (int k = 0; k < d[2]; ++k)
            for (int j = 0; j < d[1]; ++j)
                for (int i = 0; i < d[0]; ++i)
                    if (const std::uint8_t v = before.at(i, j, k, l))
                        after.set(i, j, k + offset, v, l);
    sqlite::Statement clear(*m_db, "DELETE FROM label_chunks WHERE series_id = ?1");
    clear.bind(1, id).run();
    sqlite::Statement dims(*m_db, "UPDATE label_maps SET nx = ?2, ny = ?3, nz = ?4 WHERE series_id = ?1");
    dims.bind(1, id).bind(2, now.geometry.dims[0]).bind(3, now.geometry.dims[1]).bind(4, now.geometry.dims[2]).run();
    sqlite::Statement put(*m_db, "INSERT INTO label_chunks(series_id, chunk, data) VALUES (?1, ?2, ?3)");
    for (int c = 0; c < after.totalChunks(); ++c) {
        if (after.chunkIsEmpty(c))
            continue;
        const std::vector<std::uint8_t> z = compressChunk(after.chunk(c));
        put.bind(1, id).bind(2, c).bindBlob(3, z.data(), z.size()).run();
    }
    // Measurements: the slice index of axial ones, the k coordinate of the others' points.
    int moved = 0;
    if (offset != 0) {
        sqlite::Statement upd(*m_db, "UPDATE measurements SET slice = ?2, points = ?3 WHERE id = ?1");
        for (const Measurement &mm : measurements(id)) {
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

SeriesImport Project::importSeries(const SeriesRecord &r)
{
    sqlite::Transaction tx(*m_db);
    SeriesImport result;
    sqlite::Statement find(*m_db, "SELECT id FROM series WHERE series_uid = ?1 AND stack_index = ?2");
    find.bind(1, r.seriesUid).bind(2, r.stackIndex);
    if (!find.step()) {
        result.id = insertSeries(r);
        writeSeriesFiles(result.id, r);
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
    }
    audit("series.import", "series " + std::to_string(result.id) + " " + seriesImportKindName(result.kind) + ", "
                               + std::to_string(r.files.size()) + " files");
    tx.commit();
    return result;
}

std::vector<SeriesRecord> Project::series() const
{
    return readSeries(0);
}

std::vector<SeriesRecord> Project::readSeries(std::int64_t onlyId) const
{
    std::vector<SeriesRecord> out;
    sqlite::Statement st(*m_db,
                         "SELECT id, series_uid, stack_index, study_uid, frame_of_reference, patient_name, patient_id,"
                         " study_date, modality, series_number, description, geometry, scalar_type, warnings"
                         " FROM series WHERE ?1 = 0 OR id = ?1 ORDER BY patient_id, study_uid, series_number, id");
    st.bind(1, onlyId);
    const fs::path base = folder();
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
        r.geometry = geometryFromJson(json::parse(st.text(11)));
        r.scalarType = st.text(12);
        r.warnings = json::parse(st.text(13)).get<std::vector<std::string>>();
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
    return out;
}

std::optional<SeriesRecord> Project::seriesById(std::int64_t id) const
{
    // One row and its files, not every series of the project.
    std::vector<SeriesRecord> one = id > 0 ? readSeries(id) : std::vector<SeriesRecord>{};
    if (one.empty())
        return std::nullopt;
    return std::move(one.front());
}

std::vector<Segment> Project::segments(std::int64_t seriesId) const
{
    std::vector<Segment> out;
    sqlite::Statement st(*m_db, "SELECT id, label, name, color, opacity, visible, locked, category, type, layer FROM segments"
                                " WHERE series_id = ?1 ORDER BY label");
    st.bind(1, seriesId);
    while (st.step()) {
        Segment s;
        s.id = st.int64(0);
        s.seriesId = seriesId;
        s.label = std::uint8_t(st.int64(1));
        s.name = st.text(2);
        s.rgb = std::uint32_t(st.int64(3));
        s.opacity = st.real(4);
        s.visible = st.int64(5) != 0;
        s.locked = st.int64(6) != 0;
        s.category = decodeCode(st.text(7));
        s.type = decodeCode(st.text(8));
        s.layer = int(st.int64(9));
        out.push_back(std::move(s));
    }
    return out;
}

Segment Project::addSegment(std::int64_t seriesId, const std::string &name, std::uint32_t rgb, const Code &category,
                            const Code &type)
{
    std::set<int> used;
    for (const Segment &s : segments(seriesId))
        used.insert(s.label);
    int label = 1;
    while (label <= 255 && used.count(label))
        ++label;
    if (label > 255)
        throw Error("a series holds at most 255 segments");
    Segment s;
    s.seriesId = seriesId;
    s.label = std::uint8_t(label);
    s.name = name;
    s.rgb = rgb;
    s.category = category;
    s.type = type;
    return restoreSegment(s);
}

Segment Project::restoreSegment(const Segment &segment)
{
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, "INSERT INTO segments(id, series_id, label, name, color, opacity, visible, locked, category, type,"
                                " layer) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (segment.id != 0)
        st.bind(1, segment.id);
    st.bind(2, segment.seriesId).bind(3, int(segment.label)).bind(4, segment.name).bind(5, std::int64_t(segment.rgb));
    st.bind(6, segment.opacity).bind(7, int(segment.visible)).bind(8, int(segment.locked));
    st.bind(9, encodeCode(segment.category)).bind(10, encodeCode(segment.type)).bind(11, segment.layer).run();
    Segment s = segment;
    s.id = m_db->lastInsertId();
    audit("segment.add", "segment " + std::to_string(s.id) + " label " + std::to_string(s.label));
    tx.commit();
    return s;
}

void Project::updateSegment(const Segment &s)
{
    sqlite::Transaction tx(*m_db); // the change and its audit row together
    sqlite::Statement st(*m_db, "UPDATE segments SET name = ?2, color = ?3, opacity = ?4, visible = ?5, locked = ?6,"
                                " category = ?7, type = ?8 WHERE id = ?1");
    st.bind(1, s.id).bind(2, s.name).bind(3, std::int64_t(s.rgb)).bind(4, s.opacity).bind(5, int(s.visible));
    st.bind(6, int(s.locked)).bind(7, encodeCode(s.category)).bind(8, encodeCode(s.type)).run();
    if (m_db->changes() != 1)
        throw Error(m_path + ": no segment " + std::to_string(s.id));
    audit("segment.update", "segment " + std::to_string(s.id));
    tx.commit();
}

void Project::removeSegment(std::int64_t segmentId)
{
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, "DELETE FROM segments WHERE id = ?1");
    st.bind(1, segmentId).run();
    audit("segment.remove", "segment " + std::to_string(segmentId));
    tx.commit();
}

std::vector<TerminologyEntry> Project::terminology() const
{
    std::vector<TerminologyEntry> out = builtinTerminology();
    sqlite::Statement st(*m_db, "SELECT category, type, rgb FROM terminology ORDER BY id");
    while (st.step())
        out.push_back({decodeCode(st.text(0)), decodeCode(st.text(1)), std::uint32_t(st.int64(2))});
    return out;
}

void Project::addTerminologyEntry(const TerminologyEntry &entry)
{
    if (entry.category.meaning.empty() || entry.type.meaning.empty())
        throw Error("a terminology entry needs a category and a type");
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, "INSERT OR IGNORE INTO terminology(category, type, rgb) VALUES (?1, ?2, ?3)");
    st.bind(1, encodeCode(entry.category)).bind(2, encodeCode(entry.type)).bind(3, std::int64_t(entry.rgb)).run();
    audit("terminology.add", entry.category.meaning + " / " + entry.type.meaning);
    tx.commit();
}

std::string Project::labelMapStatus(std::int64_t seriesId) const
{
    sqlite::Statement st(*m_db, "SELECT status FROM label_maps WHERE series_id = ?1");
    st.bind(1, seriesId);
    return st.step() ? st.text(0) : std::string();
}

void Project::setLabelMapStatus(std::int64_t seriesId, const std::string &status, const std::string &comment)
{
    if (status != "draft" && status != "submitted" && status != "approved" && status != "rejected")
        throw Error("unknown review status '" + status + "' (draft, submitted, approved, rejected)");
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, "UPDATE label_maps SET status = ?2 WHERE series_id = ?1");
    st.bind(1, seriesId).bind(2, status).run();
    if (m_db->changes() != 1)
        throw Error(m_path + ": no label map for series " + std::to_string(seriesId));
    if (!comment.empty()) {
        sqlite::Statement c(*m_db, "INSERT INTO label_comments(series_id, user, text) VALUES (?1, ?2, ?3)");
        c.bind(1, seriesId).bind(2, currentUser()).bind(3, comment).run();
    }
    audit("labels.review", "series " + std::to_string(seriesId) + " " + status);
    tx.commit();
}

std::vector<LabelComment> Project::labelComments(std::int64_t seriesId) const
{
    std::vector<LabelComment> out;
    sqlite::Statement st(*m_db, "SELECT at, user, text FROM label_comments WHERE series_id = ?1 ORDER BY id");
    st.bind(1, seriesId);
    while (st.step())
        out.push_back({st.text(0), st.text(1), st.text(2)});
    return out;
}

void Project::saveLabelChunks(std::int64_t seriesId, const LabelMap &map, const std::vector<int> &chunks)
{
    if (chunks.empty())
        return;
    sqlite::Transaction tx(*m_db);
    sqlite::Statement put(*m_db, "INSERT OR REPLACE INTO label_chunks(series_id, chunk, data) VALUES (?1, ?2, ?3)");
    sqlite::Statement del(*m_db, "DELETE FROM label_chunks WHERE series_id = ?1 AND chunk = ?2");
    for (int c : chunks) {
        if (map.chunkIsEmpty(c)) {
            del.bind(1, seriesId).bind(2, c).run();
        } else {
            const std::vector<std::uint8_t> z = compressChunk(map.chunk(c));
            put.bind(1, seriesId).bind(2, c).bindBlob(3, z.data(), z.size()).run();
        }
    }
    // The segments' layers as the map has them (an edit may have moved one), in the same
    // transaction as its chunks.
    syncSegmentLayers(seriesId, map);
    sqlite::Statement log(*m_db, "INSERT INTO audit_log(user, action, detail) VALUES (?1, 'labels.edit', ?2)");
    log.bind(1, currentUser())
        .bind(2, "series " + std::to_string(seriesId) + ", " + std::to_string(chunks.size()) + " chunk(s)")
        .run();
    tx.commit();
}

void Project::syncSegmentLayers(std::int64_t seriesId, const LabelMap &map)
{
    sqlite::Statement st(*m_db, "SELECT id, label, layer FROM segments WHERE series_id = ?1");
    st.bind(1, seriesId);
    std::vector<std::pair<std::int64_t, int>> moved;
    while (st.step()) {
        const int layer = map.layerOf(std::uint8_t(st.int64(1)));
        if (st.int64(2) != layer)
            moved.emplace_back(st.int64(0), layer);
    }
    sqlite::Statement update(*m_db, "UPDATE segments SET layer = ?2 WHERE id = ?1");
    for (const auto &[id, layer] : moved)
        update.bind(1, id).bind(2, layer).run();
}

LabelMap Project::loadLabelMap(std::int64_t seriesId, const std::array<int, 3> &dims) const
{
    LabelMap map(dims);
    sqlite::Statement edge(*m_db, "SELECT chunk_edge FROM label_maps WHERE series_id = ?1");
    edge.bind(1, seriesId);
    if (edge.step() && edge.int64(0) != LabelMap::kChunk)
        throw Error(m_path + ": label chunks of series " + std::to_string(seriesId) + " have an unknown size");
    sqlite::Statement layers(*m_db, "SELECT label, layer FROM segments WHERE series_id = ?1");
    layers.bind(1, seriesId);
    while (layers.step()) {
        const std::int64_t label = layers.int64(0), layer = layers.int64(1);
        if (label >= 1 && label <= 255 && layer >= 0 && layer < kMaxLabelLayers)
            map.setLayerOf(std::uint8_t(label), int(layer));
    }
    sqlite::Statement st(*m_db, "SELECT chunk, data FROM label_chunks WHERE series_id = ?1");
    st.bind(1, seriesId);
    while (st.step()) {
        const std::int64_t c = st.int64(0);
        if (c < 0 || c >= std::int64_t(map.chunkCount()) * kMaxLabelLayers)
            throw Error(m_path + ": label chunk " + std::to_string(c) + " is out of range");
        const std::vector<std::uint8_t> z = st.blob(1);
        LabelMap::Chunk chunk;
        if (!decompressChunk(z, chunk))
            throw Error(m_path + ": label chunk " + std::to_string(c) + " is damaged");
        map.setChunk(c, std::move(chunk));
    }
    return map;
}

std::int64_t Project::addMeasurement(const Measurement &mm)
{
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, "INSERT INTO measurements(id, series_id, kind, plane_axis, slice, points, result, author)"
                                " VALUES (?8, ?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (mm.id != 0)
        st.bind(8, mm.id); // undo of a removal: the same id again (NULL: a new one)
    st.bind(1, mm.seriesId).bind(2, mm.kind).bind(3, mm.planeAxis).bind(4, mm.slice);
    st.bind(5, json(mm.points).dump()).bind(6, mm.resultJson).bind(7, currentUser()).run();
    const std::int64_t id = m_db->lastInsertId();
    audit("measurement.add", "measurement " + std::to_string(id) + " on series " + std::to_string(mm.seriesId));
    tx.commit();
    return id;
}

std::vector<Measurement> Project::measurements(std::int64_t seriesId) const
{
    std::vector<Measurement> out;
    sqlite::Statement st(*m_db, "SELECT id, kind, plane_axis, slice, points, result FROM measurements WHERE series_id = ?1"
                                " ORDER BY id");
    st.bind(1, seriesId);
    while (st.step()) {
        Measurement mm;
        mm.id = st.int64(0);
        mm.seriesId = seriesId;
        mm.kind = st.text(1);
        mm.planeAxis = int(st.int64(2));
        mm.slice = int(st.int64(3));
        mm.points = json::parse(st.text(4)).get<std::array<double, 4>>();
        mm.resultJson = st.text(5);
        out.push_back(std::move(mm));
    }
    return out;
}

void Project::removeMeasurement(std::int64_t id)
{
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, "DELETE FROM measurements WHERE id = ?1");
    st.bind(1, id).run();
    audit("measurement.remove", "measurement " + std::to_string(id));
    tx.commit();
}

void Project::audit(const std::string &action, const std::string &detail)
{
    sqlite::Statement st(*m_db, "INSERT INTO audit_log(user, action, detail) VALUES (?1, ?2, ?3)");
    st.bind(1, currentUser()).bind(2, action).bind(3, detail).run();
}

std::vector<AuditEntry> Project::auditLog() const
{
    std::vector<AuditEntry> out;
    sqlite::Statement st(*m_db, "SELECT at, user, action, detail FROM audit_log ORDER BY id");
    while (st.step())
        out.push_back({st.text(0), st.text(1), st.text(2), st.text(3)});
    return out;
}

} // namespace sagitta::core
