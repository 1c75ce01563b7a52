// Sagitta benchmarks: each figure is the median of several runs, printed with its target
// where one is set. Data are written at bench time by DCMTK into a temporary folder and read
// back from the page cache.
#include "core/dicom/seriesloader.h"
#include "core/io/nifti.h"
#include "core/labels/overlay.h"
#include "core/text/annotator.h"
#include "core/text/demonotes.h"
#include "core/text/entityscore.h"
#include "core/dicom/synthetic.h"
#include "core/labels/labeleditor.h"
#include "core/project/importer.h"
#include "core/project/labelsaver.h"
#include "core/project/project.h"
#include "tests/bench/bench_child.h"
#include "tests/bench/bench_labels.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <random>
#include <thread>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace fs = std::filesystem;
using namespace sagitta::core;

using sagitta::bench::ChildRun;
using sagitta::bench::medianChild;
using sagitta::bench::medianMs;
using sagitta::bench::runChild;

namespace {

void print(const char *what, double value, const char *unit, const char *target = "")
{
    std::printf("%-58s %10.3f %-5s %s\n", what, value, unit, target);
}

bool haveDcm2niix() { return runChild({"dcm2niix", "-v"}).status >= 0; }

// The floor for loading: a plain sequential DCMTK loadFile loop with a memcpy per slice.
double plainDcmtkLoad(const std::vector<std::string> &files, std::vector<std::uint16_t> &volume, std::size_t sliceVoxels)
{
    return medianMs(3, [&] {
        for (std::size_t k = 0; k < files.size(); ++k) {
            DcmFileFormat ff;
            ff.loadFile(files[k].c_str());
            const Uint16 *px = nullptr;
            ff.getDataset()->findAndGetUint16Array(DCM_PixelData, px);
            if (px)
                std::memcpy(volume.data() + k * sliceVoxels, px, sliceVoxels * 2);
        }
    });
}

// Issue 4 figures on a 512 x 512 x 500 int16 CT series (about 250 MB of voxels).
void viewerBench(const fs::path &dir)
{
    std::printf("\n== DICOM viewer: 512x512x500 int16 CT, from the page cache ==\n");
    dicom::SyntheticSpec spec;
    spec.dims = {512, 512, 500};
    spec.spacing = {0.7, 0.7, 0.6};
    const auto t0 = std::chrono::steady_clock::now();
    const std::vector<std::string> files = dicom::writeSyntheticSeries((dir / "big").string(), spec);
    print("write the series with DCMTK (setup)", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), "s");
    const double voxelMb = 512.0 * 512.0 * 500.0 * 2.0 / (1024.0 * 1024.0);

    std::vector<std::uint16_t> plain(std::size_t(512) * 512 * 500);
    const double floorMs = plainDcmtkLoad(files, plain, std::size_t(512) * 512);
    print("plain DCMTK loadFile loop + memcpy (the floor)", floorMs / 1000.0, "s");
    plain = {};
    Volume vol;
    const double loadMs = medianMs(3, [&] {
        dicom::ScanResult scan = dicom::scanFolder((dir / "big").string());
        vol = dicom::loadSeries(scan.series.at(0));
    });
    print("header scan + full load (ours)", loadMs / 1000.0, "s", "target <= 0.15 s");
    // The app opens a recorded series: the middle slice is decoded on its own thread and shown
    // while the whole series loads beside it.
    const SeriesRecord record = toRecord(dicom::scanFolder((dir / "big").string()).series.at(0), "int16");
    const double firstMs = medianMs(7, [&] { loadMiddleSlice(record); });
    const double recordMs = medianMs(3, [&] { vol = loadRecordedSeries(record); });
    print("app: first slice on screen (middle slice read + decoded)", firstMs, "ms", "well before the full load");
    print("app: full load of the recorded series", recordMs / 1000.0, "s");

    const std::string self = fs::read_symlink("/proc/self/exe").string();
    const ChildRun mem = medianChild(3, {self, "--load-only", (dir / "big").string()});
    std::printf("%-58s %10.3f %-5s %s\n", "peak memory while loading / voxel bytes", mem.maxRssMb / voxelMb, "x",
                "target <= 1.1x (whole process, libraries included)");

