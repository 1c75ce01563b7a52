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

namespace {
constexpr int kMaxLayers = 256; // a label value per layer at most: 255 layers, plus one to grow
} // namespace

LabelEdit::Verdict LabelEdit::decide(const std::uint8_t *vals, int n, std::uint8_t value, bool erase, std::uint8_t eraseLabel,
                                     std::uint8_t *out) const
{
    for (int l = 0; l < n; ++l)
        out[l] = vals[l];
    out[n] = 0;
    auto valAt = [&](int l) -> std::uint8_t { return l < n ? vals[l] : 0; };
    if (erase)
        value = 0;
    switch (m_mask.area) {
    case EditMask::Area::Everywhere: break;
    case EditMask::Area::InsideSegment:
        if (m_mask.insideLabel == 0) {
            for (int l = 0; l < n; ++l)
                if (vals[l] != 0)
                    return Verdict::None;
        } else if (valAt(m_map.layerOf(m_mask.insideLabel)) != m_mask.insideLabel) {
            return Verdict::None;
        }
        break;
    case EditMask::Area::OutsideSegments:
        for (int l = 0; l < n; ++l)
            if (vals[l] != 0 && vals[l] != value)
                return Verdict::None;
        break;
    }
    if (value != 0) {
        if (m_mask.locked[value])
            return Verdict::None;
        const int L = m_map.layerOf(value);
        const std::uint8_t cur = valAt(L);
        if (cur == value)
            return Verdict::None;
        if (cur != 0) {
            if (m_mask.locked[cur])
                return Verdict::None;
            if (!m_mask.overwriteOthers)
                return Verdict::Collision;
        }
        out[L] = value;
        if (m_mask.overwriteOthers)
            for (int l = 0; l < n; ++l)
                if (l != L && vals[l] != 0 && vals[l] != value && !m_mask.locked[vals[l]])
                    out[l] = 0;
        return Verdict::Change;
    }
    if (eraseLabel != 0) {
        const int L = m_map.layerOf(eraseLabel);
        if (valAt(L) != eraseLabel || m_mask.locked[eraseLabel])
            return Verdict::None;
        out[L] = 0;
        return Verdict::Change;
    }
    bool any = false;
    for (int l = 0; l < n; ++l)
        if (vals[l] != 0 && !m_mask.locked[vals[l]]) {
            out[l] = 0;
            any = true;
        }
    return any ? Verdict::Change : Verdict::None;
}

LabelEdit::Verdict LabelEdit::decideAt(int i, int j, int k, std::uint8_t value, bool erase, std::uint8_t eraseLabel,
                                       std::uint8_t *out) const
{
    std::uint8_t vals[kMaxLayers];
    const int n = m_map.layerCount();
    for (int l = 0; l < n; ++l)
        vals[l] = m_map.at(i, j, k, l);
    return decide(vals, n, value, erase, eraseLabel, out);
}

bool LabelEdit::editable(int i, int j, int k, std::uint8_t value) const
{
    if (!m_map.contains(i, j, k))
        return false;
    std::uint8_t out[kMaxLayers + 1];
    if (decideAt(i, j, k, value, false, 0, out) != Verdict::None)
        return inIntensityRange(i, j, k);
    // A voxel that holds value already may stay it (a grow goes on through it), as the lock,
    // the area and the intensity range allow.
    if (value == 0 || m_mask.locked[value] || !m_map.holds(i, j, k, value))
        return false;
    switch (m_mask.area) {
    case EditMask::Area::Everywhere: break;
    case EditMask::Area::InsideSegment:
        if (m_mask.insideLabel == 0 || !m_map.holds(i, j, k, m_mask.insideLabel))
            return false;
        break;
    case EditMask::Area::OutsideSegments:
        for (int l = 0; l < m_map.layerCount(); ++l)
            if (const std::uint8_t other = m_map.at(i, j, k, l); other != 0 && other != value)
                return false;
        break;
    }
    return inIntensityRange(i, j, k);
}

