#pragma once
// SeriesLoader: decode the pixels of a SeriesInfo into a Volume with DCMTK (every transfer
// syntax whose codec DCMTK registers: uncompressed, deflated, JPEG, JPEG-LS, RLE). Files are
// read and decoded in parallel (oneTBB). Rescale slope/intercept is applied per slice; the
// values keep the narrowest exact type (see ScalarType).
#include "core/dicom/dicomindex.h"

#include <functional>

namespace sagitta::core::dicom {

// Throws core::Error naming the file and the problem when a slice cannot be decoded or does
// not match the series, and core::Cancelled when the sink cancels. Thread: any.
// Slices stacked off their normal (gantry tilt) are resampled onto the orthogonal grid of the
// series geometry (bilinear, outside filled with the lowest value), as dcm2niix corrects tilt.
Volume loadSeries(const SeriesInfo &series, ProgressSink *progress = nullptr);

// Loads every slice that decodes; one broken file does not cost the series. Files that cannot
// be read or decoded are taken out of `series` (their planes removed, the geometry computed
// again from the rest by computeGeometry, so gaps get the missing-slice and spacing warnings),
// the series gets one warning naming each such file and its reason ("2 slice(s) could not be
// read and were left out: /a/x.dcm (reason), ..."), and each is appended to `skipped` with its
// one-line reason. The volume fits the series as it is on return. A series with broken files
// is decoded twice (the good files again, on the new geometry).
// Throws core::Error when no slice decodes (`skipped` then lists every file) or the series as
// a whole cannot load (too large, colour mixed with grey), core::Cancelled when the sink
// cancels. Thread: any; `series` and `skipped` belong to the caller for the call.
Volume loadReadableSlices(SeriesInfo &series, std::vector<FileProblem> &skipped, ProgressSink *progress = nullptr);

// A series decoded slab by slab, for writers that never need it whole (sagitta convert): each
// slab holds slices [k0, k0 + slab.dim(2)) in slice order as int16 values, on the series' grid
// (columns, rows), about 4 MB, in one of two memories taken in turn. Only for grey series whose
// values are integers fitting int16 and whose slices need no resampling (no gantry tilt): most
// CT and MR. Returns false when the series is not such a one -- before calling sink when its
// headers say so (colour, float, 32-bit, non-integral rescale, tilt), or after some slabs when a
// file does not decode or a frame's values do not fit int16; the caller then loads the whole
// volume (loadReadableSlices), which handles those. Throws core::Cancelled when the sink
// cancels; what sink throws is thrown here. Thread: any; sink runs on a thread of its own, one
// call at a time and in slab order, while the next slab is decoded.
using SlabSink = std::function<void(int k0, const Volume &slab)>;
bool streamSeriesInt16(const SeriesInfo &series, const SlabSink &sink, ProgressSink *progress = nullptr);

} // namespace sagitta::core::dicom
