#include "core/labels/labelmap.h"

#include <algorithm>

namespace sagitta::core {

LabelMap::LabelMap(const std::array<int, 3> &dims) : m_dims(dims)
{
    for (int a = 0; a < 3; ++a)
        m_grid[a] = (std::max(dims[a], 0) + kChunk - 1) / kChunk;
    m_chunks.resize(std::size_t(chunkCount()));
}

const LabelMap::Chunk &LabelMap::emptyChunk()
{
    static const Chunk empty;
    return empty;
}

void LabelMap::ensureLayers(int count)
{
    if (count <= m_layers)
        return;
    m_layers = count;
    m_chunks.resize(std::size_t(m_layers) * std::size_t(chunkCount()));
}

int LabelMap::addLayer()
{
    ensureLayers(m_layers + 1);
    return m_layers - 1;
}

void LabelMap::trimLayers()
{
    const std::size_t n = std::size_t(chunkCount());
    while (m_layers > 1) {
        const auto first = m_chunks.begin() + std::ptrdiff_t(std::size_t(m_layers - 1) * n);
        if (!std::all_of(first, m_chunks.end(), [](const Chunk &c) { return c.empty(); }))
            break;
        m_chunks.erase(first, m_chunks.end());
        --m_layers;
    }
}

std::uint8_t LabelMap::top(int i, int j, int k) const
{
    const int c = chunkOf(i, j, k);
    const std::size_t o = offsetInChunk(i, j, k);
    for (int l = m_layers - 1; l >= 0; --l) {
        const Chunk &ch = m_chunks[std::size_t(chunkIndex(l, c))];
        if (!ch.empty() && ch[o] != 0)
            return ch[o];
    }
    return 0;
}

void LabelMap::set(int i, int j, int k, std::uint8_t value, int layer)
{
    if (layer >= m_layers) {
        if (value == 0)
            return;
        ensureLayers(layer + 1);
    }
    Chunk &c = m_chunks[std::size_t(chunkIndex(layer, chunkOf(i, j, k)))];
    if (c.empty()) {
        if (value == 0)
            return;
        c.assign(kChunkVoxels, 0);
    }
    c[offsetInChunk(i, j, k)] = value;
}

void LabelMap::setChunk(int index, Chunk data)
{
    if (!data.empty() && std::all_of(data.begin(), data.end(), [](std::uint8_t v) { return v == 0; }))
        data.clear();
    if (index < 0 || chunkCount() == 0)
        return;
    if (std::size_t(index) >= m_chunks.size()) {
        if (data.empty())
            return;
        ensureLayers(index / chunkCount() + 1);
    }
    m_chunks[std::size_t(index)] = std::move(data);
}

bool LabelMap::labelFits(std::uint8_t label, int layer) const
{
    const int from = layerOf(label);
    if (label == 0 || layer == from)
        return true;
    for (int c = 0; c < chunkCount(); ++c) {
        const Chunk &src = chunk(chunkIndex(from, c));
        const Chunk &dst = chunk(chunkIndex(layer, c));
        if (src.empty() || dst.empty())
            continue;
        for (std::size_t o = 0; o < kChunkVoxels; ++o)
            if (src[o] == label && dst[o] != 0)
                return false;
    }
    return true;
}

std::vector<int> LabelMap::moveLabel(std::uint8_t label, int layer)
{
    std::vector<int> changed;
    const int from = layerOf(label);
    if (label == 0 || layer == from)
        return changed;
    for (int c = 0; c < chunkCount(); ++c) {
        const int si = chunkIndex(from, c);
        if (chunk(si).empty() || std::find(chunk(si).begin(), chunk(si).end(), label) == chunk(si).end())
            continue;
        const int di = chunkIndex(layer, c);
        Chunk src = chunk(si);
        Chunk dst = chunk(di).empty() ? Chunk(kChunkVoxels, 0) : chunk(di);
        for (std::size_t o = 0; o < kChunkVoxels; ++o)
            if (src[o] == label) {
                dst[o] = label;
                src[o] = 0;
            }
        setChunk(si, std::move(src));
        setChunk(di, std::move(dst));
        changed.push_back(si);
        changed.push_back(di);
    }
    setLayerOf(label, layer);
    return changed;
}

std::array<std::uint64_t, 256> LabelMap::histogram() const
{
    std::array<std::uint64_t, 256> h{};
    std::uint64_t layer0 = 0;
    for (int l = 0; l < m_layers; ++l) {
        for (int cz = 0; cz < m_grid[2]; ++cz)
            for (int cy = 0; cy < m_grid[1]; ++cy)
                for (int cx = 0; cx < m_grid[0]; ++cx) {
                    const Chunk &c = m_chunks[std::size_t(chunkIndex(l, (cz * m_grid[1] + cy) * m_grid[0] + cx))];
                    if (c.empty())
                        continue;
                    // Count only voxels inside the volume (edge chunks are padded).
                    const int nx = std::min(kChunk, m_dims[0] - cx * kChunk);
                    const int ny = std::min(kChunk, m_dims[1] - cy * kChunk);
                    const int nz = std::min(kChunk, m_dims[2] - cz * kChunk);
                    for (int z = 0; z < nz; ++z)
                        for (int y = 0; y < ny; ++y) {
                            const std::uint8_t *row = &c[(std::size_t(z) * kChunk + std::size_t(y)) * kChunk];
                            for (int x = 0; x < nx; ++x)
                                ++h[row[x]];
                        }
                }
        if (l == 0)
            for (int v = 1; v < 256; ++v)
                layer0 += h[std::size_t(v)];
    }
    h[0] = std::uint64_t(m_dims[0]) * std::uint64_t(m_dims[1]) * std::uint64_t(m_dims[2]) - layer0;
    return h;
}

bool LabelMap::operator==(const LabelMap &other) const
{
    if (m_dims != other.m_dims || m_layerOf != other.m_layerOf)
        return false;
    static const Chunk zeros(kChunkVoxels, 0);
    const std::size_t n = std::max(m_chunks.size(), other.m_chunks.size());
    for (std::size_t c = 0; c < n; ++c) {
        const Chunk &a = chunk(int(c)).empty() ? zeros : chunk(int(c));
        const Chunk &b = other.chunk(int(c)).empty() ? zeros : other.chunk(int(c));
        if (a != b)
            return false;
    }
    return true;
}

std::size_t LabelDelta::bytes() const
{
    std::size_t total = 0;
    for (const auto &entry : chunks)
        total += entry.second.before.size() + entry.second.after.size() + 64;
    return total + layers.size() * 16;
}

std::vector<int> LabelDelta::chunkIndices() const
{
    std::vector<int> out;
    out.reserve(chunks.size());
    for (const auto &entry : chunks)
        out.push_back(entry.first);
    return out;
}

void LabelDelta::apply(LabelMap &map, bool forward) const
{
    for (const auto &[index, change] : chunks)
        map.setChunk(index, forward ? change.after : change.before);
    for (const auto &[label, moved] : layers)
        map.setLayerOf(label, forward ? moved.second : moved.first);
    map.trimLayers();
}

} // namespace sagitta::core
