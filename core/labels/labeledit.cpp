#include "core/labels/labeledit.h"

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