    const bool ref = haveDcm2niix();
    const std::string nii = (dir / "ours.nii").string();
    const ChildRun ours = medianChild(3, {SAGITTA_EXE, "convert", (dir / "big").string(), nii});
    print("sagitta convert to .nii", ours.seconds, "s");
    if (ref) {
        fs::create_directories(dir / "ref");
        const ChildRun d2n = medianChild(3, {"dcm2niix", "-z", "n", "-b", "n", "-f", "ref", "-o", (dir / "ref").string(),
                                             (dir / "big").string()});
        print("dcm2niix -z n on the same series", d2n.seconds, "s");
        print("  speed ratio dcm2niix / sagitta", d2n.seconds / ours.seconds, "x", "target >= 1.0x");
        print("  dcm2niix peak memory / voxel bytes", d2n.maxRssMb / voxelMb, "x");
    } else {
        std::printf("dcm2niix not installed: no reference figures\n");
    }

    // One slice view frame: reslice + window/level + label overlay, 512 wide.
    LabelMap labels(vol.geometry().dims);
    for (int k = 200; k < 300; ++k)
        for (int j = 200; j < 320; ++j)
            for (int i = 180; i < 330; ++i)
                labels.set(i, j, k, 1);
    LabelStyle colors{};
    colors.set(1, 0xff0000, 0.5);
    std::vector<std::uint32_t> frame(std::size_t(512) * 512);
    for (SliceAxis axis : {SliceAxis::Axial, SliceAxis::Coronal, SliceAxis::Sagittal}) {
        const SlicePlane plane{axis, sliceCount(vol.geometry(), axis) / 2};
        WindowLevel wl{40, 400};
        const double ms = medianMs(51, [&] {
            wl.center += 1; // a new window each frame, as while dragging
            renderSlice(vol, &labels, plane, wl, colors, frame.data(), 512);
        });
        print(axis == SliceAxis::Axial ? "slice frame, axial 512x512 (window drag)"
              : axis == SliceAxis::Coronal ? "slice frame, coronal 512x500 (window drag)"
                                           : "slice frame, sagittal 512x500 (window drag)",
              ms, "ms", "target <= 2 ms");
        SlicePlane moving = plane;
        const double scroll = medianMs(51, [&] {
            moving.index = (moving.index + 1) % sliceCount(vol.geometry(), axis); // a new slice each frame
            renderSlice(vol, &labels, moving, wl, colors, frame.data(), 512);
        });
        print(axis == SliceAxis::Axial ? "slice frame, axial (scrolling)" : axis == SliceAxis::Coronal ? "slice frame, coronal (scrolling)"
                                                                                                 : "slice frame, sagittal (scrolling)",
              scroll, "ms", "target <= 2 ms");
    }

    // Compressed copies: decode spread over both cores, against dcm2niix where it reads them.
    for (dicom::TransferSyntax syntax : {dicom::TransferSyntax::JpegLsLossless, dicom::TransferSyntax::Jpeg2000Lossless}) {
        dicom::SyntheticSpec c = spec;
        c.syntax = syntax;
        const fs::path cdir = dir / dicom::transferSyntaxName(syntax);
        const auto e0 = std::chrono::steady_clock::now();
        dicom::writeSyntheticSeries(cdir.string(), c);
        std::printf("\n%s (encoded at bench time in %.1f s)\n", dicom::transferSyntaxName(syntax),
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - e0).count());
        const double ms = medianMs(3, [&] {
            dicom::ScanResult scan = dicom::scanFolder(cdir.string());
            vol = dicom::loadSeries(scan.series.at(0));
        });
        print("  scan + decode (ours, both cores)", ms / 1000.0, "s");
        const SeriesRecord crecord = toRecord(dicom::scanFolder(cdir.string()).series.at(0), "int16");
        print("  app: first slice on screen", medianMs(7, [&] { loadMiddleSlice(crecord); }), "ms");
        if (ref) {
            fs::create_directories(cdir / "ref");
            const ChildRun d2n = medianChild(3, {"dcm2niix", "-z", "n", "-b", "n", "-f", "ref", "-o", (cdir / "ref").string(),
                                                 cdir.string()});
            const ChildRun oursC = medianChild(3, {SAGITTA_EXE, "convert", cdir.string(), (dir / "c.nii").string()});
            if (d2n.status == 0 && fs::exists(cdir / "ref" / "ref.nii"))
                std::printf("%-58s %10.3f %-5s (dcm2niix %.3f s, sagitta convert %.3f s)\n", "  speed ratio dcm2niix / sagitta",
                            d2n.seconds / oursC.seconds, "x", d2n.seconds, oursC.seconds);
            else
                std::printf("  dcm2niix cannot read this syntax (exit %d)\n", d2n.status);
        }
    }
}

