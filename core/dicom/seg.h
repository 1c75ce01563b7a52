#pragma once
// DICOM Segmentation (SEG) objects: a series' label map written through DCMTK's dcmseg (one
// BINARY frame per segment and slice that holds it, per-frame plane position, derivation image
// and segment identification, segments named, coloured in CIELab and coded), and read back
// from BINARY (1 bit, packed across frame boundaries) or FRACTIONAL SEGs of any origin.
// Geometry: the series' grid (Volume conventions: i along a row, j down the columns, k across
// slices; LPS mm). A SEG frame holds one slice's rows x columns, i fastest.
#include "core/image/volume.h"
#include "core/labels/labelmap.h"
#include "core/labels/segment.h"

#include <string>
#include <vector>

namespace sagitta::core::dicom {

// The image series a SEG refers to (what the project knows about it). PHI fields are only
// written with keepIdentity.
struct SegSource {
    Geometry geometry;
    std::vector<std::string> files;           // per slice, in slice order (a multi-frame file repeats)
    std::vector<std::string> sopInstanceUids; // per slice; '' (or missing): read from the file's header
    std::string studyUid, seriesUid, frameOfReferenceUid;
    std::string patientName, patientId, studyDate; // PHI
};

struct SegExportOptions {
    // false (the default): de-identified after DICOM PS3.15's basic profile for what a SEG
    // carries: patient name, ID, birth date and sex, study date, time, ID and accession number,
    // referring physician and content creator are emptied; study, series, frame of reference
    // and referenced SOP instance UIDs are replaced by hash-based UIDs under DCMTK's root (the
    // same original UID gives the same new one, so references within the export agree);
    // PatientIdentityRemoved YES with the method. true: the source's identity and UIDs as they are.
    bool keepIdentity = false;
    std::string creator; // Content Creator's Name with keepIdentity (e.g. the user)
};

// The UID a de-identified export puts in place of uid: deterministic, under DCMTK's root.
std::string deidentifiedUid(const std::string &uid);

// Coded meaning of a segment from its name (a small table: bone, liver, lung, kidney, ...,
// lesion, tumour; anything else "Morphologically Altered Structure" / "Mass", SCT codes).
struct SegCode {
    std::string value, scheme, meaning;
};
struct SegTerminology {
    SegCode category, type;
};
SegTerminology segTerminology(const std::string &segmentName);

// Writes labels (on source.geometry's grid) as a BINARY SEG of the source series: segments in
// label order, numbered 1..n (a SEG's numbers are consecutive), each from its own layer, so
// overlapping segments are written as they are; written to a temporary file
// beside path and renamed into place. Reads the source files' headers for their SOP class (and
// UIDs that are missing). Throws core::Error naming the file. Thread: any.
void writeSegmentation(const LabelMap &labels, const std::vector<Segment> &segments, const SegSource &source,
                       const std::string &path, const SegExportOptions &options = {});

// True when path is a DICOM file of the Segmentation Storage SOP class (header only).
bool isSegmentation(const std::string &path);

// Header facts of a SEG, pixel data not read.
struct SegHeader {
    std::string referencedSeriesUid, frameOfReferenceUid, studyUid;
    std::vector<Segment> segments; // label = segment number; name; colour from CIELab (else default)
};
SegHeader readSegmentationHeader(const std::string &path);

struct SegLabels {
    LabelMap labels;               // on the grid given; overlapping segments on layers of it
    std::vector<Segment> segments; // label value = segment number (1..255), layer as in labels
    std::vector<std::string> warnings; // e.g. how many voxels overlapping segments share
};

// Reads a SEG onto a series' grid. Frames map to slices by their ReferencedSOPInstanceUID (in
// sopInstanceUids, per slice) or else by ImagePositionPatient (within a tenth of a slice along
// the normal and of a pixel across); frames need rows x columns of the grid and its
// orientation. BINARY frames are bit-packed across frame boundaries; FRACTIONAL frames count
// from half their maximum value up. Segments that overlap each keep all their voxels: a segment
// that meets another's voxel moves to another layer of the map (LabelMap), created as needed. Per-frame functional groups are used where present, shared
// ones otherwise (frames then in the order of the referenced instances, or of the slices).
// Throws core::Error naming the file and what does not fit. Thread: any.
SegLabels readSegmentation(const std::string &path, const Geometry &geometry, const std::vector<std::string> &sopInstanceUids);

} // namespace sagitta::core::dicom
