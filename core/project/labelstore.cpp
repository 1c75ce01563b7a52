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

std::vector<Segment> LabelStore::segments(std::int64_t seriesId) const
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

Segment LabelStore::addSegment(std::int64_t seriesId, const std::string &name, std::uint32_t rgb, const Code &category,
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

Segment LabelStore::restoreSegment(const Segment &segment)
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

std::string LabelStore::labelMapStatus(std::int64_t seriesId) const
{
    sqlite::Statement st(*m_db, "SELECT status FROM label_maps WHERE series_id = ?1");
    st.bind(1, seriesId);
    return st.step() ? st.text(0) : std::string();
}

void LabelStore::setLabelMapStatus(std::int64_t seriesId, const std::string &status, const std::string &comment)
{
    if (status != "draft" && status != "submitted" && status != "approved" && status != "rejected")
        throw Error("unknown review status '" + status + "' (draft, submitted, approved, rejected)");
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, "UPDATE label_maps SET status = ?2 WHERE series_id = ?1");
    st.bind(1, seriesId).bind(2, status).run();
    if (m_db->changes() != 1)
        throw Error(m_project.path() + ": no label map for series " + std::to_string(seriesId));
    if (!comment.empty()) {
        sqlite::Statement c(*m_db, "INSERT INTO label_comments(series_id, user, text) VALUES (?1, ?2, ?3)");
        c.bind(1, seriesId).bind(2, Project::currentUser()).bind(3, comment).run();
    }
    m_project.audit("labels.review", "series " + std::to_string(seriesId) + " " + status);
    tx.commit();
}

std::vector<LabelComment> LabelStore::labelComments(std::int64_t seriesId) const
{
    std::vector<LabelComment> out;
    sqlite::Statement st(*m_db, "SELECT at, user, text FROM label_comments WHERE series_id = ?1 ORDER BY id");
    st.bind(1, seriesId);
    while (st.step())
        out.push_back({st.text(0), st.text(1), st.text(2)});
    return out;
}

void LabelStore::saveLabelChunks(std::int64_t seriesId, const LabelMap &map, const std::vector<int> &chunks)
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
    log.bind(1, Project::currentUser())
        .bind(2, "series " + std::to_string(seriesId) + ", " + std::to_string(chunks.size()) + " chunk(s)")
        .run();
    tx.commit();
}

void LabelStore::syncSegmentLayers(std::int64_t seriesId, const LabelMap &map)
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

LabelMap LabelStore::loadLabelMap(std::int64_t seriesId, const std::array<int, 3> &dims) const
{
    LabelMap map(dims);
    sqlite::Statement edge(*m_db, "SELECT chunk_edge FROM label_maps WHERE series_id = ?1");
    edge.bind(1, seriesId);
    if (edge.step() && edge.int64(0) != LabelMap::kChunk)
        throw Error(m_project.path() + ": label chunks of series " + std::to_string(seriesId) + " have an unknown size");
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
            throw Error(m_project.path() + ": label chunk " + std::to_string(c) + " is out of range");
        const std::vector<std::uint8_t> z = st.blob(1);
        LabelMap::Chunk chunk;
        if (!decompressChunk(z, chunk))
            throw Error(m_project.path() + ": label chunk " + std::to_string(c) + " is damaged");
        map.setChunk(c, std::move(chunk));
    }
    return map;
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
