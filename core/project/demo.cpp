#include "core/project/demo.h"

#include "core/base/error.h"
#include "core/dicom/invesalius.h"
#include "core/dicom/synthetic.h"
#include "core/labels/segment.h"
#include "core/project/importer.h"
#include "core/text/demonotes.h"

#include <cstdio>
#include <filesystem>
#include <random>

namespace fs = std::filesystem;

namespace sagitta::core {

namespace {

dicom::SyntheticSpec trainingCaseSpec(int n)
{
    dicom::SyntheticSpec spec;
    spec.dims = {128, 128, 64};
    spec.spacing = {2.0, 2.0, 3.0};
    spec.origin = {-128.0, -128.0, -96.0};
    spec.seed = unsigned(1000 + n);
    char id[32];
    std::snprintf(id, sizeof id, "%02d", n + 1);
    spec.patientName = std::string("TRAINING^CASE") + id;
    spec.patientId = std::string("SAGITTA-TRAIN-") + id;
    spec.studyDescription = "Synthetic CT, lesion training set";
    spec.seriesDescription = std::string("Training case ") + id;
    spec.seriesUid = dicom::newUid();
    spec.customLesions = true;
    std::mt19937 rng(std::uint32_t(7919 * (n + 1)));
    auto uniform = [&rng](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
    const int count = 1 + int(rng() % 3);
    for (int l = 0; l < count; ++l) {
        dicom::SyntheticLesion lesion;
        const double r = uniform(6.0, 16.0);
        lesion.radiiMm = {r * uniform(0.75, 1.25), r * uniform(0.75, 1.25), r * uniform(0.75, 1.25)};
        lesion.lobe = rng() % 2 ? uniform(0.4, 0.8) : 0.0;
        switch ((n + l) % 3) {
        case 0: // liver (60 HU): hypodense like soft tissue or fat-free fluid, or enhancing
            lesion.centre = {uniform(-0.45, -0.25), uniform(-0.15, 0.15), uniform(0.12, 0.38)};
            lesion.hu = rng() % 2 ? uniform(5.0, 30.0) : uniform(95.0, 125.0);
            break;
        case 1: // soft tissue (40 HU): as dense as the liver or brighter
            lesion.centre = {uniform(0.05, 0.45), uniform(-0.35, 0.05), uniform(0.1, 0.4)};
            lesion.hu = uniform(75.0, 110.0);
            break;
        default: // lung (-850 HU): solid or part-solid nodules
            lesion.centre = {(rng() % 2 ? 1 : -1) * uniform(0.3, 0.45), uniform(-0.2, 0.1), uniform(0.55, 0.85)};
            lesion.hu = uniform(-60.0, 40.0);
            break;
        }
        spec.lesions.push_back(lesion);
    }
    return spec;
}

} // namespace

std::vector<std::int64_t> addTrainingCases(Project &project, const std::string &dir, int cases, ProgressSink *progress)
{
    std::vector<dicom::SyntheticSpec> specs;
    for (int n = 0; n < cases; ++n) {
        if (isCancelled(progress))
            throw Cancelled();
        specs.push_back(trainingCaseSpec(n));
        char name[16];
        std::snprintf(name, sizeof name, "case%02d", n + 1);
        dicom::writeSyntheticSeries((fs::path(dir) / name).string(), specs.back());
        reportProgress(progress, 0.6 * (n + 1) / cases, "training case written");
    }
    ScaledProgress scan(progress, 0.6, 0.9);
    const ImportReport report = scanForImport(dir, &scan);
    const std::vector<std::int64_t> ids = recordImport(project, report);
    if (ids.size() != specs.size())
        throw Error(dir + ": " + std::to_string(ids.size()) + " of " + std::to_string(specs.size())
                    + " training series could be read back");
    for (const std::int64_t id : ids) {
        const std::optional<SeriesRecord> record = project.seriesStore().seriesById(id);
        const dicom::SyntheticSpec *spec = nullptr;
        for (const dicom::SyntheticSpec &s : specs)
            if (record && s.seriesUid == record->seriesUid)
                spec = &s;
        if (!spec || record->geometry.dims != spec->dims)
            throw Error(dir + ": a training series came back on another grid");
        LabelMap labels(spec->dims);
        for (int k = 0; k < spec->dims[2]; ++k)
            for (int j = 0; j < spec->dims[1]; ++j)
                for (int i = 0; i < spec->dims[0]; ++i)
                    if (dicom::syntheticLesionAt(*spec, i, j, k))
                        labels.set(i, j, k, 1);
        Segment lesion;
        lesion.label = 1;
        lesion.name = "Lesion";
        lesion.rgb = defaultSegmentColor(0);
        project.labelStore().replaceLabels(id, labels, {lesion}, "synthetic");
    }
    reportProgress(progress, 1.0, "training set ready");
    return ids;
}

void createDemoProject(const std::string &projectPath, ProgressSink *progress, bool realCt, bool trainingSet)
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
    p->labelStore().addSegment(ids.front(), "Lesion", defaultSegmentColor(0));
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
            p->labelStore().addSegment(id, "Lesion", defaultSegmentColor(0));
            const std::optional<SeriesRecord> r = p->seriesStore().seriesById(id);
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
            p->labelStore().mergeLabels(id, labels, {segment}, "InVesalius");
        }
    }
    // The notes of the synthetic patient, with the engine's proposals, linked to its CT.
    const std::vector<Note> notes = demoNotes(spec.patientId);
    p->noteStore().addNotes(notes, proposeSpans(notes, {}));
    // The lesion segmentation training set (issue 10): 16 labelled synthetic cases.
    if (trainingSet)
        addTrainingCases(*p, (project.parent_path() / (project.stem().string() + "-training")).string());
    reportProgress(progress, 1.0, "demo project ready");
}

} // namespace sagitta::core
