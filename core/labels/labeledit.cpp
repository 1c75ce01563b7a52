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
    const std::uint8_t current = m_map.at(i, j, k);
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

std::size_t LabelEdit::eraseAll(std::uint8_t label)
{
    std::size_t changed = 0;
    const auto &grid = m_map.chunkGrid();
    const auto &dims = m_map.dims();
    for (int c = 0; c < m_map.chunkCount(); ++c) {
        const LabelMap::Chunk &chunk = m_map.chunk(c);
        if (chunk.empty() || std::find(chunk.begin(), chunk.end(), label) == chunk.end())
            continue;
        const int ci = c % grid[0], cj = (c / grid[0]) % grid[1], ck = c / (grid[0] * grid[1]);
        const int i0 = ci * LabelMap::kChunk, j0 = cj * LabelMap::kChunk, k0 = ck * LabelMap::kChunk;
        for (int k = k0; k < std::min(dims[2], k0 + LabelMap::kChunk); ++k)
            for (int j = j0; j < std::min(dims[1], j0 + LabelMap::kChunk); ++j)
                for (int i = i0; i < std::min(dims[0], i0 + LabelMap::kChunk); ++i)
                    changed += erase(i, j, k, label);
    }
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
