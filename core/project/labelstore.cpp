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

std::string LabelStore::modelAuthor(std::int64_t modelId)
{
    return "model:" + std::to_string(modelId);
}

std::string LabelStore::resolve(const std::string &author) const
{
    return author.empty() ? Project::currentUser() : author;
}

namespace {

bool isModelAuthor(const std::string &author)
{
    return author.rfind("model:", 0) == 0;
}

const char *kMapColumns = "SELECT id, series_id, author, source, model_id, status, created_at FROM label_maps";

LabelMapInfo readMapInfo(sqlite::Statement &st)
{
    LabelMapInfo m;
    m.id = st.int64(0);
    m.seriesId = st.int64(1);
    m.author = st.text(2);
    m.source = st.text(3);
    m.modelId = st.isNull(4) ? 0 : st.int64(4);
    m.status = st.text(5);
    m.createdAt = st.text(6);
    return m;
}

} // namespace

std::vector<LabelMapInfo> LabelStore::labelMaps(std::int64_t seriesId) const
{
    std::vector<LabelMapInfo> out;
    sqlite::Statement st(*m_db, std::string(kMapColumns) + " WHERE series_id = ?1 ORDER BY source = 'model', model_id, author");
    st.bind(1, seriesId);
    while (st.step())
        out.push_back(readMapInfo(st));
    return out;
}

std::optional<LabelMapInfo> LabelStore::labelMap(std::int64_t seriesId, const std::string &author) const
{
    const std::optional<std::int64_t> id = findMap(seriesId, author);
    if (!id)
        return std::nullopt;
    sqlite::Statement st(*m_db, std::string(kMapColumns) + " WHERE id = ?1");
    st.bind(1, *id);
    if (!st.step())
        return std::nullopt;
    return readMapInfo(st);
}

std::optional<std::int64_t> LabelStore::findMap(std::int64_t seriesId, const std::string &author) const
{
    const std::string who = resolve(author);
    sqlite::Statement st(*m_db, "SELECT id FROM label_maps WHERE series_id = ?1 AND author = ?2");
    st.bind(1, seriesId).bind(2, who);
    if (st.step())
        return st.int64(0);
    if (isModelAuthor(who))
        return std::nullopt;
    sqlite::Statement ownerless(*m_db, "SELECT id FROM label_maps WHERE series_id = ?1 AND author = ''");
    ownerless.bind(1, seriesId);
    if (ownerless.step())
        return ownerless.int64(0);
    return std::nullopt;
}

