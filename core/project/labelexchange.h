#pragma once
// A series' labels to and from files other tools read: NIfTI (.nii, .nii.gz, with names and
// colours in sidecars, see core/io/labelnifti.h) and DICOM SEG (.dcm, see core/dicom/seg.h).
// The format is taken from the file name. Imports go through LabelStore::replaceLabels or
// mergeLabels: one transaction each.
#include "core/dicom/dicomindex.h"
#include "core/dicom/seg.h"
#include "core/project/project.h"

#include <string>
#include <vector>

namespace sagitta::core {

enum class LabelFormat { Nifti, Seg };
// By the name: .nii and .nii.gz NIfTI, .dcm DICOM SEG; throws core::Error for anything else.
LabelFormat labelFormatOf(const std::string &path);

// What the project knows of a series, as the source a SEG refers to.
dicom::SegSource segSource(const SeriesRecord &record);

struct LabelExport {
    std::vector<std::string> files; // written (NIfTI: the volume and its two sidecars)
    std::size_t segments = 0;
    std::uint64_t voxels = 0;       // labelled voxels
    int layers = 1;                 // of the label map (> 1: overlapping segments; NIfTI is then 4D)
};

// Writes the series' label map of author (LabelStore: '' is the current user's) and its
// segments to path (atomically). A SEG is de-identified unless keepIdentity. Throws
// core::Error naming the file or the series. Thread: the project's.
LabelExport exportLabels(const Project &project, std::int64_t seriesId, const std::string &path, bool keepIdentity = false,
                         const std::string &author = {});

// Reads path onto the series' grid (a grid that does not match is refused, naming the file)
// and replaces the series' labels and segments, or with merge adds them (LabelStore::mergeLabels).
// warnings gets what the reader noticed (overlapping SEG segments). Thread: the project's.
LabelImport importLabels(Project &project, std::int64_t seriesId, const std::string &path, bool merge = false,
                         std::vector<std::string> *warnings = nullptr);

// A DICOM SEG met by a folder import.
struct SegmentationImport {
    std::string path;
    std::int64_t seriesId = 0; // the series whose labels it became; 0 when not imported
    LabelImport labels;
    std::string reason;        // why not imported
};

// Finds the DICOM SEG files among an import's problems (the series scan refuses them) and
// makes each the label map of the series it references (by SeriesInstanceUID, on its grid),
// one transaction each. Imported files leave problems; the others stay there with the reason
// ("DICOM SEG: its referenced series ... is not in the project"). Thread: the project's.
std::vector<SegmentationImport> importSegmentations(Project &project, std::vector<dicom::FileProblem> &problems);

} // namespace sagitta::core
