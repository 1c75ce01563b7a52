// LabelStore: label exchange (replace or merge a whole label map with its segments).
#include "core/project/chunkcodec.h"
#include "core/project/project.h"

#include "core/base/error.h"
#include "core/project/sqlite.h"

#include <nlohmann/json.hpp>

#include <map>
#include <set>

namespace sagitta::core {

namespace {

std::string dimsText(const std::array<int, 3> &d)
{
    return std::to_string(d[0]) + "x" + std::to_string(d[1]) + "x" + std::to_string(d[2]);
}

// Checks what both imports need; returns the segments by label value.
std::map<int, const Segment *> checkImport(const std::array<int, 3> &dims, std::int64_t seriesId, const LabelMap &map,
                                           const std::vector<Segment> &segments)
{
    if (map.dims() != dims)
        throw Error("the labels (" + dimsText(map.dims()) + ") are not on the grid of series " + std::to_string(seriesId) + " ("
                    + dimsText(dims) + ")");
    std::map<int, const Segment *> byLabel;
    for (const Segment &s : segments) {
        if (s.label < 1)
            throw Error("segment \"" + s.name + "\" has label value 0 (background)");
        if (!byLabel.emplace(s.label, &s).second)
            throw Error("two segments have label value " + std::to_string(s.label));
    }
    const auto counts = map.histogram();
    for (int v = 1; v < 256; ++v)
        if (counts[std::size_t(v)] && !byLabel.count(v))
            throw Error(std::to_string(counts[std::size_t(v)]) + " voxel(s) hold label value " + std::to_string(v)
                        + ", which no segment describes");
    return byLabel;
}

} // namespace

std::array<int, 3> LabelStore::seriesDims(std::int64_t seriesId) const
{
    sqlite::Statement st(*m_db, "SELECT json_extract(geometry, '$.dims[0]'), json_extract(geometry, '$.dims[1]'),"
                                " json_extract(geometry, '$.dims[2]') FROM series WHERE id = ?1");
    st.bind(1, seriesId);
    if (!st.step())
        throw Error(m_project.path() + ": series " + std::to_string(seriesId) + " is not in the project");
    return {int(st.int64(0)), int(st.int64(1)), int(st.int64(2))};
}

LabelImport LabelStore::replaceLabels(std::int64_t seriesId, const LabelMap &map, const std::vector<Segment> &segments,
                                      const std::string &source, const std::string &author)
{
    sqlite::Transaction tx(*m_db);
    const std::map<int, const Segment *> byLabel = checkImport(seriesDims(seriesId), seriesId, map, segments);
    const std::int64_t mapId = writableMap(seriesId, author);
    LabelImport result;
    // Segments: same label value -> same row (its id and whatever hangs on it stay).
    std::map<int, std::int64_t> existing;
    for (const Segment &s : mapSegments(mapId, seriesId))
        existing[s.label] = s.id;
    sqlite::Statement remove(*m_db, "DELETE FROM segments WHERE id = ?1");
    for (const auto &[label, id] : existing)
        if (!byLabel.count(label))
            remove.bind(1, id).run();
    sqlite::Statement update(*m_db, "UPDATE segments SET name = ?2, color = ?3, layer = ?4 WHERE id = ?1");
    sqlite::Statement insert(*m_db, "INSERT INTO segments(map_id, label, name, color, layer) VALUES (?1, ?2, ?3, ?4, ?5)");
    for (const auto &[label, s] : byLabel) {
        Segment stored = *s;
        stored.seriesId = seriesId;
        stored.labelMapId = mapId;
        stored.layer = map.layerOf(std::uint8_t(label));
        if (const auto it = existing.find(label); it != existing.end()) {
            stored.id = it->second;
            update.bind(1, stored.id).bind(2, stored.name).bind(3, std::int64_t(stored.rgb)).bind(4, stored.layer).run();
        } else {
            insert.bind(1, mapId).bind(2, label).bind(3, stored.name).bind(4, std::int64_t(stored.rgb)).bind(5, stored.layer).run();
            stored.id = m_db->lastInsertId();
        }
        result.segments.push_back(stored);
    }
    writeAllChunks(mapId, map);
    const auto counts = map.histogram();
    for (int v = 1; v < 256; ++v)
        result.voxels += counts[std::size_t(v)];
    m_project.audit("labels.import", "series " + std::to_string(seriesId) + " label map " + std::to_string(mapId)
                                         + " replaced from " + source + ": " + std::to_string(byLabel.size())
                                         + " segment(s), " + std::to_string(result.voxels) + " voxels");
    tx.commit();
    return result;
}

LabelImport LabelStore::mergeLabels(std::int64_t seriesId, const LabelMap &map, const std::vector<Segment> &segments,
                                    const std::string &source, const std::string &author)
{
    sqlite::Transaction tx(*m_db);
    LabelImport result = mergeInto(writableMap(seriesId, author), seriesId, map, segments);
    m_project.audit("labels.import", "series " + std::to_string(seriesId) + " merged from " + source + ": "
                                         + std::to_string(result.segments.size()) + " segment(s), "
                                         + std::to_string(result.voxels) + " voxels, " + std::to_string(result.voxelsOverlapping)
                                         + " on another layer, " + std::to_string(result.voxelsKept) + " left out");
    tx.commit();
    return result;
}

LabelImport LabelStore::mergeInto(std::int64_t mapId, std::int64_t seriesId, const LabelMap &map,
                                  const std::vector<Segment> &segments)
{
    const std::map<int, const Segment *> byLabel = checkImport(mapDims(mapId), seriesId, map, segments);
    LabelMap current = loadMap(mapId, map.dims());
    // Values in use: by segments, and by voxels (a value no segment explains is not reused).
    std::set<int> used;
    for (const Segment &s : mapSegments(mapId, seriesId))
        used.insert(s.label);
    const auto currentCounts = current.histogram();
    for (int v = 1; v < 256; ++v)
        if (currentCounts[std::size_t(v)])
            used.insert(v);
    LabelImport result;
    sqlite::Statement insert(*m_db, "INSERT INTO segments(map_id, label, name, color, layer) VALUES (?1, ?2, ?3, ?4, ?5)");
    const int grid = map.chunkCount();
    std::set<int> changed;
    int next = 1;
    for (const auto &[label, s] : byLabel) {
        while (next <= 255 && used.count(next))
            ++next;
        if (next > 255)
            throw Error("series " + std::to_string(seriesId) + " has no free label value for segment \"" + s->name
                        + "\" (at most 255 segments); nothing was imported");
        used.insert(next);
        const std::uint8_t in = std::uint8_t(label), value = std::uint8_t(next);
        const int from = map.layerOf(in);
        // The lowest layer where every voxel of the imported segment is free: overlapping
        // segments stay overlapping and nothing already labelled changes. Voxels are left out
        // only when all layers are taken there.
        int layer = 0;
        for (; layer < LabelMap::kMaxLayers; ++layer) {
            bool fits = true;
            for (int c = 0; c < grid && fits; ++c) {
                const LabelMap::Chunk &src = map.chunk(map.chunkIndex(from, c));
                const LabelMap::Chunk &there = current.chunk(current.chunkIndex(layer, c));
                if (src.empty() || there.empty())
                    continue;
                for (std::size_t n = 0; n < src.size() && fits; ++n)
                    fits = src[n] != in || there[n] == 0;
            }
            if (fits)
                break;
        }
        for (int c = 0; c < grid; ++c) {
            const LabelMap::Chunk &src = map.chunk(map.chunkIndex(from, c));
            if (src.empty())
                continue;
            bool any = false;
            const int at = current.chunkIndex(std::min(layer, LabelMap::kMaxLayers - 1), c);
            LabelMap::Chunk out = current.chunkIsEmpty(at) ? LabelMap::Chunk(LabelMap::kChunkVoxels, 0) : current.chunk(at);
            for (std::size_t n = 0; n < src.size(); ++n) {
                if (src[n] != in)
                    continue;
                bool labelled = false;
                for (int b = 0; b < current.layerCount() && !labelled; ++b) {
                    const LabelMap::Chunk &other = current.chunk(current.chunkIndex(b, c));
                    labelled = !other.empty() && other[n] != 0;
                }
                if (out[n] != 0) { // no free layer at all
                    ++result.voxelsKept;
                    continue;
                }
                out[n] = value;
                ++result.voxels;
                result.voxelsOverlapping += labelled ? 1 : 0;
                any = true;
            }
            if (any) {
                current.setChunk(at, std::move(out));
                changed.insert(at);
            }
        }
        Segment stored = *s;
        stored.seriesId = seriesId;
        stored.labelMapId = mapId;
        stored.label = value;
        stored.layer = std::min(layer, LabelMap::kMaxLayers - 1);
        current.setLayerOf(value, stored.layer);
        insert.bind(1, mapId).bind(2, next).bind(3, stored.name).bind(4, std::int64_t(stored.rgb)).bind(5, stored.layer).run();
        stored.id = m_db->lastInsertId();
        result.segments.push_back(stored);
    }
    sqlite::Statement put(*m_db, "INSERT OR REPLACE INTO label_chunks(map_id, chunk, data) VALUES (?1, ?2, ?3)");
    for (int c : changed) {
        const std::vector<std::uint8_t> z = compressChunk(current.chunk(c));
        put.bind(1, mapId).bind(2, c).bindBlob(3, z.data(), z.size()).run();
    }
    return result;
}

LabelImport LabelStore::storeProposal(std::int64_t seriesId, std::int64_t modelId, const LabelMap &map,
                                      const std::vector<Segment> &segments, const LabelMap &uncertainty)
{
    sqlite::Transaction tx(*m_db);
    const std::string author = modelAuthor(modelId);
    {
        sqlite::Statement model(*m_db, "SELECT 1 FROM models WHERE id = ?1");
        model.bind(1, modelId);
        if (!model.step())
            throw Error(m_project.path() + ": no model " + std::to_string(modelId));
    }
    checkImport(seriesDims(seriesId), seriesId, map, segments);
    if (!uncertainty.dims().empty() && uncertainty.totalChunks() > 0 && uncertainty.dims() != map.dims())
        throw Error("the uncertainty map is not on the grid of series " + std::to_string(seriesId));
    // A new proposal replaces the model's earlier one (what people accepted of it is theirs now).
    sqlite::Statement drop(*m_db, "DELETE FROM label_maps WHERE series_id = ?1 AND author = ?2");
    drop.bind(1, seriesId).bind(2, author).run();
    const std::int64_t mapId = writableMap(seriesId, author);
    LabelImport result = replaceLabels(seriesId, map, segments, "model " + std::to_string(modelId), author);
    writeAllChunks(mapId, uncertainty, "uncertainty_chunks");
    m_project.audit("labels.propose", "series " + std::to_string(seriesId) + " model " + std::to_string(modelId) + ": "
                                          + std::to_string(result.voxels) + " voxels proposed");
    tx.commit();
    return result;
}

LabelMap LabelStore::loadUncertainty(std::int64_t seriesId, const std::array<int, 3> &dims, const std::string &author) const
{
    const std::optional<std::int64_t> mapId = findMap(seriesId, author);
    return mapId ? loadMap(*mapId, dims, "uncertainty_chunks") : LabelMap(dims);
}

LabelImport LabelStore::acceptProposal(std::int64_t seriesId, std::int64_t modelId)
{
    sqlite::Transaction tx(*m_db);
    const std::optional<LabelMapInfo> proposal = labelMap(seriesId, modelAuthor(modelId));
    if (!proposal)
        throw Error(m_project.path() + ": series " + std::to_string(seriesId) + " has no proposal of model "
                    + std::to_string(modelId));
    if (proposal->status != "proposed")
        throw Error("the proposal of model " + std::to_string(modelId) + " for series " + std::to_string(seriesId) + " is "
                    + proposal->status + " already");
    const LabelMap map = loadMap(proposal->id, mapDims(proposal->id));
    std::vector<Segment> segs = mapSegments(proposal->id, seriesId);
    LabelImport result = mergeInto(writableMap(seriesId, {}), seriesId, map, segs);
    sqlite::Statement st(*m_db, "UPDATE label_maps SET status = 'accepted' WHERE id = ?1");
    st.bind(1, proposal->id).run();
    m_project.audit("labels.accept", "series " + std::to_string(seriesId) + " model " + std::to_string(modelId) + ": "
                                         + std::to_string(result.voxels) + " voxels accepted");
    tx.commit();
    return result;
}

void LabelStore::rejectProposal(std::int64_t seriesId, std::int64_t modelId)
{
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, "UPDATE label_maps SET status = 'rejected' WHERE series_id = ?1 AND author = ?2");
    st.bind(1, seriesId).bind(2, modelAuthor(modelId)).run();
    if (m_db->changes() != 1)
        throw Error(m_project.path() + ": series " + std::to_string(seriesId) + " has no proposal of model "
                    + std::to_string(modelId));
    m_project.audit("labels.reject", "series " + std::to_string(seriesId) + " model " + std::to_string(modelId));
    tx.commit();
}

} // namespace sagitta::core
