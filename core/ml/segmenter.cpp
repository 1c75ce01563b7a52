// Lesion segmentation: a small 2D U-Net on axial slices, cross-entropy + soft Dice.
#include "core/base/error.h"
#include "core/ml/torchcommon.h"

#include <nlohmann/json.hpp>

#include <set>

namespace sagitta::core::ml {

namespace {

// No batch norm: the U-Net trains on crops around lesions and segments whole slices, whose
// feature statistics differ; running statistics from the crops suppressed lesions on whole
// slices (held-out Dice near 0 while the training loss fell). Without it train and inference
// compute the same function.
torch::nn::Sequential convBlock(int in, int out)
{
    using namespace torch::nn;
    return Sequential(Conv2d(Conv2dOptions(in, out, 3).padding(1)), ReLU(ReLUOptions(true)),
                      Conv2d(Conv2dOptions(out, out, 3).padding(1)), ReLU(ReLUOptions(true)));
}

// Four levels (c, 2c, 4c, 8c channels); input sides must be multiples of 8. Output: 2 logits.
struct UNet2dImpl : torch::nn::Module {
    explicit UNet2dImpl(int c)
        : enc1(convBlock(1, c)), enc2(convBlock(c, 2 * c)), enc3(convBlock(2 * c, 4 * c)), bottom(convBlock(4 * c, 8 * c)),
          up3(torch::nn::ConvTranspose2dOptions(8 * c, 4 * c, 2).stride(2)), dec3(convBlock(8 * c, 4 * c)),
          up2(torch::nn::ConvTranspose2dOptions(4 * c, 2 * c, 2).stride(2)), dec2(convBlock(4 * c, 2 * c)),
          up1(torch::nn::ConvTranspose2dOptions(2 * c, c, 2).stride(2)), dec1(convBlock(2 * c, c)),
          head(torch::nn::Conv2dOptions(c, 2, 1))
    {
        register_module("enc1", enc1);
        register_module("enc2", enc2);
        register_module("enc3", enc3);
        register_module("bottom", bottom);
        register_module("up3", up3);
        register_module("dec3", dec3);
        register_module("up2", up2);
        register_module("dec2", dec2);
        register_module("up1", up1);
        register_module("dec1", dec1);
        register_module("head", head);
    }
    torch::Tensor forward(const torch::Tensor &x)
    {
        const torch::Tensor e1 = enc1->forward(x);
        const torch::Tensor e2 = enc2->forward(torch::max_pool2d(e1, 2));
        const torch::Tensor e3 = enc3->forward(torch::max_pool2d(e2, 2));
        const torch::Tensor b = bottom->forward(torch::max_pool2d(e3, 2));
        torch::Tensor d = dec3->forward(torch::cat({up3(b), e3}, 1));
        d = dec2->forward(torch::cat({up2(d), e2}, 1));
        d = dec1->forward(torch::cat({up1(d), e1}, 1));
        return head(d);
    }
    torch::nn::Sequential enc1, enc2, enc3, bottom;
    torch::nn::ConvTranspose2d up3;
    torch::nn::Sequential dec3;
    torch::nn::ConvTranspose2d up2;
    torch::nn::Sequential dec2;
    torch::nn::ConvTranspose2d up1;
    torch::nn::Sequential dec1;
    torch::nn::Conv2d head;
};
TORCH_MODULE(UNet2d);

// A case windowed to [-1, 1], with the slices that hold target voxels and those that do not.
struct Prepared {
    std::string name;
    int w = 0, h = 0, d = 0;
    std::vector<float> image;
    std::vector<std::uint8_t> mask;
    std::vector<int> lesionSlices, emptySlices;
    const float *slice(int k) const { return image.data() + std::size_t(k) * std::size_t(w * h); }
    const std::uint8_t *maskSlice(int k) const { return mask.data() + std::size_t(k) * std::size_t(w * h); }
};

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

// Cross-entropy plus (1 - soft Dice of the lesion class over the batch).
torch::Tensor segLoss(const torch::Tensor &logits, const torch::Tensor &target)
{
    const torch::Tensor ce = torch::nn::functional::cross_entropy(logits, target);
    const torch::Tensor p = torch::softmax(logits, 1).select(1, 1);
    const torch::Tensor t = target.to(torch::kFloat32);
    const torch::Tensor dice = (2 * (p * t).sum() + 1) / (p.sum() + t.sum() + 1);
    return ce + (1 - dice);
}

// Fills one training crop (patch x patch) with flips, a transpose and intensity jitter.
void fillCrop(const Sample &s, int patch, bool augment, std::mt19937_64 &rng, float *x, std::int64_t *y)
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
    if (augment) {
        flipX = rng() & 1;
        flipY = rng() & 1;
        transpose = rng() & 1;
        gain = std::uniform_real_distribution<float>(0.9f, 1.1f)(rng);
        shift = std::uniform_real_distribution<float>(-0.1f, 0.1f)(rng);
    }
    for (int py = 0; py < patch; ++py)
        for (int px = 0; px < patch; ++px) {
            int sx = flipX ? patch - 1 - px : px, sy = flipY ? patch - 1 - py : py;
            if (transpose)
                std::swap(sx, sy);
            const std::size_t src = std::size_t(y0 + sy) * std::size_t(c.w) + std::size_t(x0 + sx);
            x[py * patch + px] = img[src] * gain + shift;
            y[py * patch + px] = msk[src] ? 1 : 0;
        }
}

struct CaseScore {
    double dice = 0, loss = 0;
};

// Whole slices (padded to multiples of 8), argmax, 3D Dice over the case.
CaseScore evaluateCase(UNet2d &model, const Prepared &c, torch::Device device, int stride)
{
    const int W = (c.w + 7) / 8 * 8, H = (c.h + 7) / 8 * 8;
    const int step = 8;
    std::vector<int> slices;
    for (int k = std::min(stride / 2, c.d - 1); k < c.d; k += stride)
        slices.push_back(k);
    std::int64_t inter = 0, predicted = 0, truth = 0;
    double lossSum = 0;
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
        const torch::Tensor logits = model->forward(x.to(device));
        const torch::Tensor yd = y.to(device);
        lossSum += segLoss(logits, yd).item<double>();
        ++batches;
        const torch::Tensor p = logits.argmax(1).to(torch::kBool);
        const torch::Tensor t = yd.to(torch::kBool);
        inter += (p & t).sum().item<std::int64_t>();
        predicted += p.sum().item<std::int64_t>();
        truth += t.sum().item<std::int64_t>();
    }
    CaseScore score;
    score.dice = predicted + truth == 0 ? 1.0 : 2.0 * double(inter) / double(predicted + truth);
    score.loss = batches ? lossSum / batches : 0;
    return score;
}