// Issue 3 figure: English clinical text through the whole pipeline on one core.
void textBench()
{
    std::printf("\n== Clinical text: English notes through the full pipeline, one core ==\n");
    std::string corpus;
    const std::vector<Note> notes = demoNotes("bench");
    while (corpus.size() < std::size_t(8) << 20)
        for (const Note &n : notes)
            if (n.language == "en")
                corpus += n.text + "\n";
    const text::Annotator annotator(text::Language::English);
    std::size_t spans = 0;
    const double ms = medianMs(7, [&] { spans = annotator.annotate(corpus).size(); });
    const double mb = double(corpus.size()) / (1024.0 * 1024.0);
    std::printf("%-58s %10.3f %-5s %s\n", "text annotate throughput (8 MB, sections, concepts, context)", mb / (ms / 1000.0),
                "MB/s", "target >= 20 MB/s");
    std::printf("%-58s %10zu\n", "  spans found", spans);
}

// Issue 13 figure: the entity finder on the gold sets in tests/data/text, the same table
// tst_text prints. Part 1 is a file's tuning half, 2 its held-out half, 0 the whole file (a set
// nobody tuned on); another gold set is one more entry here.
void entityBench()
{
    struct GoldSet {
        const char *file;
        text::Language language;
        std::vector<int> parts;
    };
    const GoldSet sets[] = {
        {"entities_en.txt", text::Language::English, {1, 2}},
        {"entities_zh.txt", text::Language::Chinese, {1, 2}},
        {"entities_blind_en.txt", text::Language::English, {0}},
        {"entities_blind_zh.txt", text::Language::Chinese, {0}},
    };
    std::printf("\n== Clinical text: entities against the gold sets in tests/data/text ==\n");
    for (const GoldSet &set : sets) {
        std::ifstream in(std::string(SAGITTA_TEST_DATA_DIR "/text/") + set.file, std::ios::binary);
        const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (content.empty()) {
            std::printf("  cannot read %s\n", set.file);
            continue;
        }
        const text::Annotator annotator(set.language);
        for (int part : set.parts) {
            const auto score = text::scoreEntities(annotator, text::parseEntityGold(content, part));
            const char *half = part == 1 ? " tuning half" : part == 2 ? " held-out half" : " (all)";
            std::printf("%s", text::formatEntityScore(std::string(set.file) + half, score).c_str());
        }
    }
}

// A JSONL file of about `bytes` of English and Chinese notes (ids 0..), sentences drawn from
// the demo notes so that every note differs.
std::size_t writeNotesFile(const fs::path &path, std::size_t bytes)
{
    std::vector<std::string> sentences;
    for (const Note &n : demoNotes("soak")) {
        // Sentences end at ". ", a line break or "\u3002" (never inside a UTF-8 character).
        for (std::size_t at = 0; at < n.text.size();) {
            std::size_t end = n.text.size();
            for (const char *stop : {". ", "\n", "\xe3\x80\x82"}) {
                const std::size_t e = n.text.find(stop, at);
                if (e != std::string::npos)
                    end = std::min(end, e + std::strlen(stop));
            }
            if (end - at > 8)
                sentences.push_back(n.text.substr(at, end - at));
            at = end;
        }
    }
    std::mt19937 random(11);
    std::ofstream out(path, std::ios::binary);
    std::size_t written = 0, count = 0;
    while (written < bytes) {
        std::string text = "Note " + std::to_string(count) + ".";
        const int length = std::uniform_int_distribution<int>(3, 40)(random);
        for (int s = 0; s < length; ++s)
            text += " " + sentences[std::size_t(std::uniform_int_distribution<int>(0, int(sentences.size()) - 1)(random))];
        std::string escaped;
        for (char c : text) {
            if (c == '"' || c == '\\')
                escaped += '\\';
            if (c == '\n') {
                escaped += "\\n";
                continue;
            }
            if (c == '\t' || c == '\r')
                continue;
            escaped += c;
        }
        const std::string line = "{\"id\": " + std::to_string(count) + ", \"patient_id\": \"P" + std::to_string(count % 997)
                                 + "\", \"text\": \"" + escaped + "\"}\n";
        out << line;
        written += line.size();
        ++count;
    }
    return count;
}

