#include "core/labels/islands.h"

#include "core/labels/morphology.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstring>
#include <numeric>

namespace sagitta::core {

namespace {

int findRoot(std::vector<int> &parent, int x)
{
    while (parent[std::size_t(x)] != x) {
        parent[std::size_t(x)] = parent[std::size_t(parent[std::size_t(x)])]; // path halving
        x = parent[std::size_t(x)];
    }
    return x;
}

void unite(std::vector<int> &parent, int a, int b)
{
    a = findRoot(parent, a);
    b = findRoot(parent, b);
    if (a == b)
        return;
    // The smaller index becomes the root: a slab's unions stay inside the slab's runs.
    if (a < b)
        parent[std::size_t(b)] = a;
    else
        parent[std::size_t(a)] = b;
}

} // namespace

IslandMap::IslandMap(const LabelMap &map, std::uint8_t label) : m_label(label)
{
    const auto &dims = map.dims();
    const int nx = dims[0], ny = dims[1], nz = dims[2];
    m_ny = ny;
    m_rowStart.assign(std::size_t(ny) * std::size_t(nz) + 1, 0);
    if (label == 0 || nx <= 0 || ny <= 0 || nz <= 0)
        return;
    const std::vector<char> holds = chunksHolding(map, label);
    const auto &grid = map.chunkGrid();
    constexpr int C = LabelMap::kChunk;

    // Runs per slice, in parallel: rows read only in chunks that hold the label.
    struct SliceRuns {
        std::vector<Run> runs;
        std::vector<std::uint32_t> rowCount;
    };
    std::vector<SliceRuns> slices(static_cast<std::size_t>(nz));
    tbb::parallel_for(0, nz, [&](int k) {
        SliceRuns &s = slices[std::size_t(k)];
        s.rowCount.assign(std::size_t(ny), 0);
        for (int j = 0; j < ny; ++j) {
            int open = -1;
            for (int cx = 0; cx < grid[0]; ++cx) {
                const int c = (k / C * grid[1] + j / C) * grid[0] + cx;
                const int x0 = cx * C, x1 = std::min(nx, x0 + C);
                if (!holds[std::size_t(c)]) {
                    if (open >= 0) {
                        s.runs.push_back({open, x0, j, k});
                        ++s.rowCount[std::size_t(j)];
                        open = -1;
                    }
                    continue;
                }
                const std::uint8_t *row = map.labelChunk(label, c).data() + LabelMap::offsetInChunk(x0, j, k);
                if (std::memchr(row, label, std::size_t(x1 - x0)) == nullptr) {
                    if (open >= 0) { // most rows of a chunk miss the label: skip them whole
                        s.runs.push_back({open, x0, j, k});
                        ++s.rowCount[std::size_t(j)];
                        open = -1;
                    }
                    continue;
                }
                for (int x = x0; x < x1; ++x) {
                    const bool in = row[x - x0] == label;
                    if (in && open < 0) {
                        open = x;
                    } else if (!in && open >= 0) {
                        s.runs.push_back({open, x, j, k});
                        ++s.rowCount[std::size_t(j)];
                        open = -1;
                    }
                }
            }
            if (open >= 0) {
                s.runs.push_back({open, nx, j, k});
                ++s.rowCount[std::size_t(j)];
            }
        }
    });
    std::size_t total = 0;
    for (int k = 0; k < nz; ++k)
        for (int j = 0; j < ny; ++j) {
            m_rowStart[std::size_t(k) * std::size_t(ny) + std::size_t(j)] = total;
            total += slices[std::size_t(k)].rowCount[std::size_t(j)];
        }
    m_rowStart.back() = total;
    m_runs.reserve(total);
    for (auto &s : slices) {
        m_runs.insert(m_runs.end(), s.runs.begin(), s.runs.end());
        s = {};
    }
    if (m_runs.empty())
        return;

    // Union of overlapping runs of neighbouring rows (j - 1) and slices (k - 1). Slabs of
    // slices join in parallel (each touches only its own runs), then their borders serially.
    std::vector<int> parent(m_runs.size());
    std::iota(parent.begin(), parent.end(), 0);
    auto joinRows = [&](std::size_t a0, std::size_t a1, std::size_t b0, std::size_t b1) {
        while (a0 < a1 && b0 < b1) {
            const Run &a = m_runs[a0], &b = m_runs[b0];
            if (a.i0 < b.i1 && b.i0 < a.i1)
                unite(parent, int(a0), int(b0));
            if (a.i1 < b.i1)
                ++a0;
            else
                ++b0;
        }
    };
    auto rowRange = [&](int j, int k) {
        const std::size_t r = std::size_t(k) * std::size_t(ny) + std::size_t(j);
        return std::pair<std::size_t, std::size_t>(m_rowStart[r], m_rowStart[r + 1]);
    };
    auto joinSlice = [&](int k, bool withPrevious) {
        for (int j = 0; j < ny; ++j) {
            const auto [a0, a1] = rowRange(j, k);
            if (a0 == a1)
                continue;
            if (j > 0) {
                const auto [b0, b1] = rowRange(j - 1, k);
                joinRows(a0, a1, b0, b1);
            }
            if (withPrevious && k > 0) {
                const auto [b0, b1] = rowRange(j, k - 1);
                joinRows(a0, a1, b0, b1);
            }
        }
    };
    const int slabs = std::max(1, std::min(nz, 16));
    tbb::parallel_for(0, slabs, [&](int s) {
        const int k0 = nz * s / slabs, k1 = nz * (s + 1) / slabs;
        for (int k = k0; k < k1; ++k)
            joinSlice(k, k > k0);
    });
    for (int s = 1; s < slabs; ++s) {
        const int k = nz * s / slabs;
        for (int j = 0; j < ny; ++j) {
            const auto [a0, a1] = rowRange(j, k);
            const auto [b0, b1] = rowRange(j, k - 1);
            joinRows(a0, a1, b0, b1);
        }
    }

    // Islands: roots in run order give first-voxel order; then sort by size.
    std::vector<int> rootIsland(m_runs.size(), -1);
    std::vector<Island> found;
    m_runIsland.resize(m_runs.size());
    for (std::size_t r = 0; r < m_runs.size(); ++r) {
        const int root = findRoot(parent, int(r));
        int &n = rootIsland[std::size_t(root)];
        if (n < 0) {
            n = int(found.size());
            found.push_back({0, {m_runs[r].i0, m_runs[r].j, m_runs[r].k}});
        }
        found[std::size_t(n)].voxels += std::uint64_t(m_runs[r].i1 - m_runs[r].i0);
        m_runIsland[r] = n;
    }
    std::vector<int> order(found.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return found[std::size_t(a)].voxels > found[std::size_t(b)].voxels; });
    std::vector<int> rank(found.size());
    m_islands.reserve(found.size());
    for (std::size_t n = 0; n < order.size(); ++n) {
        rank[std::size_t(order[n])] = int(n);
        m_islands.push_back(found[std::size_t(order[n])]);
    }
    for (int &n : m_runIsland)
        n = rank[std::size_t(n)];
}

