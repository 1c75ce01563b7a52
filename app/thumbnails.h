#pragma once
// Series thumbnails for the series list: the middle slice, windowed as the viewer opens it.
#include "core/project/project.h"

#include <QImage>

namespace sagitta {
namespace app {

// A null image when the series' middle file cannot be read (loading the series says why).
// Thread: any.
QImage seriesThumbnail(const core::SeriesRecord &record, int size = 64);

} // namespace app
} // namespace sagitta
