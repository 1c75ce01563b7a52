#include "core/project/chunkcodec.h"

#include "core/base/error.h"

#include <zlib.h>

namespace sagitta::core {

std::vector<std::uint8_t> compressChunk(const LabelMap::Chunk &chunk)
{
    uLongf size = compressBound(uLong(chunk.size()));
    std::vector<std::uint8_t> out(size);
    if (compress2(out.data(), &size, chunk.data(), uLong(chunk.size()), 1) != Z_OK)
        throw Error("cannot compress label chunk");
    out.resize(size);
    return out;
}

bool decompressChunk(const std::vector<std::uint8_t> &stored, LabelMap::Chunk &out, std::string *reason)
{
    // One byte more than a chunk: a blob that inflates to more is caught too.
    out.resize(LabelMap::kChunkVoxels + 1);
    uLongf size = uLongf(out.size());
    const int rc = uncompress(out.data(), &size, stored.data(), uLong(stored.size()));
    if (rc != Z_OK || size != LabelMap::kChunkVoxels) {
        if (reason)
            *reason = rc == Z_OK ? std::to_string(size) + " bytes, expected " + std::to_string(LabelMap::kChunkVoxels)
                                 : std::string("does not decompress");
        return false;
    }
    out.resize(LabelMap::kChunkVoxels);
    return true;
}

} // namespace sagitta::core
