#include "core/labels/logical.h"

#include <algorithm>
#include <cstring>

namespace sagitta::core {

std::size_t logicalOperation(LabelEdit &edit, LogicalOp op, std::uint8_t target, const LabelMap &source,
                             std::uint8_t modifier)
{
    const LabelMap &map = edit.map();
    const auto &dims = map.dims();
    if (target == 0 || source.dims() != dims)
        return 0;
    const auto &g = map.chunkGrid();
    constexpr int C = LabelMap::kChunk;
    const bool useModifier = op == LogicalOp::Copy || op == LogicalOp::Add || op == LogicalOp::Subtract
                             || op == LogicalOp::Intersect;
    static const LabelMap::Chunk zeros(LabelMap::kChunkVoxels, 0);
    LabelMap::Chunk b, a; // copies: writes change the chunk being read (and source may be map)
    std::size_t changed = 0;
    for (int c = 0; c < map.chunkCount(); ++c) {
        const LabelMap::Chunk &bc = map.labelChunk(target, c);
        const LabelMap::Chunk &ac = useModifier ? source.labelChunk(modifier, c) : zeros;
        const bool hasB = !bc.empty() && std::memchr(bc.data(), target, bc.size()) != nullptr;
        const bool hasA = useModifier && modifier != 0 && !ac.empty() && std::memchr(ac.data(), modifier, ac.size()) != nullptr;
        switch (op) {
        case LogicalOp::Copy:
            if (!hasA && !hasB)
                continue;
            break;
        case LogicalOp::Add:
            if (!hasA)
                continue;
            break;
        case LogicalOp::Subtract:
            if (!hasA || !hasB)
                continue;
            break;
        case LogicalOp::Intersect:
        case LogicalOp::Clear:
            if (!hasB)
                continue;
            break;
        case LogicalOp::Invert: break;
        }
        b = bc.empty() ? zeros : bc;
        if (useModifier)
            a = ac.empty() ? zeros : ac;
        const std::array<int, 3> base{(c % g[0]) * C, ((c / g[0]) % g[1]) * C, (c / (g[0] * g[1])) * C};
        const int nx = std::min(C, dims[0] - base[0]), ny = std::min(C, dims[1] - base[1]), nz = std::min(C, dims[2] - base[2]);
        for (int z = 0; z < nz; ++z)
            for (int y = 0; y < ny; ++y)
                for (int x = 0; x < nx; ++x) {
                    const std::size_t off = (std::size_t(z) * C + std::size_t(y)) * C + std::size_t(x);
                    const bool inB = b[off] == target;
                    const bool inA = useModifier && modifier != 0 && a[off] == modifier;
                    bool want = false;
                    switch (op) {
                    case LogicalOp::Copy: want = inA; break;
                    case LogicalOp::Add: want = inB || inA; break;
                    case LogicalOp::Subtract: want = inB && !inA; break;
                    case LogicalOp::Intersect: want = inB && inA; break;
                    case LogicalOp::Invert: want = !inB; break;
                    case LogicalOp::Clear: want = false; break;
                    }
                    if (want == inB)
                        continue;
                    const int i = base[0] + x, j = base[1] + y, k = base[2] + z;
                    changed += want ? edit.write(i, j, k, target) : edit.erase(i, j, k, target);
                }
    }
    return changed;
}

std::size_t logicalOperation(LabelEdit &edit, LogicalOp op, std::uint8_t target)
{
    return logicalOperation(edit, op, target, edit.map(), 0);
}

} // namespace sagitta::core
