#pragma once
// LabelEdit: the one path by which every effect changes a label map. An effect (brush,
// threshold, grow, islands, margin, logical operations, imports...) writes voxels through a
// LabelEdit, which applies the editing mask (editable area, editable intensity range, the
// overwrite rule, locked segments) to every write and snapshots each chunk the first time it is
// touched; finish() yields the one LabelDelta of the edit (before and after of exactly the
// chunks that changed), which LabelEditor::apply pushes on the undo history and hands to the
// save listener. Not thread-safe: one edit, one thread.
#include "core/image/volume.h"
#include "core/labels/labelmap.h"

#include <array>
#include <cstdint>
#include <vector>

namespace sagitta::core {

// Where and what an edit may change (Slicer's "Masking" section of the Segment Editor).
struct EditMask {
    enum class Area {
        Everywhere,
        InsideSegment,   // only voxels that now hold insideLabel
        OutsideSegments, // only background voxels
    };
    Area area = Area::Everywhere;
    std::uint8_t insideLabel = 0;
    // Only voxels whose image value lies in [low, high] (the volume's units: HU for CT).
    bool useIntensityRange = false;
    double low = 0.0, high = 0.0;
    // false: voxels of other segments are left alone (paint fills only background and itself).
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
    // the intensity range, and not another segment's voxel when those are kept).
    bool editable(int i, int j, int k, std::uint8_t value) const;
    // Writes value where editable; returns whether the voxel changed.
    bool write(int i, int j, int k, std::uint8_t value);
    // Clears (i, j, k) when it holds label (0: any label) and the mask allows it.
    bool erase(int i, int j, int k, std::uint8_t label);

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
    // The mask's rule for a voxel now holding current (inside the map) to become value.
    bool allows(int i, int j, int k, std::uint8_t current, std::uint8_t value) const;
    bool allowsLabels(std::uint8_t current, std::uint8_t value) const; // all but the intensity range
    bool inIntensityRange(int i, int j, int k) const;
    // The new content of one chunk into out (left empty when nothing changes); const: reads only.
    std::size_t compute(int chunkIndex, const std::uint8_t *select, std::uint8_t value, bool erase,
                        std::uint8_t eraseLabel, LabelMap::Chunk &out) const;
    void commit(int chunkIndex, LabelMap::Chunk &&content);
    std::size_t bulk(const std::vector<ChunkSelection> &chunks, std::uint8_t value, bool erase,
                     std::uint8_t eraseLabel);

    LabelMap &m_map;
    const Volume *m_volume;
    EditMask m_mask;
    std::map<int, LabelMap::Chunk> m_before;
};

} // namespace sagitta::core
