#include "core/image/windowlevel.h"

#include <algorithm>
#include <cmath>

namespace sagitta::core {

std::uint8_t WindowLevel::grey(double x) const
{
    const double w = std::max(width, 1.0);
    const double c = center;
    if (x <= c - 0.5 - (w - 1.0) / 2.0)
        return 0;
    if (x > c - 0.5 + (w - 1.0) / 2.0)
        return 255;
    const double y = ((x - (c - 0.5)) / (w - 1.0) + 0.5) * 255.0;
    return std::uint8_t(std::clamp(std::lround(y), 0L, 255L));
}

const std::vector<WindowPreset> &ctWindowPresets()
{
    static const std::vector<WindowPreset> presets{
        {"ct-soft-tissue", "CT soft tissue", {40.0, 400.0}},
        {"ct-lung", "CT lung", {-600.0, 1500.0}},
        {"ct-bone", "CT bone", {400.0, 1800.0}},
        {"ct-brain", "CT brain", {40.0, 80.0}},
    };
    return presets;
}

WindowLevel windowForRange(double lo, double hi)
{
    return {(lo + hi) / 2.0, std::max(hi - lo, 1.0)};
}

} // namespace sagitta::core
