#include "core/dicom/dicomindex.h"

#include "core/base/error.h"
#include "core/dicom/codecs.h"
#include "core/dicom/dcmattr.h"
#include "core/dicom/dcmread.h"
#include "core/dicom/seriesgeometry.h"

#include <tbb/parallel_for.h>

#include <dcmtk/dcmdata/dcpixseq.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <set>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace sagitta::core::dicom {

namespace {

std::string osError(int code)
{
    return std::error_code(code ? code : EIO, std::generic_category()).message();
}

std::string kindOf(fs::file_type type)
{
    switch (type) {
    case fs::file_type::fifo: return "named pipe";
    case fs::file_type::socket: return "socket";
    case fs::file_type::block: return "block device";
    case fs::file_type::character: return "character device";
    default: return "special file";
    }
}

fs::file_type typeOfMode(mode_t mode)
{
    if (S_ISFIFO(mode))
        return fs::file_type::fifo;
    if (S_ISSOCK(mode))
        return fs::file_type::socket;
    if (S_ISBLK(mode))
        return fs::file_type::block;
    if (S_ISCHR(mode))
        return fs::file_type::character;
    return fs::file_type::unknown;
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

// Frames the pixel data of a multi-frame file can hold: its native bytes over the frame size,
// or its fragments (less the Basic Offset Table) when encapsulated, since every frame has at
// least one. Values over 4 KB are left on disk, so this costs about a header read.
std::uint64_t framesPresent(const std::string &path, bool part10, const DicomFileInfo &f)
{
    DcmFileFormat ff;
    const DicomRead read = readDicomFile(ff, path, part10, false, 4096);
    const OFCondition st = read.status;
    DcmDataset *ds = ff.getDataset();
    // Samples per frame; 4:2:2 native data holds two samples per pixel, not three.
    const bool subsampled = f.photometric.size() > 4 && f.photometric.compare(f.photometric.size() - 4, 4, "_422") == 0;
    const std::uint64_t samples = std::uint64_t(f.rows) * std::uint64_t(f.columns)
                                  * std::uint64_t(subsampled ? 2 : std::max(1, f.samplesPerPixel));
    DcmElement *element = nullptr;
    if (ds->findAndGetElement(DCM_FloatPixelData, element).good() && element)
        return element->getLength() / (samples * 4);
    if (ds->findAndGetElement(DCM_DoubleFloatPixelData, element).good() && element)
        return element->getLength() / (samples * 8);
    if (ds->findAndGetElement(DCM_PixelData, element).bad() || !element) {
        if (st.bad())
            throw Error(std::string("broken DICOM file: ") + st.text());
        return 0;
    }
    auto *pixels = OFstatic_cast(DcmPixelData *, element);
    if (DcmXfer(read.pixelXfer).isEncapsulated()) {
        DcmPixelSequence *seq = encapsulatedPixels(pixels);
        return seq->card() > 0 ? seq->card() - 1 : 0;
    }
    const std::uint64_t bits = samples * std::uint64_t(std::max(0, f.bitsAllocated));
    return bits > 0 ? std::uint64_t(pixels->getLength()) * 8 / bits : 0;
}

// The offset DCMTK stopped at when it is the value of native PixelData holding every frame: the
// element's tag, VR (explicit) and value length are checked in the bytes before it. 0 otherwise.
std::uint64_t checkedPixelOffset(const std::string &path, std::uint64_t offset, bool explicitVr, const DicomFileInfo &f,
                                 std::uint64_t fileSize, const std::uint8_t *head, std::size_t headSize)
{
    const std::uint64_t frameBytes = std::uint64_t(f.rows) * std::uint64_t(f.columns)
                                     * std::uint64_t(std::max(1, f.samplesPerPixel)) * std::uint64_t(std::max(0, f.bitsAllocated)) / 8;
    if (offset < 12 || frameBytes == 0 || (f.bitsAllocated != 8 && f.bitsAllocated != 16 && f.bitsAllocated != 32))
        return 0;
    std::uint8_t b[12] = {};
    if (offset <= headSize) {
        std::memcpy(b, head + offset - sizeof b, sizeof b);
    } else {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return 0;
        const ssize_t got = ::pread(fd, b, sizeof b, off_t(offset - sizeof b));
        ::close(fd);
        if (got != ssize_t(sizeof b))
            return 0;
    }
    static const std::uint8_t pixelTag[4] = {0xe0, 0x7f, 0x10, 0x00};
    const bool tagOk = explicitVr ? std::memcmp(b, pixelTag, 4) == 0 && (std::memcmp(b + 4, "OW", 2) == 0 || std::memcmp(b + 4, "OB", 2) == 0)
                                        && b[6] == 0 && b[7] == 0
                                  : std::memcmp(b + 4, pixelTag, 4) == 0;
    const std::uint64_t length = std::uint64_t(b[8]) | std::uint64_t(b[9]) << 8 | std::uint64_t(b[10]) << 16 | std::uint64_t(b[11]) << 24;
    if (!tagOk || length == 0xffffffffu || length < frameBytes * std::uint64_t(f.frames) || offset + length > fileSize)
        return 0;
    return offset;
}

DicomFileInfo readFileHeader(const std::string &path, DcmFileFormat &ff)
{
    initDcmtkHeaders(); // the codecs (a module) only when pixels are decoded
    // Say why a file cannot be read; never open a pipe or device (it could block).
    struct stat st = {};
    if (::stat(path.c_str(), &st) != 0)
        throw Error("cannot read file: " + osError(errno));
    if (S_ISDIR(st.st_mode))
        throw Error("cannot read file: " + osError(EISDIR));
    if (!S_ISREG(st.st_mode))
        throw Error("not a regular file (" + kindOf(typeOfMode(st.st_mode)) + ")");
    const std::uint64_t size = std::uint64_t(st.st_size);
    if (size == 0)
        throw Error("empty file");
    // The first bytes in one read: the "DICM" magic after the 128-byte preamble, and for most
    // files the whole header, parsed from memory (four system calls a file instead of a dozen).
    thread_local std::vector<std::uint8_t> head(32 * 1024);
    std::size_t got = 0;
    {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            throw Error("cannot read file: " + osError(errno));
        const std::size_t want = std::size_t(std::min<std::uint64_t>(size, head.size()));
        int error = 0;
        while (got < want) {
            const ssize_t n = ::read(fd, head.data() + got, want - got);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                error = n < 0 ? errno : 0;
                break;
            }
            got += std::size_t(n);
        }
        ::close(fd);
        if (error != 0)
            throw Error("cannot read file: " + osError(error));
    }
    // A DICOM Part 10 file carries "DICM" after its 128-byte preamble. Files without it are
    // accepted only if DCMTK parses them into a dataset with image attributes (old ACR-NEMA).
    const bool part10 = got >= 132 && std::memcmp(head.data() + 128, "DICM", 4) == 0;
    DicomRead read;
    bool inMemory = false;
    if (part10) {
        read = readDicomHeaderBuffer(ff, head.data(), got, got == size, 4096);
        inMemory = read.status.good();
        if (!inMemory)
            ff.clear();
    }
    if (!inMemory)
        read = readDicomFile(ff, path, part10, true, 4096);
    if (read.status.bad()) {
        if (!part10)
            throw Error("not a DICOM file");
        throw Error(std::string("broken DICOM file: ") + read.status.text() + " (nor readable as an implicit VR dataset)");
    }
    DcmDataset *ds = ff.getDataset();
    DicomFileInfo f;
    f.path = path;
    f.fileSize = std::int64_t(size);
    f.fileMtimeNs = std::int64_t(st.st_mtim.tv_sec) * 1000000000 + std::int64_t(st.st_mtim.tv_nsec);
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
    if (f.frames > 1) {
        // A damaged NumberOfFrames must not make us list millions of frames. Every frame takes
        // at least an 8-byte fragment header even when compressed: a first cheap bound.
        if (std::uint64_t(f.frames) > size / 8 + 1)
            throw Error("NumberOfFrames " + std::to_string(f.frames) + " is more than the file can hold");
        const std::uint64_t present = framesPresent(path, part10, f);
        if (std::uint64_t(f.frames) > present)
            throw Error("NumberOfFrames " + std::to_string(f.frames) + " is more than the pixel data holds ("
                        + std::to_string(present) + " frames)");
    }
    const E_TransferSyntax pixelXfer = read.pixelXfer;
    if (read.pixelValueOffset > 0 && !f.floatPixels
        && (pixelXfer == EXS_LittleEndianImplicit || pixelXfer == EXS_LittleEndianExplicit))
        f.pixelOffset = checkedPixelOffset(path, read.pixelValueOffset, pixelXfer == EXS_LittleEndianExplicit, f, size,
                                           head.data(), inMemory ? got : 0);
    return f;
}

} // namespace

