#include "core/dicom/dicomindex.h"

#include "core/base/error.h"
#include "core/dicom/codecs.h"
#include "core/dicom/dcmattr.h"
#include "core/dicom/seriesgeometry.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>

namespace fs = std::filesystem;

namespace sagitta::core::dicom {

namespace {

// A DICOM Part 10 file carries "DICM" after its 128-byte preamble. Files without it are
// accepted only if DCMTK parses them into a dataset with image attributes (old ACR-NEMA).
bool hasPart10Magic(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    char buf[132] = {};
    if (!in.read(buf, sizeof buf))
        return false;
    return buf[128] == 'D' && buf[129] == 'I' && buf[130] == 'C' && buf[131] == 'M';
}

} // namespace

namespace {

DcmItem *groupItem(DcmItem *group, const DcmTagKey &sequence)
{
    DcmItem *item = nullptr;
    if (group && group->findAndGetSequenceItem(sequence, item, 0).good())
        return item;
    return nullptr;
}

// Applies one functional group item's attributes (per-frame or shared) to a frame entry.
void applyFunctionalGroups(DcmItem *group, DicomFileInfo &f)
{
    if (!group)
        return;
    if (DcmItem *pos = groupItem(group, DCM_PlanePositionSequence))
        f.hasPosition = attrDoubles(pos, DCM_ImagePositionPatient, f.position.data(), 3) || f.hasPosition;
    if (DcmItem *ori = groupItem(group, DCM_PlaneOrientationSequence))
        f.hasOrientation = attrDoubles(ori, DCM_ImageOrientationPatient, f.orientation.data(), 6) || f.hasOrientation;
    if (DcmItem *px = groupItem(group, DCM_PixelMeasuresSequence)) {
        f.hasPixelSpacing = attrDoubles(px, DCM_PixelSpacing, f.pixelSpacing.data(), 2) || f.hasPixelSpacing;
        f.sliceThickness = attrDouble(px, DCM_SliceThickness, f.sliceThickness);
        f.spacingBetweenSlices = attrDouble(px, DCM_SpacingBetweenSlices, f.spacingBetweenSlices);
    }
    if (DcmItem *pv = groupItem(group, DCM_PixelValueTransformationSequence)) {
        f.rescaleSlope = attrDouble(pv, DCM_RescaleSlope, f.rescaleSlope);
        f.rescaleIntercept = attrDouble(pv, DCM_RescaleIntercept, f.rescaleIntercept);
    }
    if (DcmItem *fc = groupItem(group, DCM_FrameContentSequence)) {
        f.temporalPosition = attrInt(fc, DCM_TemporalPositionIndex, f.temporalPosition);
        f.instanceNumber = attrInt(fc, DCM_InStackPositionNumber, f.instanceNumber);
    }
}

void checkOrientation(DicomFileInfo &f)
{
    if (!f.hasOrientation)
        return;
    const Vec3 r{f.orientation[0], f.orientation[1], f.orientation[2]};
    const Vec3 c{f.orientation[3], f.orientation[4], f.orientation[5]};
    if (norm(r) < 1e-3 || norm(c) < 1e-3 || norm(cross(r, c)) < 1e-3)
        f.hasOrientation = false; // degenerate: treat as absent
}

DicomFileInfo readFileHeader(const std::string &path, DcmFileFormat &ff);

} // namespace

std::vector<DicomFileInfo> readImages(const std::string &path)
{
    DcmFileFormat ff;
    DicomFileInfo base = readFileHeader(path, ff);
    // A damaged NumberOfFrames must not make us list billions of frames: every frame takes at
    // least an 8-byte fragment header even when compressed.
    std::error_code ec;
    const auto fileSize = fs::file_size(path, ec);
    if (!ec && std::uint64_t(base.frames) > fileSize / 8 + 1)
        throw Error("NumberOfFrames " + std::to_string(base.frames) + " is more than the file can hold");
    if (base.frames <= 1) {
        checkOrientation(base);
        return {base};
    }
    DcmDataset *ds = ff.getDataset();
    DcmSequenceOfItems *perFrame = nullptr;
    ds->findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, perFrame);
    DcmItem *shared = nullptr;
    ds->findAndGetSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0);
    std::vector<DicomFileInfo> frames;
    frames.reserve(std::size_t(base.frames));
    if (perFrame && perFrame->card() < unsigned(base.frames))
        throw Error("multi-frame file with " + std::to_string(perFrame->card()) + " per-frame groups for "
                    + std::to_string(base.frames) + " frames");
    for (int n = 0; n < base.frames; ++n) {
        DicomFileInfo f = base;
        f.frame = n;
        f.instanceNumber = n + 1;
        if (perFrame) {
            applyFunctionalGroups(shared, f);
            applyFunctionalGroups(perFrame->getItem(unsigned(n)), f);
        } else if (f.hasPosition && f.hasOrientation) {
            // Classic multi-frame: frames along the normal.
            const double dz = f.spacingBetweenSlices > 0 ? f.spacingBetweenSlices : (f.sliceThickness > 0 ? f.sliceThickness : 1.0);
            const Vec3 nrm = cross({f.orientation[0], f.orientation[1], f.orientation[2]},
                                   {f.orientation[3], f.orientation[4], f.orientation[5]});
            const double len = norm(nrm);
            for (int e = 0; e < 3; ++e)
                f.position[std::size_t(e)] += n * dz * nrm[std::size_t(e)] / (len > 0 ? len : 1.0);
        }
        if (f.rescaleSlope == 0.0)
            f.rescaleSlope = 1.0;
        checkOrientation(f);
        frames.push_back(std::move(f));
    }
    return frames;
}

