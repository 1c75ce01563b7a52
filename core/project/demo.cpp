#include "core/project/demo.h"

#include "core/base/error.h"
#include "core/dicom/invesalius.h"
#include "core/dicom/synthetic.h"
#include "core/labels/segment.h"
#include "core/project/importer.h"
#include "core/text/demonotes.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace sagitta::core {

void createDemoProject(const std::string &projectPath, ProgressSink *progress, bool realCt)
{
    std::error_code ec;
    if (fs::exists(projectPath, ec))
        throw Error(projectPath + ": already exists");
    const fs::path project = fs::absolute(projectPath);
    fs::create_directories(project.parent_path(), ec);
    const fs::path dicomDir = project.parent_path() / (project.stem().string() + "-dicom");

    dicom::SyntheticSpec spec; // 256 x 256 x 100, body-like phantom with three lesions
    ScaledProgress write(progress, 0.0, 0.5);
    dicom::writeSyntheticSeries(dicomDir.string(), spec, &write);
    if (isCancelled(progress))
        throw Cancelled();
    ScaledProgress scan(progress, 0.5, 0.95);
    const ImportReport report = scanForImport(dicomDir.string(), &scan);
    if (report.series.empty())
        throw Error(dicomDir.string() + ": the demo series could not be read back");

    auto p = Project::create(project.string());
    const std::vector<std::int64_t> ids = recordImport(*p, report);
    p->addSegment(ids.front(), "Lesion", defaultSegmentColor(0));
    // A real CT from Debian's InVesalius examples, never committed: converted at demo time.
    const std::string cranium = dicom::invesaliusExample();
    if (realCt && !cranium.empty()) {
        const fs::path craniumDir = project.parent_path() / (project.stem().string() + "-dicom-cranium");
        dicom::writeInvesaliusAsDicom(cranium, craniumDir.string());
        const ImportReport real = scanForImport(craniumDir.string());
        // The bone mask drawn in InVesalius (thresholded from about 226 HU) as a labelled segment.
        const std::vector<dicom::InvesaliusMask> masks = dicom::readInvesaliusMasks(cranium);
        const dicom::InvesaliusMask *bone = nullptr;
        for (const dicom::InvesaliusMask &m : masks)
            if (!bone && m.threshold[0] >= 150)
                bone = &m;
        for (const std::int64_t id : recordImport(*p, real)) {
            p->addSegment(id, "Lesion", defaultSegmentColor(0));
            const std::optional<SeriesRecord> r = p->seriesById(id);
            if (!bone || !r || r->geometry.dims != bone->dims)
                continue;
            LabelMap labels(bone->dims);
            std::size_t n = 0;
            for (int k = 0; k < bone->dims[2]; ++k)
                for (int j = 0; j < bone->dims[1]; ++j)
                    for (int i = 0; i < bone->dims[0]; ++i, ++n)
                        if (bone->voxels[n])
                            labels.set(i, j, k, 1);
            Segment segment;
            segment.label = 1;
            segment.name = "Bone";
            segment.rgb = 0xe3dac9; // bone white
            p->mergeLabels(id, labels, {segment}, "InVesalius");
        }
    }
    // The notes of the synthetic patient, with the engine's proposals, linked to its CT.
    const std::vector<Note> notes = demoNotes(spec.patientId);
    p->addNotes(notes, proposeSpans(notes, {}));
    reportProgress(progress, 1.0, "demo project ready");
}

} // namespace sagitta::core