namespace {

// The entry's own type (a link is a link) from what the listing gave (d_type), without a stat
// where the file system says it.
fs::file_type listedType(const fs::directory_entry &entry, std::error_code &ec)
{
    if (entry.is_symlink(ec))
        return fs::file_type::symlink;
    if (!ec && entry.is_regular_file(ec))
        return fs::file_type::regular;
    if (!ec && entry.is_directory(ec))
        return fs::file_type::directory;
    return ec ? fs::file_type::none : entry.symlink_status(ec).type();
}

// Lists the files under root (depth first, links to folders not followed) into paths; every
// other entry that is not a folder, and every folder that cannot be listed, becomes a problem.
void listFiles(const fs::path &root, std::vector<std::string> &paths, ScanResult &result, ProgressSink *progress)
{
    std::vector<fs::path> folders{root};
    while (!folders.empty()) {
        const fs::path folder = std::move(folders.back());
        folders.pop_back();
        std::error_code ec;
        fs::directory_iterator it(folder, ec);
        const fs::directory_iterator end;
        for (; !ec && it != end; it.increment(ec)) {
            if (isCancelled(progress))
                throw Cancelled();
            const fs::directory_entry &entry = *it;
            const std::string path = entry.path().string();
            std::error_code lec;
            const fs::file_status own(listedType(entry, lec));
            if (lec) {
                ++result.filesSeen;
                result.problems.push_back({path, "cannot read file: " + lec.message()});
                continue;
            }
            if (fs::is_directory(own)) {
                folders.push_back(entry.path());
                continue;
            }
            fs::file_status target = own;
            if (fs::is_symlink(own)) {
                std::error_code tec;
                target = fs::status(entry.path(), tec);
                if (target.type() == fs::file_type::not_found || tec) {
                    ++result.filesSeen;
                    result.problems.push_back({path, target.type() == fs::file_type::not_found
                                                         ? std::string("broken link (target missing)")
                                                         : "broken link (" + tec.message() + ")"});
                    continue;
                }
                if (fs::is_directory(target)) {
                    result.problems.push_back({path, "link to a folder, not followed"});
                    continue;
                }
            }
            ++result.filesSeen;
            if (fs::is_regular_file(target))
                paths.push_back(path);
            else
                result.problems.push_back({path, "not a regular file (" + kindOf(target.type()) + ")"});
        }
        if (ec)
            result.problems.push_back({folder.string(), "cannot list folder: " + ec.message()});
    }
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
    listFiles(dir, paths, result, progress);
    if (!result.problems.empty() && result.problems.front().path == dir && result.filesSeen == 0)
        throw Error(dir + ": " + result.problems.front().reason); // the folder itself cannot be listed
    std::sort(paths.begin(), paths.end());

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
    std::stable_sort(result.problems.begin(), result.problems.end(),
                     [](const FileProblem &a, const FileProblem &b) { return a.path < b.path; });
    reportProgress(progress, 1.0, "scan complete");
    return result;
}

} // namespace sagitta::core::dicom