std::size_t distinctFiles(const SeriesInfo &series)
{
    return series.paths().size();
}

std::vector<std::string> SeriesInfo::paths() const
{
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const DicomFileInfo &f : files)
        if (seen.insert(f.path).second)
            out.push_back(f.path);
    return out;
}

namespace {

DicomFileInfo readFileHeader(const std::string &path, DcmFileFormat &ff)
{
    initDcmtk();
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec)
        throw Error("cannot read file: " + ec.message());
    if (size == 0)
        throw Error("empty file");
    const bool part10 = hasPart10Magic(path);

    const OFCondition st = ff.loadFileUntilTag(path.c_str(), EXS_Unknown, EGL_noChange, 4096,
                                               part10 ? ERM_autoDetect : ERM_dataset, DCM_PixelData);
    if (st.bad()) {
        if (!part10)
            throw Error("not a DICOM file");
        throw Error(std::string("broken DICOM file: ") + st.text());
    }
    DcmDataset *ds = ff.getDataset();
    DicomFileInfo f;
    f.path = path;
    f.rows = attrInt(ds, DCM_Rows);
    f.columns = attrInt(ds, DCM_Columns);
    f.sopClassUid = attrString(ds, DCM_SOPClassUID);
    f.sopInstanceUid = attrString(ds, DCM_SOPInstanceUID);
    if (!part10 && f.rows == 0 && f.sopInstanceUid.empty())
        throw Error("not a DICOM file");
    if (f.rows <= 0 || f.columns <= 0)
        throw Error("DICOM file without an image (no Rows/Columns)");
    f.seriesInstanceUid = attrString(ds, DCM_SeriesInstanceUID);
    f.studyInstanceUid = attrString(ds, DCM_StudyInstanceUID);
    f.frameOfReferenceUid = attrString(ds, DCM_FrameOfReferenceUID);
    OFString xfer;
    if (ff.getMetaInfo()->findAndGetOFString(DCM_TransferSyntaxUID, xfer).good())
        f.transferSyntaxUid = xfer.c_str();
    f.patientName = attrString(ds, DCM_PatientName);
    f.patientId = attrString(ds, DCM_PatientID);
    f.studyDate = attrString(ds, DCM_StudyDate);
    f.studyDescription = attrString(ds, DCM_StudyDescription);
    f.seriesDescription = attrString(ds, DCM_SeriesDescription);
    f.modality = attrString(ds, DCM_Modality);
    f.photometric = attrString(ds, DCM_PhotometricInterpretation);
    f.seriesNumber = attrInt(ds, DCM_SeriesNumber);
    f.instanceNumber = attrInt(ds, DCM_InstanceNumber);
    f.acquisitionNumber = attrInt(ds, DCM_AcquisitionNumber);
    f.echoNumber = attrInt(ds, DCM_EchoNumbers);
    f.temporalPosition = attrInt(ds, DCM_TemporalPositionIdentifier);
    f.frames = std::max(1, attrInt(ds, DCM_NumberOfFrames, 1));
    f.samplesPerPixel = attrInt(ds, DCM_SamplesPerPixel, 1);
    f.bitsAllocated = attrInt(ds, DCM_BitsAllocated);
    f.bitsStored = attrInt(ds, DCM_BitsStored, f.bitsAllocated);
    f.highBit = attrInt(ds, DCM_HighBit, f.bitsStored - 1);
    f.pixelRepresentation = attrInt(ds, DCM_PixelRepresentation);
    f.floatPixels = ds->tagExists(DCM_FloatPixelData) || ds->tagExists(DCM_DoubleFloatPixelData);
    f.hasPosition = attrDoubles(ds, DCM_ImagePositionPatient, f.position.data(), 3);
    f.hasOrientation = attrDoubles(ds, DCM_ImageOrientationPatient, f.orientation.data(), 6);
    f.hasPixelSpacing = attrDoubles(ds, DCM_PixelSpacing, f.pixelSpacing.data(), 2);
    if (!f.hasPixelSpacing)
        f.hasPixelSpacing = attrDoubles(ds, DCM_ImagerPixelSpacing, f.pixelSpacing.data(), 2);
    if (f.pixelSpacing[0] <= 0 || f.pixelSpacing[1] <= 0) {
        f.pixelSpacing = {1, 1};
        f.hasPixelSpacing = false;
    }
    f.sliceThickness = attrDouble(ds, DCM_SliceThickness, 0.0);
    f.spacingBetweenSlices = attrDouble(ds, DCM_SpacingBetweenSlices, 0.0);
    f.rescaleSlope = attrDouble(ds, DCM_RescaleSlope, 1.0);
    if (f.rescaleSlope == 0.0)
        f.rescaleSlope = 1.0;
    f.rescaleIntercept = attrDouble(ds, DCM_RescaleIntercept, 0.0);
    if (f.seriesInstanceUid.empty())
        f.seriesInstanceUid = "(no series UID) " + fs::path(path).parent_path().string();
    return f;
}

} // namespace

