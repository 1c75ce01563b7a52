// Project::verify(): what is wrong with a project file, without changing it.
#include "core/project/auditchain.h"
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

} // namespace

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
    std::map<std::int64_t, std::array<int, 3>> grids; // label map id -> chunk grid
    std::map<std::int64_t, std::string> names;        // label map id -> "series S" or "series S (author)"
    {
        sqlite::Statement st(db, "SELECT m.id, m.nx, m.ny, m.nz, m.chunk_edge, s.geometry, m.series_id, m.author FROM label_maps m"
                                 " LEFT JOIN series s ON s.id = m.series_id ORDER BY m.id");
        while (st.step()) {
            const std::int64_t id = st.int64(0);
            const std::array<int, 3> d{int(st.int64(1)), int(st.int64(2)), int(st.int64(3))};
            // Names users know: the series, and the author where a series has several maps.
            names[id] = "series " + std::to_string(st.int64(6)) + (st.text(7).empty() ? "" : " (" + st.text(7) + ")");
            const std::string what = "label map " + std::to_string(id) + " of " + names[id];
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
                problems.push_back("series " + std::to_string(st.int64(6)) + ": its geometry cannot be read");
            }
            grids[id] = {(d[0] + LabelMap::kChunk - 1) / LabelMap::kChunk, (d[1] + LabelMap::kChunk - 1) / LabelMap::kChunk,
                         (d[2] + LabelMap::kChunk - 1) / LabelMap::kChunk};
        }
    }
    // Segments, and the layer of each label value.
    std::map<std::int64_t, std::map<int, std::int64_t>> labelsOf; // label map -> label -> layer
    {
        sqlite::Statement st(db, "SELECT g.id, g.map_id, g.label, m.id, g.layer FROM segments g"
                                 " LEFT JOIN label_maps m ON m.id = g.map_id ORDER BY g.id");
        while (st.step()) {
            const std::string what = "segment " + std::to_string(st.int64(0));
            const std::int64_t label = st.int64(2), layer = st.int64(4);
            if (st.isNull(3))
                problems.push_back(what + ": its label map " + std::to_string(st.int64(1)) + " is missing");
            if (label < 1 || label > 255)
                problems.push_back(what + ": label value " + std::to_string(label) + " is outside 1..255");
            if (layer < 0 || layer >= LabelMap::kMaxLayers)
                problems.push_back(what + ": layer " + std::to_string(layer) + " is outside 0.."
                                   + std::to_string(LabelMap::kMaxLayers - 1));
            labelsOf[st.int64(1)][int(label)] = layer;
        }
    }
    // Chunks, one at a time.
    {
        sqlite::Statement st(db, "SELECT map_id, chunk, data FROM label_chunks ORDER BY map_id, chunk");
        // label map -> layer -> voxels per label value
        std::map<std::int64_t, std::map<std::int64_t, std::array<std::uint64_t, 256>>> counts;
        while (st.step()) {
            const std::int64_t id = st.int64(0);
            const std::int64_t c = st.int64(1);
            const auto grid = grids.find(id);
            if (grid == grids.end()) {
                problems.push_back("label chunk " + std::to_string(c) + " of label map " + std::to_string(id)
                                   + ": no such label map");
                continue;
            }
            const std::string what = "label chunk " + std::to_string(c) + " of " + names[id];
            const std::int64_t count = std::int64_t(grid->second[0]) * grid->second[1] * grid->second[2];
            if (c < 0 || c >= count * LabelMap::kMaxLayers) {
                problems.push_back(what + ": index out of range (the map has " + std::to_string(count) + " chunks in each of at most "
                                   + std::to_string(LabelMap::kMaxLayers) + " layers)");
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
                        problems.push_back(names[id] + ": " + voxels + ", which no segment describes");
                    else if (segment->second != layer)
                        problems.push_back(names[id] + ": " + voxels + ", but its segment is on layer "
                                           + std::to_string(segment->second));
                }
    }
    if (schemaVersion() >= 12) // the chain's column
        for (const std::string &p : verifyAuditChain(*m_db))
            problems.push_back(p);
    return problems;
}

} // namespace sagitta::core
