#include "core/labels/labeledit.h"

#include <algorithm>

#include <tbb/parallel_for.h>

namespace sagitta::core {

LabelEdit::LabelEdit(LabelMap &map, const Volume *volume, const EditMask &mask)
    : m_map(map), m_volume(volume), m_mask(mask)
{
    if (m_mask.useIntensityRange && !m_volume)
        m_mask.useIntensityRange = false; // no image: no range to apply
}

bool LabelEdit::editable(int i, int j, int k, std::uint8_t value) const
{
    if (!m_map.contains(i, j, k))
        return false;
    return allows(i, j, k, m_map.at(i, j, k), value);
}

bool LabelEdit::allows(int i, int j, int k, std::uint8_t current, std::uint8_t value) const
{
    return allowsLabels(current, value) && inIntensityRange(i, j, k);
}

bool LabelEdit::allowsLabels(std::uint8_t current, std::uint8_t value) const
{
    if (m_mask.locked[current] && current != 0)
        return false;
    if (value != 0 && m_mask.locked[value])
        return false;
    switch (m_mask.area) {
    case EditMask::Area::Everywhere: break;
    case EditMask::Area::InsideSegment:
        if (current != m_mask.insideLabel)
            return false;
        break;
    case EditMask::Area::OutsideSegments:
        if (current != 0 && current != value)
            return false;
        break;
    }
    if (!m_mask.overwriteOthers && value != 0 && current != 0 && current != value)
        return false;
    return true;
}

bool LabelEdit::inIntensityRange(int i, int j, int k) const
{
    if (!m_mask.useIntensityRange)
        return true;
    const double v = m_volume->value(i, j, k);
    return v >= m_mask.low && v <= m_mask.high;
}

bool LabelEdit::write(int i, int j, int k, std::uint8_t value)
{
    if (!m_map.contains(i, j, k) || m_map.at(i, j, k) == value || !editable(i, j, k, value))
        return false;
    const int c = m_map.chunkOf(i, j, k);
    if (m_before.find(c) == m_before.end())
        m_before.emplace(c, m_map.chunk(c));
    m_map.set(i, j, k, value);
    return true;
}

bool LabelEdit::erase(int i, int j, int k, std::uint8_t label)
{
    if (!m_map.contains(i, j, k))
        return false;
    const std::uint8_t current = m_map.at(i, j, k);
    if (current == 0 || (label != 0 && current != label))
        return false;
    return write(i, j, k, 0);
}

std::size_t LabelEdit::writeChunk(int chunkIndex, const std::uint8_t *select, std::uint8_t value)
{
    return bulk({{chunkIndex, select}}, value, false, 0);
}

std::size_t LabelEdit::eraseChunk(int chunkIndex, const std::uint8_t *select, std::uint8_t label)
{
    return bulk({{chunkIndex, select}}, 0, true, label);
}

std::size_t LabelEdit::writeChunks(const std::vector<ChunkSelection> &chunks, std::uint8_t value)
{
    return bulk(chunks, value, false, 0);
}

std::size_t LabelEdit::eraseChunks(const std::vector<ChunkSelection> &chunks, std::uint8_t label)
{
    return bulk(chunks, 0, true, label);
}

std::size_t LabelEdit::compute(int chunkIndex, const std::uint8_t *select, std::uint8_t value, bool erase,
                               std::uint8_t eraseLabel, LabelMap::Chunk &out) const
{
    out.clear();
    if (chunkIndex < 0 || chunkIndex >= m_map.chunkCount())
        return 0;
    constexpr int K = LabelMap::kChunk;
    const auto &grid = m_map.chunkGrid();
    const auto &dims = m_map.dims();
    const int i0 = (chunkIndex % grid[0]) * K;
    const int j0 = (chunkIndex / grid[0] % grid[1]) * K;
    const int k0 = (chunkIndex / (grid[0] * grid[1])) * K;
    const int nx = std::min(K, dims[0] - i0), ny = std::min(K, dims[1] - j0), nz = std::min(K, dims[2] - k0);
    const LabelMap::Chunk &current = m_map.chunk(chunkIndex);
    if (current.empty() && (erase || value == 0))
        return 0; // nothing to clear in an all-zero chunk
    // Which current labels may become value: the label part of the mask, once per chunk.
    std::array<bool, 256> from{};
    for (int c = 0; c < 256; ++c) {
        const auto cur = std::uint8_t(c);
        const bool erasable = !erase || (cur != 0 && (eraseLabel == 0 || cur == eraseLabel));
        from[std::size_t(c)] = erasable && cur != value && allowsLabels(cur, value);
    }
    static const LabelMap::Chunk zeros(LabelMap::kChunkVoxels, 0);
    const std::uint8_t *in = current.empty() ? zeros.data() : current.data();
    const bool range = m_mask.useIntensityRange;
    // out: the new content, made on the first change
    std::size_t changed = 0;
    for (int z = 0; z < nz; ++z)
        for (int y = 0; y < ny; ++y) {
            const std::size_t row = (std::size_t(z) * K + std::size_t(y)) * K;
            for (int x = 0; x < nx; ++x) {
                const std::size_t o = row + std::size_t(x);
                if (!select[o] || !from[in[o]] || (range && !inIntensityRange(i0 + x, j0 + y, k0 + z)))
                    continue;
                if (out.empty())
                    out.assign(in, in + LabelMap::kChunkVoxels);
                out[o] = value;
                ++changed;
            }
        }
    return changed;
}

void LabelEdit::commit(int chunkIndex, LabelMap::Chunk &&content)
{
    if (m_before.find(chunkIndex) == m_before.end())
        m_before.emplace(chunkIndex, m_map.chunk(chunkIndex));
    m_map.setChunk(chunkIndex, std::move(content));
}

std::size_t LabelEdit::bulk(const std::vector<ChunkSelection> &chunks, std::uint8_t value, bool erase,
                            std::uint8_t eraseLabel)
{
    std::vector<int> indices;
    for (const ChunkSelection &c : chunks)
        indices.push_back(c.chunkIndex);
    std::sort(indices.begin(), indices.end());
    if (std::adjacent_find(indices.begin(), indices.end()) != indices.end()) {
        // A chunk twice: one after the other, each seeing the previous one's writes.
        std::size_t total = 0;
        for (const ChunkSelection &c : chunks)
            total += bulk({c}, value, erase, eraseLabel);
        return total;
    }
    std::vector<LabelMap::Chunk> out(chunks.size());
    std::vector<std::size_t> changed(chunks.size(), 0);
    auto one = [&](std::size_t n) {
        changed[n] = compute(chunks[n].chunkIndex, chunks[n].select, value, erase, eraseLabel, out[n]);
    };
    if (chunks.size() > 1)
        tbb::parallel_for(std::size_t(0), chunks.size(), one);
    else if (chunks.size() == 1)
        one(0);
    std::size_t total = 0;
    for (std::size_t n = 0; n < chunks.size(); ++n) {
        if (changed[n] == 0)
            continue;
        commit(chunks[n].chunkIndex, std::move(out[n]));
        total += changed[n];
    }
    return total;
}

LabelDelta LabelEdit::finish()
{
    LabelDelta delta;
    for (auto &[index, before] : m_before) {
        // Normalise an all-zero chunk to empty, then compare.
        const LabelMap::Chunk &now = m_map.chunk(index);
        if (!now.empty() && std::all_of(now.begin(), now.end(), [](std::uint8_t v) { return v == 0; }))
            m_map.setChunk(index, {});
        const LabelMap::Chunk &after = m_map.chunk(index);
        if (after == before)
            continue;
        delta.chunks.emplace(index, LabelDelta::Change{std::move(before), after});
    }
    m_before.clear();
    return delta;
}

} // namespace sagitta::core
