#pragma once
// Synthetic CT written as a real DICOM series by DCMTK: the demo study and the test
// generator. The phantom is body-like (air, fat, soft tissue, liver, heart, aorta, lungs,
// spine) with three lesion-like blobs of different contrast and deterministic noise, so a test
// can recompute the exact stored value of every voxel.
#include "core/base/progress.h"
#include "core/image/volume.h"

#include <array>
#include <functional>
#include <string>
#include <vector>

namespace sagitta::core::dicom {

enum class TransferSyntax {
    ImplicitLittle,
    ExplicitLittle,
    ExplicitBig,
    Deflated,
    JpegBaseline,       // 8-bit lossy (process 1)
    JpegExtended,       // 12-bit lossy (process 2/4)
    JpegLossless,       // process 14, selection value 1
    JpegLsLossless,
    JpegLsNearLossless, // max error 2
    Rle,
    Jpeg2000Lossless,   // OpenJPEG, reversible 5/3
    Jpeg2000,           // OpenJPEG, irreversible 9/7 at 3:1
    Htj2kLossless,      // OpenJPH, reversible High-Throughput JPEG 2000 (1.2.840.10008.1.2.4.201)
};

const char *transferSyntaxName(TransferSyntax syntax);
bool isLossless(TransferSyntax syntax);

// Colour images of the phantom (8-bit samples), each with its own photometric interpretation.
enum class SyntheticColour { None, Rgb, RgbPlanar, YbrFull, YbrFull422, Palette };

// A lesion of a custom phantom: an ellipsoid, with a second overlapping one for a lobulated
// shape when lobe > 0.
struct SyntheticLesion {
    Vec3 centre{0, 0, 0.5};     // x, y in [-1, 1] across columns and rows, z in [0, 1] along the slices
    Vec3 radiiMm{8, 8, 8};      // semi-axes along the columns, rows and slices
    double hu = 100;
    double lobe = 0;            // > 0: a second ellipsoid of 0.7 the radii, moved by lobe x radii along x and y
};

struct SyntheticSpec {
    std::array<int, 3> dims{256, 256, 100}; // columns, rows, slices
    Vec3 spacing{0.8, 0.8, 2.0};            // column spacing, row spacing, slice spacing (mm)
    Vec3 origin{-102.0, -102.0, -100.0};    // ImagePositionPatient of the first slice
    std::array<double, 6> orientation{1, 0, 0, 0, 1, 0};
    int bitsAllocated = 16;                 // 16: 12 bits stored; 8: 8 bits stored, slope 16; 32: 32 stored
    bool signedPixels = false;              // 16-bit only: signed 16 bits stored
    TransferSyntax syntax = TransferSyntax::ExplicitLittle;
    bool shuffledNames = false;             // random file names instead of slice order
    bool reversedInstances = false;         // InstanceNumber runs against the position
    bool enhancedMultiFrame = false;        // one Enhanced CT file, per-frame functional groups
    bool varyRescale = false;               // intercept differs per slice (-1024, -1016, -1008)
    SyntheticColour colour = SyntheticColour::None; // colour image instead of grey CT (see expectedRgb)
    bool floatPixels = false;               // Float Pixel Data (32-bit IEEE) holding the HU directly
    double tiltShift = 0;                   // gantry tilt: each slice moves this many rows along the columns
    unsigned seed = 1;
    std::string patientName = "DEMO^PATIENT";
    std::string patientId = "SAGITTA-DEMO-0001";
    std::string studyDescription = "Synthetic CT chest and abdomen";
    std::string seriesDescription = "Synthetic CT";
    int seriesNumber = 1;
    std::string studyUid, seriesUid, frameOfReferenceUid; // generated when empty
    // When set, these lesions replace the phantom's three default ones (the demo training set).
    bool customLesions = false;
    std::vector<SyntheticLesion> lesions;
    // Real voxel values in HU to write instead of the phantom (e.g. a scan from another format).
    std::function<double(int i, int j, int k)> values;

    double rescaleSlope() const;
    double rescaleIntercept(int k = 0) const;
    Vec3 sliceNormal() const;
};

// Phantom value in HU at voxel (i, j, k), noise included (deterministic in seed); the spec's
// values function instead when it has one.
double phantomHu(const SyntheticSpec &spec, int i, int j, int k);
// 1 + the index of the custom lesion covering voxel (i, j, k) (the last one where they overlap),
// 0 for none: the exact label of the phantom's lesions.
int syntheticLesionAt(const SyntheticSpec &spec, int i, int j, int k);
// Stored pixel value written for voxel (i, j, k): phantom through inverse rescale, clamped.
int storedValue(const SyntheticSpec &spec, int i, int j, int k);
// Real value the loader must return for voxel (i, j, k) of a lossless file.
double expectedValue(const SyntheticSpec &spec, int i, int j, int k);

// RGB the loader must return for voxel (i, j, k) of a colour spec: exact for RGB and palette
// written losslessly, within rounding for YBR_FULL, within chroma subsampling for YBR_FULL_422.
std::array<std::uint8_t, 3> expectedRgb(const SyntheticSpec &spec, int i, int j, int k);

// Writes one CT Image Storage file per slice into dir (created if needed), or one Enhanced CT
// file holding every slice as a frame. Returns the paths in slice order k = 0..dims[2]-1 (the
// same file for every slice when multi-frame). Throws core::Error on I/O or encoder failure.
std::vector<std::string> writeSyntheticSeries(const std::string &dir, SyntheticSpec spec,
                                              ProgressSink *progress = nullptr);

// A fresh DICOM UID under DCMTK's site root.
std::string newUid();

} // namespace sagitta::core::dicom
