// Sagitta benchmarks: each figure is the median of several runs, printed with its target
// where one is set. Data are written at bench time by DCMTK into a temporary folder and read
// back from the page cache.
#include "core/dicom/seriesloader.h"
#include "core/dicom/synthetic.h"
#include "core/labels/labeleditor.h"
#include "core/project/project.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace sagitta::core;

namespace {

double medianMs(int runs, const std::function<void()> &work)
{
    std::vector<double> ms;
    for (int r = 0; r < runs; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        work();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

void print(const char *what, double value, const char *unit, const char *target = "")
{
    std::printf("%-58s %10.3f %-5s %s\n", what, value, unit, target);
}

} // namespace

int main()
{
    const fs::path dir = fs::temp_directory_path() / ("sagitta-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::printf("Sagitta bench (median of runs; data in %s)\n\n", dir.c_str());

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
    const auto seriesId = project->addSeries(rec);
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
    const double saveMs = medianMs(21, [&] { project->saveLabelChunks(seriesId, labels, chunks); });
    std::printf("%-58s %10.3f %-5s (%zu chunks, WAL, synchronous=FULL)\n", "save one stroke's chunks", saveMs, "ms",
                chunks.size());
    const double undoMs = medianMs(21, [&] {
        editor.undo();
        editor.redo();
    });
    print("undo + redo of that stroke", undoMs, "ms");
    const double reloadMs = medianMs(5, [&] { (void)project->loadLabelMap(seriesId, vol.geometry().dims); });
    print("load the label map from the project", reloadMs, "ms");

    fs::remove_all(dir);
    return 0;
}
