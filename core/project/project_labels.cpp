// Project: label exchange (replace or merge a whole label map with its segments) and verify().
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

LabelImport Project::replaceLabels(std::int64_t seriesId, const LabelMap &map, const std::vector<Segment> &segments,
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
    audit("labels.import", "series " + std::to_string(seriesId) + " replaced from " + source + ": "
                               + std::to_string(byLabel.size()) + " segment(s), " + std::to_string(result.voxels) + " voxels");
    tx.commit();
    return result;
}

LabelImport Project::mergeLabels(std::int64_t seriesId, const LabelMap &map, const std::vector<Segment> &segments,
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
    audit("labels.import", "series " + std::to_string(seriesId) + " merged from " + source + ": "
                               + std::to_string(byLabel.size()) + " segment(s), " + std::to_string(result.voxels)
                               + " voxels, " + std::to_string(result.voxelsKept) + " already labelled");
    tx.commit();
    return result;
}

std::vector<std::string> Project::verify() const
{
    std::vector<std::string> problems;
    sqlite::Database &db = *m_db;
    {
        sqlite::Statement st(db, "PRAGMA integrity_check");
        while (st.step())
            if (st.text(0) != "ok")
                problems.push_back("integrity check: " + st.text(0));
    }
    {
        sqlite::Statement st(db, "PRAGMA foreign_key_check");
        while (st.step())
            problems.push_back("table " + st.text(0) + " row " + std::to_string(st.int64(1)) + " refers to a missing row of "
                               + st.text(2));
    }
    {
        sqlite::Statement st(db, "PRAGMA application_id");
        if (st.step() && st.int64(0) != 0x53475441)
            problems.push_back("application id is not Sagitta's");
    }
    if (schemaVersion() != kSchemaVersion)
        problems.push_back("schema version " + std::to_string(schemaVersion()) + ", expected " + std::to_string(kSchemaVersion));

    // Label maps and their series' grids.
    std::map<std::int64_t, std::array<int, 3>> grids; // series id -> chunk grid
    {
        sqlite::Statement st(db, "SELECT m.series_id, m.nx, m.ny, m.nz, m.chunk_edge, s.geometry FROM label_maps m"
                                 " LEFT JOIN series s ON s.id = m.series_id ORDER BY m.series_id");
        while (st.step()) {
            const std::int64_t id = st.int64(0);
            const std::array<int, 3> d{int(st.int64(1)), int(st.int64(2)), int(st.int64(3))};
            const std::string what = "label map of series " + std::to_string(id);
            if (st.isNull(5)) {
                problems.push_back(what + ": the series is missing");
                continue;
            }
            if (st.int64(4) != LabelMap::kChunk) {
                problems.push_back(what + ": chunk edge " + std::to_string(st.int64(4)) + ", expected "
                                   + std::to_string(LabelMap::kChunk));
                continue;
            }
            if (d[0] <= 0 || d[1] <= 0 || d[2] <= 0) {
                problems.push_back(what + ": dimensions " + dimsText(d));
                continue;
            }
            try {
                const auto g = nlohmann::json::parse(st.text(5)).at("dims").get<std::array<int, 3>>();
                if (g != d)
                    problems.push_back(what + ": " + dimsText(d) + " voxels, but the series has " + dimsText(g));
            } catch (const std::exception &) {
                problems.push_back("series " + std::to_string(id) + ": its geometry cannot be read");
            }
            grids[id] = {(d[0] + LabelMap::kChunk - 1) / LabelMap::kChunk, (d[1] + LabelMap::kChunk - 1) / LabelMap::kChunk,
                         (d[2] + LabelMap::kChunk - 1) / LabelMap::kChunk};
        }
    }
    // Segments, and the layer of each label value.
    std::map<std::int64_t, std::map<int, std::int64_t>> labelsOf; // series -> label -> layer
    {
        sqlite::Statement st(db, "SELECT g.id, g.series_id, g.label, s.id, g.layer FROM segments g"
                                 " LEFT JOIN series s ON s.id = g.series_id ORDER BY g.id");
        while (st.step()) {
            const std::string what = "segment " + std::to_string(st.int64(0));
            const std::int64_t label = st.int64(2), layer = st.int64(4);
            if (st.isNull(3))
                problems.push_back(what + ": its series " + std::to_string(st.int64(1)) + " is missing");
            if (label < 1 || label > 255)
                problems.push_back(what + ": label value " + std::to_string(label) + " is outside 1..255");
            if (layer < 0 || layer >= kMaxLabelLayers)
                problems.push_back(what + ": layer " + std::to_string(layer) + " is outside 0.."
                                   + std::to_string(kMaxLabelLayers - 1));
            labelsOf[st.int64(1)][int(label)] = layer;
        }
    }
    // Chunks, one at a time.
    {
        sqlite::Statement st(db, "SELECT series_id, chunk, data FROM label_chunks ORDER BY series_id, chunk");
        // series -> layer -> voxels per label value
        std::map<std::int64_t, std::map<std::int64_t, std::array<std::uint64_t, 256>>> counts;
        while (st.step()) {
            const std::int64_t id = st.int64(0);
            const std::int64_t c = st.int64(1);
            const std::string what = "label chunk " + std::to_string(c) + " of series " + std::to_string(id);
            const auto grid = grids.find(id);
            if (grid == grids.end()) {
                problems.push_back(what + ": no label map of that series");
                continue;
            }
            const std::int64_t count = std::int64_t(grid->second[0]) * grid->second[1] * grid->second[2];
            if (c < 0 || c >= count * kMaxLabelLayers) {
                problems.push_back(what + ": index out of range (the map has " + std::to_string(count) + " chunks in each of at most "
                                   + std::to_string(kMaxLabelLayers) + " layers)");
                continue;
            }
            LabelMap::Chunk out;
            std::string reason;
            if (!decompressChunk(st.blob(2), out, &reason)) {
                problems.push_back(what + ": damaged (" + reason + ")");
                continue;
            }
            auto &hist = counts[id].try_emplace(c / count).first->second;
            for (std::size_t n = 0; n < LabelMap::kChunkVoxels; ++n)
                ++hist[out[n]];
        }
        for (const auto &[id, layers] : counts)
            for (const auto &[layer, hist] : layers)
                for (int v = 1; v < 256; ++v) {
                    if (!hist[std::size_t(v)])
                        continue;
                    const auto segment = labelsOf[id].find(v);
                    const std::string voxels = std::to_string(hist[std::size_t(v)]) + " voxel(s)"
                                               + (layer ? " of layer " + std::to_string(layer) : std::string()) + " hold label value "
                                               + std::to_string(v);
                    if (segment == labelsOf[id].end())
                        problems.push_back("series " + std::to_string(id) + ": " + voxels + ", which no segment describes");
                    else if (segment->second != layer)
                        problems.push_back("series " + std::to_string(id) + ": " + voxels + ", but its segment is on layer "
                                           + std::to_string(segment->second));
                }
    }
    return problems;
}

} // namespace sagitta::core
