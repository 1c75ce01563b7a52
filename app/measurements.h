#pragma once
// Stored measurements as the views and the measurement list show them: outline, plane, slice
// and a translated result label ("12.3 mm", or area, mean, SD, min and max of an ROI).
#include "core/project/project.h"
#include "widgets/sliceview.h"

namespace sagitta {
namespace app {

widgets::SliceView::MeasurementOverlay measurementOverlay(const core::Measurement &measurement);

} // namespace app
} // namespace sagitta
