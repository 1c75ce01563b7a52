#pragma once
// Per-segment statistics for the segment table: voxels, volume, intensity (mean, SD, min, max
// in the volume's units: HU for CT) and a RECIST-style size: the longest in-plane diameter over
// the axial slices (k fixed) and, on that slice, the region's extent perpendicular to it.
// Diameters run between voxel centres, in mm, from the in-plane spacing.
#include "core/image/volume.h"
#include "core/labels/labelmap.h"
#include "core/labels/segment.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sagitta::core {

struct SegmentStatistics {
    std::uint8_t label = 0;
    std::uint64_t voxels = 0;
    double volumeMl = 0.0;
    double mean = 0.0, sd = 0.0, min = 0.0, max = 0.0; // population SD
    double longestMm = 0.0;       // longest diameter on one axial slice
    double perpendicularMm = 0.0; // extent perpendicular to it on that slice
    int longestSlice = -1;        // k of that slice
};

// Statistics of every label present in the map (1..255, in label order; each on its layer, so
// overlapping segments each count their shared voxels), in one pass over its non-empty chunks. The volume must have the map's dims (otherwise nothing is returned).
// Thread: any (reads only).
std::vector<SegmentStatistics> segmentStatistics(const LabelMap &labels, const Volume &volume);

// The table as CSV (RFC 4180; one row per segment of the list, in its order, with the unit of
// the intensities in the header).
std::string statisticsCsv(const std::vector<SegmentStatistics> &stats, const std::vector<Segment> &segments,
                          const std::string &unit);

} // namespace sagitta::core
