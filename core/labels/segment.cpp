#include "core/labels/segment.h"

#include <array>

namespace sagitta::core {

std::uint32_t defaultSegmentColor(int n)
{
    // Well separated hues, readable over grey CT.
    static const std::array<std::uint32_t, 10> palette{0xe6194b, 0x3cb44b, 0xffe119, 0x4363d8,
                                                       0xf58231, 0x911eb4, 0x46f0f0, 0xf032e6,
                                                       0xbcf60c, 0xfabebe};
    return palette[std::size_t(n < 0 ? 0 : n) % palette.size()];
}

} // namespace sagitta::core
