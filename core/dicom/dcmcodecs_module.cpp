// libsagitta_dcmcodecs.so, opened with dlopen on first use (core/dicom/codecs.cpp): DCMTK's JPEG
// and JPEG-LS codecs and its colour image support, with the libraries they pull in (libijg8/12/16,
// CharLS, dcmimage and libtiff, libpng and theirs: 18 shared libraries). Commands that read
// uncompressed files (the header scan, a first slice at its stored offset) never load them.
// Plain C entry points: DCMTK's objects cross the boundary through libdcmdata, which both sides
// share.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmimage/diregist.h> // colour models for DicomImage
#include <dcmtk/dcmimgle/dcmimage.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpeg/djencode.h>
#include <dcmtk/dcmjpeg/djrplol.h>
#include <dcmtk/dcmjpeg/djrploss.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/dcmjpls/djencode.h>
#include <dcmtk/dcmjpls/djrparam.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace {

void say(char *error, std::size_t size, const char *text)
{
    std::snprintf(error, size, "%s", text);
}

} // namespace

extern "C" {

__attribute__((visibility("default"))) void sagitta_dcmcodecs_register()
{
    DJDecoderRegistration::registerCodecs();
    DJEncoderRegistration::registerCodecs();
    DJLSDecoderRegistration::registerCodecs();
    DJLSEncoderRegistration::registerCodecs();
}

// Representation parameters of the encoders: 0 JPEG baseline/extended (quality 95), 1 JPEG
// lossless (first order prediction), 2 JPEG-LS lossless, 3 JPEG-LS near-lossless (NEAR 2).
// The caller deletes the object.
__attribute__((visibility("default"))) DcmRepresentationParameter *sagitta_dcmcodecs_encoder_param(int kind)
{
    switch (kind) {
    case 0: return new DJ_RPLossy(95);
    case 1: return new DJ_RPLossless(1, 0);
    case 2: return new DJLSRepresentationParameter(0, OFTrue);
    case 3: return new DJLSRepresentationParameter(2, OFFalse);
    default: return nullptr;
    }
}

// Decodes frames of a colour image to 8-bit RGB through DicomImage: frame frames[i] into
// out[i] (sliceBytes each). Returns 0, or 1 with the reason in error.
__attribute__((visibility("default"))) int sagitta_dcmcodecs_colour(DcmFileFormat *file, E_TransferSyntax xfer, const int *frames,
                                                                    std::size_t count, std::size_t sliceBytes,
                                                                    std::uint8_t *const *out, char *error, std::size_t errorSize)
{
    DicomImage image(file, xfer, CIF_DecompressCompletePixelData, 0, 0);
    if (image.getStatus() != EIS_Normal) {
        std::snprintf(error, errorSize, "cannot decode the colour image: %s", DicomImage::getString(image.getStatus()));
        return 1;
    }
    if (image.isMonochrome()) {
        say(error, errorSize, "grey image in a colour series");
        return 1;
    }
    for (std::size_t i = 0; i < count; ++i) {
        const int f = frames[i];
        if (unsigned(f) >= image.getFrameCount()) {
            std::snprintf(error, errorSize, "frame %d is missing", f + 1);
            return 1;
        }
        const void *rgb = image.getOutputData(8, unsigned(f), 0);
        if (!rgb || image.getOutputDataSize(8) < sliceBytes) {
            std::snprintf(error, errorSize, "cannot convert frame %d to RGB", f + 1);
            return 1;
        }
        std::memcpy(out[i], rgb, sliceBytes);
    }
    return 0;
}

} // extern "C"
