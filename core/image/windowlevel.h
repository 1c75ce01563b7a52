#pragma once
// Window/level: the linear map from real values (HU for CT) to display grey.
#include <cstdint>
#include <string>
#include <vector>

namespace sagitta::core {

struct WindowLevel {
    double center = 40.0;
    double width = 400.0;

    // Grey in [0, 255] for a real value, DICOM PS3.3 C.11.2.1.2 linear function.
    std::uint8_t grey(double value) const;
};

struct WindowPreset {
    std::string id;   // stable identifier, e.g. "ct-lung"
    std::string name; // English display name; the GUI translates it
    WindowLevel window;
};

// CT soft tissue, lung, bone, brain (values as in common PACS viewers).
const std::vector<WindowPreset> &ctWindowPresets();

// A window covering [lo, hi]: the default for non-CT images.
WindowLevel windowForRange(double lo, double hi);

} // namespace sagitta::core
