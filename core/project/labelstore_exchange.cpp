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

std::array<int, 3> labelMapDims(sqlite::Database &db, std::int64_t seriesId)
{
    sqlite::Statement st(db, "SELECT nx, ny, nz FROM label_maps WHERE series_id = ?1");
    st.bind(1, seriesId);
    if (!st.step())
        throw Error(db.path() + ": series " + std::to_string(seriesId) + " is not in the project");
    return {int(st.int64(0)), int(st.int64(1)), int(st.int64(2))};
}

std::string dimsText(const std::array<int, 3> &d)
{
    return std::to_string(d[0]) + "x" + std::to_string(d[1]) + "x" + std::to_string(d[2]);
}

// Checks what both imports need; returns the segments by label value.
std::map<int, const Segment *> checkImport(sqlite::Database &db, std::int64_t seriesId, const LabelMap &map,
                                           const std::vector<Segment> &segments)
{
    const std::array<int, 3> dims = labelMapDims(db, seriesId);
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

void writeAllChunks(sqlite::Database &db, std::int64_t seriesId, const LabelMap &map)
{
    sqlite::Statement clear(db, "DELETE FROM label_chunks WHERE series_id = ?1");
    clear.bind(1, seriesId).run();
    sqlite::Statement put(db, "INSERT INTO label_chunks(series_id, chunk, data) VALUES (?1, ?2, ?3)");
    for (int c = 0; c < map.totalChunks(); ++c) { // every layer's
        if (map.chunkIsEmpty(c))
            continue;
        const std::vector<std::uint8_t> z = compressChunk(map.chunk(c));
        put.bind(1, seriesId).bind(2, c).bindBlob(3, z.data(), z.size()).run();
    }
}

} // namespace

LabelImport LabelStore::replaceLabels(std::int64_t seriesId, const LabelMap &map, const std::vector<Segment> &segments,
                                   const std::string &source)
{
    sqlite::Transaction tx(*m_db);
    const std::map<int, const Segment *> byLabel = checkImport(*m_db, seriesId, map, segments);
    LabelImport result;
    // Segments: same label value -> same row (its id and whatever hangs on it stay).
    std::map<int, std::int64_t> existing;
    for (const Segment &s : this->segments(seriesId))
        existing[s.label] = s.id;
    sqlite::Statement remove(*m_db, "DELETE FROM segments WHERE id = ?1");
    for (const auto &[label, id] : existing)
        if (!byLabel.count(label))
            remove.bind(1, id).run();
    sqlite::Statement update(*m_db, "UPDATE segments SET name = ?2, color = ?3, layer = ?4 WHERE id = ?1");
    sqlite::Statement insert(*m_db, "INSERT INTO segments(series_id, label, name, color, layer) VALUES (?1, ?2, ?3, ?4, ?5)");
    for (const auto &[label, s] : byLabel) {
        Segment stored = *s;
        stored.seriesId = seriesId;
        stored.layer = map.layerOf(std::uint8_t(label));
        if (const auto it = existing.find(label); it != existing.end()) {
            stored.id = it->second;
            update.bind(1, stored.id).bind(2, stored.name).bind(3, std::int64_t(stored.rgb)).bind(4, stored.layer).run();
        } else {
            insert.bind(1, seriesId).bind(2, label).bind(3, stored.name).bind(4, std::int64_t(stored.rgb)).bind(5, stored.layer).run();
            stored.id = m_db->lastInsertId();
        }
        result.segments.push_back(stored);
    }
    writeAllChunks(*m_db, seriesId, map);
    const auto counts = map.histogram();
    for (int v = 1; v < 256; ++v)
        result.voxels += counts[std::size_t(v)];
    m_project.audit("labels.import", "series " + std::to_string(seriesId) + " replaced from " + source + ": "
                               + std::to_string(byLabel.size()) + " segment(s), " + std::to_string(result.voxels) + " voxels");
    tx.commit();
    return result;
}

