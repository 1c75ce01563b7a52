#include "core/project/importer.h"

#include "core/base/error.h"
#include "core/dicom/seriesgeometry.h"
#include "core/dicom/seriesloader.h"

#include <algorithm>
#include <cmath>
#include <atomic>

#include <tbb/parallel_for.h>

#include <sys/stat.h>

namespace sagitta::core {

namespace {

bool integral(double x) { return std::abs(x - std::round(x)) < 1e-6; }

// A grey series whose every file holds native little-endian pixel data, found whole by the scan
// (DicomFileInfo::pixelOffset: the element's value is as long as its frames and inside the
// file): its headers prove it loads, and give its scalar type as the loader first picks it:
// int16 for integers of up to 16 bits, int32 for 32-bit integers, float32 for a non-integral
// rescale (the loader goes wider only for values outside that type: unsigned 16-bit values
// above 32767 load as uint16, and those are recorded as int16). Returns false for any other
// series (compressed, colour, big endian, ...): those are decoded to learn whether, and as
// what, they load.
bool typeFromHeaders(const dicom::SeriesInfo &series, ScalarType &type)
{
    bool wide = false, narrow = false, exact = true;
    for (const dicom::DicomFileInfo &f : series.files) {
        // What the loader would refuse (inconsistent attributes, another size) it decodes and names.
        if (f.pixelOffset == 0 || f.floatPixels || f.samplesPerPixel != 1 || f.photometric == "PALETTE COLOR"
            || f.bitsStored < 1 || f.bitsStored > f.bitsAllocated || f.columns != series.geometry.dims[0]
            || f.rows != series.geometry.dims[1])
            return false;
        wide = wide || f.bitsAllocated == 32;
        narrow = narrow || f.bitsAllocated <= 16;
        exact = exact && integral(f.rescaleSlope) && integral(f.rescaleIntercept) && std::abs(f.rescaleSlope) <= 16384.0
                && std::abs(f.rescaleIntercept) <= 1073741824.0;
    }
    const double voxels = double(series.geometry.dims[0]) * series.geometry.dims[1] * series.geometry.dims[2];
    if ((wide && narrow) || series.files.empty() || voxels * (wide ? 4.0 : 2.0) > 16.0 * 1024 * 1024 * 1024)
        return false; // mixed widths, or too large: the loader decides and says why
    if (wide)
        type = exact ? ScalarType::Int32 : ScalarType::Float32;
    else
        type = exact ? ScalarType::Int16 : ScalarType::Float32;
    return true;
}

} // namespace

ImportReport scanForImport(const std::string &dir, ProgressSink *progress)
{
    ScaledProgress scanStage(progress, 0.0, 0.3);
    dicom::ScanResult scan = dicom::scanFolder(dir, &scanStage);
    ImportReport report;
    report.filesSeen = scan.filesSeen;
    report.problems = std::move(scan.problems);
    const std::size_t n = scan.series.size();
    for (std::size_t s = 0; s < n; ++s) {
        ScaledProgress loadStage(progress, 0.3 + 0.7 * double(s) / double(n), 0.3 + 0.7 * double(s + 1) / double(n));
        dicom::SeriesInfo &series = scan.series[s];
        const std::vector<std::string> paths = series.paths();
        std::vector<dicom::FileProblem> skipped;
        try {
            // Native pixel data the scan found whole: the headers say it loads, and as what.
            // Else decoded to prove it loads and to learn its type: slab by slab in 16 MB where
            // the series allows (most CT and MR), else whole (and then files that fail are left out).
            ScalarType type = ScalarType::Int16;
            if (!typeFromHeaders(series, type)) {
                const bool int16 = dicom::streamSeriesInt16(series, [](int, const Volume &) {}, &loadStage);
                type = int16 ? ScalarType::Int16 : dicom::loadReadableSlices(series, skipped, &loadStage).type();
            }
            report.scalarTypes.push_back(scalarTypeName(type));
            report.series.push_back(std::move(series));
            for (const dicom::FileProblem &p : skipped)
                report.problems.push_back({p.path, "left out of its series: " + p.reason});
        } catch (const Cancelled &) {
            throw;
        } catch (const std::exception &e) {
            // Every file of the series is named, each with its own reason where it has one.
            for (const std::string &path : paths) {
                std::string reason = e.what();
                for (const dicom::FileProblem &p : skipped)
                    if (p.path == path)
                        reason = p.reason;
                report.problems.push_back({path, "series not imported: " + reason});
            }
        }
    }
    reportProgress(progress, 1.0, "import scanned");
    return report;
}

SeriesRecord toRecord(const dicom::SeriesInfo &info, const std::string &scalarType)
{
    const dicom::DicomFileInfo &f = info.first();
    SeriesRecord r;
    r.seriesUid = f.seriesInstanceUid;
    r.stackIndex = info.stackIndex;
    r.studyUid = f.studyInstanceUid;
    r.frameOfReferenceUid = f.frameOfReferenceUid;
    r.patientName = f.patientName;
    r.patientId = f.patientId;
    r.studyDate = f.studyDate;
    r.modality = f.modality;
    r.seriesNumber = f.seriesNumber;
    r.description = f.seriesDescription;
    r.geometry = info.geometry;
    r.scalarType = scalarType;
    r.warnings = info.warnings;
    for (const auto &file : info.files) {
        r.files.push_back(file.path);
        r.sopInstanceUids.push_back(file.sopInstanceUid);
        SlicePixels p;
        p.frame = file.frame;
        p.pixelOffset = file.pixelOffset;
        p.fileSize = file.fileSize;
        p.fileMtimeNs = file.fileMtimeNs;
        p.transferSyntaxUid = file.transferSyntaxUid;
        p.photometric = file.photometric;
        p.rows = file.rows;
        p.columns = file.columns;
        p.frames = file.frames;
        p.samplesPerPixel = file.samplesPerPixel;
        p.bitsAllocated = file.bitsAllocated;
        p.bitsStored = file.bitsStored;
        p.highBit = file.highBit;
        p.pixelRepresentation = file.pixelRepresentation;
        p.rescaleSlope = file.rescaleSlope;
        p.rescaleIntercept = file.rescaleIntercept;
        p.hasPosition = file.hasPosition;
        p.position = file.position;
        r.pixels.push_back(std::move(p));
    }
    return r;
}

std::vector<SeriesImport> recordSeries(Project &project, const ImportReport &report)
{
    std::vector<SeriesImport> out;
    bool any = false;
    for (std::size_t s = 0; s < report.series.size(); ++s) {
        try {
            out.push_back(project.seriesStore().importSeries(toRecord(report.series[s], report.scalarTypes[s])));
            any = true;
        } catch (const std::exception &e) {
            SeriesImport failed;
            failed.message = e.what();
            out.push_back(failed);
        }
    }
    if (any) {
        try {
            project.noteStore().linkNotesByPatient(); // the patient's notes, if already imported
        } catch (const std::exception &) {
            // The series are in; links can be made on the next import.
        }
    }
    return out;
}

std::vector<std::int64_t> recordImport(Project &project, const ImportReport &report)
{
    std::vector<std::int64_t> ids;
    std::string firstError;
    for (const SeriesImport &r : recordSeries(project, report)) {
        if (r.id != 0)
            ids.push_back(r.id);
        else if (firstError.empty())
            firstError = r.message;
    }
    if (!firstError.empty())
        throw Error(firstError);
    return ids;
}

namespace {

// Slice n of a recorded series as the header scan read it at import, when that can stand for
// the file now: the slice's pixel data is native (read at its offset, no parse) and the file
// has the size and modification time it had then. False otherwise (compressed, a series
// imported before schema 13, a file changed or gone): the caller reads the file's header.
bool storedPlane(const SeriesRecord &record, std::size_t n, dicom::DicomFileInfo &f)
{
    if (record.pixels.size() != record.files.size() || n >= record.pixels.size())
        return false;
    const SlicePixels &p = record.pixels[n];
    if (p.pixelOffset == 0 || p.samplesPerPixel != 1 || p.photometric == "PALETTE COLOR")
        return false;
    struct stat st = {};
    if (::stat(record.files[n].c_str(), &st) != 0 || !S_ISREG(st.st_mode) || std::int64_t(st.st_size) != p.fileSize
        || std::int64_t(st.st_mtim.tv_sec) * 1000000000 + std::int64_t(st.st_mtim.tv_nsec) != p.fileMtimeNs)
        return false;
    f = dicom::DicomFileInfo{};
    f.path = record.files[n];
    f.frame = p.frame;
    f.seriesInstanceUid = record.seriesUid;
    f.sopInstanceUid = n < record.sopInstanceUids.size() ? record.sopInstanceUids[n] : std::string();
    f.modality = record.modality;
    f.transferSyntaxUid = p.transferSyntaxUid;
    f.photometric = p.photometric;
    f.rows = p.rows;
    f.columns = p.columns;
    f.frames = p.frames;
    f.samplesPerPixel = p.samplesPerPixel;
    f.bitsAllocated = p.bitsAllocated;
    f.bitsStored = p.bitsStored;
    f.highBit = p.highBit;
    f.pixelRepresentation = p.pixelRepresentation;
    f.rescaleSlope = p.rescaleSlope;
    f.rescaleIntercept = p.rescaleIntercept;
    f.hasPosition = p.hasPosition;
    f.position = p.position;
    f.pixelOffset = p.pixelOffset;
    f.fileSize = p.fileSize;
    f.fileMtimeNs = p.fileMtimeNs;
    return true;
}

} // namespace

Volume loadRecordedSlice(const SeriesRecord &record, std::size_t index)
{
    if (record.files.empty())
        throw Error("series " + std::to_string(record.id) + " has no files");
    if (index >= record.files.size())
        throw Error("series " + std::to_string(record.id) + " has " + std::to_string(record.files.size()) + " slices, not "
                    + std::to_string(index + 1));
    const std::string &path = record.files[index];
    // A multi-frame file is listed once per frame: the frame is the file's n-th listing.
    const auto frame = std::size_t(std::count(record.files.begin(), record.files.begin() + std::ptrdiff_t(index), path));
    dicom::SeriesInfo one;
    dicom::DicomFileInfo stored;
    if (storedPlane(record, index, stored)) {
        // One read at the offset found at import; the slice's place from the series' grid.
        const Geometry &g = record.geometry;
        one.files.push_back(std::move(stored));
        one.geometry = g;
        one.geometry.dims = {one.files[0].columns, one.files[0].rows, 1};
        const Vec3 normal = g.axis(2);
        for (int c = 0; c < 3; ++c)
            one.geometry.origin[std::size_t(c)] += normal[std::size_t(c)] * g.spacing[2] * double(index);
        return dicom::loadSeries(one);
    }
    std::vector<dicom::DicomFileInfo> planes = dicom::readImages(path);
    one.files.push_back(planes[std::min(frame, planes.size() - 1)]);
    dicom::computeGeometry(one);
    return dicom::loadSeries(one);
}

Volume loadMiddleSlice(const SeriesRecord &record)
{
    return loadRecordedSlice(record, record.files.size() / 2);
}

Volume loadRecordedSeries(const SeriesRecord &record, ProgressSink *progress)
{
    dicom::SeriesInfo info;
    info.stackIndex = record.stackIndex;
    // Every file as it was at import and its pixels native: read at the offsets found then, on
    // the recorded grid, without parsing a header again.
    if (!record.files.empty() && record.pixels.size() == record.files.size()) {
        info.files.resize(record.files.size());
        std::atomic<bool> all{true};
        tbb::parallel_for(std::size_t(0), record.files.size(), [&](std::size_t n) {
            if (all.load() && !storedPlane(record, n, info.files[n]))
                all = false;
        });
        if (all.load()) {
            info.geometry = record.geometry;
            return dicom::loadSeries(info, progress);
        }
        info.files.clear();
    }
    // A multi-frame file is listed once per frame; read it once.
    std::vector<std::string> paths = record.files;
    std::sort(paths.begin(), paths.end());
    paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
    // Headers in parallel (stopped before the pixel data), kept in path order.
    std::vector<std::vector<dicom::DicomFileInfo>> planes(paths.size());
    std::vector<std::string> errors(paths.size());
    tbb::parallel_for(std::size_t(0), paths.size(), [&](std::size_t n) {
        if (isCancelled(progress))
            return;
        try {
            planes[n] = dicom::readImages(paths[n]);
        } catch (const std::exception &e) {
            errors[n] = paths[n] + ": " + e.what();
        }
    });
    if (isCancelled(progress))
        throw Cancelled();
    for (std::size_t n = 0; n < paths.size(); ++n) {
        if (!errors[n].empty())
            throw Error(errors[n]);
        for (dicom::DicomFileInfo &f : planes[n])
            info.files.push_back(std::move(f));
    }
    if (info.files.size() != record.files.size()) {
        // Keep only this stack's planes when the files also hold others (split series).
        auto stacks = dicom::assembleSeries(std::move(info.files));
        info.files.clear();
        for (auto &s : stacks)
            if (s.files.size() == record.files.size() && s.stackIndex == record.stackIndex)
                info = std::move(s);
    }
    if (info.files.empty())
        throw Error("series " + std::to_string(record.id) + " has no files");
    dicom::computeGeometry(info);
    if (info.geometry.dims != record.geometry.dims)
        throw Error(record.files.front() + ": the series' files changed since import");
    return dicom::loadSeries(info, progress);
}

std::unique_ptr<text::Annotator> makeAnnotator(text::Language language, const std::vector<EntityType> &types)
{
    auto annotator = std::make_unique<text::Annotator>(language);
    std::string tsv;
    for (const EntityType &t : types)
        for (const std::string &term : t.terms)
            tsv += term + "\t" + t.name + "\n";
    if (!tsv.empty())
        annotator->addLexicon(tsv);
    return annotator;
}

std::vector<std::vector<text::Span>> proposeSpans(const std::vector<Note> &notes, const std::vector<EntityType> &types,
                                                  ProgressSink *progress)
{
    const auto english = makeAnnotator(text::Language::English, types);
    const auto chinese = makeAnnotator(text::Language::Chinese, types);
    std::vector<std::vector<text::Span>> out(notes.size());
    std::atomic<std::size_t> done{0};
    std::atomic<bool> stop{false};
    tbb::parallel_for(std::size_t(0), notes.size(), [&](std::size_t n) {
        if (stop.load())
            return;
        const Note &note = notes[n];
        const bool zh = text::languageOf(note.language, note.text) == text::Language::Chinese;
        out[n] = (zh ? *chinese : *english).annotate(note.text);
        const std::size_t d = ++done;
        if (progress && (d % 16 == 0 || d == notes.size())) {
            progress->report(double(d) / double(notes.size()), "finding entities");
            if (progress->cancelled())
                stop = true;
        }
    });
    if (stop.load())
        throw Cancelled();
    return out;
}

} // namespace sagitta::core
