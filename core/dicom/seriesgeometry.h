#pragma once
// Series assembly by geometry: split files into stacks (same series UID, orientation,
// image size), sort each stack along its slice normal, derive origin, spacing and direction,
// and warn about irregular spacing, missing or duplicate slices and gantry tilt.
// Pure logic over header facts, so it is tested without any files.
#include "core/dicom/dicomindex.h"

namespace sagitta::core::dicom {

// Every plane given ends up in exactly one stack (none is dropped). Thread: any.
std::vector<SeriesInfo> assembleSeries(std::vector<DicomFileInfo> files);

// Sorts one non-empty stack and fills geometry and warnings (the warnings are replaced, so it
// can run again after planes were taken out). Thread: any.
void computeGeometry(SeriesInfo &series);

} // namespace sagitta::core::dicom
