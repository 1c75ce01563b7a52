#pragma once
// Reading one DICOM file with DCMTK, as the scan and the loaders of core/dicom do (internal to
// this module: DCMTK types).
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <cstdint>
#include <string>

namespace sagitta::core::dicom {

struct DicomRead {
    OFCondition status;
    E_TransferSyntax pixelXfer = EXS_Unknown; // the transfer syntax the pixel data is encoded in
    // Only when reading up to the pixel data: where its value starts in the file (0 if unknown).
    std::uint64_t pixelValueOffset = 0;
};

// Reads path into ff. untilPixels: stop at PixelData (header facts only; then pixelValueOffset
// says where the value starts). maxReadLength: values longer than this stay on disk until used.
// part10: the file has the "DICM" preamble (else it is read as a bare dataset).
DicomRead readDicomFile(DcmFileFormat &ff, const std::string &path, bool part10, bool untilPixels,
                        std::uint32_t maxReadLength = DCM_MaxReadLength);

} // namespace sagitta::core::dicom
