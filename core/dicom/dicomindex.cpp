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

DicomFileInfo readHeader(const std::string &path)
{
    initDcmtk();
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec)
        throw Error("cannot read file: " + ec.message());
    if (size == 0)
        throw Error("empty file");
    const bool part10 = hasPart10Magic(path);

    DcmFileFormat ff;
    const OFCondition st = ff.loadFileUntilTag(path.c_str(), EXS_Unknown, EGL_noChange, 4096,
                                               part10 ? ERM_fileOnly : ERM_dataset, DCM_PixelData);
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
    f.frames = std::max(1, attrInt(ds, DCM_NumberOfFrames, 1));
    f.samplesPerPixel = attrInt(ds, DCM_SamplesPerPixel, 1);
    f.bitsAllocated = attrInt(ds, DCM_BitsAllocated);
    f.bitsStored = attrInt(ds, DCM_BitsStored, f.bitsAllocated);
    f.highBit = attrInt(ds, DCM_HighBit, f.bitsStored - 1);
    f.pixelRepresentation = attrInt(ds, DCM_PixelRepresentation);
    f.hasPosition = attrDoubles(ds, DCM_ImagePositionPatient, f.position.data(), 3);
    f.hasOrientation = attrDoubles(ds, DCM_ImageOrientationPatient, f.orientation.data(), 6);
    if (f.hasOrientation) {
        const Vec3 r{f.orientation[0], f.orientation[1], f.orientation[2]};
        const Vec3 c{f.orientation[3], f.orientation[4], f.orientation[5]};
        if (norm(r) < 1e-3 || norm(c) < 1e-3 || norm(cross(r, c)) < 1e-3)
            f.hasOrientation = false; // degenerate: treat as absent
    }
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

    std::vector<DicomFileInfo> infos(paths.size());
    std::vector<std::string> errors(paths.size());
    std::vector<char> ok(paths.size(), 0);
    std::atomic<std::size_t> done{0};
    std::atomic<bool> stop{false};
    tbb::parallel_for(std::size_t(0), paths.size(), [&](std::size_t n) {
        if (stop.load())
            return;
        try {
            infos[n] = readHeader(paths[n]);
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
            images.push_back(std::move(infos[n]));
        else
            result.problems.push_back({paths[n], errors[n]});
    }
    result.series = assembleSeries(std::move(images));
    reportProgress(progress, 1.0, "scan complete");
    return result;
}

} // namespace sagitta::core::dicom