std::int64_t LabelStore::writableMap(std::int64_t seriesId, const std::string &author)
{
    const std::string who = resolve(author);
    if (const std::optional<std::int64_t> id = findMap(seriesId, who)) {
        sqlite::Statement take(*m_db, "UPDATE label_maps SET author = ?2 WHERE id = ?1 AND author = ''");
        take.bind(1, *id).bind(2, who).run();
        if (m_db->changes() == 1)
            m_project.audit("labels.owner", "label map " + std::to_string(*id) + " of series " + std::to_string(seriesId)
                                                + " taken by its first author");
        return *id;
    }
    sqlite::Statement geo(*m_db, "SELECT json_extract(geometry, '$.dims[0]'), json_extract(geometry, '$.dims[1]'),"
                                 " json_extract(geometry, '$.dims[2]') FROM series WHERE id = ?1");
    geo.bind(1, seriesId);
    if (!geo.step())
        throw Error(m_project.path() + ": series " + std::to_string(seriesId) + " is not in the project");
    const bool model = isModelAuthor(who);
    sqlite::Statement ins(*m_db, "INSERT INTO label_maps(series_id, author, source, model_id, nx, ny, nz, chunk_edge, status)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    ins.bind(1, seriesId).bind(2, who).bind(3, model ? "model" : "person");
    if (model)
        ins.bind(4, std::int64_t(std::stoll(who.substr(6))));
    ins.bind(5, geo.int64(0)).bind(6, geo.int64(1)).bind(7, geo.int64(2)).bind(8, LabelMap::kChunk);
    ins.bind(9, model ? "proposed" : "draft").run();
    return m_db->lastInsertId();
}

std::array<int, 3> LabelStore::mapDims(std::int64_t mapId) const
{
    sqlite::Statement st(*m_db, "SELECT nx, ny, nz, chunk_edge FROM label_maps WHERE id = ?1");
    st.bind(1, mapId);
    if (!st.step())
        throw Error(m_project.path() + ": no label map " + std::to_string(mapId));
    if (st.int64(3) != LabelMap::kChunk)
        throw Error(m_project.path() + ": label chunks of label map " + std::to_string(mapId) + " have an unknown size");
    return {int(st.int64(0)), int(st.int64(1)), int(st.int64(2))};
}

LabelMap LabelStore::loadMapById(std::int64_t mapId, const std::array<int, 3> &dims, bool uncertainty) const
{
    mapDims(mapId); // exists, with the chunk edge this build reads
    return loadMap(mapId, dims, uncertainty ? "uncertainty_chunks" : "label_chunks");
}

std::vector<Segment> LabelStore::segments(std::int64_t seriesId, const std::string &author) const
{
    const std::optional<std::int64_t> map = findMap(seriesId, author);
    return map ? mapSegments(*map, seriesId) : std::vector<Segment>{};
}

std::vector<Segment> LabelStore::mapSegments(std::int64_t mapId, std::int64_t seriesId) const
{
    std::vector<Segment> out;
    sqlite::Statement st(*m_db, "SELECT id, label, name, color, opacity, visible, locked, category, type, layer FROM segments"
                                " WHERE map_id = ?1 ORDER BY label");
    st.bind(1, mapId);
    while (st.step()) {
        Segment s;
        s.id = st.int64(0);
        s.seriesId = seriesId;
        s.labelMapId = mapId;
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

Segment LabelStore::addSegment(std::int64_t seriesId, const std::string &name, std::uint32_t rgb, const Code &category,
                            const Code &type, const std::string &author)
{
    sqlite::Transaction tx(*m_db);
    const std::int64_t mapId = writableMap(seriesId, author);
    std::set<int> used;
    for (const Segment &s : mapSegments(mapId, seriesId))
        used.insert(s.label);
    int label = 1;
    while (label <= 255 && used.count(label))
        ++label;
    if (label > 255)
        throw Error("a series holds at most 255 segments");
    Segment s;
    s.seriesId = seriesId;
    s.labelMapId = mapId;
    s.label = std::uint8_t(label);
    s.name = name;
    s.rgb = rgb;
    s.category = category;
    s.type = type;
    s = restoreSegment(s);
    tx.commit();
    return s;
}

Segment LabelStore::restoreSegment(const Segment &segment)
{
    sqlite::Transaction tx(*m_db);
    const std::int64_t mapId = segment.labelMapId != 0 ? segment.labelMapId : writableMap(segment.seriesId, {});
    sqlite::Statement st(*m_db, "INSERT INTO segments(id, map_id, label, name, color, opacity, visible, locked, category, type,"
                                " layer) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (segment.id != 0)
        st.bind(1, segment.id);
    st.bind(2, mapId).bind(3, int(segment.label)).bind(4, segment.name).bind(5, std::int64_t(segment.rgb));
    st.bind(6, segment.opacity).bind(7, int(segment.visible)).bind(8, int(segment.locked));
    st.bind(9, encodeCode(segment.category)).bind(10, encodeCode(segment.type)).bind(11, segment.layer).run();
    Segment s = segment;
    s.id = m_db->lastInsertId();
    s.labelMapId = mapId;
    m_project.audit("segment.add", "segment " + std::to_string(s.id) + " label " + std::to_string(s.label));
    tx.commit();
    return s;
}

void LabelStore::updateSegment(const Segment &s)
{
    sqlite::Transaction tx(*m_db); // the change and its audit row together
    sqlite::Statement st(*m_db, "UPDATE segments SET name = ?2, color = ?3, opacity = ?4, visible = ?5, locked = ?6,"
                                " category = ?7, type = ?8 WHERE id = ?1");
    st.bind(1, s.id).bind(2, s.name).bind(3, std::int64_t(s.rgb)).bind(4, s.opacity).bind(5, int(s.visible));
    st.bind(6, int(s.locked)).bind(7, encodeCode(s.category)).bind(8, encodeCode(s.type)).run();
    if (m_db->changes() != 1)
        throw Error(m_project.path() + ": no segment " + std::to_string(s.id));
    m_project.audit("segment.update", "segment " + std::to_string(s.id));
    tx.commit();
}

void LabelStore::removeSegment(std::int64_t segmentId)
{
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, "DELETE FROM segments WHERE id = ?1");
    st.bind(1, segmentId).run();
    m_project.audit("segment.remove", "segment " + std::to_string(segmentId));
    tx.commit();
}

std::vector<TerminologyEntry> LabelStore::terminology() const
{
    std::vector<TerminologyEntry> out = builtinTerminology();
    sqlite::Statement st(*m_db, "SELECT category, type, rgb FROM terminology ORDER BY id");
    while (st.step())
        out.push_back({decodeCode(st.text(0)), decodeCode(st.text(1)), std::uint32_t(st.int64(2))});
    return out;
}

void LabelStore::addTerminologyEntry(const TerminologyEntry &entry)
{
    if (entry.category.meaning.empty() || entry.type.meaning.empty())
        throw Error("a terminology entry needs a category and a type");
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, "INSERT OR IGNORE INTO terminology(category, type, rgb) VALUES (?1, ?2, ?3)");
    st.bind(1, encodeCode(entry.category)).bind(2, encodeCode(entry.type)).bind(3, std::int64_t(entry.rgb)).run();
    m_project.audit("terminology.add", entry.category.meaning + " / " + entry.type.meaning);
    tx.commit();
}

std::string LabelStore::labelMapStatus(std::int64_t seriesId, const std::string &author) const
{
    const std::optional<LabelMapInfo> map = labelMap(seriesId, author);
    return map ? map->status : std::string();
}

void LabelStore::setLabelMapStatus(std::int64_t seriesId, const std::string &status, const std::string &comment,
                                   const std::string &author)
{
    if (status != "draft" && status != "submitted" && status != "approved" && status != "rejected")
        throw Error("unknown review status '" + status + "' (draft, submitted, approved, rejected)");
    // Approving or rejecting is a review decision: reviewers and administrators only.
    if (status == "approved" || status == "rejected")
        m_project.requireRole({"reviewer", "administrator"}, status == "approved" ? "approve a review" : "reject a review");
    sqlite::Transaction tx(*m_db);
    const std::optional<std::int64_t> mapId = findMap(seriesId, author);
    if (!mapId)
        throw Error(m_project.path() + ": series " + std::to_string(seriesId) + " has no label map of " + resolve(author));
    sqlite::Statement st(*m_db, "UPDATE label_maps SET status = ?2 WHERE id = ?1");
    st.bind(1, *mapId).bind(2, status).run();
    if (!comment.empty()) {
        sqlite::Statement c(*m_db, "INSERT INTO label_comments(map_id, user, text) VALUES (?1, ?2, ?3)");
        c.bind(1, *mapId).bind(2, Project::currentUser()).bind(3, comment).run();
    }
    m_project.audit("labels.review", "series " + std::to_string(seriesId) + " label map " + std::to_string(*mapId) + " " + status);
    tx.commit();
}

std::vector<LabelComment> LabelStore::labelComments(std::int64_t seriesId, const std::string &author) const
{
    std::vector<LabelComment> out;
    const std::optional<std::int64_t> mapId = findMap(seriesId, author);
    if (!mapId)
        return out;
    sqlite::Statement st(*m_db, "SELECT at, user, text FROM label_comments WHERE map_id = ?1 ORDER BY id");
    st.bind(1, *mapId);
    while (st.step())
        out.push_back({st.text(0), st.text(1), st.text(2)});
    return out;
}

void LabelStore::saveLabelChunks(std::int64_t seriesId, const LabelMap &map, const std::vector<int> &chunks,
                                 const std::string &author)
{
    if (chunks.empty())
        return;
    sqlite::Transaction tx(*m_db);
    const std::int64_t mapId = writableMap(seriesId, author);
    sqlite::Statement put(*m_db, "INSERT OR REPLACE INTO label_chunks(map_id, chunk, data) VALUES (?1, ?2, ?3)");
    sqlite::Statement del(*m_db, "DELETE FROM label_chunks WHERE map_id = ?1 AND chunk = ?2");
    for (int c : chunks) {
        if (map.chunkIsEmpty(c)) {
            del.bind(1, mapId).bind(2, c).run();
        } else {
            const std::vector<std::uint8_t> z = compressChunk(map.chunk(c));
            put.bind(1, mapId).bind(2, c).bindBlob(3, z.data(), z.size()).run();
        }
    }
    // The segments' layers as the map has them (an edit may have moved one), in the same
    // transaction as its chunks.
    syncSegmentLayers(mapId, map);
    sqlite::Statement log(*m_db, "INSERT INTO audit_log(user, action, detail) VALUES (?1, 'labels.edit', ?2)");
    log.bind(1, Project::currentUser())
        .bind(2, "series " + std::to_string(seriesId) + " label map " + std::to_string(mapId) + ", "
                     + std::to_string(chunks.size()) + " chunk(s)")
        .run();
    tx.commit();
}

void LabelStore::syncSegmentLayers(std::int64_t mapId, const LabelMap &map)
{
    sqlite::Statement st(*m_db, "SELECT id, label, layer FROM segments WHERE map_id = ?1");
    st.bind(1, mapId);
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

LabelMap LabelStore::loadLabelMap(std::int64_t seriesId, const std::array<int, 3> &dims, const std::string &author) const
{
    const std::optional<std::int64_t> mapId = findMap(seriesId, author);
    if (!mapId)
        return LabelMap(dims);
    mapDims(*mapId); // checks the chunk edge
    return loadMap(*mapId, dims);
}

LabelMap LabelStore::loadMap(std::int64_t mapId, const std::array<int, 3> &dims, const char *table) const
{
    LabelMap map(dims);
    const bool labels = std::string(table) == "label_chunks";
    if (labels) {
        sqlite::Statement layers(*m_db, "SELECT label, layer FROM segments WHERE map_id = ?1");
        layers.bind(1, mapId);
        while (layers.step()) {
            const std::int64_t label = layers.int64(0), layer = layers.int64(1);
            if (label >= 1 && label <= 255 && layer >= 0 && layer < kMaxLabelLayers)
                map.setLayerOf(std::uint8_t(label), int(layer));
        }
    }
    sqlite::Statement st(*m_db, std::string("SELECT chunk, data FROM ") + table + " WHERE map_id = ?1");
    st.bind(1, mapId);
    while (st.step()) {
        const std::int64_t c = st.int64(0);
        if (c < 0 || c >= std::int64_t(map.chunkCount()) * (labels ? kMaxLabelLayers : 1))
            throw Error(m_project.path() + ": chunk " + std::to_string(c) + " of label map " + std::to_string(mapId)
                        + " is out of range");
        const std::vector<std::uint8_t> z = st.blob(1);
        LabelMap::Chunk chunk;
        if (!decompressChunk(z, chunk))
            throw Error(m_project.path() + ": chunk " + std::to_string(c) + " of label map " + std::to_string(mapId)
                        + " is damaged");
        map.setChunk(int(c), std::move(chunk));
    }
    return map;
}

void LabelStore::writeAllChunks(std::int64_t mapId, const LabelMap &map, const char *table)
{
    sqlite::Statement clear(*m_db, std::string("DELETE FROM ") + table + " WHERE map_id = ?1");
    clear.bind(1, mapId).run();
    sqlite::Statement put(*m_db, std::string("INSERT INTO ") + table + "(map_id, chunk, data) VALUES (?1, ?2, ?3)");
    for (int c = 0; c < map.totalChunks(); ++c) { // every layer's
        if (map.chunkIsEmpty(c))
            continue;
        const std::vector<std::uint8_t> z = compressChunk(map.chunk(c));
        put.bind(1, mapId).bind(2, c).bindBlob(3, z.data(), z.size()).run();
    }
}

std::int64_t LabelStore::addMeasurement(const Measurement &mm)
{
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, "INSERT INTO measurements(id, series_id, kind, plane_axis, slice, points, result, author)"
                                " VALUES (?8, ?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (mm.id != 0)
        st.bind(8, mm.id); // undo of a removal: the same id again (NULL: a new one)
    st.bind(1, mm.seriesId).bind(2, mm.kind).bind(3, mm.planeAxis).bind(4, mm.slice);
    st.bind(5, json(mm.points).dump()).bind(6, mm.resultJson).bind(7, Project::currentUser()).run();
    const std::int64_t id = m_db->lastInsertId();
    m_project.audit("measurement.add", "measurement " + std::to_string(id) + " on series " + std::to_string(mm.seriesId));
    tx.commit();
    return id;
}

std::vector<Measurement> LabelStore::measurements(std::int64_t seriesId) const
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

void LabelStore::removeMeasurement(std::int64_t id)
{
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, "DELETE FROM measurements WHERE id = ?1");
    st.bind(1, id).run();
    m_project.audit("measurement.remove", "measurement " + std::to_string(id));
    tx.commit();
}


} // namespace sagitta::core
