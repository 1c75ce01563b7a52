// Lesion segmentation: a small 2D U-Net on axial slices, cross-entropy + soft Dice.
#include "core/base/error.h"
#include "core/ml/metrics.h"
#include "core/ml/models.h"
#include "core/ml/segmentercommon.h"
#include "core/ml/torchcommon.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <numeric>
#include <set>

namespace sagitta::core::ml {

namespace {

using detail::UNet2d;

using Prepared = detail::PreparedCase;

Prepared prepare(Case c, const SegmentOptions &o)
{
    const std::size_t n = std::size_t(c.dims[0]) * std::size_t(c.dims[1]) * std::size_t(c.dims[2]);
    if (n == 0 || c.image.size() != n || c.mask.size() != n)
        throw Error(c.name + ": image and mask must hold dims[0] x dims[1] x dims[2] voxels");
    if (o.windowWidth <= 0)
        throw Error("the intensity window must have a positive width");
    Prepared p;
    p.name = c.name;
    p.w = c.dims[0];
    p.h = c.dims[1];
    p.d = c.dims[2];
    p.spacing = c.spacing;
    p.modality = c.modality;
    p.image = std::move(c.image);
    p.mask = std::move(c.mask);
    const float low = float(o.windowCentre - o.windowWidth / 2), scale = float(2.0 / o.windowWidth);
    for (float &v : p.image)
        v = std::clamp((v - low) * scale - 1.0f, -1.0f, 1.0f);
    const std::size_t area = std::size_t(p.w) * std::size_t(p.h);
    for (int k = 0; k < p.d; ++k) {
        const std::uint8_t *m = p.maskSlice(k);
        (std::any_of(m, m + area, [](std::uint8_t v) { return v != 0; }) ? p.lesionSlices : p.emptySlices).push_back(k);
    }
    return p;
}

struct Sample {
    const Prepared *item;
    int slice;
    bool lesion;
};

// The loss of each item of a batch (cross-entropy + 1 - its own soft Dice), for the hardness.
torch::Tensor perSampleLoss(const torch::Tensor &logits, const torch::Tensor &target)
{
    const torch::Tensor ce = torch::nn::functional::cross_entropy(
                                 logits, target, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone))
                                 .mean({1, 2});
    const torch::Tensor p = torch::softmax(logits, 1).select(1, 1);
    const torch::Tensor t = target.to(torch::kFloat32);
    const torch::Tensor dice = (2 * (p * t).sum({1, 2}) + 1) / (p.sum({1, 2}) + t.sum({1, 2}) + 1);
    return ce + (1 - dice);
}

// Fills one training crop (patch x patch) with flips, a transpose, a small turn and intensity jitter.
void fillCrop(const Sample &s, int patch, bool augment, double rotationDegrees, std::mt19937_64 &rng, float *x, std::int64_t *y)
{
    const Prepared &c = *s.item;
    const float *img = c.slice(s.slice);
    const std::uint8_t *msk = c.maskSlice(s.slice);
    auto uniformInt = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, std::max(lo, hi))(rng); };
    int x0 = uniformInt(0, c.w - patch), y0 = uniformInt(0, c.h - patch);
    // Crops of lesion slices hold a lesion pixel two times in three; the others, like those of
    // empty slices, fall anywhere, so organs that look like lesions are seen as background too.
    if (s.lesion && rng() % 3 != 0) {
        std::vector<int> at;
        for (int v = 0; v < c.w * c.h; ++v)
            if (msk[v])
                at.push_back(v);
        const int v = at[std::size_t(uniformInt(0, int(at.size()) - 1))];
        const int px = v % c.w, py = v / c.w, margin = std::min(8, patch / 4);
        x0 = uniformInt(std::max(0, px - patch + 1 + margin), std::min(c.w - patch, px - margin));
        y0 = uniformInt(std::max(0, py - patch + 1 + margin), std::min(c.h - patch, py - margin));
        x0 = std::clamp(x0, 0, c.w - patch);
        y0 = std::clamp(y0, 0, c.h - patch);
    }
    bool flipX = false, flipY = false, transpose = false;
    float gain = 1, shift = 0;
    double angle = 0;
    if (augment) {
        flipX = rng() & 1;
        flipY = rng() & 1;
        transpose = rng() & 1;
        gain = std::uniform_real_distribution<float>(0.9f, 1.1f)(rng);
        shift = std::uniform_real_distribution<float>(-0.1f, 0.1f)(rng);
        if (rotationDegrees > 0)
            angle = std::uniform_real_distribution<double>(-rotationDegrees, rotationDegrees)(rng) * 3.14159265358979323846 / 180.0;
    }
    // A turn by angle about the crop's centre: the image is sampled bilinearly (-1 outside the
    // slice, the window's low end), the mask at the nearest pixel. Without a turn, every
    // sample falls on a pixel and the crop is an exact copy.
    const double ca = std::cos(angle), sa = std::sin(angle), centre = (patch - 1) / 2.0;
    auto pixel = [&](int ix, int iy) { return ix < 0 || iy < 0 || ix >= c.w || iy >= c.h ? -1.0f : img[iy * c.w + ix]; };
    for (int py = 0; py < patch; ++py)
        for (int px = 0; px < patch; ++px) {
            int sx = flipX ? patch - 1 - px : px, sy = flipY ? patch - 1 - py : py;
            if (transpose)
                std::swap(sx, sy);
            const float out = angle == 0 ? img[(y0 + sy) * c.w + x0 + sx] : 0.0f;
            if (angle == 0) {
                x[py * patch + px] = out * gain + shift;
                y[py * patch + px] = msk[(y0 + sy) * c.w + x0 + sx] ? 1 : 0;
                continue;
            }
            const double dx = sx - centre, dy = sy - centre;
            const double fx = x0 + centre + ca * dx - sa * dy, fy = y0 + centre + sa * dx + ca * dy;
            const int ix = int(std::floor(fx)), iy = int(std::floor(fy));
            const float tx = float(fx - ix), ty = float(fy - iy);
            const float v = (pixel(ix, iy) * (1 - tx) + pixel(ix + 1, iy) * tx) * (1 - ty)
                            + (pixel(ix, iy + 1) * (1 - tx) + pixel(ix + 1, iy + 1) * tx) * ty;
            const int nx = int(std::lround(fx)), ny = int(std::lround(fy));
            x[py * patch + px] = v * gain + shift;
            y[py * patch + px] = nx >= 0 && ny >= 0 && nx < c.w && ny < c.h && msk[ny * c.w + nx] ? 1 : 0;
        }
}

