#pragma once
// Label chunks as the project file stores them: zlib (level 1) of the chunk's voxels.
#include "core/labels/labelmap.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sagitta::core {

std::vector<std::uint8_t> compressChunk(const LabelMap::Chunk &chunk);
// Inflates a stored chunk into out (kChunkVoxels bytes). False when it does not inflate or to
// another size; reason then says which ("does not decompress", "N bytes, expected M").
bool decompressChunk(const std::vector<std::uint8_t> &stored, LabelMap::Chunk &out, std::string *reason = nullptr);

} // namespace sagitta::core
