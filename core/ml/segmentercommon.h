#pragma once
// Private to core/ml (includes torch): what the 2D and 3D U-Net trainers share (segmenter.cpp,
// segmenter3d.cpp). Never include it outside core/ml.
#include "core/ml/train.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

namespace sagitta::core::ml::detail {

// A case windowed to [-1, 1], with the slices that hold target voxels and those that do not.
struct PreparedCase {
    std::string name;
    int w = 0, h = 0, d = 0;
    std::array<double, 3> spacing{1, 1, 1};
    std::string modality;
    std::vector<float> image;
    std::vector<std::uint8_t> mask;
    std::vector<int> lesionSlices, emptySlices;
    std::size_t area() const { return std::size_t(w) * std::size_t(h); }
    const float *slice(int k) const { return image.data() + std::size_t(k) * area(); }
    const std::uint8_t *maskSlice(int k) const { return mask.data() + std::size_t(k) * area(); }
};

// The run's cases, loaded and windowed once, split by patient (never by slice).
struct SegmentData {
    std::vector<PreparedCase> cases;
    std::vector<const PreparedCase *> train, test;
};

// Loads every case of source and splits them (heldOutPatients with options.seed; maxTrain and
// maxTest applied). Returns false when progress asks to cancel. Throws core::Error for a case
// whose image and mask disagree with its dims, or a window without width.
bool loadSegmentData(const CaseSource &source, const TrainOptions &options, const SegmentOptions &segment,
                     ProgressSink *progress, SegmentData &data);

// Cross-entropy (lesion voxels weighted lesionWeight times a background voxel) plus (1 - soft
// Dice of the lesion class), over the batch at once or (perCrop) as the mean over the crops that
// hold lesion. logits [N, 2, ...], target [N, ...]: 2D slices and 3D patches alike.
torch::Tensor segmentationLoss(const torch::Tensor &logits, const torch::Tensor &target, double lesionWeight = 1.0,
                               bool perCrop = false);

// The learning rate of step t (0-based, of the whole run of totalSteps): a linear warm-up over
// the first 3%, then a cosine down to 2% of options.learningRate (constant without cosine).
double scheduledRate(const TrainOptions &options, bool cosine, double totalSteps, double t);

// The sidecar of a trained segmenter: task, model, input (given), the training data's median
// spacing and modality (when all cases share one), window, labels, mirroring, width, norm,
// parameters, data summary, epochs, held-out Dice and HD95.
std::string segmenterSidecar(const TrainResult &result, const SegmentOptions &segment, const SegmentData &data,
                             nlohmann::json input, std::size_t lesionItems);

// One held-out case's loss, Dice and HD95 (0 where not computed), and their means over the
// held-out cases.
struct CaseScore {
    double dice = 0, loss = 0, hd95 = 0;
};
struct Evaluation {
    double loss = 0, dice = 0;
    std::vector<double> perCase, perCaseHd95;
};

// Scores every held-out case with score(case), the model in eval mode without gradients, and
// averages; the model is back in training mode after.
template <class Model>
Evaluation evaluateHeldOut(Model &model, const std::vector<const PreparedCase *> &cases,
                           const std::function<CaseScore(const PreparedCase &)> &score)
{
    torch::NoGradGuard noGrad;
    model->eval();
    Evaluation ev;
    for (const PreparedCase *c : cases) {
        const CaseScore s = score(*c);
        ev.perCase.push_back(s.dice);
        ev.perCaseHd95.push_back(s.hd95);
        ev.dice += s.dice;
        ev.loss += s.loss;
    }
    if (!cases.empty()) {
        ev.dice /= double(cases.size());
        ev.loss /= double(cases.size());
    }
    model->train();
    return ev;
}

// Fills the held-out figures of result (metric, per-case Dice and HD95, their mean, case names).
void storeHeldOut(TrainResult &result, const SegmentData &data, const std::vector<double> &perCaseDice,
                  const std::vector<double> &perCaseHd95);

// A 3D network over a whole volume: volume [D, H, W] (windowed, on the CPU) is cut into slabs
// along z of at most maxVoxels voxels (padded), each with `margin` slices of context either
// side, padded with pad up to multiples of multipleOf in every axis and run through forward
// ([1, 1, d, h, w] -> logits [1, labels, d, h, w]) on device. mirror: the softmax is averaged
// with those of the slab mirrored left-right, up-down and both (as the 2D models do). consume
// gets each slab's kept slices [z0, z1) as softmax [labels, z1 - z0, H, W] on the CPU, in
// order. Throws core::Cancelled when progress asks.
using SlabConsumer = std::function<void(int z0, int z1, const torch::Tensor &softmax)>;
void slabSoftmax(const std::function<torch::Tensor(const torch::Tensor &)> &forward, const torch::Tensor &volume,
                 int multipleOf, float pad, bool mirror, torch::Device device, const SlabConsumer &consume,
                 ProgressSink *progress = nullptr, std::int64_t maxVoxels = 2 << 20, int margin = 8);

// The 3D U-Net trainer behind trainSegmenter (segment.model "unet3d").
TrainResult trainSegmenter3d(const CaseSource &source, const TrainOptions &options, const SegmentOptions &segment,
                             ProgressSink *progress, MetricSink *metrics);

} // namespace sagitta::core::ml::detail
