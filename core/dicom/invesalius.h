#pragma once
// InVesalius projects (.inv3: a gzip tar with main.plist and matrix.dat) as a source of real
// CT for the demo: the voxels and spacing are read with libarchive and written as a DICOM CT
// series by DCMTK. Debian's invesalius-examples package ships Cranium.inv3.
#include <string>
#include <vector>

namespace sagitta::core::dicom {

// Where Debian installs the example, or "" when it is not installed.
std::string invesaliusExample();

// Writes the project's volume as one CT file per slice into dir; returns the paths.
// Throws core::Error naming the file when it is not a readable InVesalius project.
std::vector<std::string> writeInvesaliusAsDicom(const std::string &inv3, const std::string &dir);

} // namespace sagitta::core::dicom
