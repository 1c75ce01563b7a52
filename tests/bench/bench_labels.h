#pragma once
// Label effects on a 512 x 512 x 500 CT-sized volume, each beside the plain loop or peer it is
// compared to (issue targets in brackets). Defined one file per group of effects.
#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

namespace sagitta::bench {

// Median wall time in ms of runs of work() (timed), each followed by reset() (not timed).
inline double medianMs(int runs, const std::function<void()> &work, const std::function<void()> &reset = {})
{
    std::vector<double> ms;
    for (int r = 0; r < runs; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        work();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        if (reset)
            reset();
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

// Sphere brush dab, threshold preview, grow from a seed, polygon/scissors.
void regionEffectsBench();
// Fill between slices, islands, smoothing, margin, logical operations.
void morphologyEffectsBench();
// Saving one edit durably, SEG export as the command, reopening 50 labelled series.
void labelStoreBench();

} // namespace sagitta::bench
