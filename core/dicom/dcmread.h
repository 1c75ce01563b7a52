#pragma once
// Reading one DICOM file with DCMTK, as the scan and the loaders of core/dicom do (internal to
// this module: DCMTK types).
//
// Files others wrote: an early writer stored the dataset in implicit VR little endian under a
// meta header that says another transfer syntax (JPEG Baseline, explicit VR). DCMTK then fails
// with "premature end of stream". When a Part-10 file does not parse, it is read again with the
// meta header as written and the dataset as implicit VR little endian; encapsulated pixel data
// found that way is decoded with the meta header's transfer syntax (its colour space from
// PhotometricInterpretation, as for any file).
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <cstdint>
#include <string>

namespace sagitta::core::dicom {

struct DicomRead {
    OFCondition status;             // of the first attempt when both fail
    bool implicitRetry = false;     // the dataset was read as implicit VR against its meta header
    E_TransferSyntax pixelXfer = EXS_Unknown; // the transfer syntax the pixel data is encoded in
    // Only when reading up to the pixel data: where its value starts in the file (0 if unknown).
    std::uint64_t pixelValueOffset = 0;
};

// Reads path into ff. untilPixels: stop at PixelData (header facts only; then pixelValueOffset
// says where the value starts). maxReadLength: values longer than this stay on disk until used.
// part10: the file has the "DICM" preamble (else it is read as a bare dataset).
DicomRead readDicomFile(DcmFileFormat &ff, const std::string &path, bool part10, bool untilPixels,
                        std::uint32_t maxReadLength = DCM_MaxReadLength);

// The header of a Part-10 file from its first bytes in memory, read up to the pixel data as
// readDicomFile(..., untilPixels = true) does, without opening the file again. `complete`: data
// holds the whole file. The status is good only when the header was read to its end: the whole
// file, or up to a PixelData element whose value starts inside data; otherwise (a header
// longer than data, a file that does not parse as written) the caller reads the file with
// readDicomFile, which also makes the implicit VR retry.
DicomRead readDicomHeaderBuffer(DcmFileFormat &ff, const void *data, std::size_t size, bool complete,
                                std::uint32_t maxReadLength);

} // namespace sagitta::core::dicom
