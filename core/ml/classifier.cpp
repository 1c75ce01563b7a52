// The classic image classifier: two conv blocks, a dense layer, softmax.
#include "core/base/error.h"
#include "core/ml/metrics.h"
#include "core/ml/models.h"
#include "core/ml/torchcommon.h"

#include <nlohmann/json.hpp>

#include <numeric>

namespace sagitta::core::ml {

namespace {

using detail::ClassifierNet;

// Images [n, 1, rows, cols] in [0, 1] and labels [n] of the first n items of a set.
std::pair<torch::Tensor, torch::Tensor> toTensors(const ImageSet &set, std::size_t n)
{
    const std::int64_t count = std::int64_t(n), rows = set.rows, cols = set.cols;
    torch::Tensor x = torch::from_blob(const_cast<std::uint8_t *>(set.pixels.data()), {count, 1, rows, cols}, torch::kUInt8)
                          .to(torch::kFloat32)
                          .div_(255.0);
    torch::Tensor y = torch::from_blob(const_cast<std::uint8_t *>(set.labels.data()), {count}, torch::kUInt8).to(torch::kInt64);
    return {x, y};
}

struct Evaluation {
    double loss = 0, accuracy = 0;
    std::vector<std::vector<int>> confusion;
    std::vector<double> probabilities; // [item][class], softmax
    std::vector<int> truth;
};

Evaluation evaluate(ClassifierNet &model, const torch::Tensor &x, const torch::Tensor &y, int classes, torch::Device device)
{
    torch::NoGradGuard noGrad;
    model.eval();
    Evaluation ev;
    ev.confusion.assign(std::size_t(classes), std::vector<int>(std::size_t(classes), 0));
    const std::int64_t n = x.size(0), step = 1000;
    double lossSum = 0;
    std::int64_t correct = 0;
    for (std::int64_t from = 0; from < n; from += step) {
        const std::int64_t to = std::min(n, from + step);
        const torch::Tensor logits = model.forward(x.slice(0, from, to).to(device));
        const torch::Tensor truth = y.slice(0, from, to).to(device);
        lossSum += torch::nn::functional::cross_entropy(logits, truth).item<double>() * double(to - from);
        const torch::Tensor predicted = logits.argmax(1).cpu();
        const torch::Tensor t = truth.cpu();
        const torch::Tensor probs = torch::softmax(logits, 1).to(torch::kFloat64).cpu().contiguous();
        ev.probabilities.insert(ev.probabilities.end(), probs.data_ptr<double>(), probs.data_ptr<double>() + probs.numel());
        auto p = predicted.accessor<std::int64_t, 1>();
        auto tt = t.accessor<std::int64_t, 1>();
        for (std::int64_t i = 0; i < to - from; ++i) {
            ++ev.confusion[std::size_t(tt[i])][std::size_t(p[i])];
            correct += p[i] == tt[i];
            ev.truth.push_back(int(tt[i]));
        }
    }
    ev.loss = n ? lossSum / double(n) : 0;
    ev.accuracy = n ? double(correct) / double(n) : 0;
    model.train();
    return ev;
}

} // namespace

TrainResult trainClassifier(const ImageSet &train, const ImageSet &test, const TrainOptions &options,
                            ProgressSink *progress, MetricSink *metrics, const ClassifyOptions &classify)
{
    if (train.size() == 0 || test.size() == 0)
        throw Error("the classifier needs training and test images (a set is empty)");
    if (train.rows != test.rows || train.cols != test.cols || train.rows < 4 || train.cols < 4)
        throw Error("training and test images must share one size of at least 4x4 pixels");
    if (train.pixels.size() != train.size() * std::size_t(train.rows * train.cols)
        || test.pixels.size() != test.size() * std::size_t(test.rows * test.cols))
        throw Error("an image set holds a pixel count that does not match its images");
    const int classes = std::max(train.classes(), test.classes());

    if (classify.model != "cnn2" && classify.model != "resnet18")
        throw Error("unknown classifier '" + classify.model + "' (cnn2 or resnet18)");
    if (classify.model == "resnet18" && classify.width < 1)
        throw Error("the ResNet width must be at least 1");
    TrainResult result;
    result.modelName = classify.model;
    const torch::Device device = detail::prepareRun(options, result);
    const std::size_t nTrain = options.maxTrain ? std::min(options.maxTrain, train.size()) : train.size();
    const std::size_t nTest = options.maxTest ? std::min(options.maxTest, test.size()) : test.size();
    result.trainItems = nTrain;
    result.testItems = nTest;
    auto [xTrain, yTrain] = toTensors(train, nTrain);
    auto [xTest, yTest] = toTensors(test, nTest);

    const std::shared_ptr<ClassifierNet> model = detail::makeClassifier(classify.model, train.rows, train.cols, classes, classify.width);
    model->to(device);
    result.parameters = detail::parameterCount(*model);
    torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(options.learningRate));

