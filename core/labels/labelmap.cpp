#include "core/labels/labelmap.h"

#include <algorithm>

namespace sagitta::core {

LabelMap::LabelMap(const std::array<int, 3> &dims) : m_dims(dims)
{
    for (int a = 0; a < 3; ++a)
        m_grid[a] = (std::max(dims[a], 0) + kChunk - 1) / kChunk;
    m_chunks.resize(std::size_t(chunkCount()));
}

void LabelMap::set(int i, int j, int k, std::uint8_t value)
{
    Chunk &c = m_chunks[std::size_t(chunkOf(i, j, k))];
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
    m_chunks[std::size_t(index)] = std::move(data);
}

std::array<std::uint64_t, 256> LabelMap::histogram() const
{
    std::array<std::uint64_t, 256> h{};
    for (int cz = 0; cz < m_grid[2]; ++cz)
        for (int cy = 0; cy < m_grid[1]; ++cy)
            for (int cx = 0; cx < m_grid[0]; ++cx) {
                const Chunk &c = m_chunks[std::size_t((cz * m_grid[1] + cy) * m_grid[0] + cx)];
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
    std::uint64_t labelled = 0;
    for (int v = 1; v < 256; ++v)
        labelled += h[std::size_t(v)];
    h[0] = std::uint64_t(m_dims[0]) * std::uint64_t(m_dims[1]) * std::uint64_t(m_dims[2]) - labelled;
    return h;
}

bool LabelMap::operator==(const LabelMap &other) const
{
    if (m_dims != other.m_dims)
        return false;
    static const Chunk zeros(kChunkVoxels, 0);
    for (std::size_t n = 0; n < m_chunks.size(); ++n) {
        const Chunk &a = m_chunks[n].empty() ? zeros : m_chunks[n];
        const Chunk &b = other.m_chunks[n].empty() ? zeros : other.m_chunks[n];
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
    return total;
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
}

} // namespace sagitta::core
