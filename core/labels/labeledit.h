#pragma once
// LabelEdit: the one path by which every effect changes a label map. An effect (brush,
// threshold, grow, islands, margin, logical operations, imports...) writes voxels through a
// LabelEdit, which applies the editing mask (editable area, editable intensity range, the
// overwrite rule, locked segments) to every write and snapshots each chunk the first time it is
// touched; finish() yields the one LabelDelta of the edit (before and after of exactly the
// chunks that changed), which LabelEditor::apply pushes on the undo history and hands to the
// save listener. Not thread-safe: one edit, one thread.
//
// Layers (labelmap.h): a label is written on its own layer. With overwriteOthers a write takes
// the voxel from every other segment (on every layer, locked ones excepted), so segments stay
// apart. Without it other segments keep their voxels and the segment written may overlap them:
// where it would take another segment's voxel on its own layer, the whole segment first moves
// to the lowest layer where it and the voxels being written fit, a new layer when none does.
// The move is part of the edit: its chunks and the label's layer change are in the delta.
#include "core/image/volume.h"
#include "core/labels/labelmap.h"

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <vector>

namespace sagitta::core {

// Where and what an edit may change (Slicer's "Masking" section of the Segment Editor).
struct EditMask {
    enum class Area {
        Everywhere,
        InsideSegment,   // only voxels that now hold insideLabel (on its layer)
        OutsideSegments, // only voxels no segment holds (on any layer)
    };
    Area area = Area::Everywhere;
    std::uint8_t insideLabel = 0;
    // Only voxels whose image value lies in [low, high] (the volume's units: HU for CT).
    bool useIntensityRange = false;
    double low = 0.0, high = 0.0;
    // true: a write takes the voxel from other segments (one segment per voxel). false: other
    // segments keep their voxels and the written one overlaps them (on another layer of the
    // map); to fill only unlabelled voxels use Area::OutsideSegments.
    bool overwriteOthers = true;
    // Labels that are never changed: their voxels keep their value, and nothing is written as
    // them.
    std::array<bool, 256> locked{};
};

class LabelEdit {
public:
    // map (and volume, when the mask uses intensities) must outlive the edit.
    LabelEdit(LabelMap &map, const Volume *volume = nullptr, const EditMask &mask = {});

    // Whether the mask lets (i, j, k) become value (inside the map, not locked, in the area and
    // the intensity range; with others kept, possibly after value moves to another layer).
    bool editable(int i, int j, int k, std::uint8_t value) const;
    // Writes value where editable; returns whether the voxel changed. value 0: erase(.., 0).
    bool write(int i, int j, int k, std::uint8_t value);
    // Clears (i, j, k) of label (on label's layer) when it holds it and the mask allows; label 0:
    // of every label there (on every layer) the mask allows.
    bool erase(int i, int j, int k, std::uint8_t label);
    // (i, j, k) leaves from and joins to, two labels of one layer, whatever the overwrite rule
    // (the rest of the mask applies as for write(to)). Returns whether the voxel changed.
    bool replace(int i, int j, int k, std::uint8_t from, std::uint8_t to);
    // Moves label with its voxels to layer, as part of this edit, when they fit there
    // (LabelMap::labelFits). Returns whether it moved.
    bool moveToLayer(std::uint8_t label, int layer);

    // Bulk forms of write() and erase() for one chunk, for effects that compute a selection in
    // parallel and write it in one pass: apply write(value) (or erase(label)) to every voxel of
    // chunk chunkIndex whose byte in select (LabelMap::kChunkVoxels bytes, in the chunk's own
    // order, LabelMap::offsetInChunk) is non-zero. Bytes of padding voxels beyond the map are
    // ignored. Same mask, same result as the per-voxel calls; returns the voxels changed.
    std::size_t writeChunk(int chunkIndex, const std::uint8_t *select, std::uint8_t value);
    std::size_t eraseChunk(int chunkIndex, const std::uint8_t *select, std::uint8_t label);
    // The same for many chunks at once (distinct chunk indices): the new contents are computed
    // in parallel (TBB, reading the map only), then put in place on the calling thread.
    struct ChunkSelection {
        int chunkIndex;
        const std::uint8_t *select;
    };
    std::size_t writeChunks(const std::vector<ChunkSelection> &chunks, std::uint8_t value);
    std::size_t eraseChunks(const std::vector<ChunkSelection> &chunks, std::uint8_t label);

    const LabelMap &map() const { return m_map; }
    const EditMask &mask() const { return m_mask; }
    bool touched() const { return !m_before.empty(); }
    // The edit's delta: only chunks whose content changed. The edit can go on afterwards as a
    // new one.
    LabelDelta finish();

private:
    enum class Verdict { None, Change, Collision };
    // The mask's rule for one voxel, all but the intensity range: vals holds its label on each
    // of n layers; on Change, out gets the new labels (n + 1 entries: value's layer may be n).
    Verdict decide(const std::uint8_t *vals, int n, std::uint8_t value, bool erase, std::uint8_t eraseLabel,
                   std::uint8_t *out) const;
    Verdict decideAt(int i, int j, int k, std::uint8_t value, bool erase, std::uint8_t eraseLabel, std::uint8_t *out) const;
    bool inIntensityRange(int i, int j, int k) const;
    bool change(int i, int j, int k, std::uint8_t value, bool erase, std::uint8_t eraseLabel);
    void put(int i, int j, int k, const std::uint8_t *out); // the labels of every layer (n + 1)
    // Moves value to the lowest layer where it fits and free(layer) holds (a new layer if none).
    void relocate(std::uint8_t value, const std::function<bool(int layer)> &free);
    void snapshot(int chunkIndex);
    void withinLayers(std::uint8_t value); // value's layer at most layerCount()
    // The new content of grid chunk c on each layer into out (left empty where nothing
    // changes); const: reads only. collisions counts voxels that need value to move first.
    std::size_t compute(int c, const std::uint8_t *select, std::uint8_t value, bool erase, std::uint8_t eraseLabel,
                        std::vector<LabelMap::Chunk> &out, std::size_t &collisions) const;
    void commit(int chunkIndex, LabelMap::Chunk &&content);
    std::size_t bulk(const std::vector<ChunkSelection> &chunks, std::uint8_t value, bool erase,
                     std::uint8_t eraseLabel);

    LabelMap &m_map;
    const Volume *m_volume;
    EditMask m_mask;
    std::map<int, LabelMap::Chunk> m_before;
    std::map<std::uint8_t, int> m_layerBefore; // labels moved: their layer before the edit
};

} // namespace sagitta::core