ScanResult scanFolder(const std::string &dir, ProgressSink *progress)
{
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw Error(dir + ": not a folder");

    ScanResult result;
    std::vector<std::string> paths;
    reportProgress(progress, 0.0, "listing files");
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
    if (ec)
        throw Error(dir + ": " + ec.message());
    for (; it != end; it.increment(ec)) {
        if (ec) {
            result.problems.push_back({it->path().string(), ec.message()});
            ec.clear();
            continue;
        }
        if (it->is_regular_file(ec))
            paths.push_back(it->path().string());
        if (isCancelled(progress))
            throw Cancelled();
    }
    std::sort(paths.begin(), paths.end());
    result.filesSeen = paths.size();

    std::vector<std::vector<DicomFileInfo>> infos(paths.size());
    std::vector<std::string> errors(paths.size());
    std::vector<char> ok(paths.size(), 0);
    std::atomic<std::size_t> done{0};
    std::atomic<bool> stop{false};
    tbb::parallel_for(std::size_t(0), paths.size(), [&](std::size_t n) {
        if (stop.load())
            return;
        try {
            infos[n] = readImages(paths[n]);
            ok[n] = 1;
        } catch (const std::exception &e) {
            errors[n] = e.what();
        }
        const std::size_t d = ++done;
        if (progress && (d % 64 == 0 || d == paths.size())) {
            progress->report(0.9 * double(d) / double(paths.size()), "reading headers");
            if (progress->cancelled())
                stop = true;
        }
    });
    if (stop.load())
        throw Cancelled();

    std::vector<DicomFileInfo> images;
    for (std::size_t n = 0; n < paths.size(); ++n) {
        if (ok[n])
            for (DicomFileInfo &f : infos[n])
                images.push_back(std::move(f));
        else
            result.problems.push_back({paths[n], errors[n]});
    }
    result.series = assembleSeries(std::move(images));
    reportProgress(progress, 1.0, "scan complete");
    return result;
}

} // namespace sagitta::core::dicom
