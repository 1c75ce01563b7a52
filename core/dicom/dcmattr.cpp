#include "core/dicom/dcmattr.h"

#include "core/base/error.h"

namespace sagitta::core::dicom {

int attrInt(DcmItem *item, const DcmTagKey &tag, int fallback)
{
    Uint16 us = 0;
    if (item->findAndGetUint16(tag, us).good())
        return us;
    Sint32 is = 0;
    if (item->findAndGetSint32(tag, is).good())
        return int(is);
    OFString text;
    if (item->findAndGetOFString(tag, text).good() && !text.empty()) {
        try {
            return std::stoi(text.c_str());
        } catch (...) {
        }
    }
    return fallback;
}

std::string attrString(DcmItem *item, const DcmTagKey &tag)
{
    OFString v;
    if (item->findAndGetOFString(tag, v).good())
        return std::string(v.c_str());
    return {};
}

bool attrDoubles(DcmItem *item, const DcmTagKey &tag, double *out, int count)
{
    for (int n = 0; n < count; ++n) {
        Float64 v = 0;
        if (item->findAndGetFloat64(tag, v, unsigned(n)).bad())
            return false;
        out[n] = v;
    }
    return true;
}

double attrDouble(DcmItem *item, const DcmTagKey &tag, double fallback)
{
    double v = fallback;
    return attrDoubles(item, tag, &v, 1) ? v : fallback;
}

DcmPixelSequence *encapsulatedPixels(DcmPixelData *pixels)
{
    E_TransferSyntax xfer = EXS_Unknown;
    const DcmRepresentationParameter *rep = nullptr;
    pixels->getOriginalRepresentationKey(xfer, rep);
    DcmPixelSequence *seq = nullptr;
    if (pixels->getEncapsulatedRepresentation(xfer, rep, seq).bad() || !seq)
        throw Error("pixel data is not encapsulated as its transfer syntax requires");
    return seq;
}

} // namespace sagitta::core::dicom
