#pragma once
// DicomIndex: find DICOM images under a folder, read their headers (not their pixels) in
// parallel with DCMTK, and group them into series stacks (see seriesgeometry.h).
// Files that are not DICOM, are broken or hold no image become FileProblems with a one-line
// reason; they never stop a scan.
#include "core/base/progress.h"
#include "core/image/volume.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace sagitta::core::dicom {

// Header facts of one image plane: a single-frame file, or one frame of a multi-frame file
// (with its own position, orientation and rescale from the functional groups). Strings are as
// stored (trimmed); patient fields are PHI and must never be logged.
struct DicomFileInfo {
    std::string path;
    int frame = 0;          // frame index in the file (0 for single-frame files)
    std::string sopClassUid, sopInstanceUid, seriesInstanceUid, studyInstanceUid;
    std::string frameOfReferenceUid, transferSyntaxUid;
    std::string patientName, patientId, studyDate, studyDescription, seriesDescription, modality;
    std::string photometric;
    int seriesNumber = 0, instanceNumber = 0, acquisitionNumber = 0;
    int echoNumber = 0, temporalPosition = 0; // separate stacks (0 = not given)
    int rows = 0, columns = 0, frames = 1, samplesPerPixel = 1;
    int bitsAllocated = 0, bitsStored = 0, highBit = 0, pixelRepresentation = 0;
    bool floatPixels = false; // Float or Double Float Pixel Data instead of Pixel Data
    bool hasPosition = false, hasOrientation = false, hasPixelSpacing = false;
    Vec3 position{0, 0, 0};                   // ImagePositionPatient, LPS mm
    std::array<double, 6> orientation{1, 0, 0, 0, 1, 0}; // ImageOrientationPatient
    std::array<double, 2> pixelSpacing{1, 1}; // (between rows, between columns) mm
    double sliceThickness = 0, spacingBetweenSlices = 0;
    double rescaleSlope = 1, rescaleIntercept = 0;
    // Where native little-endian pixel data (implicit or explicit VR) start in the file, found by
    // the header scan and checked against the element's length: the loader reads the frames
    // there instead of parsing the file again. 0: read through DCMTK (compressed, big endian,
    // deflated, no Part-10 header, or not found).
    std::uint64_t pixelOffset = 0;
    // The file as it was when its header was read (stat before the read): a later reader that
    // finds another size or modification time reads the file again.
    std::int64_t fileSize = -1, fileMtimeNs = 0;
};

struct FileProblem {
    std::string path;
    std::string reason; // one line, no patient data
};

// Reads the header of one file (stops before the pixel data) and returns one entry per frame:
// Enhanced multi-frame files get each frame's position, orientation and rescale from the
// per-frame and shared functional groups; classic multi-frame files stack their frames along
// the normal at SpacingBetweenSlices. Throws core::Error with a one-line reason when the file
// cannot be opened ("cannot read file: " and the OS's words, e.g. "Permission denied"), is not
// a regular file, is not DICOM or holds no image. A multi-frame file must hold its frames:
// NumberOfFrames x Rows x Columns x SamplesPerPixel x BitsAllocated/8 bytes of native pixel
// data, or at least one fragment per frame when encapsulated; else "NumberOfFrames N is more
// than the pixel data holds (M frames)". Memory and time are bounded by the file's size (large
// values are left on disk). Thread: any.
std::vector<DicomFileInfo> readImages(const std::string &path);

// One stack of slices that share geometry: a series or a part of one (see seriesgeometry.h).
struct SeriesInfo {
    std::vector<DicomFileInfo> files; // image planes in slice order (ascending along the normal)
    Geometry geometry;                // dims = (columns, rows, slices)
    std::vector<std::string> warnings;
    int stackIndex = 0;               // > 0 when one SeriesInstanceUID was split
    int stackCount = 1;               // stacks its SeriesInstanceUID was split into

    // Header facts for lists and reports: first().modality, first().seriesDescription, ...
    const DicomFileInfo &first() const { return files.front(); }
    std::string label() const;        // "CT 3: description" for lists and messages
    // The distinct files behind the slices, in slice order (a multi-frame file once).
    std::vector<std::string> paths() const;
};

// Every file seen ends up in a series or in problems (some in both: a multi-frame file whose
// frames join one stack and not another). Problems are sorted by path.
struct ScanResult {
    std::vector<SeriesInfo> series;
    std::vector<FileProblem> problems; // files, links and folders, each with its reason
    std::size_t filesSeen = 0;         // entries that are not folders: files, links, pipes, ...
};

// Number of distinct files behind a series (a multi-frame file counts once).
std::size_t distinctFiles(const SeriesInfo &series);

// Scans dir recursively (following no symlinked directories). Nothing is skipped without a
// word: a sub-folder that cannot be listed is a problem with the folder's path ("cannot list
// folder: Permission denied"), a link whose target is missing is "broken link (target
// missing)", a link to a folder "link to a folder, not followed", a pipe, socket or device "not
// a regular file (...)", and unreadable files "cannot read file: <OS error>". Throws
// core::Error when dir is not a readable folder and core::Cancelled when the sink cancels.
// Thread: any (headers are read in parallel on oneTBB's pool).
ScanResult scanFolder(const std::string &dir, ProgressSink *progress = nullptr);

} // namespace sagitta::core::dicom