// Nothing lost under load: 200 MB of notes imported and annotated as commands (peak memory
// bounded whatever the size), and a 30,000-note import running while this process saves
// strokes through its own connection: every stroke must be in the file at the end.
void soakBench(const fs::path &dir)
{
    std::printf("\n== Soak: large notes files as commands, strokes saved during a long import ==\n");
    const fs::path big = dir / "notes-200mb.jsonl";
    const std::size_t notes = writeNotesFile(big, std::size_t(200) << 20);
    const double mb = double(fs::file_size(big)) / (1024.0 * 1024.0);
    std::printf("%-58s %10zu notes, %.0f MB\n", "notes file", notes, mb);
    const ChildRun import = runChild({SAGITTA_EXE, "notes", "import", big.string(), "--project", (dir / "soak.sagitta").string()});
    std::printf("%-58s %10.1f s   %.1f MB/s, peak RSS %.0f MB (target < 300 MB), exit %d\n",
                "sagitta notes import (200 MB JSONL)", import.seconds, mb / import.seconds, import.maxRssMb, import.status);
    const ChildRun again = runChild({SAGITTA_EXE, "notes", "import", big.string(), "--project", (dir / "soak.sagitta").string()});
    std::printf("%-58s %10.1f s   peak RSS %.0f MB (every note found again, none added)\n", "  the same file again", again.seconds,
                again.maxRssMb);
    const ChildRun annotate = runChild({SAGITTA_EXE, "text", "annotate", big.string()});
    std::printf("%-58s %10.1f s   %.1f MB/s, peak RSS %.0f MB (target < 300 MB), exit %d\n",
                "sagitta text annotate (200 MB JSONL)", annotate.seconds, mb / annotate.seconds, annotate.maxRssMb,
                annotate.status);
    fs::remove(big);

    // 30,000 notes imported by a command while this process paints and saves every 20 ms.
    const fs::path notesFile = dir / "notes-30k.jsonl";
    std::size_t written = 0;
    for (std::size_t bytes = std::size_t(16) << 20; (written = writeNotesFile(notesFile, bytes)) < 30000;)
        bytes = bytes * 30500 / std::max<std::size_t>(written, 1);
    const std::string projectPath = (dir / "strokes.sagitta").string();
    std::int64_t seriesId = 0;
    {
        auto p = Project::create(projectPath);
        SeriesRecord r;
        r.seriesUid = "soak";
        r.geometry.dims = {256, 256, 64};
        seriesId = p->seriesStore().addSeries(r);
    }
    auto project = Project::open(projectPath);
    project->setBusyTimeout(200); // as the main window does
    LabelMap labels({256, 256, 64});
    LabelSaver saver(*project, seriesId, labels);
    pid_t pid = 0;
    std::vector<std::string> args{SAGITTA_EXE, "notes", "import", notesFile.string(), "--project", projectPath};
    std::vector<char *> argv;
    for (auto &a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    const auto t0 = std::chrono::steady_clock::now();
    posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    std::mt19937 random(5);
    int strokes = 0, failedSaves = 0, status = 0;
    std::vector<double> saveMs;
    double longestPending = 0;
    while (waitpid(pid, &status, WNOHANG) == 0) {
        const int i = std::uniform_int_distribution<int>(0, 255)(random), j = std::uniform_int_distribution<int>(0, 255)(random);
        const int k = std::uniform_int_distribution<int>(0, 63)(random);
        labels.set(i, j, k, std::uint8_t(1 + strokes % 3));
        ++strokes;
        const auto s0 = std::chrono::steady_clock::now();
        if (!saver.save({labels.chunkOf(i, j, k)}))
            ++failedSaves;
        saveMs.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s0).count());
        longestPending = std::max(longestPending, saver.pendingSeconds());
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const double importSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    posix_spawn_file_actions_destroy(&actions);
    while (!saver.retry())
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    project.reset();
    auto check = Project::open(projectPath, Project::Access::ReadOnly);
    const bool allSaved = check->labelStore().loadLabelMap(seriesId, {256, 256, 64}) == labels;
    std::sort(saveMs.begin(), saveMs.end());
    std::printf("%-58s %10.1f s   %zu notes, exit %d, %zu notes in the file\n", "notes import while strokes are saved",
                importSeconds, written, WIFEXITED(status) ? WEXITSTATUS(status) : -1, check->noteStore().notes().size());
    std::printf("%-58s %10d      %d saves found the file busy and were retried; median save %.2f ms, p99 %.1f ms, "
                "longest unsaved %.0f ms\n",
                "  strokes painted meanwhile", strokes, failedSaves, saveMs[saveMs.size() / 2],
                saveMs[std::min(saveMs.size() - 1, saveMs.size() * 99 / 100)], longestPending * 1000.0);
    std::printf("%-58s %10s\n", "  every stroke in the file at the end", allSaved ? "yes" : "NO");
}

} // namespace

