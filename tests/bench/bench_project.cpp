// The label store on a real 512 x 512 x 500 CT series written by DCMTK: saving one edit
// durably, exporting DICOM SEG as the command does, and reopening a project of 50 labelled
// series, each beside its floor or peer measured in the same run (issue targets in brackets).
#include "tests/bench/bench_child.h"
#include "tests/bench/bench_labels.h"

#include "core/dicom/synthetic.h"
#include "core/labels/brush.h"
#include "core/project/chunkcodec.h"
#include "core/project/importer.h"
#include "core/project/labelsaver.h"
#include "core/project/project.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>

#include <fcntl.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace sagitta::core;

namespace sagitta::bench {

namespace {

void line(const char *what, double value, const char *unit, const std::string &note = {})
{
    std::printf("%-58s %10.3f %-5s %s\n", what, value, unit, note.c_str());
}

// A ball of about `voxels` voxels (radius in voxels) of label at centre; returns its chunks.
std::set<int> ball(LabelMap &map, std::uint8_t label, const std::array<int, 3> &c, double voxels)
{
    const double r = std::cbrt(3.0 * voxels / (4.0 * M_PI));
    std::set<int> chunks;
    const int R = int(std::ceil(r));
    for (int k = c[2] - R; k <= c[2] + R; ++k)
        for (int j = c[1] - R; j <= c[1] + R; ++j)
            for (int i = c[0] - R; i <= c[0] + R; ++i)
                if (map.contains(i, j, k) && double(i - c[0]) * (i - c[0]) + double(j - c[1]) * (j - c[1]) + double(k - c[2]) * (k - c[2]) <= r * r) {
                    map.set(i, j, k, label);
                    chunks.insert(map.chunkOf(i, j, k));
                }
    return chunks;
}

} // namespace

void labelStoreBench()
{
    const fs::path dir = fs::temp_directory_path() / ("sagitta-bench-store-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::printf("\n== Label store: 512x512x500 CT series written by DCMTK ==\n");
    dicom::SyntheticSpec spec;
    spec.dims = {512, 512, 500};
    spec.spacing = {0.7, 0.7, 1.0};
    dicom::writeSyntheticSeries((dir / "ct").string(), spec);
    const std::string projectPath = (dir / "p.sagitta").string();
    std::int64_t seriesId = 0;
    SeriesRecord record;
    LabelMap map(spec.dims);
    std::vector<int> all;
    {
        auto project = Project::create(projectPath);
        seriesId = recordImport(*project, scanForImport((dir / "ct").string())).at(0);
        record = *project->seriesStore().seriesById(seriesId);
        // Three segments: a small lesion, a node, a larger mass (about 5k, 30k, 100k voxels).
        const char *names[3] = {"Lesion", "Lymph node", "Mass"};
        const double sizes[3] = {5000, 30000, 100000};
        const std::array<int, 3> centres[3] = {{{180, 200, 150}}, {{300, 260, 250}}, {{256, 330, 380}}};
        std::set<int> chunks;
        for (int s = 0; s < 3; ++s) {
            const Segment seg = project->labelStore().addSegment(seriesId, names[s], 0xff0000u >> (8 * s));
            const std::set<int> c = ball(map, seg.label, centres[s], sizes[s]);
            chunks.insert(c.begin(), c.end());
        }
        all.assign(chunks.begin(), chunks.end());
        project->labelStore().saveLabelChunks(seriesId, map, all);
        const auto h = map.histogram();
        std::printf("segments of %llu, %llu and %llu voxels in %zu chunks\n", (unsigned long long)h[1],
                    (unsigned long long)h[2], (unsigned long long)h[3], all.size());
    }

    // Saving one edit durably: a sphere dab's chunks through LabelSaver (WAL, synchronous=FULL:
    // about six 4 KB pages and one fdatasync per commit), beside appending the same compressed
    // bytes to a file with one fdatasync. Both are mostly the disk's sync, which varies run to run.
    {
        auto project = Project::open(projectPath);
        LabelSaver saver(*project, seriesId, map);
        BrushSettings s;
        s.shape = BrushShape::Sphere;
        s.radiusPixels = 10;
        int run = 0;
        std::vector<int> chunks;
        std::size_t bytes = 0;
        auto dab = [&] {
            s.label = std::uint8_t(1 + run++ % 2); // every dab changes its voxels
            BrushStroke stroke(map, record.geometry, {SliceAxis::Axial, 250}, s);
            stroke.addPoint(300.3, 260.3);
            chunks = stroke.finish().chunkIndices();
            bytes = 0;
            for (int c : chunks)
                bytes += compressChunk(map.chunk(c)).size();
        };
        dab();
        bool saved = true;
        const double saveMs = medianMs(41, [&] { saved = saver.save(chunks) && saved; }, dab);
        std::vector<char> payload(bytes, 'x');
        const std::string floorFile = (dir / "fsync.bin").string();
        const int fd = ::open(floorFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        // Appended, as the WAL is, and synced as SQLite syncs it (fdatasync).
        off_t at = 0;
        const double floorMs = medianMs(41, [&] {
            if (::pwrite(fd, payload.data(), payload.size(), at) != ssize_t(payload.size()) || ::fdatasync(fd) != 0)
                std::printf("fsync floor: write failed\n");
            at += off_t(payload.size());
        });
        ::close(fd);
        char note[128];
        std::snprintf(note, sizeof note, "[<= 5 ms]  one fsync'd write of the %zu bytes %.3f ms; %zu chunks%s", bytes,
                      floorMs, chunks.size(), saved ? "" : "; A SAVE FAILED");
        line("save one sphere dab, durable (LabelSaver, 41 runs)", saveMs, "ms", note);
    }
    {
        // Put the map back as the three segments (the dabs above changed it).
        auto project = Project::open(projectPath);
        map = project->labelStore().loadLabelMap(seriesId, spec.dims);
    }

    // A command's floor: starting the process (the one executable links Qt Widgets and VTK too).
    const ChildRun start = medianChild(5, {SAGITTA_EXE, "--version"});
    line("sagitta --version: process start, every command's floor", start.seconds, "s");

    // DICOM SEG export of the three segments as the command, beside converting the series.
    {
        const std::string out = (dir / "seg.dcm").string();
        const ChildRun seg = medianChild(5, {SAGITTA_EXE, "labels", "export", "--project", projectPath, "--series",
                                             std::to_string(seriesId), out});
        const ChildRun convert = medianChild(3, {SAGITTA_EXE, "convert", (dir / "ct").string(), (dir / "ct.nii").string()});
        char note[128];
        std::snprintf(note, sizeof note, "[<= 2 s]  sagitta convert of the series %.3f s%s", convert.seconds,
                      seg.status == 0 && convert.status == 0 ? "" : "; A COMMAND FAILED");
        line("sagitta labels export OUT.dcm, 3 segments (5 runs)", seg.seconds, "s", note);
        std::error_code ec;
        std::printf("%-58s %10.1f MB\n", "  the SEG file", double(fs::file_size(out, ec)) / 1e6);
    }

    // Reopening a project of 50 labelled series: what the main window reads on open (series
    // list with review status; here every series' segments too; the first series' label map), and
    // `sagitta info --json` (every series, segment and voxel count) as a process.
    {
        const std::string bigPath = (dir / "fifty.sagitta").string();
        {
            auto project = Project::create(bigPath);
            for (int n = 0; n < 50; ++n) {
                SeriesRecord r = record;
                r.id = 0;
                r.seriesUid = record.seriesUid + "." + std::to_string(n + 1);
                const std::int64_t id = project->seriesStore().addSeries(r);
                for (const char *name : {"Lesion", "Lymph node", "Mass"})
                    project->labelStore().addSegment(id, name, 0x00ff00);
                project->labelStore().saveLabelChunks(id, map, all);
            }
        }
        std::size_t seen = 0;
        const double openMs = medianMs(5, [&] {
            auto project = Project::open(bigPath);
            const std::vector<SeriesRecord> list = project->seriesStore().series();
            for (const SeriesRecord &r : list)
                seen += project->labelStore().labelMapStatus(r.id).size() + project->labelStore().segments(r.id).size();
            const LabelMap first = project->labelStore().loadLabelMap(list.front().id, list.front().geometry.dims);
            seen += std::size_t(first.count(1) > 0);
        });
        const ChildRun info = medianChild(5, {SAGITTA_EXE, "info", bigPath, "--json"});
        char note[128];
        std::snprintf(note, sizeof note, "[<= 1 s]  %zu files listed", record.files.size() * 50);
        line("reopen 50 labelled series as the main window (5 runs)", openMs / 1000.0, "s", note);
        line("sagitta info P --json, 50 labelled series (5 runs)", info.seconds, "s",
             info.status == 0 ? "[<= 1 s]" : "[<= 1 s]  THE COMMAND FAILED");
        (void)seen;
    }
    if (std::getenv("SAGITTA_BENCH_KEEP"))
        std::printf("kept %s (SAGITTA_BENCH_KEEP)\n", dir.c_str());
    else
        fs::remove_all(dir);
}

} // namespace sagitta::bench