// Whole slices (padded to multiples of 8), argmax, 3D Dice over the case; the HD95 only when
// every slice is evaluated (stride 1).
detail::CaseScore evaluateCase(UNet2d &model, const Prepared &c, torch::Device device, int stride, bool mirror)
{
    const int W = (c.w + 7) / 8 * 8, H = (c.h + 7) / 8 * 8;
    const int step = 8;
    std::vector<int> slices;
    for (int k = std::min(stride / 2, c.d - 1); k < c.d; k += stride)
        slices.push_back(k);
    std::int64_t inter = 0, predicted = 0, truth = 0;
    double lossSum = 0;
    const std::size_t area = std::size_t(c.w) * std::size_t(c.h);
    std::vector<std::uint8_t> mask(stride == 1 ? c.mask.size() : 0, 0);
    int batches = 0;
    for (int k0 = 0; k0 < int(slices.size()); k0 += step) {
        const int b = std::min(step, int(slices.size()) - k0);
        torch::Tensor x = torch::full({b, 1, H, W}, -1.0f);
        torch::Tensor y = torch::zeros({b, H, W}, torch::kInt64);
        auto xa = x.accessor<float, 4>();
        auto ya = y.accessor<std::int64_t, 3>();
        for (int s = 0; s < b; ++s) {
            const float *img = c.slice(slices[std::size_t(k0 + s)]);
            const std::uint8_t *m = c.maskSlice(slices[std::size_t(k0 + s)]);
            for (int j = 0; j < c.h; ++j)
                for (int i = 0; i < c.w; ++i) {
                    xa[s][0][j][i] = img[j * c.w + i];
                    ya[s][j][i] = m[j * c.w + i];
                }
        }
        const torch::Tensor xd = x.to(device);
        const torch::Tensor logits = model->forward(xd);
        const torch::Tensor yd = y.to(device);
        lossSum += detail::segmentationLoss(logits, yd).item<double>();
        ++batches;
        torch::Tensor scores = logits;
        if (mirror) { // the mean softmax over the slice and its three mirror images (as inference.h runs it)
            scores = torch::softmax(logits, 1);
            for (const std::vector<std::int64_t> &dims : {std::vector<std::int64_t>{3}, {2}, {2, 3}})
                scores = scores + torch::softmax(model->forward(xd.flip(dims)), 1).flip(dims);
        }
        const torch::Tensor p = scores.argmax(1).to(torch::kBool);
        const torch::Tensor t = yd.to(torch::kBool);
        inter += (p & t).sum().item<std::int64_t>();
        predicted += p.sum().item<std::int64_t>();
        truth += t.sum().item<std::int64_t>();
        if (!mask.empty()) {
            const torch::Tensor pc = p.to(torch::kUInt8).cpu().contiguous();
            const std::uint8_t *pp = pc.data_ptr<std::uint8_t>();
            for (int s = 0; s < b; ++s)
                for (int j = 0; j < c.h; ++j)
                    std::copy_n(pp + (std::size_t(s) * std::size_t(H) + std::size_t(j)) * std::size_t(W), c.w,
                                mask.begin() + std::ptrdiff_t(std::size_t(slices[std::size_t(k0 + s)]) * area + std::size_t(j) * std::size_t(c.w)));
        }
    }
    detail::CaseScore score;
    if (!mask.empty())
        score.hd95 = hausdorff95(mask, c.mask, {c.w, c.h, c.d}, c.spacing);
    score.dice = predicted + truth == 0 ? 1.0 : 2.0 * double(inter) / double(predicted + truth);
    score.loss = batches ? lossSum / batches : 0;
    return score;
}

