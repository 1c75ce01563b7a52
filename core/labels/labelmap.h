#pragma once
// LabelMap: one 8-bit label per voxel (0 = background, 1..255 = segment label values), kept in
// cubic chunks so that an edit touches, undoes and saves only the chunks it changed.
// Chunks never written stay unallocated and read as 0.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

namespace sagitta::core {

class LabelMap {
public:
    static constexpr int kChunk = 32; // chunk edge in voxels
    static constexpr std::size_t kChunkVoxels = std::size_t(kChunk) * kChunk * kChunk;
    using Chunk = std::vector<std::uint8_t>; // kChunkVoxels bytes, or empty for all zero

    LabelMap() = default;
    explicit LabelMap(const std::array<int, 3> &dims);

    const std::array<int, 3> &dims() const { return m_dims; }
    const std::array<int, 3> &chunkGrid() const { return m_grid; }
    int chunkCount() const { return m_grid[0] * m_grid[1] * m_grid[2]; }

    bool contains(int i, int j, int k) const
    {
        return i >= 0 && j >= 0 && k >= 0 && i < m_dims[0] && j < m_dims[1] && k < m_dims[2];
    }
    int chunkOf(int i, int j, int k) const
    {
        return ((k / kChunk) * m_grid[1] + j / kChunk) * m_grid[0] + i / kChunk;
    }
    static std::size_t offsetInChunk(int i, int j, int k)
    {
        return (std::size_t(k % kChunk) * kChunk + std::size_t(j % kChunk)) * kChunk
               + std::size_t(i % kChunk);
    }

    std::uint8_t at(int i, int j, int k) const
    {
        const Chunk &c = m_chunks[std::size_t(chunkOf(i, j, k))];
        return c.empty() ? 0 : c[offsetInChunk(i, j, k)];
    }
    // Sets one voxel; allocates its chunk on first non-zero write.
    void set(int i, int j, int k, std::uint8_t value);

    const Chunk &chunk(int index) const { return m_chunks[std::size_t(index)]; }
    // Replaces a chunk (empty = all zero); a chunk of zeros is stored as empty.
    void setChunk(int index, Chunk data);
    bool chunkIsEmpty(int index) const { return m_chunks[std::size_t(index)].empty(); }

    // Number of voxels per label value (index = label value).
    std::array<std::uint64_t, 256> histogram() const;
    std::uint64_t count(std::uint8_t label) const { return histogram()[label]; }

    bool operator==(const LabelMap &other) const;
    bool operator!=(const LabelMap &other) const { return !(*this == other); }

private:
    std::array<int, 3> m_dims{0, 0, 0};
    std::array<int, 3> m_grid{0, 0, 0};
    std::vector<Chunk> m_chunks;
};

// What one edit changed: for every touched chunk its content before and after.
struct LabelDelta {
    struct Change {
        LabelMap::Chunk before;
        LabelMap::Chunk after;
    };
    std::map<int, Change> chunks;

    bool empty() const { return chunks.empty(); }
    std::size_t bytes() const;
    std::vector<int> chunkIndices() const;
    // Writes the before (undo) or after (redo) state into the map.
    void apply(LabelMap &map, bool forward) const;
};

} // namespace sagitta::core
