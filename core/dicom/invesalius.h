#pragma once
// InVesalius projects (.inv3: a gzip tar with main.plist and matrix.dat) as a source of real
// CT for the demo: the voxels and spacing are read with libarchive and written as a DICOM CT
// series by DCMTK. Debian's invesalius-examples package ships Cranium.inv3.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace sagitta::core::dicom {

// Where Debian installs the example, or "" when it is not installed.
std::string invesaliusExample();

// Writes the project's volume as one CT file per slice into dir; returns the paths.
// Throws core::Error naming the file when it is not a readable InVesalius project.
std::vector<std::string> writeInvesaliusAsDicom(const std::string &inv3, const std::string &dir);

// A mask drawn in an InVesalius project (mask_N.plist + mask_N.dat), on the grid that
// writeInvesaliusAsDicom writes: voxels i fastest, rows in DICOM order (top-down), k as the
// slices; 1 inside, 0 outside. (InVesalius keeps one more row, column and slice for its own
// bookkeeping and rows bottom-up; both are undone here.)
struct InvesaliusMask {
    std::string name;                 // as the project names it (UTF-8)
    std::uint32_t rgb = 0;            // 0xRRGGBB
    std::array<double, 2> threshold{0, 0}; // the HU range it was thresholded with
    std::array<int, 3> dims{0, 0, 0};
    std::vector<std::uint8_t> voxels;
};

// Every mask of the project, in the order of their index. Throws core::Error naming the file
// when it is not a readable InVesalius project.
std::vector<InvesaliusMask> readInvesaliusMasks(const std::string &inv3);

} // namespace sagitta::core::dicom