namespace sagitta::bench {
void trainBench(int threads); // bench_train.cpp
int encryptionBench();        // bench_encryption.cpp
int foreignBench(const std::string &dataDir, int runs); // bench_foreign.cpp
void textCommandBench();      // bench_text.cpp
int deidBench();              // bench_deid.cpp
void writeTextBenchFiles(const fs::path &dir);
}

int main(int argc, char **argv)
{
    if (argc == 3 && std::string(argv[1]) == "--load-only") {
        const dicom::ScanResult scan = dicom::scanFolder(argv[2]);
        const Volume v = dicom::loadSeries(scan.series.at(0));
        return v.voxelCount() > 0 ? 0 : 1;
    }
    const bool viewerOnly = argc == 2 && std::string(argv[1]) == "--viewer";
    if (argc == 2 && std::string(argv[1]) == "--labels") {
        std::printf("\n== Label effects ==\n");
        sagitta::bench::regionEffectsBench();
        sagitta::bench::morphologyEffectsBench();
        sagitta::bench::labelStoreBench();
        return 0;
    }
    if (argc == 2 && std::string(argv[1]) == "--store") {
        sagitta::bench::labelStoreBench();
        return 0;
    }
    if (argc == 2 && std::string(argv[1]) == "--soak") {
        const fs::path dir = fs::temp_directory_path() / ("sagitta-soak-" + std::to_string(::getpid()));
        fs::create_directories(dir);
        soakBench(dir);
        fs::remove_all(dir);
        return 0;
    }
    if (argc >= 2 && std::string(argv[1]) == "--train") {
        sagitta::bench::trainBench(argc >= 3 ? std::atoi(argv[2]) : 2);
        return 0;
    }
    if (argc >= 2 && std::string(argv[1]) == "--foreign")
        return sagitta::bench::foreignBench(argc >= 3 ? argv[2] : "", argc >= 4 ? std::max(1, std::atoi(argv[3])) : 5);
    if (argc == 2 && std::string(argv[1]) == "--entities") {
        entityBench();
        return 0;
    }
    if (argc == 2 && std::string(argv[1]) == "--encryption")
        return sagitta::bench::encryptionBench();
    if (argc == 2 && std::string(argv[1]) == "--deid")
        return sagitta::bench::deidBench();
    if (argc == 2 && std::string(argv[1]) == "--text") {
        textBench();
        entityBench();
        sagitta::bench::textCommandBench();
        return 0;
    }
    if (argc == 3 && std::string(argv[1]) == "--text-notes") { // the text bench's notes files, to compare outputs
        sagitta::bench::writeTextBenchFiles(argv[2]);
        return 0;
    }
    const fs::path dir = fs::temp_directory_path() / ("sagitta-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::printf("Sagitta bench (median of runs; data in %s)\n\n", dir.c_str());
    if (viewerOnly) {
        viewerBench(dir);
        fs::remove_all(dir);
        return 0;
    }

    dicom::SyntheticSpec spec;
    spec.dims = {512, 512, 100};
    spec.spacing = {0.7, 0.7, 1.0};
    const double writeMs = medianMs(1, [&] { dicom::writeSyntheticSeries((dir / "ct").string(), spec); });
    print("write 512x512x100 CT series with DCMTK", writeMs, "ms");

    dicom::ScanResult scan;
    const double scanMs = medianMs(5, [&] { scan = dicom::scanFolder((dir / "ct").string()); });
    print("header scan, 100 files", scanMs, "ms");
    Volume vol;
    const double loadMs = medianMs(5, [&] { vol = dicom::loadSeries(scan.series.at(0)); });
    print("full volume load (decode + rescale), 512x512x100", loadMs, "ms");
    const double mb = double(vol.bytes()) / (1024.0 * 1024.0);
    print("  load throughput", mb / (loadMs / 1000.0), "MB/s");

    LabelMap labels(vol.geometry().dims);
    for (int k = 40; k < 60; ++k)
        for (int j = 200; j < 300; ++j)
            for (int i = 200; i < 300; ++i)
                labels.set(i, j, k, 1);
    std::vector<std::uint8_t> grey;
    for (SliceAxis axis : {SliceAxis::Axial, SliceAxis::Coronal, SliceAxis::Sagittal}) {
        const SlicePlane plane{axis, sliceCount(vol.geometry(), axis) / 2};
        const double ms = medianMs(21, [&] { windowSlice(vol, plane, {40, 400}, grey); });
        const char *name = axis == SliceAxis::Axial ? "window one slice, axial 512x512"
                           : axis == SliceAxis::Coronal ? "window one slice, coronal 512x100"
                                                        : "window one slice, sagittal 512x100";
        print(name, ms, "ms");
    }

    // A brush stroke across the slice, and saving its chunks in one durable transaction.
    auto project = Project::create((dir / "bench.sagitta").string());
    SeriesRecord rec;
    rec.seriesUid = "bench";
    rec.geometry = vol.geometry();
    const auto seriesId = project->seriesStore().addSeries(rec);
    LabelEditor editor(labels, vol.geometry());
    std::vector<int> chunks;
    int k = 0;
    const double strokeMs = medianMs(21, [&] {
        editor.beginStroke({SliceAxis::Axial, k++ % 100}, {5.0, BrushMode::Paint, 2}, 50, 50);
        for (int s = 1; s <= 40; ++s)
            editor.continueStroke(50 + s * 10, 50 + s * 10);
        chunks = editor.endStroke();
    });
    print("brush stroke, radius 5 mm, 400 voxels long", strokeMs, "ms");
    const double saveMs = medianMs(21, [&] { project->labelStore().saveLabelChunks(seriesId, labels, chunks); });
    std::printf("%-58s %10.3f %-5s (%zu chunks, WAL, synchronous=FULL)\n", "save one stroke's chunks", saveMs, "ms",
                chunks.size());
    const double undoMs = medianMs(21, [&] {
        editor.undo();
        editor.redo();
    });
    print("undo + redo of that stroke", undoMs, "ms");
    const double reloadMs = medianMs(5, [&] { (void)project->labelStore().loadLabelMap(seriesId, vol.geometry().dims); });
    print("load the label map from the project", reloadMs, "ms");

    viewerBench(dir);
    std::printf("\n== Label effects ==\n");
    sagitta::bench::regionEffectsBench();
    sagitta::bench::morphologyEffectsBench();
    sagitta::bench::labelStoreBench();
    textBench();
    sagitta::bench::textCommandBench();
    fs::remove_all(dir);
    return 0;
}
