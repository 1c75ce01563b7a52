// Lesion segmentation with a 3D U-Net on patches: what trainSegmenter runs for segment.model
// "unet3d". The split, loss, schedule, held-out figures and sidecar are the 2D trainer's
// (segmentercommon.h); the crops are patches of the volume and evaluation runs whole volumes in
// overlapping slabs, as inference does.
#include "core/base/error.h"
#include "core/ml/metrics.h"
#include "core/ml/models.h"
#include "core/ml/segmentercommon.h"
#include "core/ml/torchcommon.h"

#include <algorithm>
#include <cmath>

namespace sagitta::core::ml::detail {

namespace {

struct PatchSize {
    int w = 0, h = 0, d = 0;
};

// Lesion voxels of each training case (indices into its volume), to centre crops on.
std::vector<std::vector<std::uint32_t>> lesionVoxels(const std::vector<const PreparedCase *> &cases)
{
    std::vector<std::vector<std::uint32_t>> out;
    for (const PreparedCase *c : cases) {
        out.emplace_back();
        for (std::size_t v = 0; v < c->mask.size(); ++v)
            if (c->mask[v])
                out.back().push_back(std::uint32_t(v));
    }
    return out;
}

// One training patch with flips in every axis, an in-plane transpose and intensity jitter.
// Two crops in three hold a lesion voxel (when the case has one); the others fall anywhere.
void fillPatch(const PreparedCase &c, const std::vector<std::uint32_t> &lesion, PatchSize p, bool augment,
               std::mt19937_64 &rng, float *x, std::int64_t *y)
{
    auto uniformInt = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, std::max(lo, hi))(rng); };
    int x0 = uniformInt(0, c.w - p.w), y0 = uniformInt(0, c.h - p.h), z0 = uniformInt(0, c.d - p.d);
    if (!lesion.empty() && rng() % 3 != 0) {
        const std::uint32_t v = lesion[std::size_t(uniformInt(0, int(lesion.size()) - 1))];
        const int px = int(v % std::uint32_t(c.w)), py = int(v / std::uint32_t(c.w) % std::uint32_t(c.h));
        const int pz = int(v / std::uint32_t(c.w * c.h));
        x0 = std::clamp(uniformInt(px - p.w + 1 + p.w / 4, px - p.w / 4), 0, c.w - p.w);
        y0 = std::clamp(uniformInt(py - p.h + 1 + p.h / 4, py - p.h / 4), 0, c.h - p.h);
        z0 = std::clamp(uniformInt(pz - p.d + 1 + p.d / 4, pz - p.d / 4), 0, c.d - p.d);
    }
    bool flipX = false, flipY = false, flipZ = false, transpose = false;
    float gain = 1, shift = 0;
    if (augment) {
        flipX = rng() & 1;
        flipY = rng() & 1;
        flipZ = rng() & 1;
        transpose = p.w == p.h && (rng() & 1);
        gain = std::uniform_real_distribution<float>(0.9f, 1.1f)(rng);
        shift = std::uniform_real_distribution<float>(-0.1f, 0.1f)(rng);
    }
    std::size_t o = 0;
    for (int pz = 0; pz < p.d; ++pz) {
        const int sz = z0 + (flipZ ? p.d - 1 - pz : pz);
        for (int py = 0; py < p.h; ++py)
            for (int px = 0; px < p.w; ++px, ++o) {
                int sx = flipX ? p.w - 1 - px : px, sy = flipY ? p.h - 1 - py : py;
                if (transpose)
                    std::swap(sx, sy);
                const std::size_t v = std::size_t(sz) * c.area() + std::size_t(y0 + sy) * std::size_t(c.w) + std::size_t(x0 + sx);
                x[o] = c.image[v] * gain + shift;
                y[o] = c.mask[v] ? 1 : 0;
            }
    }
}

// Whole held-out volumes in slabs: 3D Dice, and when final the HD95 (mirror: the mirrored mean).
Evaluation evaluate(UNet3d &model, const std::vector<const PreparedCase *> &cases, torch::Device device, bool final,
                    bool mirror = false)
{
    return evaluateHeldOut(model, cases, [&](const PreparedCase &c) {
        const torch::Tensor volume = torch::from_blob(const_cast<float *>(c.image.data()), {c.d, c.h, c.w}, torch::kFloat32);
        std::vector<std::uint8_t> predicted(c.mask.size(), 0);
        double loss = 0;
        int slabs = 0;
        slabSoftmax([&model](const torch::Tensor &x) { return model->forward(x); }, volume, 4, -1.0f, mirror, device,
                    [&](int z0, int z1, const torch::Tensor &p) {
                        const torch::Tensor cls = p.argmax(0).to(torch::kUInt8).contiguous();
                        std::copy_n(cls.data_ptr<std::uint8_t>(), std::size_t(z1 - z0) * c.area(),
                                    predicted.begin() + std::ptrdiff_t(std::size_t(z0) * c.area()));
                        const torch::Tensor truth =
                            torch::from_blob(const_cast<std::uint8_t *>(c.maskSlice(z0)), {1, z1 - z0, c.h, c.w}, torch::kUInt8)
                                .to(torch::kInt64);
                        // The loss of the probabilities as they are (log of the softmax as logits).
                        loss += segmentationLoss(p.clamp_min(1e-7f).log().unsqueeze(0), truth).item<double>();
                        ++slabs;
                    });
        CaseScore score;
        score.dice = diceScore(predicted, c.mask);
        score.hd95 = final ? hausdorff95(predicted, c.mask, {c.w, c.h, c.d}, c.spacing) : 0.0;
        score.loss = slabs ? loss / slabs : 0.0;
        return score;
    });
}

} // namespace