struct Evaluation {
    double loss = 0, dice = 0;
    std::vector<double> perCase;
};

Evaluation evaluate(UNet2d &model, const std::vector<const Prepared *> &cases, torch::Device device, int stride = 1)
{
    torch::NoGradGuard noGrad;
    model->eval();
    Evaluation ev;
    for (const Prepared *c : cases) {
        const CaseScore s = evaluateCase(model, *c, device, std::max(1, stride));
        ev.perCase.push_back(s.dice);
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

} // namespace

TrainResult trainSegmenter(const CaseSource &source, const TrainOptions &options, const SegmentOptions &segment,
                           ProgressSink *progress, MetricSink *metrics)
{
    if (source.size() < 2)
        throw Error("segmentation needs at least two labelled cases (one to train on, one held out)");
    if (segment.baseChannels < 1 || segment.patch < 16)
        throw Error("the U-Net needs at least one base channel and crops of at least 16 pixels");
    TrainResult result;
    result.modelName = "unet2d";
    const torch::Device device = detail::prepareRun(options, result);

    // Split by patient, then load and window every case once.
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < source.size(); ++i)
        keys.push_back(source.patientKey(i));
    const std::vector<std::string> heldKeys = heldOutPatients(keys, segment.heldOutFraction, options.seed);
    const std::set<std::string> held(heldKeys.begin(), heldKeys.end());
    std::vector<Prepared> prepared;
    prepared.reserve(source.size());
    std::vector<const Prepared *> trainCases, testCases;
    for (std::size_t i = 0; i < source.size(); ++i) {
        if (isCancelled(progress)) {
            result.cancelled = true;
            return result;
        }
        reportProgress(progress, 0.0, "loading case " + std::to_string(i + 1) + "/" + std::to_string(source.size()));
        prepared.push_back(prepare(source.load(i), segment));
    }
    for (std::size_t i = 0; i < prepared.size(); ++i)
        (held.count(keys[i]) ? testCases : trainCases).push_back(&prepared[i]);
    if (options.maxTrain && trainCases.size() > options.maxTrain)
        trainCases.resize(options.maxTrain);
    if (options.maxTest && testCases.size() > options.maxTest)
        testCases.resize(options.maxTest);
    result.trainItems = trainCases.size();
    result.testItems = testCases.size();

    int patch = segment.patch;
    for (const Prepared *c : trainCases)
        patch = std::min({patch, c->w, c->h});
    patch = patch / 8 * 8;
    if (patch < 16)
        throw Error("segmentation needs slices of at least 16 x 16 pixels");
    const int batchSize = options.batchSize > 16 ? 8 : options.batchSize;

    UNet2d model(segment.baseChannels);
    model->to(device);
    result.parameters = detail::parameterCount(*model);
    torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(options.learningRate));
    int first = 1;
    if (options.resume && !options.checkpointPath.empty()
        && detail::loadCheckpoint(options.checkpointPath, "segment", *model, optimizer, result.history)) {
        for (EpochMetrics &m : result.history) {
            m.epochs = options.epochs;
            m.metricName = "dice";
        }
        first = int(result.history.size()) + 1;
        result.resumedFromEpoch = first - 1;
    }

    std::vector<Sample> lesionSamples, emptySamples;
    for (const Prepared *c : trainCases) {
        for (int k : c->lesionSlices)
            lesionSamples.push_back({c, k, true});
        for (int k : c->emptySlices)
            emptySamples.push_back({c, k, false});
    }
    if (lesionSamples.empty())
        throw Error("no training case has a labelled voxel");

    std::vector<float> xb;
    std::vector<std::int64_t> yb;
    model->train();
    const auto runStart = std::chrono::steady_clock::now();
    for (int epoch = first; epoch <= options.epochs; ++epoch) {
        const auto start = std::chrono::steady_clock::now();
        std::mt19937_64 rng = detail::epochRng(options.seed, epoch);
        // The epoch's draw of empty slices starts from the same order every epoch (a resumed run
        // must draw what an uninterrupted one draws).
        std::vector<Sample> samples = lesionSamples, empty = emptySamples;
        std::shuffle(empty.begin(), empty.end(), rng);
        const std::size_t empties =
            std::min(empty.size(), std::size_t(segment.emptySliceRatio * double(lesionSamples.size()) + 0.5));
        samples.insert(samples.end(), empty.begin(), empty.begin() + std::ptrdiff_t(empties));
        std::shuffle(samples.begin(), samples.end(), rng);
        const std::size_t batches = (samples.size() + std::size_t(batchSize) - 1) / std::size_t(batchSize);
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
                fillCrop(samples[s], patch, segment.augment, rng, xb.data() + (s - from) * std::size_t(area),
                         yb.data() + (s - from) * std::size_t(area));
            const torch::Tensor x = torch::from_blob(xb.data(), {n, 1, patch, patch}, torch::kFloat32).to(device);
            const torch::Tensor y = torch::from_blob(yb.data(), {n, patch, patch}, torch::kInt64).to(device);
            optimizer.zero_grad();
            const torch::Tensor loss = segLoss(model->forward(x), y);
            loss.backward();
            optimizer.step();
            lossSum += loss.item<double>();
            detail::reportBatch(progress, epoch, options.epochs, b, batches);
        }
        if (result.cancelled)
            break;
        const double trainSeconds = detail::secondsSince(start);
        const Evaluation ev = evaluate(model, testCases, device, segment.validationStride);
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
        if (!options.checkpointPath.empty())
            detail::saveCheckpoint(options.checkpointPath, "segment", *model, optimizer, result.history);
        if (metrics)
            metrics->epochFinished(m);
        if (options.maxSeconds > 0 && epoch < options.epochs
            && detail::secondsSince(runStart) + m.seconds > options.maxSeconds) {
            result.stoppedEarly = true;
            break;
        }
    }

    const Evaluation final = evaluate(model, testCases, device);
    result.metric = final.dice;
    result.perCaseDice = final.perCase;
    model->to(torch::kCPU);
    result.weights = detail::moduleBytes(*model);
    nlohmann::json sidecar{{"task", "segment"},
                           {"model", result.modelName},
                           {"input", {{"channels", 1}, {"axis", "axial slices"}, {"multiple_of", 8}, {"train_patch", patch}}},
                           {"window", {{"centre", segment.windowCentre}, {"width", segment.windowWidth}, {"maps_to", {-1, 1}}}},
                           {"labels", {"background", "lesion"}},
                           {"base_channels", segment.baseChannels},
                           {"parameters", result.parameters},
                           {"data", {{"train_cases", trainCases.size()}, {"test_cases", testCases.size()},
                                     {"lesion_slices", lesionSamples.size()}}},
                           {"epochs", result.history.size()},
                           {"dice", result.metric}};
    result.sidecarJson = sidecar.dump();
    reportProgress(progress, 1.0, result.cancelled ? "training cancelled" : "training finished");
    return result;
}

