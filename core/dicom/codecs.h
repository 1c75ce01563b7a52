#pragma once
// DCMTK set-up shared by every DICOM reader and writer in core: codec registration (JPEG,
// JPEG-LS, RLE decoders and encoders) and quiet logging (DCMTK's log could echo header values).
#include <string>

namespace sagitta::core::dicom {

// Idempotent and thread-safe; call before any DCMTK decode or encode.
void initDcmtk();

std::string dcmtkVersion();

} // namespace sagitta::core::dicom
