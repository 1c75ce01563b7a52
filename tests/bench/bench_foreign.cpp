// sagitta_bench --foreign [DATA_DIR] [RUNS]: the commands as users run them, each a fresh
// process, on series written by other tools (pydicom, GDCM, DCMTK's command-line tools), beside
// dcm2niix -z n in the same run. Each figure is the median of RUNS (default 5) runs, the runs of
// the commands interleaved so that the machine's load falls on all of them alike; peak memory
// is the command's own (wait4's rusage through sagitta_bench_spawn). The page cache is warm
// (the series were just written or read). DATA_DIR keeps the series between bench runs.
#include "tests/bench/bench_child.h"

#include <nifti1_io.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace sagitta::bench {

namespace {

const char *kPython = "/usr/bin/python3";

bool quiet(const std::vector<std::string> &args)
{
    return runChild(args).status == 0;
}

struct Foreign {
    std::string name, writer;
    fs::path dir;
};

// Copies every file of `from` into `to` through a command-line tool: tool ARGS... IN OUT.
bool convertEach(const fs::path &from, const fs::path &to, const std::vector<std::string> &tool)
{
    fs::create_directories(to);
    for (const auto &entry : fs::directory_iterator(from)) {
        std::vector<std::string> args = tool;
        args.push_back(entry.path().string());
        args.push_back((to / entry.path().filename()).string());
        if (!quiet(args)) {
            std::printf("  %s failed on %s\n", tool.front().c_str(), entry.path().c_str());
            return false;
        }
    }
    return true;
}

bool writeSeries(const fs::path &data, std::vector<Foreign> &out)
{
    const std::string script = std::string(SAGITTA_BENCH_DIR) + "/foreign_series.py";
    const fs::path ct = data / "ct-pydicom", mr = data / "mr-pydicom", gdcm = data / "mr-gdcm-jpeg-lossless",
                   dcmtk = data / "mr-dcmtk-rle";
    const auto t0 = std::chrono::steady_clock::now();
    if (!fs::exists(ct) && !quiet({kPython, script, "ct", ct.string(), "500"})) {
        std::printf("cannot write the pydicom CT (needs Debian's python3-pydicom and python3-numpy)\n");
        return false;
    }
    if (!fs::exists(mr) && !quiet({kPython, script, "mr", mr.string(), "120"})) {
        std::printf("cannot write the pydicom MR\n");
        return false;
    }
    if (!fs::exists(gdcm) && !convertEach(mr, gdcm, {"gdcmconv", "--jpeg"})) {
        std::printf("cannot write the GDCM copy (needs libgdcm-tools)\n");
        return false;
    }
    if (!fs::exists(dcmtk) && !convertEach(mr, dcmtk, {"dcmcrle"})) {
        std::printf("cannot write the DCMTK copy (needs dcmtk)\n");
        return false;
    }
    std::printf("%-58s %10.1f s\n", "series written or found (setup)",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    out = {{"CT 512x512x500, int16 signed, intercept -1024, shuffled names", "pydicom, explicit VR", ct},
           {"MR 256x256x120, 12 bits", "pydicom, implicit VR", mr},
           {"MR 256x256x120, 12 bits", "GDCM gdcmconv --jpeg (lossless)", gdcm},
           {"MR 256x256x120, 12 bits", "DCMTK dcmcrle (RLE)", dcmtk}};
    return true;
}

ChildRun median(std::vector<ChildRun> runs)
{
    std::vector<double> cpu;
    for (const ChildRun &r : runs)
        cpu.push_back(r.cpuSeconds);
    std::sort(cpu.begin(), cpu.end());
    std::sort(runs.begin(), runs.end(), [](const ChildRun &a, const ChildRun &b) { return a.seconds < b.seconds; });
    ChildRun m = runs[runs.size() / 2];
    m.cpuSeconds = cpu[cpu.size() / 2]; // the median of each, on a machine others share
    return m;
}

std::string cpuNote(const ChildRun &r)
{
    char text[64];
    std::snprintf(text, sizeof text, "CPU %.0f ms", r.cpuSeconds * 1000.0);
    return text;
}

// The first .nii file in a folder (dcm2niix names it itself when a series splits).
fs::path firstNifti(const fs::path &dir)
{
    std::vector<fs::path> found;
    if (fs::exists(dir))
        for (const auto &e : fs::directory_iterator(dir))
            if (e.path().extension() == ".nii")
                found.push_back(e.path());
    std::sort(found.begin(), found.end());
    return found.empty() ? fs::path() : found.front();
}

// Largest difference between the real values (scl_slope/scl_inter applied) of the middle slices
// of two NIfTI files; negative when they cannot be compared (another grid or type).
double middleSliceDifference(const fs::path &a, const fs::path &b)
{
    nifti_image *na = nifti_image_read(a.c_str(), 0), *nb = nifti_image_read(b.c_str(), 0);
    double worst = -1;
    if (na && nb && na->nx == nb->nx && na->ny == nb->ny && na->nz == nb->nz && na->nbyper == 2 && nb->nbyper == 2) {
        const std::size_t n = std::size_t(na->nx) * std::size_t(na->ny);
        std::vector<std::int16_t> sa(n), sb(n);
        const auto read = [&](const fs::path &p, nifti_image *h, std::vector<std::int16_t> &s) {
            const int fd = ::open(p.c_str(), O_RDONLY);
            const off_t at = off_t(h->iname_offset) + off_t(n * 2) * off_t(h->nz / 2);
            const bool ok = fd >= 0 && ::pread(fd, s.data(), n * 2, at) == ssize_t(n * 2);
            if (fd >= 0)
                ::close(fd);
            return ok;
        };
        if (read(a, na, sa) && read(b, nb, sb)) {
            const auto value = [](nifti_image *h, std::int16_t raw) {
                const bool u = h->datatype == DT_UINT16;
                const double v = u ? double(std::uint16_t(raw)) : double(raw);
                return h->scl_slope != 0.0f ? v * h->scl_slope + h->scl_inter : v;
            };
            worst = 0;
            for (std::size_t i = 0; i < n; ++i)
                worst = std::max(worst, std::abs(value(na, sa[i]) - value(nb, sb[i])));
        }
    }
    if (na)
        nifti_image_free(na);
    if (nb)
        nifti_image_free(nb);
    return worst;
}

void line(const char *what, double value, const char *unit, const std::string &note = {})
{
    std::printf("%-58s %10.3f %-5s %s\n", what, value, unit, note.c_str());
}

} // namespace

int foreignBench(const std::string &dataDir, int runs)
{
    std::printf("\n== Commands as processes on series other tools wrote, beside dcm2niix (median of %d) ==\n", runs);
    if (runChild({"dcm2niix", "-v"}).status < 0) {
        std::printf("dcm2niix is not installed: no reference\n");
        return 1;
    }
    const fs::path data = dataDir.empty() ? fs::temp_directory_path() / ("sagitta-foreign-" + std::to_string(::getpid())) : fs::path(dataDir);
    const fs::path work = data / "work";
    fs::create_directories(work);
    std::vector<Foreign> series;
    if (!writeSeries(data, series))
        return 1;
    const ChildRun start = median([&] {
        std::vector<ChildRun> r;
        for (int n = 0; n < std::max(runs, 5); ++n)
            r.push_back(runChild({SAGITTA_EXE, "--version"}));
        return r;
    }());
    line("sagitta --version (process start, the floor of every command)", start.seconds * 1000.0, "ms",
         cpuNote(start) + ", peak RSS " + std::to_string(int(std::lround(start.maxRssMb))) + " MB");
    // SAGITTA_BENCH_BASELINE=/path/to/an/older/sagitta: its scan, load, import and first slice
    // are timed in the same runs, interleaved with ours (before and after on the same load).
    const char *baselineEnv = std::getenv("SAGITTA_BENCH_BASELINE");
    const std::string baseline = baselineEnv ? baselineEnv : "";
    if (!baseline.empty()) {
        std::vector<ChildRun> r;
        for (int n = 0; n < std::max(runs, 5); ++n)
            r.push_back(runChild({baseline, "--version"}));
        const ChildRun b = median(r);
        line("  baseline --version", b.seconds * 1000.0, "ms", cpuNote(b));
    }
    bool allMet = true;
    for (std::size_t s = 0; s < series.size(); ++s) {
        const Foreign &f = series[s];
        std::printf("\n%s, written by %s\n", f.name.c_str(), f.writer.c_str());
        const fs::path ours = work / ("ours-" + std::to_string(s) + ".nii"), ref = work / ("ref-" + std::to_string(s));
        const std::string project = (work / ("p" + std::to_string(s) + ".sagitta")).string();
        fs::remove(project);
        const ChildRun import = runChild({SAGITTA_EXE, "import", f.dir.string(), "--project", project});
        const std::string baseProject = (work / ("b" + std::to_string(s) + ".sagitta")).string();
        fs::remove(baseProject);
        const ChildRun baseImport = baseline.empty() ? ChildRun() : runChild({baseline, "import", f.dir.string(), "--project", baseProject});
        std::vector<ChildRun> convert, d2n, scan, load, slice, baseScan, baseLoad, baseSlice;
        for (int r = 0; r < runs; ++r) {
            fs::remove(ours);
            fs::remove_all(ref);
            fs::create_directories(ref);
            d2n.push_back(runChild({"dcm2niix", "-z", "n", "-b", "n", "-f", "ref", "-o", ref.string(), f.dir.string()}));
            convert.push_back(runChild({SAGITTA_EXE, "convert", f.dir.string(), ours.string()}));
            // Right after a convert (a large file written, the page cache busy) the kernel gives
            // out fresh memory more slowly: ours and the baseline take turns coming first.
            const auto runOurs = [&] {
                scan.push_back(runChild({SAGITTA_EXE, "info", f.dir.string()}));
                load.push_back(runChild({SAGITTA_EXE, "info", f.dir.string(), "--load"}));
                slice.push_back(runChild({SAGITTA_EXE, "info", project, "--series", "1", "--slice", "middle"}));
            };
            const auto runBaseline = [&] {
                if (baseline.empty())
                    return;
                baseScan.push_back(runChild({baseline, "info", f.dir.string()}));
                baseLoad.push_back(runChild({baseline, "info", f.dir.string(), "--load"}));
                baseSlice.push_back(runChild({baseline, "info", baseProject, "--series", "1", "--slice", "middle"}));
            };
            if (r % 2 == 0) {
                runOurs();
                runBaseline();
            } else {
                runBaseline();
                runOurs();
            }
        }
        const ChildRun c = median(convert), d = median(d2n), sc = median(scan), l = median(load), sl = median(slice);
        const double voxelMb = fs::exists(ours) ? double(fs::file_size(ours) - 352) / (1024.0 * 1024.0) : 0.0;
        if (c.status != 0 || d.status != 0 || l.status != 0 || sl.status != 0 || import.status != 0 || voxelMb <= 0) {
            std::printf("  a command failed: convert %d, dcm2niix %d, info --load %d, import %d, slice %d\n", c.status, d.status,
                        l.status, import.status, sl.status);
            allMet = false;
            continue;
        }
        const double ratio = d.seconds / c.seconds, rss = c.maxRssMb / voxelMb;
        const bool big = voxelMb >= 100;
        line("  sagitta convert DIR OUT.nii", c.seconds, "s",
             cpuNote(c) + ", peak RSS " + std::to_string(int(std::lround(c.maxRssMb))) + " MB for " + std::to_string(int(std::lround(voxelMb)))
                 + " MB of voxels");
        line("  dcm2niix -z n", d.seconds, "s", cpuNote(d) + ", peak RSS " + std::to_string(int(std::lround(d.maxRssMb))) + " MB");
        line("    speed, dcm2niix time / sagitta time", ratio, "x", "goal >= 2x");
        line("    sagitta peak RSS / voxel bytes", rss, "x", big ? "goal <= 1.1x" : "(small series: libraries dominate)");
        line("    dcm2niix peak RSS / voxel bytes", d.maxRssMb / voxelMb, "x");
        const double diff = middleSliceDifference(ours, firstNifti(ref));
        if (diff < 0)
            std::printf("    middle slice against dcm2niix's: cannot compare (other grid or type)\n");
        else
            line("    middle slice against dcm2niix's, largest difference", diff, "");
        line("  sagitta info DIR (header scan)", sc.seconds, "s", cpuNote(sc));
        line("  sagitta info DIR --load (scan + load into memory)", l.seconds, "s", cpuNote(l) + "; goal <= 0.15 s");
        line("  sagitta import DIR --project P (once)", import.seconds, "s", cpuNote(import));
        line("  first slice: sagitta info P --series 1 --slice middle", sl.seconds, "s", cpuNote(sl) + "; goal <= 0.05 s");
        if (!baseline.empty()) {
            const ChildRun bs = median(baseScan), bl = median(baseLoad), bsl = median(baseSlice);
            line("  baseline info DIR", bs.seconds, "s", cpuNote(bs));
            line("  baseline info DIR --load", bl.seconds, "s", cpuNote(bl));
            line("  baseline import DIR --project P", baseImport.seconds, "s", cpuNote(baseImport));
            line("  baseline first slice", bsl.seconds, "s", cpuNote(bsl));
        }
        if (big)
            allMet = allMet && ratio >= 2.0 && rss <= 1.1 && l.seconds <= 0.15 && sl.seconds <= 0.05;
    }
    std::printf("\nall goals met on the large series: %s\n", allMet ? "yes" : "no");
    if (dataDir.empty())
        fs::remove_all(data);
    else
        fs::remove_all(work);
    return 0;
}

} // namespace sagitta::bench