detail::Evaluation evaluate(UNet2d &model, const std::vector<const Prepared *> &cases, torch::Device device, int stride = 1,
                            bool mirror = false)
{
    return detail::evaluateHeldOut(model, cases, [&](const Prepared &c) {
        return evaluateCase(model, c, device, std::max(1, stride), mirror);
    });
}

} // namespace

TrainResult trainSegmenter(const CaseSource &source, const TrainOptions &options, const SegmentOptions &segment,
                           ProgressSink *progress, MetricSink *metrics)
{
    if (source.size() < 2)
        throw Error("segmentation needs at least two labelled cases (one to train on, one held out)");
    if (segment.model == "unet3d")
        return detail::trainSegmenter3d(source, options, segment, progress, metrics);
    if (segment.model != "unet2d")
        throw Error("unknown segmentation model '" + segment.model + "' (unet2d or unet3d)");
    if (segment.baseChannels < 1 || segment.patch < 16)
        throw Error("the U-Net needs at least one base channel and crops of at least 16 pixels");
    TrainResult result;
    result.modelName = "unet2d";
    const torch::Device device = detail::prepareRun(options, result);

    detail::SegmentData data;
    if (!detail::loadSegmentData(source, options, segment, progress, data)) {
        result.cancelled = true;
        return result;
    }
    const std::vector<const Prepared *> &trainCases = data.train, &testCases = data.test;
    result.trainItems = trainCases.size();
    result.testItems = testCases.size();

    int patch = segment.patch;
    for (const Prepared *c : trainCases)
        patch = std::min({patch, c->w, c->h});
    patch = patch / 8 * 8;
    if (patch < 16)
        throw Error("segmentation needs slices of at least 16 x 16 pixels");
    const int batchSize = options.batchSize > 16 ? 8 : options.batchSize;

    std::vector<Sample> lesionSamples, emptySamples;
    for (const Prepared *c : trainCases) {
        for (int k : c->lesionSlices)
            lesionSamples.push_back({c, k, true});
        for (int k : c->emptySlices)
            emptySamples.push_back({c, k, false});
    }
    if (lesionSamples.empty())
        throw Error("no training case has a labelled voxel");
    // How hard each lesion slice is: a running mean of its loss. With hard-example sampling
    // an epoch draws its lesion slices in proportion to it, so lesions unlike most others (a
    // rare kind, a faint one) are seen as often as the model still gets them wrong.
    std::vector<double> hardness(lesionSamples.size(), 1.0);

    UNet2d model(segment.baseChannels, segment.groupNorm);
    model->to(device);
    result.parameters = detail::parameterCount(*model);
    torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(options.learningRate));
    int first = 1;
    if (options.resume && detail::hasCheckpoint(options)
        && detail::loadCheckpoint(options, "segment", *model, optimizer, result.history, &hardness)) {
        for (EpochMetrics &m : result.history) {
            m.epochs = options.epochs;
            m.metricName = "dice";
        }
        first = int(result.history.size()) + 1;
        result.resumedFromEpoch = first - 1;
    }

    const std::size_t empties = std::min(emptySamples.size(), std::size_t(segment.emptySliceRatio * double(lesionSamples.size()) + 0.5));
    const std::size_t perEpoch = lesionSamples.size() + empties;
    const std::size_t batches = (perEpoch + std::size_t(batchSize) - 1) / std::size_t(batchSize);
    const double totalSteps = double(batches) * options.epochs;
    auto rateAt = [&](double t) { return detail::scheduledRate(options, segment.cosineSchedule, totalSteps, t); };

    std::vector<float> xb;
    std::vector<std::int64_t> yb;
    model->train();
    const auto runStart = std::chrono::steady_clock::now();
    for (int epoch = first; epoch <= options.epochs; ++epoch) {
        const auto start = std::chrono::steady_clock::now();
        std::mt19937_64 rng = detail::epochRng(options.seed, epoch);
        // The epoch's samples depend only on the seed, the epoch and the hardness the
        // checkpoint keeps: a resumed run draws what an uninterrupted one draws.
        std::vector<std::size_t> lesionIndex(lesionSamples.size());
        if (segment.hardExampleMomentum > 0) {
            std::discrete_distribution<std::size_t> pick(hardness.begin(), hardness.end());
            for (std::size_t &i : lesionIndex)
                i = pick(rng);
        } else {
            std::iota(lesionIndex.begin(), lesionIndex.end(), std::size_t(0));
        }
        std::vector<Sample> empty = emptySamples;
        std::shuffle(empty.begin(), empty.end(), rng);
        std::vector<std::pair<Sample, std::ptrdiff_t>> samples; // with the lesion sample's index, -1 for an empty slice
        for (const std::size_t i : lesionIndex)
            samples.push_back({lesionSamples[i], std::ptrdiff_t(i)});
        for (std::size_t i = 0; i < empties; ++i)
            samples.push_back({empty[i], -1});
        std::shuffle(samples.begin(), samples.end(), rng);
        double lossSum = 0;
        for (std::size_t b = 0; b < batches; ++b) {
            if (isCancelled(progress)) {
                result.cancelled = true;
                break;
            }
            const std::size_t from = b * std::size_t(batchSize), to = std::min(samples.size(), from + std::size_t(batchSize));
            const std::int64_t n = std::int64_t(to - from), area = std::int64_t(patch) * patch;
            xb.resize(std::size_t(n * area));
            yb.resize(std::size_t(n * area));
            for (std::size_t s = from; s < to; ++s)
                fillCrop(samples[s].first, patch, segment.augment, segment.rotationDegrees, rng,
                         xb.data() + (s - from) * std::size_t(area), yb.data() + (s - from) * std::size_t(area));
            const torch::Tensor x = torch::from_blob(xb.data(), {n, 1, patch, patch}, torch::kFloat32).to(device);
            const torch::Tensor y = torch::from_blob(yb.data(), {n, patch, patch}, torch::kInt64).to(device);
            for (auto &group : optimizer.param_groups())
                static_cast<torch::optim::AdamOptions &>(group.options()).lr(rateAt(double(epoch - 1) * double(batches) + double(b)));
            optimizer.zero_grad();
            const torch::Tensor logits = model->forward(x);
            const torch::Tensor loss = detail::segmentationLoss(logits, y, segment.lesionWeight, segment.perCropDice);
            loss.backward();
            optimizer.step();
            lossSum += loss.item<double>();
            if (segment.hardExampleMomentum > 0) {
                const torch::Tensor per = perSampleLoss(logits.detach(), y).to(torch::kFloat64).cpu().contiguous();
                const double *pl = per.data_ptr<double>();
                for (std::size_t s = from; s < to; ++s)
                    if (samples[s].second >= 0) {
                        double &h = hardness[std::size_t(samples[s].second)];
                        h = (1 - segment.hardExampleMomentum) * h + segment.hardExampleMomentum * (pl[s - from] + 0.05);
                    }
            }
            detail::reportBatch(progress, epoch, options.epochs, b, batches);
        }
        if (result.cancelled)
            break;
        const double trainSeconds = detail::secondsSince(start);
        const detail::Evaluation ev = evaluate(model, testCases, device, segment.validationStride);
        EpochMetrics m;
        m.epoch = epoch;
        m.epochs = options.epochs;
        m.trainLoss = lossSum / double(batches);
        m.validLoss = ev.loss;
        m.metricName = "dice";
        m.metric = ev.dice;
        m.seconds = detail::secondsSince(start);
        m.itemsPerSecond = double(samples.size()) / trainSeconds;
        result.history.push_back(m);
        if (detail::hasCheckpoint(options))
            detail::saveCheckpoint(options, "segment", *model, optimizer, result.history, &hardness);
        if (metrics)
            metrics->epochFinished(m);
        if (options.maxSeconds > 0 && epoch < options.epochs
            && detail::secondsSince(runStart) + m.seconds > options.maxSeconds) {
            result.stoppedEarly = true;
            break;
        }
    }

    const detail::Evaluation final = evaluate(model, testCases, device, 1, segment.testTimeMirroring);
    detail::storeHeldOut(result, data, final.perCase, final.perCaseHd95);
    model->to(torch::kCPU);
    result.weights = detail::moduleBytes(*model);
    result.sidecarJson = detail::segmenterSidecar(
        result, segment, data, {{"channels", 1}, {"axis", "axial slices"}, {"multiple_of", 8}, {"train_patch", patch}},
        lesionSamples.size());
    reportProgress(progress, 1.0, result.cancelled ? "training cancelled" : "training finished");
    return result;
}

