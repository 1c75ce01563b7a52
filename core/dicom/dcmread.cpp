#include "core/dicom/dcmread.h"

#include <dcmtk/dcmdata/dcistrmb.h>
#include <dcmtk/dcmdata/dcistrmf.h>
#include <dcmtk/dcmdata/dcpixseq.h>

namespace sagitta::core::dicom {

namespace {

OFCondition readDataset(DcmDataset *ds, DcmInputStream &stream, E_TransferSyntax xfer, bool untilPixels,
                        std::uint32_t maxReadLength)
{
    ds->transferInit();
    const OFCondition st = untilPixels ? ds->readUntilTag(stream, xfer, EGL_noChange, maxReadLength, DCM_PixelData)
                                       : ds->read(stream, xfer, EGL_noChange, maxReadLength);
    ds->transferEnd();
    return st;
}

// Encapsulated pixel data read from an implicit VR dataset sits under the implicit syntax's
// representation; move it under the syntax its fragments are encoded in, so DCMTK's codecs
// (and DicomImage) decode them.
void rehomePixels(DcmDataset *ds, E_TransferSyntax encoded)
{
    DcmElement *element = nullptr;
    if (ds->findAndGetElement(DCM_PixelData, element).bad() || !element || element->ident() != EVR_PixelData)
        return;
    auto *pixels = OFstatic_cast(DcmPixelData *, element);
    E_TransferSyntax original = EXS_Unknown;
    const DcmRepresentationParameter *param = nullptr;
    pixels->getOriginalRepresentationKey(original, param);
    DcmPixelSequence *seq = nullptr;
    if (pixels->getEncapsulatedRepresentation(original, param, seq).bad() || !seq)
        return; // not encapsulated after all: decoding will say so
    pixels->putOriginalRepresentation(encoded, nullptr, new DcmPixelSequence(*seq));
}

} // namespace

DicomRead readDicomHeaderBuffer(DcmFileFormat &ff, const void *data, std::size_t size, bool complete,
                                std::uint32_t maxReadLength)
{
    DicomRead r;
    DcmInputBufferStream stream;
    stream.setBuffer(data, offile_off_t(size));
    stream.setEos();
    ff.setReadMode(ERM_autoDetect);
    ff.transferInit();
    r.status = ff.readUntilTag(stream, EXS_Unknown, EGL_noChange, maxReadLength, DCM_PixelData);
    ff.transferEnd();
    if (r.status.good() && !stream.eos()) {
        r.pixelValueOffset = std::uint64_t(stream.tell()); // stopped at PixelData: its value starts here
    } else if (r.status.good() && !complete) {
        r.status = EC_StreamNotifyClient; // the header may go on past the bytes given
        return r;
    }
    if (r.status.good())
        r.pixelXfer = ff.getDataset()->getOriginalXfer();
    return r;
}

DicomRead readDicomFile(DcmFileFormat &ff, const std::string &path, bool part10, bool untilPixels, std::uint32_t maxReadLength)
{
    DicomRead r;
    {
        DcmInputFileStream stream(path.c_str());
        r.status = stream.status();
        if (r.status.good()) {
            if (part10) {
                ff.setReadMode(ERM_autoDetect);
                ff.transferInit();
                r.status = untilPixels ? ff.readUntilTag(stream, EXS_Unknown, EGL_noChange, maxReadLength, DCM_PixelData)
                                       : ff.read(stream, EXS_Unknown, EGL_noChange, maxReadLength);
                ff.transferEnd();
            } else {
                r.status = readDataset(ff.getDataset(), stream, EXS_Unknown, untilPixels, maxReadLength);
            }
            // DCMTK stops right after the tag and length of the element it stops at: the value.
            if (r.status.good() && untilPixels && !stream.eos())
                r.pixelValueOffset = std::uint64_t(stream.tell());
        }
    }
    if (r.status.good()) {
        r.pixelXfer = ff.getDataset()->getOriginalXfer();
        return r;
    }
    if (!part10)
        return r;
    // The retry: the meta header as written, the dataset as implicit VR little endian.
    ff.clear();
    DcmInputFileStream stream(path.c_str());
    if (stream.status().bad())
        return r;
    DcmMetaInfo *meta = ff.getMetaInfo();
    meta->transferInit();
    OFCondition st = meta->read(stream, EXS_Unknown, EGL_noChange, maxReadLength);
    meta->transferEnd();
    OFString uid;
    if (st.bad() || meta->findAndGetOFString(DCM_TransferSyntaxUID, uid).bad())
        return r;
    const DcmXfer metaXfer(uid.c_str());
    if (metaXfer.getXfer() == EXS_Unknown || metaXfer.getXfer() == EXS_LittleEndianImplicit || metaXfer.getStreamCompression() != ESC_none)
        return r; // implicit is what failed; a deflated dataset is no plain implicit one
    DcmDataset *ds = ff.getDataset();
    st = readDataset(ds, stream, EXS_LittleEndianImplicit, untilPixels, maxReadLength);
    if (st.bad())
        return r;
    if (untilPixels && !stream.eos())
        r.pixelValueOffset = std::uint64_t(stream.tell());
    r.status = st;
    r.implicitRetry = true;
    r.pixelXfer = metaXfer.isEncapsulated() ? metaXfer.getXfer() : EXS_LittleEndianImplicit;
    if (metaXfer.isEncapsulated() && !untilPixels)
        rehomePixels(ds, metaXfer.getXfer());
    return r;
}

} // namespace sagitta::core::dicom
