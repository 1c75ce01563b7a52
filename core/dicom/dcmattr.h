#pragma once
// Attribute reading helpers shared by the DICOM readers in core/dicom (DCMTK types; internal
// to this module, not for other modules' headers).
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <string>

namespace sagitta::core::dicom {

// Integer value of US, SS, SL, UL or IS attributes; fallback when absent or unparsable.
int attrInt(DcmItem *item, const DcmTagKey &tag, int fallback = 0);
std::string attrString(DcmItem *item, const DcmTagKey &tag);
// The first count values of a DS/FD attribute; false when any is missing.
bool attrDoubles(DcmItem *item, const DcmTagKey &tag, double *out, int count);
double attrDouble(DcmItem *item, const DcmTagKey &tag, double fallback);
// The item sequence of encapsulated pixel data (Basic Offset Table first); throws core::Error
// when the data is not encapsulated as its transfer syntax requires.
DcmPixelSequence *encapsulatedPixels(DcmPixelData *pixels);

} // namespace sagitta::core::dicom
