#pragma once
// Label effects on a 512 x 512 x 500 CT-sized volume, each beside the plain loop or peer it is
// compared to (issue targets in brackets). Defined one file per group of effects.
namespace sagitta::bench {

// Sphere brush dab, threshold preview, grow from a seed, polygon/scissors.
void regionEffectsBench();
// Fill between slices, islands, smoothing, margin, logical operations.
void morphologyEffectsBench();

} // namespace sagitta::bench
