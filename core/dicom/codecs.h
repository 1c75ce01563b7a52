#pragma once
// DCMTK set-up shared by every DICOM reader and writer in core: codec registration (JPEG,
// JPEG-LS, RLE decoders and encoders) and quiet logging (DCMTK's log could echo header values).
// DCMTK's JPEG and JPEG-LS codecs and its colour support live in libsagitta_dcmcodecs.so
// (core/dicom/dcmcodecs_module.cpp), opened on first use: reading headers and uncompressed
// pixels never loads them or the 18 shared libraries they pull in.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

class DcmFileFormat;
class DcmRepresentationParameter;

namespace sagitta::core::dicom {

// Idempotent and thread-safe; call before any DCMTK decode or encode (opens the codec module;
// throws core::Error naming the module when it cannot be opened).
void initDcmtk();

// Logging and reading rules only, no codecs: enough to read headers and uncompressed data.
void initDcmtkHeaders();

std::string dcmtkVersion();

// JPEG / JPEG-LS encoder parameters from the codec module: 0 JPEG quality 95, 1 JPEG lossless,
// 2 JPEG-LS lossless, 3 JPEG-LS near-lossless (NEAR 2).
std::unique_ptr<DcmRepresentationParameter> codecEncoderParam(int kind);

// Decodes frames of a colour image to 8-bit RGB through DCMTK's DicomImage (codec module);
// throws core::Error with the reason (the caller adds the file's name).
void decodeColourFrames(DcmFileFormat &file, int xfer, const int *frames, std::size_t count, std::size_t sliceBytes,
                        std::uint8_t *const *out);

} // namespace sagitta::core::dicom