bool LabelEdit::inIntensityRange(int i, int j, int k) const
{
    if (!m_mask.useIntensityRange)
        return true;
    const double v = m_volume->value(i, j, k);
    return v >= m_mask.low && v <= m_mask.high;
}

void LabelEdit::snapshot(int chunkIndex)
{
    if (m_before.find(chunkIndex) == m_before.end())
        m_before.emplace(chunkIndex, m_map.chunk(chunkIndex));
}

bool LabelEdit::moveToLayer(std::uint8_t label, int layer)
{
    const int from = m_map.layerOf(label);
    if (label == 0 || layer == from || layer < 0 || layer >= LabelMap::kMaxLayers || !m_map.labelFits(label, layer))
        return false;
    for (int c = 0; c < m_map.chunkCount(); ++c) {
        const LabelMap::Chunk &chunk = m_map.labelChunk(label, c);
        if (!chunk.empty() && std::find(chunk.begin(), chunk.end(), label) != chunk.end()) {
            snapshot(m_map.chunkIndex(from, c));
            snapshot(m_map.chunkIndex(layer, c));
        }
    }
    m_layerBefore.emplace(label, from);
    m_map.moveLabel(label, layer);
    return true;
}

void LabelEdit::relocate(std::uint8_t value, const std::function<bool(int layer)> &free)
{
    const int from = m_map.layerOf(value), n = m_map.layerCount();
    int to = n;
    for (int l = 0; l < n; ++l)
        if (l != from && free(l) && m_map.labelFits(value, l)) {
            to = l;
            break;
        }
    moveToLayer(value, to);
}

void LabelEdit::withinLayers(std::uint8_t value)
{
    // A label whose layer was dropped (it emptied, with the layers below it) has no voxels: it
    // comes down to the next new layer, so that it is written at most one layer above the map.
    if (value != 0 && m_map.layerOf(value) > m_map.layerCount())
        moveToLayer(value, m_map.layerCount());
}

bool LabelEdit::change(int i, int j, int k, std::uint8_t value, bool erase, std::uint8_t eraseLabel)
{
    if (!m_map.contains(i, j, k))
        return false;
    if (!erase)
        withinLayers(value);
    std::uint8_t out[kMaxLayers + 1];
    Verdict v = decideAt(i, j, k, value, erase, eraseLabel, out);
    if (v == Verdict::None || !inIntensityRange(i, j, k))
        return false;
    if (v == Verdict::Collision) {
        relocate(value, [&](int l) {
            const std::uint8_t there = m_map.at(i, j, k, l);
            return there == 0 || there == value;
        });
        v = decideAt(i, j, k, value, erase, eraseLabel, out);
        if (v != Verdict::Change)
            return false;
    }
    put(i, j, k, out);
    return true;
}

void LabelEdit::put(int i, int j, int k, const std::uint8_t *out)
{
    const int n = m_map.layerCount(), c = m_map.chunkOf(i, j, k);
    for (int l = 0; l <= n; ++l)
        if (out[l] != m_map.at(i, j, k, l)) {
            snapshot(m_map.chunkIndex(l, c));
            m_map.set(i, j, k, out[l], l);
        }
}

bool LabelEdit::replace(int i, int j, int k, std::uint8_t from, std::uint8_t to)
{
    if (!m_map.contains(i, j, k) || to == 0 || !m_map.holds(i, j, k, from) || m_map.layerOf(to) != m_map.layerOf(from))
        return false;
    std::uint8_t out[kMaxLayers + 1];
    const Verdict v = decideAt(i, j, k, to, false, 0, out);
    if (v == Verdict::None || !inIntensityRange(i, j, k))
        return false;
    if (v == Verdict::Collision) { // only with from, whose voxel this is: taken all the same
        const int n = m_map.layerCount();
        for (int l = 0; l < n; ++l)
            out[l] = m_map.at(i, j, k, l);
        out[n] = 0;
        out[m_map.layerOf(to)] = to;
    }
    put(i, j, k, out);
    return true;
}

