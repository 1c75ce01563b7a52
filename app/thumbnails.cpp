#include "app/thumbnails.h"

#include "core/labels/overlay.h"
#include "core/project/importer.h"

namespace sagitta {
namespace app {

QImage seriesThumbnail(const core::SeriesRecord &record, int size)
{
    try {
        const core::Volume slice = core::loadMiddleSlice(record);
        QImage full(slice.dim(0), slice.dim(1), QImage::Format_RGB32);
        core::renderSlice(slice, nullptr, {core::SliceAxis::Axial, 0}, core::defaultWindow(slice), {},
                          reinterpret_cast<std::uint32_t *>(full.bits()), int(full.bytesPerLine() / 4));
        return full.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    } catch (const std::exception &) {
        return {};
    }
}

} // namespace app
} // namespace sagitta