namespace detail {

bool loadSegmentData(const CaseSource &source, const TrainOptions &options, const SegmentOptions &segment,
                     ProgressSink *progress, SegmentData &data)
{
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < source.size(); ++i)
        keys.push_back(source.patientKey(i));
    const std::vector<std::string> heldKeys = heldOutPatients(keys, segment.heldOutFraction, options.seed);
    const std::set<std::string> held(heldKeys.begin(), heldKeys.end());
    data.cases.clear();
    data.cases.reserve(source.size());
    for (std::size_t i = 0; i < source.size(); ++i) {
        if (isCancelled(progress))
            return false;
        reportProgress(progress, 0.0, "loading case " + std::to_string(i + 1) + "/" + std::to_string(source.size()));
        data.cases.push_back(prepare(source.load(i), segment));
    }
    data.train.clear();
    data.test.clear();
    for (std::size_t i = 0; i < data.cases.size(); ++i)
        (held.count(keys[i]) ? data.test : data.train).push_back(&data.cases[i]);
    if (options.maxTrain && data.train.size() > options.maxTrain)
        data.train.resize(options.maxTrain);
    if (options.maxTest && data.test.size() > options.maxTest)
        data.test.resize(options.maxTest);
    return true;
}

// Lesions are a fraction of a percent of the voxels: with an unweighted cross-entropy the
// softmax first saturates at "all background", where the Dice term's gradient vanishes, and
// training stalls there for epochs.
torch::Tensor segmentationLoss(const torch::Tensor &logits, const torch::Tensor &target, double lesionWeight, bool perCrop)
{
    namespace F = torch::nn::functional;
    const torch::Tensor ce = lesionWeight == 1.0
                                 ? F::cross_entropy(logits, target)
                                 : F::cross_entropy(logits, target,
                                                    F::CrossEntropyFuncOptions().weight(
                                                        torch::tensor({1.0f, float(lesionWeight)}, logits.options())));
    const torch::Tensor p = torch::softmax(logits, 1).select(1, 1);
    const torch::Tensor t = target.to(torch::kFloat32);
    if (perCrop) {
        // The mean Dice of the crops that hold lesion: a small lesion counts as much as a large one.
        const torch::Tensor pf = p.flatten(1), tf = t.flatten(1);
        const torch::Tensor has = tf.sum(1) > 0;
        if (has.any().item<bool>()) {
            const torch::Tensor d = (2 * (pf * tf).sum(1) + 1) / (pf.sum(1) + tf.sum(1) + 1);
            return ce + (1 - d.masked_select(has).mean());
        }
    }
    const torch::Tensor dice = (2 * (p * t).sum() + 1) / (p.sum() + t.sum() + 1);
    return ce + (1 - dice);
}