void slabSoftmax(const std::function<torch::Tensor(const torch::Tensor &)> &forward, const torch::Tensor &volume,
                 int multipleOf, float pad, bool mirror, torch::Device device, const SlabConsumer &consume,
                 ProgressSink *progress, std::int64_t maxVoxels, int margin)
{
    const int D = int(volume.size(0)), H = int(volume.size(1)), W = int(volume.size(2));
    auto roundUp = [multipleOf](int n) { return (n + multipleOf - 1) / multipleOf * multipleOf; };
    const int Hp = roundUp(H), Wp = roundUp(W);
    const int core = std::max(multipleOf, int(maxVoxels / (std::int64_t(Hp) * Wp)) / multipleOf * multipleOf);
    for (int z0 = 0; z0 < D; z0 += core) {
        if (isCancelled(progress))
            throw Cancelled();
        reportProgress(progress, double(z0) / D, "segmenting slices " + std::to_string(z0 + 1) + "-" + std::to_string(std::min(D, z0 + core)));
        const int z1 = std::min(D, z0 + core);
        const int from = std::max(0, z0 - margin), to = std::min(D, z1 + margin);
        const int depth = roundUp(to - from);
        torch::Tensor x = torch::full({1, 1, depth, Hp, Wp}, pad);
        x.index_put_({0, 0, torch::indexing::Slice(0, to - from), torch::indexing::Slice(0, H), torch::indexing::Slice(0, W)},
                     volume.index({torch::indexing::Slice(from, to)}));
        const torch::Tensor xd = x.to(device);
        torch::Tensor logits = forward(xd);
        if (logits.dim() != 5 || logits.size(0) != 1 || logits.size(2) != depth || logits.size(3) != Hp || logits.size(4) != Wp)
            throw Error("the model gives logits of another shape than its input's [1, labels, " + std::to_string(depth) + ", "
                        + std::to_string(Hp) + ", " + std::to_string(Wp) + "]");
        torch::Tensor p = torch::softmax(logits.to(torch::kFloat32), 1);
        if (mirror) {
            for (const std::vector<std::int64_t> &dims : {std::vector<std::int64_t>{4}, {3}, {3, 4}})
                p = p + torch::softmax(forward(xd.flip(dims)).to(torch::kFloat32), 1).flip(dims);
            p = p / 4;
        }
        using torch::indexing::Slice;
        consume(z0, z1, p.index({0, Slice(), Slice(z0 - from, z1 - from), Slice(0, H), Slice(0, W)}).cpu().contiguous());
    }
}

