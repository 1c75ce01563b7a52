#pragma once
// Islands: the connected components of one segment (6-connected: voxels sharing a face),
// and the segment editor's island operations on them. Components are found on runs of voxels
// along i (rows read chunk by chunk, in parallel over slices) joined by a union-find, never by
// recursion, so memory is bounded by the number of runs, not the volume.
//
// Order: islands are numbered by decreasing size; equal sizes by their first voxel in memory
// order (k, then j, then i). Writes go through the LabelEdit (editing mask, overwrite rule,
// locked segments). Call from one thread.
#include "core/labels/labeledit.h"

#include <array>
#include <cstdint>
#include <vector>

namespace sagitta::core {

struct Island {
    std::uint64_t voxels = 0;
    std::array<int, 3> firstVoxel{0, 0, 0}; // (i, j, k) of its first voxel in memory order
};

// The connected components of label, largest first (empty when the label is absent).
class IslandMap {
public:
    IslandMap(const LabelMap &map, std::uint8_t label);

    std::uint8_t label() const { return m_label; }
    const std::vector<Island> &islands() const { return m_islands; }
    // Index into islands() of the island holding (i, j, k), or -1 when the voxel is not label.
    int islandAt(int i, int j, int k) const;
    // Calls fn(i0, i1, j, k) for each run of voxels i0 <= i < i1 of island n.
    template<typename Fn> void forEachRun(int n, Fn &&fn) const
    {
        for (std::size_t r = 0; r < m_runs.size(); ++r)
            if (m_runIsland[r] == n)
                fn(m_runs[r].i0, m_runs[r].i1, m_runs[r].j, m_runs[r].k);
    }
    // Calls fn(island, i0, i1, j, k) for every run.
    template<typename Fn> void forEachRun(Fn &&fn) const
    {
        for (std::size_t r = 0; r < m_runs.size(); ++r)
            fn(m_runIsland[r], m_runs[r].i0, m_runs[r].i1, m_runs[r].j, m_runs[r].k);
    }

private:
    struct Run {
        int i0, i1, j, k;
    };
    std::uint8_t m_label;
    std::vector<Run> m_runs;             // ordered by k, j, i0
    std::vector<std::size_t> m_rowStart; // runs of row (j, k) are [m_rowStart[k*ny+j], m_rowStart[k*ny+j+1])
    int m_ny = 0;
    std::vector<int> m_runIsland;
    std::vector<Island> m_islands;
};

// Keeps the largest island of label and erases the others. Returns voxels erased.
std::size_t keepLargestIsland(LabelEdit &edit, std::uint8_t label);
// Keeps the island under voxel (i, j, k) and erases the others; false (nothing changed) when
// the voxel does not hold label.
bool keepIslandAt(LabelEdit &edit, std::uint8_t label, int i, int j, int k);
// Erases the islands of fewer than minVoxels voxels. Returns voxels erased.
std::size_t removeSmallIslands(LabelEdit &edit, std::uint8_t label, std::uint64_t minVoxels);
// Splits label into one label per island: the largest island keeps label, the next ones take
// the values of freeLabels in order (values that are 0, equal to label or locked in the edit's
// mask are passed over). Islands smaller than minVoxels, and those left when freeLabels run
// out, keep label. Returns the values used, in island order.
std::vector<std::uint8_t> splitIslands(LabelEdit &edit, std::uint8_t label, const std::vector<std::uint8_t> &freeLabels,
                                       std::uint64_t minVoxels = 0);

} // namespace sagitta::core
