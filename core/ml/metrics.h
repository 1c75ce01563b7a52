#pragma once
// Held-out evaluation metrics, plain C++ (no torch): Dice and the 95th-percentile Hausdorff
// distance of two masks for segmentation, ROC AUC (one-vs-rest) for classification.
#include "core/image/volume.h"

#include <array>
#include <cstdint>
#include <vector>

namespace sagitta::core::ml {

// 2|A n B| / (|A| + |B|) over voxels != 0; 1 when both are empty.
double diceScore(const std::vector<std::uint8_t> &a, const std::vector<std::uint8_t> &b);

// HD95 in mm between the surfaces of two masks on the same grid (dims, voxel spacing in mm;
// voxel (i, j, k) at i + dims[0] * (j + dims[1] * k), != 0 inside): the larger of the two
// directed 95th percentiles of the distances from one surface's voxels to the nearest voxel of
// the other surface (a surface voxel is inside with a 6-neighbour outside or on the grid's
// border), as MONAI and medpy compute it. 0 when both are empty; NaN when exactly one is
// (undefined: nothing to measure against). Throws core::Error when the sizes disagree.
double hausdorff95(const std::vector<std::uint8_t> &a, const std::vector<std::uint8_t> &b, const std::array<int, 3> &dims,
                   const Vec3 &spacing);

// Area under the ROC curve of one class against the rest: scores of the positive and negative
// items (ties count one half, as the Mann-Whitney U statistic). NaN when either set is empty.
double rocAuc(std::vector<double> positives, std::vector<double> negatives);

// Per-class one-vs-rest AUC from class probabilities: probabilities[n * classes + c] is item
// n's score for class c, truth[n] its class. A class without positive or negative items
// gives NaN.
std::vector<double> rocAucPerClass(const std::vector<double> &probabilities, const std::vector<int> &truth, int classes);

// The mean of the values that are not NaN (NaN when there is none): the macro average of
// rocAucPerClass, the mean HD95 over cases where it is defined.
double meanDefined(const std::vector<double> &values);

} // namespace sagitta::core::ml