LabelImport LabelStore::mergeLabels(std::int64_t seriesId, const LabelMap &map, const std::vector<Segment> &segments,
                                 const std::string &source)
{
    sqlite::Transaction tx(*m_db);
    const std::map<int, const Segment *> byLabel = checkImport(*m_db, seriesId, map, segments);
    LabelMap current = loadLabelMap(seriesId, map.dims());
    // Values in use: by segments, and by voxels (a value no segment explains is not reused).
    std::set<int> used;
    for (const Segment &s : this->segments(seriesId))
        used.insert(s.label);
    const auto currentCounts = current.histogram();
    for (int v = 1; v < 256; ++v)
        if (currentCounts[std::size_t(v)])
            used.insert(v);
    std::array<std::uint8_t, 256> remap{};
    LabelImport result;
    sqlite::Statement insert(*m_db, "INSERT INTO segments(series_id, label, name, color, layer) VALUES (?1, ?2, ?3, ?4, ?5)");
    int next = 1;
    for (const auto &[label, s] : byLabel) {
        while (next <= 255 && used.count(next))
            ++next;
        if (next > 255)
            throw Error("series " + std::to_string(seriesId) + " has no free label value for segment \"" + s->name
                        + "\" (at most 255 segments); nothing was imported");
        used.insert(next);
        remap[std::size_t(label)] = std::uint8_t(next);
        Segment stored = *s;
        stored.seriesId = seriesId;
        stored.label = std::uint8_t(next);
        stored.layer = map.layerOf(std::uint8_t(label));
        current.setLayerOf(stored.label, stored.layer);
        insert.bind(1, seriesId).bind(2, next).bind(3, stored.name).bind(4, std::int64_t(stored.rgb)).bind(5, stored.layer).run();
        stored.id = m_db->lastInsertId();
        result.segments.push_back(stored);
    }
    // Imported voxels go where no layer of the current map is labelled (as it was before the
    // merge), each on its layer of the imported map.
    const LabelMap before = current;
    const int grid = map.chunkCount();
    std::set<int> changed;
    for (int c = 0; c < grid; ++c) {
        for (int l = 0; l < map.layerCount(); ++l) {
            const int in = map.chunkIndex(l, c);
            if (map.chunkIsEmpty(in))
                continue;
            const LabelMap::Chunk &src = map.chunk(in);
            const int at = current.chunkIndex(l, c);
            LabelMap::Chunk out = current.chunkIsEmpty(at) ? LabelMap::Chunk(LabelMap::kChunkVoxels, 0) : current.chunk(at);
            bool any = false;
            for (std::size_t n = 0; n < src.size(); ++n) {
                if (!src[n])
                    continue;
                bool labelled = false;
                for (int b = 0; b < before.layerCount() && !labelled; ++b) {
                    const LabelMap::Chunk &there = before.chunk(before.chunkIndex(b, c));
                    labelled = !there.empty() && there[n] != 0;
                }
                if (labelled) {
                    ++result.voxelsKept;
                    continue;
                }
                out[n] = remap[src[n]];
                ++result.voxels;
                any = true;
            }
            if (any) {
                current.setChunk(at, std::move(out));
                changed.insert(at);
            }
        }
    }
    sqlite::Statement put(*m_db, "INSERT OR REPLACE INTO label_chunks(series_id, chunk, data) VALUES (?1, ?2, ?3)");
    for (int c : changed) {
        const std::vector<std::uint8_t> z = compressChunk(current.chunk(c));
        put.bind(1, seriesId).bind(2, c).bindBlob(3, z.data(), z.size()).run();
    }
    m_project.audit("labels.import", "series " + std::to_string(seriesId) + " merged from " + source + ": "
                               + std::to_string(byLabel.size()) + " segment(s), " + std::to_string(result.voxels)
                               + " voxels, " + std::to_string(result.voxelsKept) + " already labelled");
    tx.commit();
    return result;
}

} // namespace sagitta::core
