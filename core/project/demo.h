#pragma once
// The demo project: a synthetic CT study written as a real DICOM series (core/dicom/synthetic)
// beside the project file, imported into a new project, with a "Lesion" segment and the
// synthetic clinical notes.
#include "core/base/progress.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sagitta::core {

class Project;

// Creates projectPath and the folder "<stem>-dicom" beside it. With realCt, and when Debian's
// invesalius-examples is installed, a real head CT (its Cranium example, written as DICOM into
// "<stem>-dicom-cranium") is added as a second series, with the bone mask drawn in InVesalius
// as its "Bone" segment (label 2, beside an empty "Lesion"). Throws core::Error if the project exists
// or anything cannot be written, core::Cancelled when cancelled.
// With trainingSet, also the lesion training set (addTrainingCases) in "<stem>-training".
void createDemoProject(const std::string &projectPath, ProgressSink *progress = nullptr, bool realCt = true,
                       bool trainingSet = true);

// A training set for lesion segmentation: `cases` synthetic CT series (128 x 128 x 64, 2 x 2 x 3 mm,
// one patient each, their own noise seed) with 1 to 3 lesions of varied size, shape and contrast in
// liver, soft tissue and lung (some as dense as liver or soft tissue elsewhere: not separable by
// a threshold), written by DCMTK into dir/caseNN, imported, and each lesion labelled in the
// series' "Lesion" segment (label 1). Deterministic in the case number. Returns the series ids.
std::vector<std::int64_t> addTrainingCases(Project &project, const std::string &dir, int cases = 16,
                                           ProgressSink *progress = nullptr);

} // namespace sagitta::core
