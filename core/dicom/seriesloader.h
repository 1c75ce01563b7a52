#pragma once
// SeriesLoader: decode the pixels of a SeriesInfo into a Volume with DCMTK (every transfer
// syntax whose codec DCMTK registers: uncompressed, deflated, JPEG, JPEG-LS, RLE). Files are
// read and decoded in parallel (oneTBB). Rescale slope/intercept is applied per slice; the
// values keep the narrowest exact type (see ScalarType).
#include "core/dicom/dicomindex.h"

namespace sagitta::core::dicom {

// Throws core::Error naming the file and the problem when a slice cannot be decoded or does
// not match the series, and core::Cancelled when the sink cancels. Thread: any.
// Slices stacked off their normal (gantry tilt) are resampled onto the orthogonal grid of the
// series geometry (bilinear, outside filled with the lowest value), as dcm2niix corrects tilt.
Volume loadSeries(const SeriesInfo &series, ProgressSink *progress = nullptr);

} // namespace sagitta::core::dicom
