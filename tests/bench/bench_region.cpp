// Region effects on a 512 x 512 x 500 Int16 volume made in memory (0.7 x 0.7 x 1 mm): a sphere
// of about 100 mL of value 60 in a background of 0, both with uniform noise of +-10. Each
// figure is the median of several runs, beside a plain loop doing the same voxels on a
// std::vector in the same run; issue targets in brackets.
#include "tests/bench/bench_labels.h"

#include "core/labels/brush.h"
#include "core/labels/outline.h"
#include "core/labels/threshold.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>
#include <vector>

using namespace sagitta::core;

namespace sagitta::bench {

namespace {

void line(const char *what, double ms, const char *note = "")
{
    std::printf("%-58s %10.3f ms    %s\n", what, ms, note);
}

constexpr int kN = 512, kSlices = 500;
constexpr double kSpacing[3] = {0.7, 0.7, 1.0};
constexpr int kCentre[3] = {256, 256, 250};

} // namespace

void regionEffectsBench()
{
    Geometry g;
    g.dims = {kN, kN, kSlices};
    g.spacing = {kSpacing[0], kSpacing[1], kSpacing[2]};
    Volume vol(g, ScalarType::Int16, false);
    // 100 mL = 100000 mm^3: radius (3 V / 4 pi)^(1/3) = 28.8 mm.
    const double radiusMm = std::cbrt(3.0 * 100000.0 / (4.0 * M_PI));
    std::size_t sphereVoxels = 0;
    {
        std::int16_t *p = vol.data<std::int16_t>();
        std::mt19937 rng(1);
        std::uniform_int_distribution<int> noise(-10, 10);
        for (int k = 0; k < kSlices; ++k)
            for (int j = 0; j < kN; ++j)
                for (int i = 0; i < kN; ++i) {
                    const double x = (i - kCentre[0]) * kSpacing[0], y = (j - kCentre[1]) * kSpacing[1],
                                 z = (k - kCentre[2]) * kSpacing[2];
                    const bool in = x * x + y * y + z * z <= radiusMm * radiusMm;
                    sphereVoxels += in;
                    *p++ = std::int16_t((in ? 60 : 0) + noise(rng));
                }
    }
    std::printf("volume 512x512x500 Int16, sphere %.1f mL (%zu voxels), value 60 in 0, noise +-10\n",
                double(sphereVoxels) * kSpacing[0] * kSpacing[1] * kSpacing[2] / 1000.0, sphereVoxels);
    const std::int16_t *voxels = vol.data<std::int16_t>();
    const std::size_t total = vol.voxelCount();

    // Sphere brush dab, r = 10 pixels (7 mm: an ellipsoid of 10 x 10 x 7 voxels).
    {
        LabelMap map(g.dims);
        BrushSettings s;
        s.shape = BrushShape::Sphere;
        s.radiusPixels = 10;
        int run = 0;
        std::size_t chunks = 0;
        const double dabMs = medianMs(41, [&] {
            s.label = std::uint8_t(1 + run++ % 2); // every dab changes its voxels
            BrushStroke stroke(map, g, {SliceAxis::Axial, kCentre[2]}, s);
            stroke.addPoint(kCentre[0] + 0.3, kCentre[1] + 0.3);
            chunks = stroke.finish().chunks.size();
        });
        std::vector<std::uint8_t> plain(total, 0);
        const double r = 10 * kSpacing[0];
        run = 0;
        const double plainMs = medianMs(41, [&] {
            const std::uint8_t value = std::uint8_t(1 + run++ % 2);
            const double cu = kCentre[0] + 0.3, cv = kCentre[1] + 0.3;
            for (int k = kCentre[2] - 7; k <= kCentre[2] + 7; ++k)
                for (int j = int(std::floor(cv - 10.0)); j <= int(std::ceil(cv + 10.0)); ++j)
                    for (int i = int(std::floor(cu - 10.0)); i <= int(std::ceil(cu + 10.0)); ++i) {
                        const double x = (i - cu) * kSpacing[0], y = (j - cv) * kSpacing[1],
                                     z = (k - kCentre[2]) * kSpacing[2];
                        if (x * x + y * y + z * z <= r * r)
                            plain[vol.index(i, j, k)] = value;
                    }
        });
        char note[96];
        std::snprintf(note, sizeof note, "[<= 0.5 ms]  plain loop %.3f ms, %zu chunks", plainMs, chunks);
        line("sphere brush dab r = 10 px (LabelEdit + delta)", dabMs, note);
    }

    // Threshold preview of one plane: while the range is dragged (a new range every run, the
    // plane's values cached per thread), and on a new plane every run (values gathered first).
    {
        std::vector<std::uint8_t> out;
        std::vector<std::uint8_t> plain(std::size_t(kN) * kN);
        int run = 0;
        const double plainMs = medianMs(21, [&] {
            const std::int16_t lo = std::int16_t(30 + run++ % 5);
            const std::int16_t *s = voxels + vol.index(0, 0, kCentre[2]);
            for (std::size_t n = 0; n < plain.size(); ++n)
                plain[n] = s[n] >= lo && s[n] <= 90 ? 255 : 0;
        });
        char note[96];
        std::snprintf(note, sizeof note, "[<= 50 ms]  plain loop, axial %.3f ms", plainMs);
        run = 0;
        const double dragMs = medianMs(21, [&] {
            thresholdPreview(vol, {SliceAxis::Axial, kCentre[2]}, {30.0 + run++ % 5, 90}, out);
        });
        line("threshold preview, axial 512x512, range dragged", dragMs, note);
        for (SliceAxis axis : {SliceAxis::Axial, SliceAxis::Coronal}) {
            run = 0;
            const double ms = medianMs(21, [&] {
                const int index = (axis == SliceAxis::Axial ? kCentre[2] : kCentre[1]) + run++ % 7;
                thresholdPreview(vol, {axis, index}, {30, 90}, out);
            });
            line(axis == SliceAxis::Axial ? "threshold preview, axial 512x512, new plane"
                                          : "threshold preview, coronal 512x500, new plane",
                 ms, note);
        }
    }

    // Threshold of the whole volume: the sphere's range, then a range holding every voxel.
    {
        std::vector<std::uint8_t> plain(total);
        const double plainMs = medianMs(5, [&] {
            for (std::size_t n = 0; n < total; ++n)
                plain[n] = voxels[n] >= 30 && voxels[n] <= 90;
        });
        for (int all = 0; all < 2; ++all) {
            LabelMap map(g.dims);
            std::size_t changed = 0;
            int run = 0;
            const ValueRange range = all ? ValueRange{-20, 90} : ValueRange{30, 90};
            const double ms = medianMs(5, [&] {
                LabelEdit edit(map);
                changed = threshold(edit, vol, std::uint8_t(1 + run++ % 2), range);
                (void)edit.finish();
            });
            char note[128];
            std::snprintf(note, sizeof note, "plain 1-thread loop to a byte mask %.1f ms, %zu voxels", plainMs, changed);
            line(all ? "threshold whole volume, every voxel in range (+ delta)" : "threshold whole volume, sphere range (+ delta)",
                 ms, note);
        }
    }

    // Grow from a seed over the sphere, beside a plain BFS (stack, byte mask of the volume).
    {
        LabelMap map(g.dims);
        std::size_t changed = 0;
        int run = 0;
        const Index3 seed{kCentre[0], kCentre[1], kCentre[2]};
        const double ms = medianMs(7, [&] {
            LabelEdit edit(map);
            changed = growFromSeeds(edit, vol, std::uint8_t(1 + run++ % 2), {seed}, {30, 90});
            (void)edit.finish();
        });
        // The plain BFS gets its byte mask of the whole volume cleared before each run, untimed.
        std::size_t plainCount = 0;
        std::vector<std::uint8_t> mask(total, 0);
        std::vector<double> plainRuns;
        for (int r = 0; r < 7; ++r) {
            std::fill(mask.begin(), mask.end(), std::uint8_t(0));
            const auto t0 = std::chrono::steady_clock::now();
            std::vector<std::size_t> stack{vol.index(seed[0], seed[1], seed[2])};
            mask[stack[0]] = 1;
            plainCount = 0;
            const std::size_t row = kN, slice = std::size_t(kN) * kN;
            while (!stack.empty()) {
                const std::size_t n = stack.back();
                stack.pop_back();
                ++plainCount;
                const int i = int(n % row), j = int(n / row % kN), k = int(n / slice);
                auto visit = [&](std::size_t m) {
                    if (!mask[m] && voxels[m] >= 30 && voxels[m] <= 90) {
                        mask[m] = 1;
                        stack.push_back(m);
                    }
                };
                if (i > 0) visit(n - 1);
                if (i + 1 < kN) visit(n + 1);
                if (j > 0) visit(n - row);
                if (j + 1 < kN) visit(n + row);
                if (k > 0) visit(n - slice);
                if (k + 1 < kSlices) visit(n + slice);
            }
            plainRuns.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        }
        std::sort(plainRuns.begin(), plainRuns.end());
        const double plainMs = plainRuns[plainRuns.size() / 2];
        char note[128];
        std::snprintf(note, sizeof note, "[<= 300 ms]  plain BFS %.1f ms (mask made beforehand), %zu / %zu voxels", plainMs,
                      changed, plainCount);
        line("grow from a seed over ~100 mL (+ delta)", ms, note);
    }

    // Scissors: a lasso of radius 100 voxels through all 500 slices.
    {
        std::vector<Point2> lasso;
        for (int n = 0; n < 400; ++n) {
            const double a = 2 * M_PI * n / 400;
            lasso.push_back({256 + 100 * std::cos(a), 256 + 100 * std::sin(a)});
        }
        LabelMap map(g.dims);
        std::size_t changed = 0;
        int run = 0;
        const double ms = medianMs(5, [&] {
            LabelEdit edit(map);
            changed = scissors(edit, {SliceAxis::Axial, 250}, lasso, {OutlineOp::Fill, std::uint8_t(1 + run++ % 2)},
                               {SlabExtent::Whole, 0});
            (void)edit.finish();
        });
        std::vector<std::uint8_t> plain(total, 0), slice;
        run = 0;
        const double plainMs = medianMs(5, [&] {
            const std::uint8_t value = std::uint8_t(1 + run++ % 2);
            rasterizeOutline(lasso, kN, kN, FillRule::EvenOdd, slice);
            for (int k = 0; k < kSlices; ++k) {
                std::uint8_t *out = plain.data() + vol.index(0, 0, k);
                for (std::size_t n = 0; n < slice.size(); ++n)
                    if (slice[n])
                        out[n] = value;
            }
        });
        char note[128];
        std::snprintf(note, sizeof note, "plain loop %.1f ms, %zu voxels", plainMs, changed);
        line("scissors, lasso r = 100 px through 500 slices (+ delta)", ms, note);
    }
}

} // namespace sagitta::bench