int IslandMap::islandAt(int i, int j, int k) const
{
    if (j < 0 || k < 0 || j >= m_ny || std::size_t(k) * std::size_t(m_ny) + std::size_t(j) + 1 >= m_rowStart.size())
        return -1;
    const std::size_t r = std::size_t(k) * std::size_t(m_ny) + std::size_t(j);
    const auto begin = m_runs.begin() + std::ptrdiff_t(m_rowStart[r]), end = m_runs.begin() + std::ptrdiff_t(m_rowStart[r + 1]);
    const auto it = std::upper_bound(begin, end, i, [](int x, const Run &run) { return x < run.i1; });
    if (it == end || it->i0 > i)
        return -1;
    return m_runIsland[std::size_t(it - m_runs.begin())];
}

namespace {

// Erases every island for which drop(n) is true; returns voxels erased.
template<typename Drop> std::size_t eraseIslands(LabelEdit &edit, const IslandMap &islands, Drop drop)
{
    std::size_t erased = 0;
    islands.forEachRun([&](int n, int i0, int i1, int j, int k) {
        if (!drop(n))
            return;
        for (int i = i0; i < i1; ++i)
            erased += edit.erase(i, j, k, islands.label());
    });
    return erased;
}

} // namespace

std::size_t keepLargestIsland(LabelEdit &edit, std::uint8_t label)
{
    const IslandMap islands(edit.map(), label);
    return eraseIslands(edit, islands, [](int n) { return n != 0; });
}

bool keepIslandAt(LabelEdit &edit, std::uint8_t label, int i, int j, int k)
{
    if (!edit.map().contains(i, j, k) || !edit.map().holds(i, j, k, label))
        return false;
    const IslandMap islands(edit.map(), label);
    const int keep = islands.islandAt(i, j, k);
    eraseIslands(edit, islands, [keep](int n) { return n != keep; });
    return true;
}

std::size_t removeSmallIslands(LabelEdit &edit, std::uint8_t label, std::uint64_t minVoxels)
{
    const IslandMap islands(edit.map(), label);
    const auto &all = islands.islands();
    return eraseIslands(edit, islands, [&](int n) { return all[std::size_t(n)].voxels < minVoxels; });
}

std::vector<std::uint8_t> splitIslands(LabelEdit &edit, std::uint8_t label, const std::vector<std::uint8_t> &freeLabels,
                                       std::uint64_t minVoxels)
{
    std::vector<std::uint8_t> used;
    const IslandMap islands(edit.map(), label);
    const auto &all = islands.islands();
    // Island n >= 1 takes newLabel[n] (0: keeps label).
    std::vector<std::uint8_t> newLabel(all.size(), 0);
    std::size_t next = 0;
    for (std::size_t n = 1; n < all.size() && all[n].voxels >= minVoxels; ++n) {
        while (next < freeLabels.size()
               && (freeLabels[next] == 0 || freeLabels[next] == label || edit.mask().locked[freeLabels[next]]))
            ++next;
        if (next == freeLabels.size())
            break;
        newLabel[n] = freeLabels[next++];
        used.push_back(newLabel[n]);
    }
    // The new segments start on label's layer; each island voxel leaves label for its new
    // segment there (so a split never overlaps itself, whatever the overwrite rule).
    for (const std::uint8_t value : used)
        if (edit.map().layerOf(value) != edit.map().layerOf(label) && edit.map().labelFits(value, edit.map().layerOf(label)))
            edit.moveToLayer(value, edit.map().layerOf(label));
    islands.forEachRun([&](int n, int i0, int i1, int j, int k) {
        const std::uint8_t value = newLabel[std::size_t(n)];
        if (value == 0)
            return;
        for (int i = i0; i < i1; ++i)
            edit.replace(i, j, k, label, value);
    });
    return used;
}

} // namespace sagitta::core