double segmenterTrainingThroughput(int side, int batch, int steps, int threads, int baseChannels)
{
    if (threads > 0)
        torch::set_num_threads(threads);
    torch::manual_seed(1);
    UNet2d model(baseChannels);
    torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-3));
    const torch::Tensor x = torch::rand({batch, 1, side, side});
    const torch::Tensor y = torch::randint(0, 2, {batch, side, side}, torch::kInt64);
    auto step = [&] {
        optimizer.zero_grad();
        torch::Tensor loss = segLoss(model->forward(x), y);
        loss.backward();
        optimizer.step();
    };
    for (int i = 0; i < 2; ++i)
        step();
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < steps; ++i)
        step();
    return double(batch) * steps / detail::secondsSince(start);
}

double segmenterInferenceMs(int side, int slices, int threads, int baseChannels)
{
    if (threads > 0)
        torch::set_num_threads(threads);
    torch::manual_seed(1);
    UNet2d model(baseChannels);
    model->eval();
    torch::NoGradGuard noGrad;
    const torch::Tensor x = torch::rand({std::min(slices, 8), 1, side, side});
    model->forward(x.slice(0, 0, 1)); // warm-up
    const auto start = std::chrono::steady_clock::now();
    for (int done = 0; done < slices; done += 8)
        model->forward(x.slice(0, 0, std::min(8, slices - done))).argmax(1);
    return detail::secondsSince(start) * 1000.0;
}

} // namespace sagitta::core::ml
