#include "core/dicom/seg.h"

#include "core/base/atomicfile.h"
#include "core/base/error.h"
#include "core/dicom/codecs.h"
#include "core/dicom/dicomindex.h"
#include "core/dicom/synthetic.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmdata/dcostrma.h>
#include <dcmtk/dcmdata/dcwcache.h>
#include <dcmtk/dcmfg/fgderimg.h>
#include <dcmtk/dcmfg/fgfracon.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmiod/cielabutil.h>
#include <dcmtk/dcmiod/iodreferences.h>
#include <dcmtk/dcmiod/modcommoninstanceref.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>

#include <algorithm>
#include <array>
#include <bitset>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <set>

namespace sagitta::core::dicom {

namespace {

const char *kSegmentationStorage = "1.2.840.10008.5.1.4.1.1.66.4";

void check(const OFCondition &c, const std::string &what)
{
    if (c.bad())
        throw Error(what + " (" + c.text() + ")");
}

// A DS value of at most 16 characters, as precise as fits.
std::string ds(double v)
{
    if (std::fabs(v) < 1e-9)
        v = 0;
    char text[32];
    for (int precision = 10; precision > 1; --precision) {
        std::snprintf(text, sizeof text, "%.*g", precision, v);
        if (std::strlen(text) <= 16)
            break;
    }
    return text;
}

std::uint64_t fnv1a(const std::string &s, std::uint64_t h)
{
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

// Frame bytes and the rest of a DICOM file go through an AtomicFile.
class AtomicConsumer : public DcmConsumer {
public:
    explicit AtomicConsumer(AtomicFile &file) : m_file(file) {}
    OFBool good() const override { return OFTrue; }
    OFCondition status() const override { return EC_Normal; }
    OFBool isFlushed() const override { return OFTrue; }
    offile_off_t avail() const override { return offile_off_t(1) << 30; }
    offile_off_t write(const void *buf, offile_off_t len) override
    {
        m_file.write(buf, std::size_t(len));
        return len;
    }
    void flush() override {}

private:
    AtomicFile &m_file;
};

class AtomicOutputStream : public DcmOutputStream {
public:
    explicit AtomicOutputStream(AtomicConsumer *consumer) : DcmOutputStream(consumer) {}
};

void saveAtomically(DcmFileFormat &ff, const std::string &path)
{
    AtomicFile file(path);
    AtomicConsumer consumer(file);
    AtomicOutputStream out(&consumer);
    DcmWriteCache cache;
    ff.transferInit();
    const OFCondition c = ff.write(out, EXS_LittleEndianExplicit, EET_ExplicitLength, &cache, EGL_recalcGL, EPD_noChange, 0, 0, 0,
                                   EWM_createNewMeta);
    ff.transferEnd();
    check(c, path + ": cannot write the DICOM SEG");
    out.flush();
    file.commit();
}

bool isAscii(const std::string &s)
{
    return std::all_of(s.begin(), s.end(), [](char c) { return (unsigned char)(c) < 0x80; });
}

std::string lower(std::string s)
{
    for (char &c : s)
        c = char(std::tolower((unsigned char)(c)));
    return s;
}

// LO: at most 64 characters, no backslash.
std::string lo(std::string s)
{
    std::replace(s.begin(), s.end(), '\\', '/');
    if (s.size() > 64)
        s.resize(64);
    return s;
}

// A segment name longer than SegmentLabel holds (LO: 64 characters, no backslash) travels whole
// in a private element of its SegmentSequence item, so that Sagitta reads it back unchanged
// (atlas names such as JHU's run to 103 characters); other tools show the 64-character label.
const DcmTagKey kNameCreatorTag(0x0009, 0x0010);
const DcmTagKey kFullNameTag(0x0009, 0x1001);
const char *const kNameCreator = "SAGITTA";

std::uint32_t labToRgb(Uint16 L, Uint16 a, Uint16 b)
{
    double r = 0, g = 0, bl = 0;
    IODCIELabUtil::dicomLab2RGB(r, g, bl, L, a, b);
    auto byte = [](double v) { return std::uint32_t(std::lround(std::clamp(v, 0.0, 1.0) * 255.0)); };
    return (byte(r) << 16) | (byte(g) << 8) | byte(bl);
}

std::string dimsText(int a, int b)
{
    return std::to_string(a) + "x" + std::to_string(b);
}

} // namespace

std::string deidentifiedUid(const std::string &uid)
{
    // Two 64-bit FNV-1a hashes with different seeds: 128 bits, at most 64 characters in all.
    const std::uint64_t a = fnv1a("sagitta-deid:" + uid, 1469598103934665603ull);
    const std::uint64_t b = fnv1a("sagitta-deid:" + uid, a ^ 0x9e3779b97f4a7c15ull);
    return std::string(SITE_UID_ROOT) + ".77." + std::to_string(a) + "." + std::to_string(b);
}

SegTerminology segTerminology(const std::string &name)
{
    const SegCode anatomy{"91723000", "SCT", "Anatomical Structure"};
    const SegCode altered{"49755003", "SCT", "Morphologically Altered Structure"};
    struct Entry {
        const char *word;
        SegCode category, type;
    };
    static const Entry table[] = {
        {"bone", anatomy, {"272673000", "SCT", "Bone"}},
        {"skull", anatomy, {"89546000", "SCT", "Skull"}},
        {"liver", anatomy, {"10200004", "SCT", "Liver"}},
        {"lung", anatomy, {"39607008", "SCT", "Lung"}},
        {"kidney", anatomy, {"64033007", "SCT", "Kidney"}},
        {"spleen", anatomy, {"78961009", "SCT", "Spleen"}},
        {"heart", anatomy, {"80891009", "SCT", "Heart"}},
        {"aorta", anatomy, {"15825003", "SCT", "Aorta"}},
        {"brain", anatomy, {"12738006", "SCT", "Brain"}},
        {"tumor", altered, {"108369006", "SCT", "Neoplasm"}},
        {"tumour", altered, {"108369006", "SCT", "Neoplasm"}},
        {"lesion", altered, {"52988006", "SCT", "Lesion"}},
    };
    const std::string n = lower(name);
    for (const Entry &e : table)
        if (n.find(e.word) != std::string::npos)
            return {e.category, e.type};
    return {altered, {"4147007", "SCT", "Mass"}};
}

void writeSegmentation(const LabelMap &labels, const std::vector<Segment> &segmentsIn, const SegSource &source,
                       const std::string &path, const SegExportOptions &options)
{
    initDcmtk();
    const Geometry &g = source.geometry;
    const int nx = g.dims[0], ny = g.dims[1], nz = g.dims[2];
    if (labels.dims() != g.dims)
        throw Error(path + ": the label map is not on the series' grid");
    if (int(source.files.size()) != nz)
        throw Error(path + ": the series lists " + std::to_string(source.files.size()) + " files for " + std::to_string(nz)
                    + " slices");
    if (nx > 65535 || ny > 65535)
        throw Error(path + ": slices too large for a DICOM SEG");
    std::vector<Segment> segments = segmentsIn;
    std::sort(segments.begin(), segments.end(), [](const Segment &a, const Segment &b) { return a.label < b.label; });
    if (segments.empty())
        throw Error(path + ": the series has no segments to export");

    // Source facts: SOP class from the first file; missing UIDs (and frame numbers of a
    // multi-frame source) from the headers.
    std::map<std::string, std::vector<DicomFileInfo>> headers;
    auto header = [&](const std::string &file) -> const std::vector<DicomFileInfo> & {
        auto it = headers.find(file);
        if (it == headers.end()) {
            try {
                it = headers.emplace(file, readImages(file)).first;
            } catch (const std::exception &e) {
                throw Error(path + ": cannot read the source image " + file + " (" + e.what() + ")");
            }
        }
        return it->second;
    };
    const std::string sopClass = header(source.files.front()).front().sopClassUid;
    std::vector<std::string> uids(static_cast<std::size_t>(nz));
    std::vector<Uint16> frameNumbers(std::size_t(nz), 0); // 0: a single-frame source image
    std::map<std::string, int> filesSeen;
    for (const std::string &f : source.files)
        ++filesSeen[f];
    for (int k = 0; k < nz; ++k) {
        const std::string &file = source.files[std::size_t(k)];
        const bool multiFrame = filesSeen[file] > 1;
        if (std::size_t(k) < source.sopInstanceUids.size() && !source.sopInstanceUids[std::size_t(k)].empty() && !multiFrame) {
            uids[std::size_t(k)] = source.sopInstanceUids[std::size_t(k)];
            continue;
        }
        const std::vector<DicomFileInfo> &planes = header(file);
        // The frame whose position is nearest to this slice's.
        const Vec3 p = g.indexToPhysical({0, 0, double(k)});
        std::size_t best = 0;
        double bestDistance = 1e300;
        for (std::size_t n = 0; n < planes.size(); ++n) {
            const Vec3 d{planes[n].position[0] - p[0], planes[n].position[1] - p[1], planes[n].position[2] - p[2]};
            const double distance = norm(d);
            if (distance < bestDistance)
                bestDistance = distance, best = n;
        }
        uids[std::size_t(k)] = planes[best].sopInstanceUid;
        if (multiFrame)
            frameNumbers[std::size_t(k)] = Uint16(planes[best].frame + 1);
    }

    const bool keep = options.keepIdentity;
    auto uid = [&](const std::string &u) { return u.empty() ? newUid() : keep ? u : deidentifiedUid(u); };
    const std::string studyUid = uid(source.studyUid), seriesUid = uid(source.seriesUid);
    const std::string forUid = uid(source.frameOfReferenceUid);
    for (std::string &u : uids)
        u = uid(u);
    const std::string patientId = keep ? source.patientId : std::string();

    IODGeneralEquipmentModule::EquipmentInfo equipment("Sagitta", "Sagitta", "1", "0.1");
    ContentIdentificationMacro content("1", "SAGITTA_LABELS", "Labels drawn in Sagitta", keep ? lo(options.creator) : "");
    DcmSegmentation *raw = nullptr;
    check(DcmSegmentation::createBinarySegmentation(raw, Uint16(ny), Uint16(nx), equipment, content),
          path + ": cannot create the DICOM SEG");
    std::unique_ptr<DcmSegmentation> seg(raw);
    seg->setCheckDimensionsOnWrite(OFFalse); // dcmseg's own check does not know our dimension index

    // Patient, study, frame of reference: the source's, or emptied and new UIDs.
    if (keep && !source.files.empty())
        seg->importFromSourceImage(source.files.front().c_str()); // birth date, sex, study time, ...: best effort
    check(seg->getPatient().setPatientName(keep ? source.patientName : "", OFFalse), path + ": patient name");
    check(seg->getPatient().setPatientID(patientId, OFFalse), path + ": patient ID");
    if (!keep) {
        seg->getPatient().setPatientBirthDate("");
        seg->getPatient().setPatientSex("");
        seg->getStudy().setStudyDate("");
        seg->getStudy().setStudyTime("");
        seg->getStudy().setStudyID("");
        seg->getStudy().setAccessionNumber("");
        seg->getStudy().setReferringPhysicianName("");
    } else if (!source.studyDate.empty()) {
        seg->getStudy().setStudyDate(source.studyDate, OFFalse);
    }
    check(seg->getStudy().setStudyInstanceUID(studyUid), path + ": study UID");
    check(seg->getFrameOfReference().setFrameOfReferenceUID(forUid), path + ": frame of reference UID");
    seg->getSeries().setSeriesDescription("Sagitta labels");
    seg->getSeries().setSeriesNumber("900");

    // Segments, numbered 1..n in label order.
    for (std::size_t n = 0; n < segments.size(); ++n) {
        const Segment &s = segments[n];
        const SegTerminology t = segTerminology(s.name);
        DcmSegment *segment = nullptr;
        check(DcmSegment::create(segment, lo(s.name.empty() ? "Segment " + std::to_string(n + 1) : s.name),
                                 CodeSequenceMacro(t.category.value.c_str(), t.category.scheme.c_str(), t.category.meaning.c_str()),
                                 CodeSequenceMacro(t.type.value.c_str(), t.type.scheme.c_str(), t.type.meaning.c_str()),
                                 DcmSegTypes::SAT_MANUAL),
              path + ": cannot describe segment \"" + s.name + "\"");
        double L = 0, a = 0, b = 0;
        IODCIELabUtil::rgb2DicomLab(L, a, b, double((s.rgb >> 16) & 0xff) / 255.0, double((s.rgb >> 8) & 0xff) / 255.0,
                                    double(s.rgb & 0xff) / 255.0);
        segment->setRecommendedDisplayCIELabValue(Uint16(std::lround(L)), Uint16(std::lround(a)), Uint16(std::lround(b)));
        Uint16 number = 0;
        const OFCondition added = seg->addSegment(segment, number);
        if (added.bad())
            delete segment;
        check(added, path + ": cannot add segment \"" + s.name + "\"");
    }

    // Shared functional groups: pixel measures and orientation.
    FGPixelMeasures measures;
    measures.setPixelSpacing((ds(g.spacing[1]) + "\\" + ds(g.spacing[0])).c_str());
    measures.setSliceThickness(ds(g.spacing[2]).c_str());
    measures.setSpacingBetweenSlices(ds(g.spacing[2]).c_str());
    check(seg->addForAllFrames(measures), path + ": pixel measures");
    FGPlaneOrientationPatient orientation;
    const Vec3 row = g.axis(0), col = g.axis(1);
    orientation.setImageOrientationPatient(ds(row[0]).c_str(), ds(row[1]).c_str(), ds(row[2]).c_str(), ds(col[0]).c_str(),
                                           ds(col[1]).c_str(), ds(col[2]).c_str());
    check(seg->addForAllFrames(orientation), path + ": plane orientation");

    // Dimensions: segment number, then position.
    const std::string organisation = newUid();
    IODMultiframeDimensionModule &dims = seg->getDimensions();
    check(dims.addDimensionIndex(DCM_ReferencedSegmentNumber, organisation.c_str(), DCM_SegmentIdentificationSequence,
                                 "ReferencedSegmentNumber"),
          path + ": dimension index");
    check(dims.addDimensionIndex(DCM_ImagePositionPatient, organisation.c_str(), DCM_PlanePositionSequence, "ImagePositionPatient"),
          path + ": dimension index");
    {
        auto *item = new IODMultiframeDimensionModule::DimensionOrganizationItem;
        item->setDimensionOrganizationUID(organisation.c_str());
        dims.getDimensionOrganizationSequence().push_back(item);
    }

    // Frames: one per segment and slice holding it (one empty frame for an empty segment).
    const CodeSequenceMacro derivationCode("113076", "DCM", "Segmentation");
    const CodeSequenceMacro purpose("121322", "DCM", "Source image for image processing operation");
    std::vector<Uint8> frame(std::size_t(nx) * std::size_t(ny));
    std::set<std::string> referenced;
    // The frames' bits, packed here: dcmseg 3.6.7 misplaces bits across frame boundaries when a
    // frame is not a multiple of 8 pixels (PS3.5 8.1.1: one bit stream, frames back to back).
    std::vector<Uint8> packed;
    std::size_t bitCount = 0;
    // The labels each slice holds, from the allocated chunks only (most of a map is empty).
    constexpr int kC = LabelMap::kChunk;
    const std::array<int, 3> &grid = labels.chunkGrid();
    std::vector<std::bitset<256>> inSlice(static_cast<std::size_t>(nz));
    // Every layer: a label value lives on one layer only (its segment's), so overlapping
    // segments export as they are.
    for (int index = 0; index < labels.totalChunks(); ++index) {
        const LabelMap::Chunk &chunk = labels.chunk(index);
        if (chunk.empty())
            continue;
        const int c = index % labels.chunkCount();
        const int ci = c % grid[0], cj = (c / grid[0]) % grid[1], ck = c / (grid[0] * grid[1]);
        const int wx = std::min(kC, nx - ci * kC), wy = std::min(kC, ny - cj * kC), wz = std::min(kC, nz - ck * kC);
        for (int z = 0; z < wz; ++z) {
            std::array<bool, 256> seen{};
            for (int y = 0; y < wy; ++y) {
                const std::uint8_t *row = chunk.data() + (std::size_t(z) * kC + std::size_t(y)) * kC;
                for (int x = 0; x < wx; ++x)
                    seen[row[x]] = true;
            }
            for (int v = 1; v < 256; ++v)
                if (seen[std::size_t(v)])
                    inSlice[std::size_t(ck * kC + z)].set(std::size_t(v));
        }
    }
    for (std::size_t n = 0; n < segments.size(); ++n) {
        const std::uint8_t label = segments[n].label;
        bool anyFrame = false;
        for (int k = 0; k < nz; ++k) {
            const bool any = inSlice[std::size_t(k)].test(label);
            const bool lastChance = !anyFrame && k == nz - 1; // an empty segment gets one empty frame
            if (!any && !lastChance)
                continue;
            std::fill(frame.begin(), frame.end(), Uint8(0));
            if (any) {
                // The slice's mask of this label, chunk by chunk.
                const int z = k % kC;
                for (int cj = 0; cj < grid[1]; ++cj)
                    for (int ci = 0; ci < grid[0]; ++ci) {
                        const LabelMap::Chunk &chunk = labels.labelChunk(label, labels.chunkOf(ci * kC, cj * kC, k));
                        if (chunk.empty())
                            continue;
                        const int wx = std::min(kC, nx - ci * kC), wy = std::min(kC, ny - cj * kC);
                        for (int y = 0; y < wy; ++y) {
                            const std::uint8_t *row = chunk.data() + (std::size_t(z) * kC + std::size_t(y)) * kC;
                            Uint8 *out = frame.data() + std::size_t(cj * kC + y) * std::size_t(nx) + std::size_t(ci * kC);
                            for (int x = 0; x < wx; ++x)
                                out[x] = row[x] == label ? 1 : 0;
                        }
                    }
            }
            anyFrame = true;
            FGPlanePosPatient position;
            const Vec3 p = g.indexToPhysical({0, 0, double(k)});
            position.setImagePositionPatient(ds(p[0]).c_str(), ds(p[1]).c_str(), ds(p[2]).c_str());
            FGFrameContent frameContent;
            frameContent.setDimensionIndexValues(Uint32(n + 1), 0);
            frameContent.setDimensionIndexValues(Uint32(k + 1), 1);
            ImageSOPInstanceReferenceMacro *reference = nullptr;
            const std::vector<Uint16> frames = frameNumbers[std::size_t(k)] ? std::vector<Uint16>{frameNumbers[std::size_t(k)]}
                                                                            : std::vector<Uint16>{};
            check(ImageSOPInstanceReferenceMacro::create(sopClass.c_str(), uids[std::size_t(k)].c_str(),
                                                         OFVector<Uint16>(frames.begin(), frames.end()), reference),
                  path + ": source image reference");
            OFVector<ImageSOPInstanceReferenceMacro> derivationImages;
            derivationImages.push_back(*reference);
            delete reference;
            std::unique_ptr<FGDerivationImage> derivation(
                FGDerivationImage::createMinimal(derivationImages, "Segmentation drawn on the source image", derivationCode, purpose));
            if (!derivation)
                throw Error(path + ": cannot describe the derivation of a frame");
            referenced.insert(uids[std::size_t(k)]);
            OFVector<FGBase *> perFrame;
            perFrame.push_back(&position);
            perFrame.push_back(&frameContent);
            perFrame.push_back(derivation.get());
            check(seg->addFrame(frame.data(), Uint16(n + 1), perFrame), path + ": cannot add a frame");
            packed.resize((bitCount + frame.size() + 7) / 8, 0);
            for (std::size_t p = 0; p < frame.size(); ++p, ++bitCount)
                if (frame[p])
                    packed[bitCount / 8] = Uint8(packed[bitCount / 8] | (1u << (bitCount % 8)));
        }
    }

    // The referenced series with every instance the frames derive from.
    IODReferences references;
    for (int k = 0; k < nz; ++k)
        if (referenced.count(uids[std::size_t(k)])) {
            referenced.erase(uids[std::size_t(k)]);
            references.add(new IODImageReference(patientId.c_str(), studyUid.c_str(), seriesUid.c_str(),
                                                 uids[std::size_t(k)].c_str(), sopClass.c_str()));
        }
    seg->getCommonInstanceReference().addReferences(references, studyUid.c_str());

    DcmFileFormat ff;
    check(seg->writeDataset(*ff.getDataset()), path + ": cannot build the DICOM SEG");
    DcmDataset *dataset = ff.getDataset();
    if (packed.size() % 2)
        packed.push_back(0); // even length
    check(dataset->putAndInsertUint8Array(DCM_PixelData, packed.data(), packed.size()), path + ": pixel data");
    DcmSequenceOfItems *segmentItems = nullptr;
    if (dataset->findAndGetSequence(DCM_SegmentSequence, segmentItems).good() && segmentItems)
        for (std::size_t n = 0; n < segments.size() && n < segmentItems->card(); ++n) {
            const std::string &name = segments[n].name;
            if (name.empty() || lo(name) == name)
                continue;
            DcmItem *item = segmentItems->getItem(static_cast<unsigned long>(n));
            check(item->putAndInsertString(DcmTag(kNameCreatorTag, EVR_LO), kNameCreator), path + ": segment name");
            DcmTag fullName(kFullNameTag, kNameCreator);
            fullName.setVR(EVR_UT);
            check(item->putAndInsertOFStringArray(fullName, name.c_str()),
                  path + ": segment name");
        }
    bool utf8 = !isAscii(options.creator) || !isAscii(source.patientName);
    for (const Segment &s : segments)
        utf8 = utf8 || !isAscii(s.name);
    if (utf8)
        dataset->putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
    if (!keep) {
        dataset->putAndInsertString(DCM_PatientIdentityRemoved, "YES");
        dataset->putAndInsertString(DCM_DeidentificationMethod, "PS3.15 Basic Application Confidentiality Profile");
        DcmItem *code = nullptr;
        if (dataset->findOrCreateSequenceItem(DCM_DeidentificationMethodCodeSequence, code, -2).good() && code) {
            code->putAndInsertString(DCM_CodeValue, "113100");
            code->putAndInsertString(DCM_CodingSchemeDesignator, "DCM");
            code->putAndInsertString(DCM_CodeMeaning, "Basic Application Confidentiality Profile");
        }
    }
    saveAtomically(ff, path);
}

namespace {

bool loadDataset(DcmFileFormat &ff, const std::string &path, bool headerOnly)
{
    initDcmtk();
    const OFCondition c = headerOnly ? ff.loadFileUntilTag(path.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength,
                                                           ERM_autoDetect, DCM_PixelData)
                                     : ff.loadFile(path.c_str());
    return c.good();
}

std::string getString(DcmItem *item, const DcmTagKey &tag)
{
    OFString v;
    if (item && item->findAndGetOFString(tag, v).good())
        return v.c_str();
    return {};
}

// The first item of a sequence in item (nullptr when absent).
DcmItem *firstItem(DcmItem *item, const DcmTagKey &sequence)
{
    DcmItem *out = nullptr;
    if (item && item->findAndGetSequenceItem(sequence, out, 0).good())
        return out;
    return nullptr;
}

std::vector<Segment> readSegments(DcmDataset *ds)
{
    std::vector<Segment> out;
    DcmSequenceOfItems *seq = nullptr;
    if (ds->findAndGetSequence(DCM_SegmentSequence, seq).bad() || !seq)
        return out;
    for (unsigned long n = 0; n < seq->card(); ++n) {
        DcmItem *item = seq->getItem(n);
        Uint16 number = 0;
        item->findAndGetUint16(DCM_SegmentNumber, number);
        Segment s;
        s.label = std::uint8_t(std::min<Uint16>(number, 255));
        s.name = getString(item, DCM_SegmentLabel);
        if (getString(item, kNameCreatorTag) == kNameCreator) {
            OFString full;
            if (item->findAndGetOFStringArray(kFullNameTag, full).good() && !full.empty())
                s.name = full.c_str();
        }
        Uint16 L = 0, a = 0, b = 0;
        if (item->findAndGetUint16(DCM_RecommendedDisplayCIELabValue, L, 0).good()
            && item->findAndGetUint16(DCM_RecommendedDisplayCIELabValue, a, 1).good()
            && item->findAndGetUint16(DCM_RecommendedDisplayCIELabValue, b, 2).good())
            s.rgb = labToRgb(L, a, b);
        else
            s.rgb = defaultSegmentColor(int(number) - 1);
        if (number < 1 || number > 255)
            throw Error("segment number " + std::to_string(number) + " is outside 1..255");
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace

bool isSegmentation(const std::string &path)
{
    DcmFileFormat ff;
    if (!loadDataset(ff, path, true))
        return false;
    return getString(ff.getDataset(), DCM_SOPClassUID) == kSegmentationStorage;
}

SegHeader readSegmentationHeader(const std::string &path)
{
    DcmFileFormat ff;
    if (!loadDataset(ff, path, true))
        throw Error(path + ": cannot read the DICOM file");
    DcmDataset *ds = ff.getDataset();
    if (getString(ds, DCM_SOPClassUID) != kSegmentationStorage)
        throw Error(path + ": not a DICOM SEG");
    SegHeader h;
    h.referencedSeriesUid = getString(firstItem(ds, DCM_ReferencedSeriesSequence), DCM_SeriesInstanceUID);
    h.frameOfReferenceUid = getString(ds, DCM_FrameOfReferenceUID);
    h.studyUid = getString(ds, DCM_StudyInstanceUID);
    try {
        h.segments = readSegments(ds);
    } catch (const Error &e) {
        throw Error(path + ": " + e.what());
    }
    return h;
}

SegLabels readSegmentation(const std::string &path, const Geometry &g, const std::vector<std::string> &sopInstanceUids)
{
    DcmFileFormat ff;
    if (!loadDataset(ff, path, false))
        throw Error(path + ": cannot read the DICOM file");
    DcmDataset *ds = ff.getDataset();
    if (getString(ds, DCM_SOPClassUID) != kSegmentationStorage)
        throw Error(path + ": not a DICOM SEG");
    const int nx = g.dims[0], ny = g.dims[1], nz = g.dims[2];
    Uint16 rows = 0, columns = 0, bits = 0;
    ds->findAndGetUint16(DCM_Rows, rows);
    ds->findAndGetUint16(DCM_Columns, columns);
    ds->findAndGetUint16(DCM_BitsAllocated, bits);
    Sint32 frames = 1;
    ds->findAndGetSint32(DCM_NumberOfFrames, frames);
    if (int(rows) != ny || int(columns) != nx)
        throw Error(path + ": its frames are " + dimsText(columns, rows) + " pixels, the series' slices " + dimsText(nx, ny)
                    + "; the labels were not imported");
    const std::string type = getString(ds, DCM_SegmentationType);
    const bool fractional = type == "FRACTIONAL";
    if (!fractional && type != "BINARY")
        throw Error(path + ": segmentation type \"" + type + "\" is not supported (BINARY or FRACTIONAL)");
    if ((fractional && bits != 8) || (!fractional && bits != 1))
        throw Error(path + ": " + type + " with BitsAllocated " + std::to_string(bits) + " is not valid");
    Uint16 maxFraction = 255;
    if (fractional)
        ds->findAndGetUint16(DCM_MaximumFractionalValue, maxFraction);
    if (frames < 1)
        throw Error(path + ": no frames");

    SegLabels out;
    try {
        out.segments = readSegments(ds);
    } catch (const Error &e) {
        throw Error(path + ": " + e.what());
    }
    if (out.segments.empty())
        throw Error(path + ": no segments");

    // Pixel data, native (compressed SEGs are decompressed by DCMTK's registered codecs).
    if (ds->chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad())
        throw Error(path + ": its pixel data cannot be decompressed");
    const Uint8 *pixels = nullptr;
    unsigned long length = 0;
    if (ds->findAndGetUint8Array(DCM_PixelData, pixels, &length).bad() || !pixels)
        throw Error(path + ": no pixel data");
    const std::size_t framePixels = std::size_t(rows) * std::size_t(columns);
    const std::size_t needed = fractional ? framePixels * std::size_t(frames) : (framePixels * std::size_t(frames) + 7) / 8;
    if (length < needed)
        throw Error(path + ": the pixel data holds less than " + std::to_string(frames) + " frames");

    // Slices by SOP instance UID.
    std::map<std::string, int> sliceOfUid;
    for (std::size_t k = 0; k < sopInstanceUids.size() && int(k) < nz; ++k)
        if (!sopInstanceUids[k].empty())
            sliceOfUid.emplace(sopInstanceUids[k], int(k));
    DcmItem *shared = firstItem(ds, DCM_SharedFunctionalGroupsSequence);
    DcmSequenceOfItems *perFrame = nullptr;
    ds->findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, perFrame);
    if (perFrame && long(perFrame->card()) != long(frames))
        perFrame = nullptr;
    // Referenced instances in order, for SEGs without per-frame groups.
    std::vector<std::string> referencedOrder;
    if (DcmItem *series = firstItem(ds, DCM_ReferencedSeriesSequence)) {
        DcmSequenceOfItems *instances = nullptr;
        if (series->findAndGetSequence(DCM_ReferencedInstanceSequence, instances).good() && instances)
            for (unsigned long n = 0; n < instances->card(); ++n)
                referencedOrder.push_back(getString(instances->getItem(n), DCM_ReferencedSOPInstanceUID));
    }

    // Orientation must be the grid's.
    const Vec3 rowAxis = g.axis(0), colAxis = g.axis(1), normal = g.axis(2);
    auto groupItem = [&](DcmItem *frameItem, const DcmTagKey &sequence) -> DcmItem * {
        if (DcmItem *it = firstItem(frameItem, sequence))
            return it;
        return firstItem(shared, sequence);
    };
    auto checkOrientation = [&](DcmItem *frameItem, long f) {
        DcmItem *o = groupItem(frameItem, DCM_PlaneOrientationSequence);
        if (!o)
            return;
        double v[6];
        for (int n = 0; n < 6; ++n)
            if (o->findAndGetFloat64(DCM_ImageOrientationPatient, v[n], unsigned(n)).bad())
                return;
        const double expected[6] = {rowAxis[0], rowAxis[1], rowAxis[2], colAxis[0], colAxis[1], colAxis[2]};
        for (int n = 0; n < 6; ++n)
            if (std::fabs(v[n] - expected[n]) > 1e-3)
                throw Error(path + ": frame " + std::to_string(f + 1)
                            + " is oriented differently from the series; the labels were not imported");
    };

    const std::size_t segmentCount = out.segments.size();
    const long framesPerSegment = long(frames) / long(segmentCount);
    out.labels = LabelMap(g.dims);
    std::uint64_t overlaps = 0;
    for (long f = 0; f < long(frames); ++f) {
        DcmItem *frameItem = perFrame ? perFrame->getItem(static_cast<unsigned long>(f)) : nullptr;
        checkOrientation(frameItem, f);
        // Segment.
        Uint16 segmentNumber = 0;
        if (DcmItem *id = groupItem(frameItem, DCM_SegmentIdentificationSequence))
            id->findAndGetUint16(DCM_ReferencedSegmentNumber, segmentNumber);
        if (segmentNumber == 0) {
            if (segmentCount == 1)
                segmentNumber = out.segments.front().label;
            else if (framesPerSegment > 0 && long(frames) % long(segmentCount) == 0)
                segmentNumber = out.segments[std::size_t(f / framesPerSegment)].label;
            else
                throw Error(path + ": frame " + std::to_string(f + 1) + " names no segment");
        }
        if (segmentNumber > 255)
            throw Error(path + ": segment number " + std::to_string(segmentNumber) + " is outside 1..255");
        // Slice: by the source image's UID, else by position, else by order.
        int k = -1;
        if (DcmItem *derivation = firstItem(frameItem, DCM_DerivationImageSequence)) {
            DcmSequenceOfItems *sources = nullptr;
            if (derivation->findAndGetSequence(DCM_SourceImageSequence, sources).good() && sources)
                for (unsigned long n = 0; n < sources->card() && k < 0; ++n) {
                    const auto it = sliceOfUid.find(getString(sources->getItem(n), DCM_ReferencedSOPInstanceUID));
                    if (it != sliceOfUid.end())
                        k = it->second;
                }
        }
        if (k < 0) {
            if (DcmItem *position = groupItem(frameItem, DCM_PlanePositionSequence);
                position && (frameItem ? firstItem(frameItem, DCM_PlanePositionSequence) != nullptr : frames == 1)) {
                Vec3 p{};
                bool ok = true;
                for (int n = 0; n < 3; ++n)
                    ok = ok && position->findAndGetFloat64(DCM_ImagePositionPatient, p[std::size_t(n)], unsigned(n)).good();
                if (ok) {
                    const Vec3 d{p[0] - g.origin[0], p[1] - g.origin[1], p[2] - g.origin[2]};
                    const double along = dot(d, normal) / g.spacing[2];
                    const double u = dot(d, rowAxis) / g.spacing[0], v = dot(d, colAxis) / g.spacing[1];
                    const long slice = std::lround(along);
                    if (std::fabs(along - double(slice)) > 0.1 || std::fabs(u) > 0.1 || std::fabs(v) > 0.1 || slice < 0 || slice >= nz)
                        throw Error(path + ": frame " + std::to_string(f + 1)
                                    + " lies on no slice of the series; the labels were not imported");
                    k = int(slice);
                }
            }
        }
        if (k < 0) {
            const long inSegment = framesPerSegment > 0 ? f % framesPerSegment : f;
            if (!perFrame && std::size_t(framesPerSegment) == referencedOrder.size()) {
                const auto it = sliceOfUid.find(referencedOrder[std::size_t(inSegment)]);
                if (it != sliceOfUid.end())
                    k = it->second;
            } else if (!perFrame && framesPerSegment == nz) {
                k = int(inSegment);
            }
        }
        if (k < 0)
            throw Error(path + ": frame " + std::to_string(f + 1)
                        + " matches no slice of the series (neither its source image nor its position); the labels were not imported");
        const std::size_t base = std::size_t(f) * framePixels;
        for (int j = 0; j < ny; ++j)
            for (int i = 0; i < nx; ++i) {
                const std::size_t p = base + std::size_t(j) * std::size_t(nx) + std::size_t(i);
                const bool in = fractional ? 2u * pixels[p] >= maxFraction : ((pixels[p / 8] >> (p % 8)) & 1) != 0;
                if (!in)
                    continue;
                const auto label = std::uint8_t(segmentNumber);
                int layer = out.labels.layerOf(label);
                const std::uint8_t there = out.labels.at(i, j, k, layer);
                if (there != 0 && there != label) {
                    // Overlapping segments: this one moves to the lowest layer where it and this
                    // voxel fit (a new one when none does), as an edit that keeps others would.
                    int to = out.labels.layerCount();
                    for (int l = 0; l < out.labels.layerCount(); ++l)
                        if (l != layer && out.labels.at(i, j, k, l) == 0 && out.labels.labelFits(label, l)) {
                            to = l;
                            break;
                        }
                    out.labels.moveLabel(label, to);
                    layer = to;
                }
                out.labels.set(i, j, k, label, layer);
            }
    }
    for (Segment &s : out.segments)
        s.layer = out.labels.layerOf(s.label);
    if (out.labels.layerCount() > 1) {
        for (int c = 0; c < out.labels.chunkCount(); ++c)
            for (std::size_t o = 0; o < LabelMap::kChunkVoxels; ++o) {
                int held = 0;
                for (int l = 0; l < out.labels.layerCount(); ++l) {
                    const LabelMap::Chunk &chunk = out.labels.chunk(out.labels.chunkIndex(l, c));
                    held += !chunk.empty() && chunk[o] != 0;
                }
                overlaps += held > 1;
            }
        out.warnings.push_back(std::to_string(overlaps) + " voxel(s) belong to more than one segment; the segments overlap on "
                               + std::to_string(out.labels.layerCount()) + " layers of the label map");
    }
    return out;
}

} // namespace sagitta::core::dicom