double scheduledRate(const TrainOptions &options, bool cosine, double totalSteps, double t)
{
    if (!cosine)
        return options.learningRate;
    const double warm = std::max(1.0, 0.03 * totalSteps);
    if (t < warm)
        return options.learningRate * (t + 1) / warm;
    const double f = (t - warm) / std::max(1.0, totalSteps - warm);
    return options.learningRate * (0.02 + 0.98 * 0.5 * (1 + std::cos(3.14159265358979323846 * std::min(1.0, f))));
}

void storeHeldOut(TrainResult &result, const SegmentData &data, const std::vector<double> &perCaseDice,
                  const std::vector<double> &perCaseHd95)
{
    double sum = 0;
    for (const double d : perCaseDice)
        sum += d;
    result.metric = perCaseDice.empty() ? 0.0 : sum / double(perCaseDice.size());
    result.perCaseDice = perCaseDice;
    result.perCaseHd95 = perCaseHd95;
    result.hd95 = meanDefined(perCaseHd95);
    result.caseNames.clear();
    for (const PreparedCase *c : data.test)
        result.caseNames.push_back(c->name);
}

std::string segmenterSidecar(const TrainResult &result, const SegmentOptions &segment, const SegmentData &data,
                             nlohmann::json input, std::size_t lesionItems)
{
    // The training data's modality when all cases share one, and its median voxel spacing.
    std::string modality = data.train.front()->modality;
    std::vector<double> sx, sy, sz;
    for (const PreparedCase *c : data.train) {
        if (c->modality != modality)
            modality.clear();
        sx.push_back(c->spacing[0]);
        sy.push_back(c->spacing[1]);
        sz.push_back(c->spacing[2]);
    }
    auto median = [](std::vector<double> v) {
        std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
        return v[v.size() / 2];
    };
    if (!modality.empty())
        input["modality"] = modality;
    const nlohmann::json sidecar{{"task", "segment"},
                                 {"model", result.modelName},
                                 {"input", input},
                                 {"spacing", {median(sx), median(sy), median(sz)}},
                                 {"window", {{"centre", segment.windowCentre}, {"width", segment.windowWidth}, {"maps_to", {-1, 1}}}},
                                 {"labels", {"background", "lesion"}},
                                 {"test_time_mirroring", segment.testTimeMirroring},
                                 {"base_channels", segment.baseChannels},
                                 {"norm", segment.groupNorm ? "group" : "none"},
                                 {"parameters", result.parameters},
                                 {"data", {{"train_cases", data.train.size()}, {"test_cases", data.test.size()},
                                           {result.modelName == "unet3d" ? "lesion_cases" : "lesion_slices", lesionItems}}},
                                 {"epochs", result.history.size()},
                                 {"dice", result.metric},
                                 {"hd95_mm", result.hd95}};
    return sidecar.dump();
}

} // namespace detail

double segmenterTrainingThroughput(int side, int batch, int steps, int threads, int baseChannels)
{
    if (threads > 0)
        torch::set_num_threads(threads);
    torch::manual_seed(1);
    UNet2d model(baseChannels);
    torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-3));
    const torch::Tensor x = torch::rand({batch, 1, side, side});
    const torch::Tensor y = torch::randint(0, 2, {batch, side, side}, torch::kInt64);
    return detail::imagesPerSecond(
        optimizer, [&] { return detail::segmentationLoss(model->forward(x), y); }, batch, 2, steps);
}

} // namespace sagitta::core::ml
