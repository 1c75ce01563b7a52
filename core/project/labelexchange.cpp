#include "core/project/labelexchange.h"

#include "core/base/error.h"
#include "core/io/labelnifti.h"

namespace sagitta::core {

namespace {

bool endsWith(const std::string &s, const std::string &suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

SeriesRecord recordOf(const Project &project, std::int64_t seriesId)
{
    std::optional<SeriesRecord> r = project.seriesStore().seriesById(seriesId);
    if (!r)
        throw Error(project.path() + ": no series " + std::to_string(seriesId));
    return std::move(*r);
}

} // namespace

LabelFormat labelFormatOf(const std::string &path)
{
    if (endsWith(path, ".nii") || endsWith(path, ".nii.gz"))
        return LabelFormat::Nifti;
    if (endsWith(path, ".dcm"))
        return LabelFormat::Seg;
    throw Error(path + ": unknown label format (use .nii, .nii.gz or .dcm)");
}

dicom::SegSource segSource(const SeriesRecord &r)
{
    dicom::SegSource s;
    s.geometry = r.geometry;
    s.files = r.files;
    s.sopInstanceUids = r.sopInstanceUids;
    s.studyUid = r.studyUid;
    s.seriesUid = r.seriesUid;
    s.frameOfReferenceUid = r.frameOfReferenceUid;
    s.patientName = r.patientName;
    s.patientId = r.patientId;
    s.studyDate = r.studyDate;
    return s;
}

LabelExport exportLabels(const Project &project, std::int64_t seriesId, const std::string &path, bool keepIdentity,
                         const std::string &author)
{
    const LabelFormat format = labelFormatOf(path);
    const SeriesRecord r = recordOf(project, seriesId);
    const LabelMap map = project.labelStore().loadLabelMap(seriesId, r.geometry.dims, author);
    const std::vector<Segment> segments = project.labelStore().segments(seriesId, author);
    LabelExport out;
    out.segments = segments.size();
    out.layers = map.layerCount();
    const auto counts = map.histogram();
    for (int v = 1; v < 256; ++v)
        out.voxels += counts[std::size_t(v)];
    if (format == LabelFormat::Nifti) {
        io::writeLabelNifti(map, r.geometry, segments, path);
        const std::string stem = io::labelSidecarStem(path);
        out.files = {path, stem + ".json", stem + ".label.txt"};
    } else {
        dicom::SegExportOptions options;
        options.keepIdentity = keepIdentity;
        options.creator = Project::currentUser();
        dicom::writeSegmentation(map, segments, segSource(r), path, options);
        out.files = {path};
    }
    return out;
}

LabelImport importLabels(Project &project, std::int64_t seriesId, const std::string &path, bool merge,
                         std::vector<std::string> *warnings)
{
    const LabelFormat format = labelFormatOf(path);
    const SeriesRecord r = recordOf(project, seriesId);
    LabelMap map;
    std::vector<Segment> segments;
    if (format == LabelFormat::Nifti) {
        io::LabelFile f = io::readLabelNifti(path, r.geometry);
        map = std::move(f.labels);
        segments = std::move(f.segments);
    } else {
        dicom::SegLabels f = dicom::readSegmentation(path, r.geometry, r.sopInstanceUids);
        map = std::move(f.labels);
        segments = std::move(f.segments);
        if (warnings)
            for (const std::string &w : f.warnings)
                warnings->push_back(path + ": " + w);
    }
    const char *source = format == LabelFormat::Nifti ? "NIfTI" : "DICOM SEG";
    return merge ? project.labelStore().mergeLabels(seriesId, map, segments, source) : project.labelStore().replaceLabels(seriesId, map, segments, source);
}

std::vector<SegmentationImport> importSegmentations(Project &project, std::vector<dicom::FileProblem> &problems)
{
    std::vector<SegmentationImport> out;
    std::vector<SeriesRecord> all;
    bool listed = false;
    for (auto it = problems.begin(); it != problems.end();) {
        if (!dicom::isSegmentation(it->path)) {
            ++it;
            continue;
        }
        if (!listed) {
            all = project.seriesStore().series();
            listed = true;
        }
        SegmentationImport result;
        result.path = it->path;
        try {
            const dicom::SegHeader h = dicom::readSegmentationHeader(it->path);
            std::string firstError;
            for (const SeriesRecord &r : all) {
                if (r.seriesUid != h.referencedSeriesUid)
                    continue;
                try {
                    const dicom::SegLabels f = dicom::readSegmentation(it->path, r.geometry, r.sopInstanceUids);
                    result.labels = project.labelStore().replaceLabels(r.id, f.labels, f.segments, "DICOM SEG");
                    result.seriesId = r.id;
                    break;
                } catch (const Busy &) {
                    throw;
                } catch (const std::exception &e) {
                    if (firstError.empty())
                        firstError = e.what();
                }
            }
            if (result.seriesId == 0)
                result.reason = !firstError.empty() ? "DICOM SEG not imported: " + firstError
                                                    : "DICOM SEG not imported: its referenced series ("
                                                          + (h.referencedSeriesUid.empty() ? std::string("none named")
                                                                                           : h.referencedSeriesUid)
                                                          + ") is not in the project; import that series first";
        } catch (const Busy &) {
            throw;
        } catch (const std::exception &e) {
            result.reason = std::string("DICOM SEG not imported: ") + e.what();
        }
        if (result.seriesId != 0) {
            it = problems.erase(it);
        } else {
            it->reason = result.reason;
            ++it;
        }
        out.push_back(std::move(result));
    }
    return out;
}

} // namespace sagitta::core
