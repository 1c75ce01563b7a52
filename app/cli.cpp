#include "app/cli.h"

#include "app/clisession.h"
#include "app/versioninfo.h"
#include "core/base/atomicfile.h"
#include "core/base/error.h"
#include "core/labels/statistics.h"
#include "core/project/demo.h"
#include "core/dicom/seriesloader.h"
#include "core/io/nifti.h"
#include "core/project/importer.h"
#include "core/project/labelexchange.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <unistd.h>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

using nlohmann::json;

namespace sagitta {
namespace app {

namespace {

const char *kUsage =
    "usage: sagitta [PROJECT.sagitta | --demo] [--lang LOCALE]   open the main window\n"
    "       sagitta import DIR --project FILE.sagitta [--json]   import DICOM series from a folder\n"
    "       sagitta info FILE.sagitta [--json]                   list series and segments\n"
    "       sagitta info FILE.sagitta --series ID_OR_UID --slice N|middle [--json]\n"
    "                                                             decode one slice of a series (its value range)\n"
    "       sagitta info DICOM_DIR [--load] [--json]              the series in a DICOM folder; --load decodes them\n"
    "       sagitta demo OUT.sagitta                              create the demo project\n"
    "       sagitta convert DICOM_DIR OUT.nii[.gz] [--json]       DICOM series to NIfTI (one file per series)\n"
    "       sagitta text annotate FILE [--lang en|zh] [--lexicon FILE[:TYPE]]... [--json | --format brat|bioc|conll|jsonl [--keep-phi]]\n"
    "                                                             clinical entities in context (.jsonl: batch)\n"
    "       sagitta text annotate FILE --tagger MODEL.pt|ID [--project P] [--lang en|zh] [--json]\n"
    "                                                             the same plus a trained tagger's entities (source tagger)\n"
    "       sagitta text agreement NOTE.txt A.ann B.ann           agreement of two authors' brat annotations\n"
    "       sagitta text deid FILE [--patient KEY] [--surrogates] de-identified text (dates shifted per patient;\n"
    "                                                             --surrogates: fake values instead of [TAGS])\n"
    "       sagitta notes import FILE --project FILE.sagitta      notes from .txt, .csv (MIMIC NOTEEVENTS) or .jsonl\n"
    "       sagitta notes export --project P --format brat|bioc|conll|jsonl OUT [--keep-phi] [--accepted-only]\n"
    "                                                             the project's notes and spans, de-identified by default\n"
    "       sagitta notes agreement --project P AUTHOR_A AUTHOR_B [--import-brat DIR --as AUTHOR]\n"
    "                                                             span P/R/F1 and token kappa of two annotators\n"
    "       sagitta labels export --project P --series ID_OR_UID OUT.nii[.gz]|OUT.dcm [--keep-phi] [--author NAME]\n"
    "                                                             a series' labels as NIfTI (+ .json, .label.txt) or DICOM SEG\n"
    "       sagitta labels import --project P --series ID_OR_UID FILE [--merge]\n"
    "                                                             replace (or add to) your labels of a series from NIfTI or SEG\n"
    "       sagitta labels stats --project P --series ID_OR_UID [--csv OUT.csv] [--author NAME]\n"
    "                                                             segment table: voxels, mL, intensities, diameters\n"
    "       sagitta labels review --project P --series ID_OR_UID [--status draft|submitted|approved|rejected] [--comment TEXT]\n"
    "                     [--author NAME]                         review status of a label map, with comments\n"
    "       sagitta labels maps --project P --series ID_OR_UID    the series' label maps: people's and models' proposals\n"
    "       sagitta labels accept|reject --project P --series ID_OR_UID --model ID\n"
    "                                                             take a model's proposal into your labels, or turn it down\n"
    "       sagitta train --project P --task segment|classify|tag [--model unet2d|unet3d|cnn2|resnet18] [--dataset fashion-mnist]\n"
    "                     [--epochs N] [--device cpu|cuda] [--seed S] [--threads N] [--minutes M] [--checkpoint FILE [--resume]] [--json]\n"
    "                                                             train a model; one line per epoch, held-out metrics last\n"
    "       sagitta infer --project P --model ID --series ID_OR_UID [--device cpu|cuda] [--json]\n"
    "                                                             a model's labels for a series, stored as a proposal\n"
    "       sagitta infer --project P --model ID --notes [--note ID] [--json]\n"
    "                                                             a tagger's spans for the notes, stored as proposals\n"
    "       sagitta models list|export|import --project P [--model ID --out DIR | MODEL.pt [--sidecar MODEL.json]]\n"
    "                                                             the project's models; TorchScript + JSON sidecar in and out\n"
    "       sagitta anonymize DICOM_DIR OUT_DIR [--keep-dates]    de-identified copy of a DICOM folder (PS3.15 Annex E)\n"
    "       sagitta verify FILE.sagitta                           check a project file; exit 1 and list what is wrong\n"
    "       sagitta project rekey FILE.sagitta [--new-passphrase-file F | --decrypt]\n"
    "                                                             encrypt the project file, change its passphrase or decrypt it\n"
    "       sagitta users list|add|remove --project P [NAME --role annotator|reviewer|administrator]\n"
    "                                                             the project's users and roles (administrators manage them)\n"
    "   every command: --user NAME (else $SAGITTA_USER, $USER), --passphrase-file F (else $SAGITTA_PASSPHRASE,\n"
    "                  else asked on the terminal) for encrypted projects; new projects are encrypted with it\n"
    "       sagitta --version | --help\n";

std::int64_t findSeries(const core::Project &project, const std::string &key);

// Commands wait this long for another writer (a long import in the app) before they give up.
constexpr int kCliBusyTimeoutMs = 120000;

int fail(const std::string &message)
{
    std::cerr << "sagitta: " << message << std::endl;
    return 1;
}

bool endsWith(const std::string &s, const std::string &tail)
{
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Splits "cmd positional... --flag value --switch" into positionals and options.
struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
    bool has(const std::string &o) const { return options.count(o) > 0; }
};

Args parse(const std::vector<std::string> &list, const std::set<std::string> &valued)
{
    Args a;
    for (std::size_t n = 2; n < list.size(); ++n) {
        const std::string &s = list[n];
        if (s.rfind("--", 0) == 0) {
            if (valued.count(s)) {
                if (n + 1 >= list.size())
                    throw core::Error(s + " needs a value");
                a.options[s] = list[++n];
            } else {
                a.options[s] = "";
            }
        } else {
            a.positional.push_back(s);
        }
    }
    return a;
}

json geometryJson(const core::Geometry &g)
{
    return json{{"dimensions", g.dims},
                {"spacing", g.spacing},
                {"origin", g.origin},
                {"direction", g.direction},
                {"row_cosines", g.axis(0)},
                {"column_cosines", g.axis(1)},
                {"slice_normal", g.axis(2)}};
}

json segmentationsJson(const std::vector<core::SegmentationImport> &segs)
{
    json out = json::array();
    for (const auto &s : segs) {
        json e{{"file", s.path}, {"imported", s.seriesId != 0}};
        if (s.seriesId != 0) {
            e["series"] = s.seriesId;
            e["segments"] = s.labels.segments.size();
            e["voxels"] = s.labels.voxels;
        } else {
            e["reason"] = s.reason;
        }
        out.push_back(e);
    }
    return out;
}

void printSegmentations(const std::vector<core::SegmentationImport> &segs)
{
    for (const auto &s : segs)
        if (s.seriesId != 0)
            std::cout << "segmentation " << s.path << ": labels of series " << s.seriesId << " (" << s.labels.segments.size()
                      << " segment(s), " << s.labels.voxels << " voxels)\n";
}

// A folder with segmentations and no image series, imported into an existing project.
int reportSegmentationsOnly(const std::string &project, const core::ImportReport &report,
                            const std::vector<core::SegmentationImport> &segs, bool asJson)
{
    std::size_t imported = 0;
    for (const auto &s : segs)
        imported += s.seriesId != 0;
    if (asJson) {
        json out{{"project", project}, {"files_seen", report.filesSeen}, {"series", json::array()},
                 {"problems", json::array()}, {"segmentations", segmentationsJson(segs)}};
        for (const auto &p : report.problems)
            out["problems"].push_back({{"file", p.path}, {"reason", p.reason}});
        std::cout << out.dump(2) << std::endl;
    } else {
        printSegmentations(segs);
        for (const auto &p : report.problems)
            std::cerr << "skipped " << p.path << ": " << p.reason << "\n";
        std::cout << imported << " segmentation(s) imported, " << report.problems.size() << " file(s) skipped, "
                  << report.filesSeen << " file(s) seen" << std::endl;
    }
    if (imported != segs.size())
        return fail(std::to_string(segs.size() - imported) + " segmentation(s) could not be imported");
    return 0;
}

int cmdImport(const std::vector<std::string> &list)
{
    const Args a = parse(list, {"--project"});
    if (a.positional.size() != 1 || !a.has("--project"))
        return fail("usage: sagitta import DIR --project FILE.sagitta [--json]");
    const std::string dir = a.positional[0];
    core::ImportReport report = core::scanForImport(dir);
    const bool asJson = a.has("--json");
    std::vector<core::SegmentationImport> segs;
    bool anySeg = false;
    for (const auto &p : report.problems)
        anySeg = anySeg || core::dicom::isSegmentation(p.path);
    if (report.series.empty() && anySeg && std::filesystem::exists(a.options.at("--project"))) {
        // Only segmentations: they may belong to series the project has already.
        auto project = core::Project::open(a.options.at("--project"));
        project->setBusyTimeout(kCliBusyTimeoutMs);
        segs = core::importSegmentations(*project, report.problems);
        return reportSegmentationsOnly(project->path(), report, segs, asJson);
    }
    if (report.series.empty()) {
        // Nothing to record: the project is neither created nor touched.
        if (asJson) {
            json out{{"project", a.options.at("--project")}, {"files_seen", report.filesSeen}, {"series", json::array()},
                     {"problems", json::array()}};
            for (const auto &p : report.problems)
                out["problems"].push_back({{"file", p.path}, {"reason", p.reason}});
            std::cout << out.dump(2) << std::endl;
        } else {
            for (const auto &p : report.problems)
                std::cerr << "skipped " << p.path << ": " << p.reason << "\n";
        }
        return fail(dir + ": no DICOM series found (" + std::to_string(report.filesSeen) + " file(s) seen); the project was not changed");
    }
    auto project = core::Project::openOrCreate(a.options.at("--project"));
    project->setBusyTimeout(kCliBusyTimeoutMs);
    const std::vector<core::SeriesImport> results = core::recordSeries(*project, report);
    if (anySeg)
        segs = core::importSegmentations(*project, report.problems);
    std::size_t recorded = 0, failed = 0;
    std::string firstError;
    for (const core::SeriesImport &r : results) {
        (r.id != 0 ? recorded : failed) += 1;
        if (r.id == 0 && firstError.empty())
            firstError = r.message;
    }
    if (asJson) {
        json out{{"project", project->path()}, {"files_seen", report.filesSeen}, {"series", json::array()},
                 {"problems", json::array()}, {"not_imported", json::array()}};
        for (std::size_t s = 0; s < results.size(); ++s) {
            const auto &info = report.series[s];
            std::set<std::string> files;
            for (const auto &f : info.files)
                files.insert(f.path);
            json entry{{"series_instance_uid", info.first().seriesInstanceUid},
                       {"modality", info.first().modality},
                       {"description", info.first().seriesDescription},
                       {"dimensions", info.geometry.dims},
                       {"files", files},
                       {"file_count", files.size()},
                       {"slices", info.files.size()},
                       {"warnings", info.warnings}};
            if (results[s].id == 0) {
                entry["reason"] = results[s].message;
                out["not_imported"].push_back(entry);
                continue;
            }
            entry["id"] = results[s].id;
            entry["result"] = core::seriesImportKindName(results[s].kind);
            if (!results[s].message.empty())
                entry["note"] = results[s].message;
            out["series"].push_back(entry);
        }
        for (const auto &p : report.problems)
            out["problems"].push_back({{"file", p.path}, {"reason", p.reason}});
        out["segmentations"] = segmentationsJson(segs);
        std::cout << out.dump(2) << std::endl;
    } else {
        printSegmentations(segs);
        for (std::size_t s = 0; s < results.size(); ++s) {
            const auto &info = report.series[s];
            const auto &g = info.geometry.dims;
            const std::string what = info.first().modality + " \"" + info.first().seriesDescription + "\", "
                                     + std::to_string(core::dicom::distinctFiles(info)) + " file(s), " + std::to_string(g[0]) + "x"
                                     + std::to_string(g[1]) + "x" + std::to_string(g[2]) + " (first file "
                                     + info.first().path + ")";
            if (results[s].id == 0) {
                std::cerr << "NOT imported: " << what << ": " << results[s].message << "\n";
                continue;
            }
            std::cout << "series " << results[s].id << " " << core::seriesImportKindName(results[s].kind) << ": " << what << "\n";
            if (!results[s].message.empty())
                std::cout << "  " << results[s].message << "\n";
            for (const auto &w : info.warnings)
                std::cout << "  warning: " << w << "\n";
        }
        for (const auto &p : report.problems)
            std::cerr << "skipped " << p.path << ": " << p.reason << "\n";
        std::cout << recorded << " series imported, " << failed << " not imported, " << report.problems.size()
                  << " file(s) skipped, " << report.filesSeen << " file(s) seen" << std::endl;
    }
    if (failed > 0)
        return fail(std::to_string(failed) + " of " + std::to_string(results.size()) + " series could not be written to "
                    + project->path() + " (" + firstError + ")");
    return 0;
}

// sagitta info DICOM_DIR [--load]: the series a folder holds, from their headers; with --load
// each one is also decoded (every slice that decodes, as convert does) and its value range given.
int cmdInfoFolder(const Args &a)
{
    const std::string &dir = a.positional[0];
    core::dicom::ScanResult scan = core::dicom::scanFolder(dir);
    const bool load = a.has("--load"), asJson = a.has("--json");
    json out{{"folder", dir}, {"files_seen", scan.filesSeen}, {"series", json::array()}, {"problems", json::array()}};
    int failures = 0;
    for (core::dicom::SeriesInfo &info : scan.series) {
        const core::dicom::DicomFileInfo &f = info.first();
        json g = geometryJson(info.geometry);
        json entry{{"label", info.label()},
                   {"series_instance_uid", f.seriesInstanceUid},
                   {"modality", f.modality},
                   {"description", f.seriesDescription},
                   {"transfer_syntax", f.transferSyntaxUid},
                   {"dimensions", g["dimensions"]},
                   {"spacing", g["spacing"]},
                   {"origin", g["origin"]},
                   {"direction", g["direction"]},
                   {"files", core::dicom::distinctFiles(info)},
                   {"slices", info.files.size()}};
        if (load) {
            try {
                const core::Volume v = core::dicom::loadReadableSlices(info, scan.problems);
                const auto range = v.range();
                entry["scalar_type"] = core::scalarTypeName(v.type());
                entry["range"] = {range[0], range[1]};
                entry["dimensions"] = v.geometry().dims;
            } catch (const std::exception &e) {
                ++failures;
                entry["error"] = e.what();
            }
        }
        entry["warnings"] = info.warnings;
        out["series"].push_back(entry);
    }
    for (const auto &p : scan.problems)
        out["problems"].push_back({{"file", p.path}, {"reason", p.reason}});
    if (asJson) {
        std::cout << out.dump(2) << std::endl;
    } else {
        for (const auto &s : out["series"]) {
            std::cout << s["label"].get<std::string>() << ": " << s["files"] << " file(s), " << s["dimensions"][0] << "x"
                      << s["dimensions"][1] << "x" << s["dimensions"][2] << ", spacing " << s["spacing"].dump();
            if (s.contains("scalar_type"))
                std::cout << ", " << s["scalar_type"].get<std::string>() << " " << s["range"][0] << ".." << s["range"][1];
            std::cout << "\n";
            if (s.contains("error"))
                std::cerr << "sagitta: " << s["label"].get<std::string>() << ": " << s["error"].get<std::string>() << "\n";
            for (const auto &w : s["warnings"])
                std::cout << "  warning: " << w.get<std::string>() << "\n";
        }
        for (const auto &p : scan.problems)
            std::cerr << "skipped " << p.path << ": " << p.reason << "\n";
        std::cout << scan.series.size() << " series, " << scan.problems.size() << " file(s) skipped, " << scan.filesSeen
                  << " file(s) seen" << std::endl;
    }
    if (scan.series.empty())
        return fail(dir + ": no DICOM series found");
    return failures == 0 ? 0 : 1;
}

// sagitta info FILE.sagitta --series ID --slice N|middle: one slice of a recorded series decoded
// from its file, as the viewer shows first.
int cmdInfoSlice(const core::Project &project, const Args &a)
{
    const std::int64_t id = findSeries(project, a.options.at("--series"));
    const core::SeriesRecord record = *project.seriesStore().seriesById(id);
    const std::string &which = a.options.at("--slice");
    std::size_t index = record.files.size() / 2;
    if (which != "middle") {
        char *end = nullptr;
        const long n = std::strtol(which.c_str(), &end, 10);
        if (which.empty() || *end != '\0' || n < 0)
            return fail("--slice takes a slice number (0 is the first) or 'middle', not " + which);
        index = std::size_t(n);
    }
    const core::Volume slice = core::loadRecordedSlice(record, index);
    const auto range = slice.range();
    double sum = 0;
    for (std::size_t n = 0; n < slice.voxelCount(); ++n)
        sum += slice.value(n);
    const double mean = slice.voxelCount() ? sum / double(slice.voxelCount()) : 0.0;
    if (a.has("--json")) {
        std::cout << json{{"series", id},
                          {"slice", index},
                          {"slices", record.files.size()},
                          {"columns", slice.dim(0)},
                          {"rows", slice.dim(1)},
                          {"scalar_type", core::scalarTypeName(slice.type())},
                          {"range", {range[0], range[1]}},
                          {"mean", mean}}
                         .dump(2)
                  << std::endl;
    } else {
        std::cout << "series " << id << " slice " << index << " of " << record.files.size() << ": " << slice.dim(0) << "x"
                  << slice.dim(1) << " " << core::scalarTypeName(slice.type()) << ", values " << range[0] << ".." << range[1]
                  << ", mean " << mean << std::endl;
    }
    return 0;
}

int cmdInfo(const std::vector<std::string> &list)
{
    const Args a = parse(list, {"--series", "--slice"});
    if (a.positional.size() != 1)
        return fail("usage: sagitta info FILE.sagitta [--series ID_OR_UID --slice N|middle] [--json] | sagitta info DICOM_DIR [--load] [--json]");
    if (std::filesystem::is_directory(a.positional[0]))
        return cmdInfoFolder(a);
    auto project = core::Project::open(a.positional[0], core::Project::Access::ReadOnly);
    if (a.has("--series") != a.has("--slice"))
        return fail("sagitta info: --series and --slice go together");
    if (a.has("--slice"))
        return cmdInfoSlice(*project, a);
    json out{{"project", project->path()}, {"schema_version", project->schemaVersion()}, {"series", json::array()}};
    for (const core::SeriesRecord &r : project->seriesStore().series()) {
        json segments = json::array();
        const core::LabelMap labels = project->labelStore().loadLabelMap(r.id, r.geometry.dims);
        const auto counts = labels.histogram();
        const double voxelMl = r.geometry.spacing[0] * r.geometry.spacing[1] * r.geometry.spacing[2] / 1000.0;
        for (const core::Segment &s : project->labelStore().segments(r.id)) {
            char color[8];
            std::snprintf(color, sizeof color, "#%06x", unsigned(s.rgb));
            segments.push_back({{"id", s.id},
                                {"name", s.name},
                                {"label", s.label},
                                {"layer", s.layer},
                                {"color", color},
                                {"voxels", counts[s.label]},
                                {"volume_ml", double(counts[s.label]) * voxelMl}});
        }
        json g = geometryJson(r.geometry);
        out["series"].push_back({{"id", r.id},
                                 {"series_instance_uid", r.seriesUid},
                                 {"study_instance_uid", r.studyUid},
                                 {"frame_of_reference_uid", r.frameOfReferenceUid},
                                 {"stack_index", r.stackIndex},
                                 {"modality", r.modality},
                                 {"series_number", r.seriesNumber},
                                 {"description", r.description},
                                 {"dimensions", g["dimensions"]},
                                 {"spacing", g["spacing"]},
                                 {"origin", g["origin"]},
                                 {"direction", g["direction"]},
                                 {"row_cosines", g["row_cosines"]},
                                 {"column_cosines", g["column_cosines"]},
                                 {"slice_normal", g["slice_normal"]},
                                 {"scalar_type", r.scalarType},
                                 {"files", std::set<std::string>(r.files.begin(), r.files.end()).size()},
                                 {"warnings", r.warnings},
                                 {"segments", segments}});
    }
    out["notes"] = project->noteStore().notes().size();
    if (a.has("--json")) {
        std::cout << out.dump(2) << std::endl;
        return 0;
    }
    for (const auto &s : out["series"]) {
        std::cout << "series " << s["id"] << " " << s["modality"].get<std::string>() << " "
                  << s["description"].get<std::string>() << "\n  uid " << s["series_instance_uid"].get<std::string>()
                  << "\n  dimensions " << s["dimensions"].dump() << " spacing " << s["spacing"].dump() << "\n  origin "
                  << s["origin"].dump() << "\n  direction " << s["direction"].dump() << "\n";
        for (const auto &w : s["warnings"])
            std::cout << "  warning: " << w.get<std::string>() << "\n";
        for (const auto &seg : s["segments"])
            std::cout << "  segment " << seg["label"] << " " << seg["name"].get<std::string>() << ": " << seg["voxels"]
                      << " voxels\n";
    }
    std::cout << out["notes"] << " note(s)" << std::endl;
    return 0;
}

// One series: OUT as given. Several: OUT with _1, _2, ... before the extension.
std::string numberedPath(const std::string &out, std::size_t n, std::size_t count)
{
    if (count == 1)
        return out;
    std::string stem = out, ext;
    for (const char *e : {".nii.gz", ".nii"})
        if (out.size() > std::strlen(e) && out.compare(out.size() - std::strlen(e), std::strlen(e), e) == 0) {
            stem = out.substr(0, out.size() - std::strlen(e));
            ext = e;
            break;
        }
    return stem + "_" + std::to_string(n + 1) + ext;
}

int cmdConvert(const std::vector<std::string> &list)
{
    const Args a = parse(list, {});
    if (a.positional.size() != 2)
        return fail("usage: sagitta convert DICOM_DIR OUT.nii[.gz] [--json]");
    const std::string &out = a.positional[1];
    if (!(endsWith(out, ".nii") || endsWith(out, ".nii.gz")))
        return fail(out + ": the output name must end in .nii or .nii.gz");
    core::dicom::ScanResult scan = core::dicom::scanFolder(a.positional[0]);
    if (scan.series.empty()) {
        for (const auto &p : scan.problems)
            std::cerr << "skipped " << p.path << ": " << p.reason << "\n";
        return fail(a.positional[0] + ": no DICOM series found");
    }
    json report{{"outputs", json::array()}, {"problems", json::array()}};
    int failures = 0;
    for (std::size_t n = 0; n < scan.series.size(); ++n) {
        auto &info = scan.series[n];
        const std::string path = numberedPath(out, n, scan.series.size());
        try {
            // Most CT and MR go slab by slab from the files into the output, never whole in
            // memory; the rest (colour, float, tilt, a file that does not decode, values beyond
            // int16) is loaded whole: every slice that decodes is converted and the others are
            // named (as dcm2niix converts what it can read).
            bool streamed = false;
            {
                std::unique_ptr<core::io::NiftiSliceWriter> writer; // made with the first slab
                streamed = core::dicom::streamSeriesInt16(info, [&](int, const core::Volume &slab) {
                    if (!writer)
                        writer = std::make_unique<core::io::NiftiSliceWriter>(info.geometry, core::ScalarType::Int16, path, info.label());
                    writer->write(slab);
                });
                if (streamed)
                    writer->commit();
            }
            if (!streamed)
                core::io::writeNifti(core::dicom::loadReadableSlices(info, scan.problems), path, info.label());
            const auto &dims = info.geometry.dims;
            report["outputs"].push_back(
                {{"file", path}, {"series_instance_uid", info.first().seriesInstanceUid}, {"dimensions", dims}, {"warnings", info.warnings}});
            if (!a.has("--json")) {
                std::cout << path << ": " << info.label() << ", " << dims[0] << "x" << dims[1] << "x" << dims[2] << "\n";
                for (const auto &w : info.warnings)
                    std::cout << "  warning: " << w << "\n";
            }
        } catch (const std::exception &e) {
            ++failures;
            report["problems"].push_back({{"file", info.first().path}, {"reason", e.what()}});
            std::cerr << "sagitta: " << e.what() << "\n";
        }
    }
    for (const auto &p : scan.problems) {
        report["problems"].push_back({{"file", p.path}, {"reason", p.reason}});
        if (!a.has("--json"))
            std::cerr << "skipped " << p.path << ": " << p.reason << "\n";
    }
    if (a.has("--json"))
        std::cout << report.dump(2) << std::endl;
    return failures == 0 ? 0 : 1;
}

// A series by project id or by SeriesInstanceUID (the first stack of it).
std::int64_t findSeries(const core::Project &project, const std::string &key)
{
    if (const std::optional<std::int64_t> id = project.seriesStore().findSeries(key))
        return *id;
    throw core::Error(project.path() + ": no series " + key + " (give its id or SeriesInstanceUID; sagitta info lists them)");
}

int cmdLabels(const std::vector<std::string> &list)
{
    const char *usage = "usage: sagitta labels export --project P --series ID_OR_UID OUT [--keep-phi] [--author NAME] | "
                        "sagitta labels import --project P --series ID_OR_UID FILE [--merge] | "
                        "sagitta labels stats --project P --series ID_OR_UID [--csv OUT.csv] [--author NAME] | "
                        "sagitta labels review --project P --series ID_OR_UID [--status S] [--comment TEXT] [--author NAME] | "
                        "sagitta labels maps --project P --series ID_OR_UID | "
                        "sagitta labels accept|reject --project P --series ID_OR_UID --model ID";
    const Args a = parse(list, {"--project", "--series", "--csv", "--status", "--comment", "--author", "--model"});
    // Whose label map: --author NAME, else the current user's.
    const std::string author = a.has("--author") ? a.options.at("--author") : std::string();
    if (a.positional.size() == 1 && a.positional[0] == "maps" && a.has("--project") && a.has("--series")) {
        auto project = core::Project::open(a.options.at("--project"), core::Project::Access::ReadOnly);
        const std::int64_t id = findSeries(*project, a.options.at("--series"));
        const core::SeriesRecord record = *project->seriesStore().seriesById(id);
        const auto maps = project->labelStore().labelMaps(id);
        for (const core::LabelMapInfo &m : maps) {
            const core::LabelMap map = project->labelStore().loadMapById(m.id, record.geometry.dims);
            const auto counts = map.histogram();
            std::uint64_t voxels = 0;
            for (int v = 1; v < 256; ++v)
                voxels += counts[std::size_t(v)];
            std::cout << (m.author.empty() ? std::string("(no author yet)") : m.author) << "  " << m.source;
            if (m.source == "model")
                std::cout << " " << m.modelId;
            std::cout << "  " << m.status << "  " << project->labelStore().segmentsOfMap(m.id, id).size() << " segment(s), "
                      << voxels << " voxels\n";
        }
        if (maps.empty())
            std::cout << "series " << id << " has no labels yet\n";
        std::cout << std::flush;
        return 0;
    }
    if (a.positional.size() == 1 && (a.positional[0] == "accept" || a.positional[0] == "reject") && a.has("--project")
        && a.has("--series") && a.has("--model")) {
        auto project = core::Project::open(a.options.at("--project"));
        project->setBusyTimeout(kCliBusyTimeoutMs);
        const std::int64_t id = findSeries(*project, a.options.at("--series"));
        const std::int64_t model = std::stoll(a.options.at("--model"));
        if (a.positional[0] == "reject") {
            project->labelStore().rejectProposal(id, model);
            std::cout << "series " << id << ": the proposal of model " << model << " was rejected" << std::endl;
            return 0;
        }
        const core::LabelImport in = project->labelStore().acceptProposal(id, model);
        std::cout << "series " << id << ": " << in.segments.size() << " segment(s), " << in.voxels << " voxels of model " << model
                  << " accepted into the labels of " << core::Project::currentUser();
        if (in.voxelsOverlapping)
            std::cout << " (" << in.voxelsOverlapping << " overlapping yours, on a layer of their own)";
        std::cout << std::endl;
        return 0;
    }
    if (a.positional.size() == 1 && a.positional[0] == "review" && a.has("--project") && a.has("--series")) {
        // Without --status: the review state and its comments; with it: a new state (audited).
        const bool change = a.has("--status");
        auto project = core::Project::open(a.options.at("--project"),
                                           change ? core::Project::Access::ReadWrite : core::Project::Access::ReadOnly);
        project->setBusyTimeout(kCliBusyTimeoutMs);
        const std::int64_t id = findSeries(*project, a.options.at("--series"));
        if (change) {
            const std::string &status = a.options.at("--status");
            if (status != "draft" && status != "submitted" && status != "approved" && status != "rejected")
                return fail("sagitta labels review: --status must be draft, submitted, approved or rejected, not " + status);
            project->labelStore().setLabelMapStatus(id, status, a.has("--comment") ? a.options.at("--comment") : std::string(),
                                                    author);
        }
        std::cout << "series " << id << ": labels " << project->labelStore().labelMapStatus(id, author) << "\n";
        for (const core::LabelComment &c : project->labelStore().labelComments(id, author))
            std::cout << c.at << "  " << c.user << ": " << c.text << "\n";
        std::cout << std::flush;
        return 0;
    }
    if (a.positional.size() == 1 && a.positional[0] == "stats" && a.has("--project") && a.has("--series")) {
        // The segment table: voxels, volume, intensities and RECIST-style diameters.
        auto project = core::Project::open(a.options.at("--project"), core::Project::Access::ReadOnly);
        const std::int64_t id = findSeries(*project, a.options.at("--series"));
        const core::SeriesRecord record = *project->seriesStore().seriesById(id);
        const core::Volume volume = core::loadRecordedSeries(record);
        const core::LabelMap labels = project->labelStore().loadLabelMap(id, record.geometry.dims, author);
        const std::vector<core::Segment> segments = project->labelStore().segments(id, author);
        const std::string csv = core::statisticsCsv(core::segmentStatistics(labels, volume), segments, volume.unit);
        if (a.has("--csv")) {
            core::writeFileAtomically(a.options.at("--csv"), csv);
            std::cout << segments.size() << " segment(s) written to " << a.options.at("--csv") << std::endl;
        } else {
            std::cout << csv;
        }
        return 0;
    }
    if (a.positional.size() != 2 || !a.has("--project") || !a.has("--series"))
        return fail(usage);
    const std::string &what = a.positional[0], &file = a.positional[1];
    if (what == "export") {
        auto project = core::Project::open(a.options.at("--project"), core::Project::Access::ReadOnly);
        const std::int64_t id = findSeries(*project, a.options.at("--series"));
        const core::LabelExport out = core::exportLabels(*project, id, file, a.has("--keep-phi"), author);
        for (const std::string &f : out.files)
            std::cout << f << "\n";
        std::cout << "series " << id << ": " << out.segments << " segment(s), " << out.voxels << " labelled voxels exported"
                  << (core::labelFormatOf(file) == core::LabelFormat::Seg && !a.has("--keep-phi") ? " (de-identified)" : "")
                  << (core::labelFormatOf(file) == core::LabelFormat::Nifti && out.layers > 1
                          ? "; segments overlap: a 4D NIfTI, one volume per layer (" + std::to_string(out.layers)
                                + "), the .json names each segment's"
                          : std::string())
                  << std::endl;
        return 0;
    }
    if (what == "import") {
        auto project = core::Project::open(a.options.at("--project"));
        project->setBusyTimeout(kCliBusyTimeoutMs);
        const std::int64_t id = findSeries(*project, a.options.at("--series"));
        std::vector<std::string> warnings;
        const core::LabelImport in = core::importLabels(*project, id, file, a.has("--merge"), &warnings);
        for (const std::string &w : warnings)
            std::cout << "warning: " << w << "\n";
        std::cout << "series " << id << ": " << in.segments.size() << " segment(s), " << in.voxels << " voxels "
                  << (a.has("--merge") ? "added" : "imported (labels replaced)");
        if (in.voxelsOverlapping)
            std::cout << "; " << in.voxelsOverlapping << " voxels overlap labels already there and went to a layer of their own";
        if (in.voxelsKept)
            std::cout << "; " << in.voxelsKept << " voxels were left out (every layer is labelled there)";
        std::cout << std::endl;
        return 0;
    }
    return fail(usage);
}

int cmdVerify(const std::vector<std::string> &list)
{
    const Args a = parse(list, {});
    if (a.positional.size() != 1)
        return fail("usage: sagitta verify FILE.sagitta");
    auto project = core::Project::open(a.positional[0], core::Project::Access::ReadOnly);
    const std::vector<std::string> problems = project->verify();
    if (problems.empty()) {
        std::cout << project->path() << ": ok" << std::endl;
        return 0;
    }
    for (const std::string &p : problems)
        std::cout << project->path() << ": " << p << "\n";
    return fail(project->path() + ": " + std::to_string(problems.size()) + " problem(s) found");
}

int cmdDemo(const std::vector<std::string> &list)
{
    const Args a = parse(list, {});
    if (a.positional.size() != 1)
        return fail("usage: sagitta demo OUT.sagitta");
    core::createDemoProject(a.positional[0]);
    std::cout << "demo project written to " << a.positional[0] << std::endl;
    return 0;
}

} // namespace

int execBeside(const char *name, const std::vector<std::string> &args)
{
    char self[4096];
    const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    std::string program = name;
    if (n > 0) {
        self[n] = '\0';
        const std::string here(self);
        program = here.substr(0, here.rfind('/') + 1) + name;
    }
    std::vector<char *> argv;
    argv.push_back(const_cast<char *>(program.c_str()));
    for (const std::string &a : args)
        argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    std::cout << std::flush;
    // LibTorch's OpenMP threads (sagitta-train, training in the window) wait for work asleep,
    // not spinning: on a machine whose cores are busy elsewhere a spinning thread that lost its
    // core held every barrier up, and an epoch took 6-10x as long (35-63 s instead of 6 s on
    // 2 cores beside a compiler). Read by libgomp as the program starts; a user's setting wins.
    setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
    execv(program.c_str(), argv.data());
    std::cerr << "sagitta: cannot start " << program << ": " << std::strerror(errno) << std::endl;
    return 2;
}

bool isCliInvocation(const std::vector<std::string> &args)
{
    if (args.size() < 2)
        return false;
    static const std::set<std::string> commands{"import", "info",   "demo",   "convert",   "text",   "notes",
                                                "labels", "verify", "train",  "infer",     "models", "anonymize",
                                                "project", "users",
                                                "--version", "--help", "-h", "version",  "help"};
    if (commands.count(args[1]))
        return true;
    // A word that is neither an option nor an existing file is a mistyped command or a missing
    // project: the command line says so instead of opening a window.
    std::error_code ec;
    return args[1].rfind('-', 0) != 0 && !std::filesystem::exists(args[1], ec);
}

int runCli(const std::vector<std::string> &given)
{
    std::vector<std::string> args = given;
    const std::string cmd = args.size() > 1 ? args[1] : std::string();
    try {
        takeSessionOptions(args, 2);
        if (cmd == "--version" || cmd == "version") {
            std::cout << versionText();
            return 0;
        }
        if (cmd == "--help" || cmd == "-h" || cmd == "help") {
            std::cout << kUsage;
            return 0;
        }
        if (cmd == "import")
            return cmdImport(args);
        if (cmd == "info")
            return cmdInfo(args);
        if (cmd == "demo")
            return cmdDemo(args);
        if (cmd == "convert")
            return cmdConvert(args);
        if (cmd == "labels")
            return cmdLabels(args);
        if (cmd == "verify")
            return cmdVerify(args);
        if (cmd == "project" || cmd == "users") {
            const std::vector<std::string> rest(args.begin() + 2, args.end());
            return cmd == "project" ? runProjectCommand(rest) : runUsersCommand(rest);
        }
        if (cmd == "train" || cmd == "infer" || cmd == "models") {
            std::vector<std::string> rest{cmd};
            rest.insert(rest.end(), given.begin() + 2, given.end()); // --user, --passphrase-file: read there again
            return execBeside("sagitta-train", rest); // LibTorch is loaded there alone
        }
        if (cmd == "text" && std::find(args.begin(), args.end(), "--tagger") != args.end()) {
            std::vector<std::string> rest{"tag"};
            rest.insert(rest.end(), given.begin() + 2, given.end());
            return execBeside("sagitta-train", rest); // a trained tagger: LibTorch is loaded there alone
        }
        if (cmd == "text" || cmd == "notes" || cmd == "anonymize") {
            const std::vector<std::string> rest(args.begin() + 2, args.end());
            if (cmd == "anonymize")
                return runAnonymizeCommand(rest);
            return cmd == "text" ? runTextCommand(rest) : runNotesCommand(rest);
        }
    } catch (const nlohmann::json::parse_error &e) {
        // Its own message quotes what it read (a note, a name): only the position goes out.
        return fail("malformed JSON (error at byte " + std::to_string(e.byte) + ")");
    } catch (const std::exception &e) {
        return fail(e.what());
    }
    const std::string &word = cmd;
    if (word.size() > 8 && word.compare(word.size() - 8, 8, ".sagitta") == 0)
        std::cerr << "sagitta: " << word << ": no such project file\n";
    else
        std::cerr << "sagitta: '" << word << "' is neither a command nor a project file (sagitta --help lists the commands)\n";
    return 2;
}

} // namespace app
} // namespace sagitta
