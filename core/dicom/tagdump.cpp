#include "core/dicom/tagdump.h"

#include "core/base/error.h"
#include "core/dicom/codecs.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

namespace sagitta::core::dicom {

namespace {

void collect(DcmItem *item, int depth, std::vector<TagEntry> &out)
{
    for (unsigned long n = 0; n < item->card(); ++n) {
        DcmElement *e = item->getElement(n);
        if (!e)
            continue;
        DcmTag tag = e->getTag();
        TagEntry t;
        t.tag = tag.toString().c_str();
        t.vr = tag.getVRName();
        t.name = tag.getTagName();
        t.depth = depth;
        if (e->ident() == EVR_SQ) {
            auto *seq = static_cast<DcmSequenceOfItems *>(e);
            t.value = std::to_string(seq->card()) + " item(s)";
            out.push_back(t);
            for (unsigned long i = 0; i < seq->card(); ++i)
                collect(seq->getItem(i), depth + 1, out);
            continue;
        }
        const DcmEVR vr = e->ident();
        const bool binary = vr == EVR_OB || vr == EVR_OW || vr == EVR_OF || vr == EVR_OD || vr == EVR_OL || vr == EVR_UN
                            || vr == EVR_pixelSQ || tag == DCM_PixelData;
        if (binary) {
            t.value = "(" + std::to_string(e->getLength()) + " bytes)";
        } else {
            OFString v;
            if (e->getOFStringArray(v).good())
                t.value = v.c_str();
            if (t.value.size() > 256)
                t.value = t.value.substr(0, 256) + "...";
        }
        out.push_back(t);
    }
}

} // namespace

std::vector<TagEntry> readTags(const std::string &path)
{
    initDcmtk();
    DcmFileFormat ff;
    const OFCondition st = ff.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, 4096);
    if (st.bad())
        throw Error(path + ": cannot read: " + st.text());
    std::vector<TagEntry> out;
    collect(ff.getMetaInfo(), 0, out);
    collect(ff.getDataset(), 0, out);
    return out;
}

} // namespace sagitta::core::dicom
