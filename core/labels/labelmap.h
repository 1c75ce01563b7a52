#pragma once
// LabelMap: 8-bit labels per voxel (0 = background, 1..255 = segment label values), kept in
// cubic chunks so that an edit touches, undoes and saves only the chunks it changed.
// Chunks never written stay unallocated and read as 0.
//
// Layers: segments may overlap (a lesion inside its organ, as DICOM SEG allows). The map is a
// stack of 8-bit layers, each a full grid of chunks; a voxel holds at most one label per layer.
// Every label value lives on one layer (layerOf(label), 0 unless moved), so a label value names
// one segment whatever its layer, and a segment is the voxels of its layer that hold its value.
// Layer 1 and up are created only when an edit needs them (see LabelEdit: a segment that would
// take another's voxels while others are to be left alone moves to a layer where it fits).
// Chunk indices run across layers: index = layer * chunkCount() + chunk of the grid, so deltas,
// undo and the project's chunk rows carry layers as they carry chunks. Empty top layers are
// dropped (trimLayers); reading a layer that is not there reads 0.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

namespace sagitta::core {

class LabelMap {
public:
    static constexpr int kChunk = 32; // chunk edge in voxels
    static constexpr int kMaxLayers = 255; // a layer per segment at most
    static constexpr std::size_t kChunkVoxels = std::size_t(kChunk) * kChunk * kChunk;
    using Chunk = std::vector<std::uint8_t>; // kChunkVoxels bytes, or empty for all zero

    LabelMap() = default;
    explicit LabelMap(const std::array<int, 3> &dims);

    const std::array<int, 3> &dims() const { return m_dims; }
    const std::array<int, 3> &chunkGrid() const { return m_grid; }
    // Chunks of one layer (the grid); chunk indices of layer L are L * chunkCount() + c.
    int chunkCount() const { return m_grid[0] * m_grid[1] * m_grid[2]; }
    int layerCount() const { return m_layers; }
    // Chunks of all layers.
    int totalChunks() const { return m_layers * chunkCount(); }
    int chunkIndex(int layer, int chunk) const { return layer * chunkCount() + chunk; }
    // Appends an empty layer; returns its index.
    int addLayer();
    // Drops empty layers at the top (never layer 0).
    void trimLayers();

    // The layer that holds label (0 for background and any label never moved).
    int layerOf(std::uint8_t label) const { return m_layerOf[label]; }
    // Assigns label to a layer without moving voxels (loading, imports); 0 <= layer < 255.
    void setLayerOf(std::uint8_t label, int layer) { m_layerOf[label] = std::uint8_t(layer); }
    const std::array<std::uint8_t, 256> &layerAssignment() const { return m_layerOf; }
    // Whether every voxel of label (on its layer) is background on layer `layer`.
    bool labelFits(std::uint8_t label, int layer) const;
    // Moves label's voxels to layer (created when missing) and assigns it there; the voxels
    // there must be background (labelFits). Returns the chunk indices changed (both layers).
    std::vector<int> moveLabel(std::uint8_t label, int layer);

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

    // The label of (i, j, k) on a layer (0 on a layer that is not there).
    std::uint8_t at(int i, int j, int k, int layer = 0) const
    {
        const Chunk &c = chunk(chunkIndex(layer, chunkOf(i, j, k)));
        return c.empty() ? 0 : c[offsetInChunk(i, j, k)];
    }
    // Whether (i, j, k) belongs to label (on label's layer).
    bool holds(int i, int j, int k, std::uint8_t label) const { return label != 0 && at(i, j, k, layerOf(label)) == label; }
    // The label shown at (i, j, k): the one of the highest layer that has one (0: none).
    std::uint8_t top(int i, int j, int k) const;
    // Sets one voxel of a layer (created when missing); allocates its chunk on first non-zero write.
    void set(int i, int j, int k, std::uint8_t value, int layer = 0);

    // Any chunk index of any layer; one beyond the layers reads as empty.
    const Chunk &chunk(int index) const
    {
        return index >= 0 && std::size_t(index) < m_chunks.size() ? m_chunks[std::size_t(index)] : emptyChunk();
    }
    // The chunk of grid position c on label's layer.
    const Chunk &labelChunk(std::uint8_t label, int c) const { return chunk(chunkIndex(layerOf(label), c)); }
    // Replaces a chunk (empty = all zero); a chunk of zeros is stored as empty. An index beyond
    // the layers adds the layers up to it.
    void setChunk(int index, Chunk data);
    bool chunkIsEmpty(int index) const { return chunk(index).empty(); }

    // Number of voxels per label value (index = label value), over all layers; [0] counts the
    // background voxels of layer 0.
    std::array<std::uint64_t, 256> histogram() const;
    std::uint64_t count(std::uint8_t label) const { return histogram()[label]; }

    // Same dims, same voxels on every layer (missing layers read as empty) and the same layer
    // for every label.
    bool operator==(const LabelMap &other) const;
    bool operator!=(const LabelMap &other) const { return !(*this == other); }

private:
    static const Chunk &emptyChunk();
    void ensureLayers(int count);

    std::array<int, 3> m_dims{0, 0, 0};
    std::array<int, 3> m_grid{0, 0, 0};
    int m_layers = 1;
    std::vector<Chunk> m_chunks;
    std::array<std::uint8_t, 256> m_layerOf{};
};

// What one edit changed: for every touched chunk (of any layer) its content before and after,
// and the labels that moved to another layer (before, after).
struct LabelDelta {
    struct Change {
        LabelMap::Chunk before;
        LabelMap::Chunk after;
    };
    std::map<int, Change> chunks;
    std::map<std::uint8_t, std::pair<int, int>> layers;

    bool empty() const { return chunks.empty() && layers.empty(); }
    std::size_t bytes() const;
    std::vector<int> chunkIndices() const;
    // Writes the before (undo) or after (redo) state into the map.
    void apply(LabelMap &map, bool forward) const;
};

} // namespace sagitta::core
