#include "core/labels/labeledit.h"

#include <algorithm>

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
    if (m_mask.useIntensityRange) {
        const double v = m_volume->value(i, j, k);
        if (v < m_mask.low || v > m_mask.high)
            return false;
    }
    return true;
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
    return bulk(chunkIndex, select, value, false, 0);
}

std::size_t LabelEdit::eraseChunk(int chunkIndex, const std::uint8_t *select, std::uint8_t label)
{
    return bulk(chunkIndex, select, 0, true, label);
}

std::size_t LabelEdit::bulk(int chunkIndex, const std::uint8_t *select, std::uint8_t value, bool erase,
                            std::uint8_t eraseLabel)
{
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
    LabelMap::Chunk out; // the new content, made on the first change
    std::size_t changed = 0;
    for (int z = 0; z < nz; ++z)
        for (int y = 0; y < ny; ++y) {
            const std::size_t row = (std::size_t(z) * K + std::size_t(y)) * K;
            for (int x = 0; x < nx; ++x) {
                const std::size_t o = row + std::size_t(x);
                if (!select[o])
                    continue;
                const std::uint8_t cur = current.empty() ? 0 : current[o];
                if (erase && (cur == 0 || (eraseLabel != 0 && cur != eraseLabel)))
                    continue;
                if (cur == value || !allows(i0 + x, j0 + y, k0 + z, cur, value))
                    continue;
                if (out.empty())
                    out = current.empty() ? LabelMap::Chunk(LabelMap::kChunkVoxels, 0) : current;
                out[o] = value;
                ++changed;
            }
        }
    if (changed == 0)
        return 0;
    if (m_before.find(chunkIndex) == m_before.end())
        m_before.emplace(chunkIndex, current);
    m_map.setChunk(chunkIndex, std::move(out));
    return changed;
}

LabelDelta LabelEdit::finish()
{
    LabelDelta delta;
    for (auto &[index, before] : m_before) {
        // Normalise an all-zero chunk to empty, then compare.
        m_map.setChunk(index, m_map.chunk(index));
        const LabelMap::Chunk &after = m_map.chunk(index);
        if (after == before)
            continue;
        delta.chunks.emplace(index, LabelDelta::Change{std::move(before), after});
    }
    m_before.clear();
    return delta;
}

} // namespace sagitta::core