    int first = 1;
    if (options.resume && detail::hasCheckpoint(options)
        && detail::loadCheckpoint(options, "classify", *model, optimizer, result.history)) {
        for (EpochMetrics &m : result.history) {
            m.epochs = options.epochs;
            m.metricName = "accuracy";
        }
        first = int(result.history.size()) + 1;
        result.resumedFromEpoch = first - 1;
    }

    const std::size_t batch = std::size_t(options.batchSize);
    const std::size_t batches = (nTrain + batch - 1) / batch;
    std::vector<std::int64_t> order(nTrain);
    model->train();
    const auto runStart = std::chrono::steady_clock::now();
    for (int epoch = first; epoch <= options.epochs; ++epoch) {
        const auto start = std::chrono::steady_clock::now();
        std::iota(order.begin(), order.end(), 0);
        std::mt19937_64 rng = detail::epochRng(options.seed, epoch);
        std::shuffle(order.begin(), order.end(), rng);
        const torch::Tensor index = torch::from_blob(order.data(), {std::int64_t(nTrain)}, torch::kInt64);
        double lossSum = 0;
        for (std::size_t b = 0; b < batches; ++b) {
            if (isCancelled(progress)) {
                result.cancelled = true;
                break;
            }
            const torch::Tensor idx = index.slice(0, std::int64_t(b * batch), std::int64_t(std::min(nTrain, (b + 1) * batch)));
            const torch::Tensor x = xTrain.index_select(0, idx).to(device);
            const torch::Tensor y = yTrain.index_select(0, idx).to(device);
            optimizer.zero_grad();
            const torch::Tensor loss = torch::nn::functional::cross_entropy(model->forward(x), y);
            loss.backward();
            optimizer.step();
            lossSum += loss.item<double>();
            if (b % 20 == 0)
                detail::reportBatch(progress, epoch, options.epochs, b, batches);
        }
        if (result.cancelled)
            break;
        const double trainSeconds = detail::secondsSince(start);
        const Evaluation ev = evaluate(*model, xTest, yTest, classes, device);
        EpochMetrics m;
        m.epoch = epoch;
        m.epochs = options.epochs;
        m.trainLoss = lossSum / double(batches);
        m.validLoss = ev.loss;
        m.metricName = "accuracy";
        m.metric = ev.accuracy;
        m.seconds = detail::secondsSince(start);
        m.itemsPerSecond = double(nTrain) / trainSeconds;
        result.history.push_back(m);
        if (detail::hasCheckpoint(options))
            detail::saveCheckpoint(options, "classify", *model, optimizer, result.history);
        if (metrics)
            metrics->epochFinished(m);
        if (options.maxSeconds > 0 && epoch < options.epochs
            && detail::secondsSince(runStart) + m.seconds > options.maxSeconds) {
            result.stoppedEarly = true;
            break;
        }
    }

    const Evaluation final = evaluate(*model, xTest, yTest, classes, device);
    result.metric = final.accuracy;
    result.confusion = final.confusion;
    result.classNames = train.classNames;
    result.perClassAuc = rocAucPerClass(final.probabilities, final.truth, classes);
    result.rocAuc = meanDefined(result.perClassAuc);
    model->to(torch::kCPU);
    result.weights = detail::moduleBytes(*model);
    nlohmann::json sidecar{{"task", "classify"},
                           {"model", result.modelName},
                           {"input", {{"channels", 1}, {"rows", train.rows}, {"cols", train.cols}}},
                           {"window", {{"centre", 127.5}, {"width", 255}, {"maps_to", {0, 1}}}}, // 8-bit pixel / 255
                           {"labels", train.classNames},
                           {"classes", classes},
                           {"width", classify.width},
                           {"parameters", result.parameters},
                           {"data", {{"train", nTrain}, {"test", nTest}}},
                           {"epochs", result.history.size()},
                           {"accuracy", result.metric},
                           {"roc_auc", result.rocAuc}};
    result.sidecarJson = sidecar.dump();
    reportProgress(progress, 1.0, result.cancelled ? "training cancelled" : "training finished");
    return result;
}

double classifierTrainingThroughput(int batch, int steps, int threads)
{
    if (threads > 0)
        torch::set_num_threads(threads);
    torch::manual_seed(1);
    detail::Cnn2Impl model(28, 28, 10);
    torch::optim::Adam optimizer(model.parameters(), torch::optim::AdamOptions(1e-3));
    const torch::Tensor x = torch::rand({batch, 1, 28, 28});
    const torch::Tensor y = torch::randint(0, 10, {batch}, torch::kInt64);
    return detail::imagesPerSecond(
        optimizer, [&] { return torch::nn::functional::cross_entropy(model.forward(x), y); }, batch, 5, steps);
}

} // namespace sagitta::core::ml