bool LabelEdit::write(int i, int j, int k, std::uint8_t value)
{
    return value == 0 ? change(i, j, k, 0, true, 0) : change(i, j, k, value, false, 0);
}

bool LabelEdit::erase(int i, int j, int k, std::uint8_t label)
{
    return change(i, j, k, 0, true, label);
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

std::size_t LabelEdit::compute(int c, const std::uint8_t *select, std::uint8_t value, bool erase, std::uint8_t eraseLabel,
                               std::vector<LabelMap::Chunk> &out, std::size_t &collisions) const
{
    const int n = m_map.layerCount();
    out.assign(std::size_t(n) + 1, {});
    collisions = 0;
    if (c < 0 || c >= m_map.chunkCount())
        return 0;
    if (erase)
        value = 0;
    constexpr int K = LabelMap::kChunk;
    const auto &grid = m_map.chunkGrid();
    const auto &dims = m_map.dims();
    const int i0 = (c % grid[0]) * K;
    const int j0 = (c / grid[0] % grid[1]) * K;
    const int k0 = (c / (grid[0] * grid[1])) * K;
    const int nx = std::min(K, dims[0] - i0), ny = std::min(K, dims[1] - j0), nz = std::min(K, dims[2] - k0);
    static const LabelMap::Chunk zeros(LabelMap::kChunkVoxels, 0);
    std::vector<const std::uint8_t *> in(std::size_t(n) + 1, zeros.data());
    bool allEmpty = true;
    for (int l = 0; l < n; ++l) {
        const LabelMap::Chunk &chunk = m_map.chunk(m_map.chunkIndex(l, c));
        if (!chunk.empty()) {
            in[std::size_t(l)] = chunk.data();
            allEmpty = false;
        }
    }
    if (allEmpty && value == 0)
        return 0; // nothing to clear in all-zero chunks
    const bool range = m_mask.useIntensityRange;
    std::size_t changed = 0;
    std::uint8_t vals[kMaxLayers], res[kMaxLayers + 1];
    const int target = value != 0 ? m_map.layerOf(value) : eraseLabel != 0 ? m_map.layerOf(eraseLabel) : 0;
    const bool oneLayer = n == 1 && target == 0
                          && (m_mask.area != EditMask::Area::InsideSegment || m_map.layerOf(m_mask.insideLabel) == 0);
    if (oneLayer) {
        // One layer: the verdict depends on the current label alone, once per chunk.
        // 0: unchanged, 1: becomes value, 2: needs value to move to another layer first.
        std::array<std::uint8_t, 256> from{};
        for (int v = 0; v < 256; ++v) {
            vals[0] = std::uint8_t(v);
            const Verdict verdict = decide(vals, 1, value, erase, eraseLabel, res);
            from[std::size_t(v)] = verdict == Verdict::Change ? 1 : verdict == Verdict::Collision ? 2 : 0;
        }
        const std::uint8_t *src = in[0];
        std::uint8_t *dst = nullptr; // out[0], made on the first change
        const std::uint8_t write = erase ? 0 : value;
        for (int z = 0; z < nz; ++z)
            for (int y = 0; y < ny; ++y) {
                const std::size_t row = (std::size_t(z) * K + std::size_t(y)) * K;
                for (int x = 0; x < nx; ++x) {
                    const std::size_t o = row + std::size_t(x);
                    if (!select[o])
                        continue;
                    const std::uint8_t v = from[src[o]];
                    if (v == 0 || (range && !inIntensityRange(i0 + x, j0 + y, k0 + z)))
                        continue;
                    if (v == 2) {
                        ++collisions;
                        continue;
                    }
                    if (!dst) {
                        out[0].assign(src, src + LabelMap::kChunkVoxels);
                        dst = out[0].data();
                    }
                    dst[o] = write;
                    ++changed;
                }
            }
        return changed;
    }
    for (int z = 0; z < nz; ++z)
        for (int y = 0; y < ny; ++y) {
            const std::size_t row = (std::size_t(z) * K + std::size_t(y)) * K;
            for (int x = 0; x < nx; ++x) {
                const std::size_t o = row + std::size_t(x);
                if (!select[o])
                    continue;
                for (int l = 0; l < n; ++l)
                    vals[l] = in[std::size_t(l)][o];
                const Verdict v = decide(vals, n, value, erase, eraseLabel, res);
                if (v == Verdict::None || (range && !inIntensityRange(i0 + x, j0 + y, k0 + z)))
                    continue;
                if (v == Verdict::Collision) {
                    ++collisions;
                    continue;
                }
                for (int l = 0; l <= n; ++l) {
                    if (res[l] == (l < n ? vals[l] : 0))
                        continue;
                    LabelMap::Chunk &dst = out[std::size_t(l)];
                    if (dst.empty())
                        dst.assign(in[std::size_t(l)], in[std::size_t(l)] + LabelMap::kChunkVoxels);
                    dst[o] = res[l];
                }
                ++changed;
            }
        }
    return changed;
}

void LabelEdit::commit(int chunkIndex, LabelMap::Chunk &&content)
{
    snapshot(chunkIndex);
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
    if (!erase)
        withinLayers(value);
    std::vector<std::vector<LabelMap::Chunk>> out(chunks.size());
    std::vector<std::size_t> changed(chunks.size(), 0), collisions(chunks.size(), 0);
    auto computeAll = [&] {
        auto one = [&](std::size_t n) {
            changed[n] = compute(chunks[n].chunkIndex, chunks[n].select, value, erase, eraseLabel, out[n], collisions[n]);
        };
        if (chunks.size() > 1)
            tbb::parallel_for(std::size_t(0), chunks.size(), one);
        else if (chunks.size() == 1)
            one(0);
    };
    computeAll();
    if (std::any_of(collisions.begin(), collisions.end(), [](std::size_t n) { return n != 0; })) {
        // value would take other segments' voxels that are to be kept: it moves to a layer where
        // it and every selected voxel fit, then the selection is computed again there.
        relocate(value, [&](int l) {
            for (const ChunkSelection &s : chunks) {
                const LabelMap::Chunk &there = m_map.chunk(m_map.chunkIndex(l, s.chunkIndex));
                if (there.empty())
                    continue;
                for (std::size_t o = 0; o < LabelMap::kChunkVoxels; ++o)
                    if (s.select[o] && there[o] != 0 && there[o] != value)
                        return false;
            }
            return true;
        });
        computeAll();
    }
    std::size_t total = 0;
    for (std::size_t n = 0; n < chunks.size(); ++n) {
        if (changed[n] == 0)
            continue;
        for (std::size_t l = 0; l < out[n].size(); ++l)
            if (!out[n][l].empty())
                commit(m_map.chunkIndex(int(l), chunks[n].chunkIndex), std::move(out[n][l]));
        total += changed[n];
    }
    return total;
}

LabelDelta LabelEdit::finish()
{
    LabelDelta delta;
    // Normalise all-zero chunks to empty, drop empty top layers, then compare.
    for (auto &[index, before] : m_before) {
        const LabelMap::Chunk &now = m_map.chunk(index);
        if (!now.empty() && std::all_of(now.begin(), now.end(), [](std::uint8_t v) { return v == 0; }))
            m_map.setChunk(index, {});
    }
    m_map.trimLayers();
    for (auto &[index, before] : m_before) {
        const LabelMap::Chunk &after = m_map.chunk(index);
        if (after == before)
            continue;
        delta.chunks.emplace(index, LabelDelta::Change{std::move(before), after});
    }
    for (const auto &[label, from] : m_layerBefore)
        if (m_map.layerOf(label) != from)
            delta.layers.emplace(label, std::make_pair(from, m_map.layerOf(label)));
    m_before.clear();
    m_layerBefore.clear();
    return delta;
}

} // namespace sagitta::core
