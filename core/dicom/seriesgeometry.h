#pragma once
// Series assembly by geometry: split files into stacks (same series UID, orientation,
// image size), sort each stack along its slice normal, derive origin, spacing and direction,
// and warn about irregular spacing, missing or duplicate slices and gantry tilt.
// Pure logic over header facts, so it is tested without any files.
#include "core/dicom/dicomindex.h"

namespace sagitta::core::dicom {

std::vector<SeriesInfo> assembleSeries(std::vector<DicomFileInfo> files);

// Sorts one stack and fills geometry and warnings.
void computeGeometry(SeriesInfo &series);

} // namespace sagitta::core::dicom
