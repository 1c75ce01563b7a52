#pragma once
// The demo project: a synthetic CT study written as a real DICOM series (core/dicom/synthetic)
// beside the project file, imported into a new project, with a "Lesion" segment and the
// synthetic clinical notes.
#include "core/base/progress.h"

#include <string>

namespace sagitta::core {

// Creates projectPath and the folder "<stem>-dicom" beside it. With realCt, and when Debian's
// invesalius-examples is installed, a real head CT (its Cranium example, written as DICOM into
// "<stem>-dicom-cranium") is added as a second series, with the bone mask drawn in InVesalius
// as its "Bone" segment (label 2, beside an empty "Lesion"). Throws core::Error if the project exists
// or anything cannot be written, core::Cancelled when cancelled.
void createDemoProject(const std::string &projectPath, ProgressSink *progress = nullptr, bool realCt = true);

} // namespace sagitta::core
