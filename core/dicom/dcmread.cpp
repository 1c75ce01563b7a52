#include "core/dicom/dcmread.h"

#include <dcmtk/dcmdata/dcistrmf.h>

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

} // namespace

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
    return r;
}

} // namespace sagitta::core::dicom
