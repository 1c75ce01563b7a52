#include "core/ml/projectdata.h"

#include "core/base/error.h"
#include "core/project/importer.h"
#include "core/project/project.h"

#include <cstdio>

namespace sagitta::core::ml {

namespace {

std::string fnv1a(const std::string &text)
{
    std::uint64_t h = 1469598103934665603ULL;
    for (const unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

} // namespace

ProjectCases::ProjectCases(const std::string &projectPath, const std::string &segmentName) : m_path(projectPath)
{
    auto project = Project::open(projectPath, Project::Access::ReadOnly);
    for (const SeriesRecord &record : project->seriesStore().series()) {
        for (const Segment &segment : project->labelStore().segments(record.id)) {
            if (segment.name != segmentName)
                continue;
            const LabelMap labels = project->labelStore().loadLabelMap(record.id, record.geometry.dims);
            if (labels.count(std::uint8_t(segment.label)) == 0)
                break;
            m_entries.push_back({record.id, fnv1a(record.patientId.empty() ? record.studyUid : record.patientId),
                                 segment.label});
            break;
        }
    }
}

Case ProjectCases::load(std::size_t index) const
{
    const Entry &e = m_entries.at(index);
    auto project = Project::open(m_path, Project::Access::ReadOnly);
    const std::optional<SeriesRecord> record = project->seriesStore().seriesById(e.seriesId);
    if (!record)
        throw Error(m_path + ": series " + std::to_string(e.seriesId) + " is no longer in the project");
    const Volume volume = loadRecordedSeries(*record);
    if (volume.isColour())
        throw Error(m_path + ": series " + std::to_string(e.seriesId) + " is a colour image; segmentation trains on grey ones");
    const LabelMap labels = project->labelStore().loadLabelMap(e.seriesId, record->geometry.dims);
    Case c;
    c.patientKey = e.patientKey;
    c.name = "series " + std::to_string(e.seriesId);
    c.dims = volume.geometry().dims;
    c.spacing = volume.geometry().spacing;
    c.modality = record->modality;
    const std::size_t n = volume.voxelCount();
    c.image.resize(n);
    c.mask.resize(n);
    for (std::size_t v = 0; v < n; ++v)
        c.image[v] = float(volume.value(v));
    std::size_t v = 0;
    for (int k = 0; k < c.dims[2]; ++k)
        for (int j = 0; j < c.dims[1]; ++j)
            for (int i = 0; i < c.dims[0]; ++i, ++v)
                c.mask[v] = labels.at(i, j, k) == e.label ? 1 : 0;
    return c;
}

} // namespace sagitta::core::ml