TrainResult trainSegmenter3d(const CaseSource &source, const TrainOptions &options, const SegmentOptions &segment,
                             ProgressSink *progress, MetricSink *metrics)
{
    if (segment.baseChannels < 1)
        throw Error("the 3D U-Net needs at least one base channel");
    if (segment.patchDepth < 4 || segment.patch < 16 || segment.cropsPerCase < 1)
        throw Error("the 3D U-Net needs patches of at least 16 x 16 x 4 voxels and one crop per case");
    TrainResult result;
    result.modelName = "unet3d";
    const torch::Device device = prepareRun(options, result);
    SegmentData data;
    if (!loadSegmentData(source, options, segment, progress, data)) {
        result.cancelled = true;
        return result;
    }
    result.trainItems = data.train.size();
    result.testItems = data.test.size();
    PatchSize patch{segment.patch, segment.patch, segment.patchDepth};
    for (const PreparedCase *c : data.train) {
        patch.w = std::min(patch.w, c->w);
        patch.h = std::min(patch.h, c->h);
        patch.d = std::min(patch.d, c->d);
    }
    patch = {patch.w / 4 * 4, patch.h / 4 * 4, patch.d / 4 * 4};
    if (patch.w < 16 || patch.h < 16 || patch.d < 4)
        throw Error("3D segmentation needs volumes of at least 16 x 16 x 4 voxels");
    const std::vector<std::vector<std::uint32_t>> lesion = lesionVoxels(data.train);
    std::size_t lesionCases = 0;
    for (const auto &l : lesion)
        lesionCases += !l.empty();
    if (lesionCases == 0)
        throw Error("no training case has a labelled voxel");
    const int batch = options.batchSize > 4 ? 2 : std::max(1, options.batchSize);

    UNet3d model(segment.baseChannels);
    model->to(device);
    result.parameters = parameterCount(*model);
    torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(options.learningRate));
    int first = 1;
    if (options.resume && hasCheckpoint(options)
        && loadCheckpoint(options, "segment3d", *model, optimizer, result.history)) {
        for (EpochMetrics &m : result.history) {
            m.epochs = options.epochs;
            m.metricName = "dice";
        }
        first = int(result.history.size()) + 1;
        result.resumedFromEpoch = first - 1;
    }
    const std::size_t perEpoch = data.train.size() * std::size_t(segment.cropsPerCase);
    const std::size_t batches = (perEpoch + std::size_t(batch) - 1) / std::size_t(batch);
    const double totalSteps = double(batches) * options.epochs;
    const std::int64_t volume = std::int64_t(patch.w) * patch.h * patch.d;
    std::vector<float> xb;
    std::vector<std::int64_t> yb;
    model->train();
    const auto runStart = std::chrono::steady_clock::now();
    for (int epoch = first; epoch <= options.epochs; ++epoch) {
        const auto start = std::chrono::steady_clock::now();
        std::mt19937_64 rng = epochRng(options.seed, epoch);
        std::vector<std::size_t> order;
        for (std::size_t i = 0; i < data.train.size(); ++i)
            for (int k = 0; k < segment.cropsPerCase; ++k)
                order.push_back(i);
        std::shuffle(order.begin(), order.end(), rng);
        double lossSum = 0;
        for (std::size_t b = 0; b < batches; ++b) {
            if (isCancelled(progress)) {
                result.cancelled = true;
                break;
            }
            const std::size_t from = b * std::size_t(batch), to = std::min(order.size(), from + std::size_t(batch));
            const std::int64_t n = std::int64_t(to - from);
            xb.resize(std::size_t(n * volume));
            yb.resize(std::size_t(n * volume));
            for (std::size_t s = from; s < to; ++s)
                fillPatch(*data.train[order[s]], lesion[order[s]], patch, segment.augment, rng,
                          xb.data() + (s - from) * std::size_t(volume), yb.data() + (s - from) * std::size_t(volume));
            const torch::Tensor x = torch::from_blob(xb.data(), {n, 1, patch.d, patch.h, patch.w}, torch::kFloat32).to(device);
            const torch::Tensor y = torch::from_blob(yb.data(), {n, patch.d, patch.h, patch.w}, torch::kInt64).to(device);
            for (auto &group : optimizer.param_groups())
                static_cast<torch::optim::AdamOptions &>(group.options())
                    .lr(scheduledRate(options, segment.cosineSchedule, totalSteps, double(epoch - 1) * double(batches) + double(b)));
            optimizer.zero_grad();
            const torch::Tensor loss = segmentationLoss(model->forward(x), y, segment.lesionWeight, segment.perCropDice);
            loss.backward();
            optimizer.step();
            lossSum += loss.item<double>();
            reportBatch(progress, epoch, options.epochs, b, batches);
        }
        if (result.cancelled)
            break;
        const double trainSeconds = secondsSince(start);
        const Evaluation ev = evaluate(model, data.test, device, false);
        EpochMetrics m;
        m.epoch = epoch;
        m.epochs = options.epochs;
        m.trainLoss = lossSum / double(batches);
        m.validLoss = ev.loss;
        m.metricName = "dice";
        m.metric = ev.dice;
        m.seconds = secondsSince(start);
        m.itemsPerSecond = double(order.size()) / trainSeconds;
        result.history.push_back(m);
        if (hasCheckpoint(options))
            saveCheckpoint(options, "segment3d", *model, optimizer, result.history);
        if (metrics)
            metrics->epochFinished(m);
        if (options.maxSeconds > 0 && epoch < options.epochs && secondsSince(runStart) + m.seconds > options.maxSeconds) {
            result.stoppedEarly = true;
            break;
        }
    }
    const Evaluation final = evaluate(model, data.test, device, true, segment.testTimeMirroring);
    storeHeldOut(result, data, final.perCase, final.perCaseHd95);
    model->to(torch::kCPU);
    result.weights = moduleBytes(*model);
    result.sidecarJson = segmenterSidecar(result, segment, data,
                                          {{"channels", 1},
                                           {"axis", "volume"},
                                           {"multiple_of", 4},
                                           {"train_patch", {patch.w, patch.h, patch.d}}},
                                          lesionCases);
    reportProgress(progress, 1.0, result.cancelled ? "training cancelled" : "training finished");
    return result;
}

} // namespace sagitta::core::ml::detail
