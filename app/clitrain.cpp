// `sagitta train`: a training run on the project's data or a standard dataset, recorded in the
// project (run, metrics per epoch, model). One JSON line per epoch with --json, then a final
// line with the held-out metrics. Ctrl-C cancels cleanly after the current batch.
#include "app/clitrain.h"

#include "core/base/error.h"
#include "core/ml/projectdata.h"
#include "core/ml/train.h"
#include "core/project/project.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

using nlohmann::json;

namespace sagitta {
namespace app {

namespace {

constexpr const char *kTrainUsage =
    "usage: sagitta train --project P --task segment|classify [--dataset fashion-mnist] [--segment NAME] [--epochs N]\n"
    "                     [--device cpu|cuda|auto] [--seed S] [--threads N] [--batch N] [--lr X]\n"
    "                     [--limit-train N] [--limit-test N] [--minutes M] [--checkpoint FILE [--resume]] [--json]";

std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int)
{
    g_interrupted = true;
}

class ConsoleProgress : public core::ProgressSink {
public:
    void report(double, const std::string &) override {}
    bool cancelled() const override { return g_interrupted.load(); }
};

// Records each epoch in the project and prints it.
class EpochPrinter : public core::ml::MetricSink {
public:
    EpochPrinter(core::Project &project, std::int64_t run, bool asJson) : m_project(project), m_run(run), m_json(asJson) {}
    void epochFinished(const core::ml::EpochMetrics &m) override
    {
        core::TrainingEpoch e;
        e.epoch = m.epoch;
        e.trainLoss = m.trainLoss;
        e.validLoss = m.validLoss;
        e.metricName = m.metricName;
        e.metric = m.metric;
        e.seconds = m.seconds;
        e.itemsPerSecond = m.itemsPerSecond;
        m_project.addTrainingEpoch(m_run, e);
        if (m_json) {
            std::cout << json{{"run", m_run}, {"epoch", m.epoch}, {"epochs", m.epochs}, {"train_loss", m.trainLoss},
                              {"valid_loss", m.validLoss}, {m.metricName, m.metric}, {"seconds", m.seconds},
                              {"items_per_second", m.itemsPerSecond}}
                             .dump()
                      << std::endl;
        } else {
            std::printf("epoch %d/%d  loss %.4f  held-out loss %.4f  %s %.4f  %.1f s (%.0f items/s)\n", m.epoch, m.epochs,
                        m.trainLoss, m.validLoss, m.metricName.c_str(), m.metric, m.seconds, m.itemsPerSecond);
            std::fflush(stdout);
        }
    }

private:
    core::Project &m_project;
    std::int64_t m_run;
    bool m_json;
};

int toInt(const std::map<std::string, std::string> &o, const std::string &key, int fallback)
{
    const auto it = o.find(key);
    if (it == o.end())
        return fallback;
    try {
        std::size_t used = 0;
        const int v = std::stoi(it->second, &used);
        if (used == it->second.size())
            return v;
    } catch (const std::exception &) {
    }
    throw core::Error(key + " needs a whole number, not '" + it->second + "'");
}

} // namespace

int runTrainCommand(const std::vector<std::string> &args)
{
    static const std::set<std::string> valued{"--project", "--task",  "--dataset", "--segment",     "--epochs",
                                              "--device",  "--seed",  "--threads", "--batch",       "--lr",
                                              "--limit-train", "--limit-test", "--checkpoint", "--minutes"};
    static const std::set<std::string> switches{"--json", "--resume"};
    std::map<std::string, std::string> o;
    for (std::size_t n = 0; n < args.size(); ++n) {
        if (valued.count(args[n])) {
            if (n + 1 >= args.size())
                throw core::Error(args[n] + " needs a value");
            o[args[n]] = args[n + 1];
            ++n;
        } else if (switches.count(args[n])) {
            o[args[n]] = "";
        } else {
            throw core::Error("unknown argument '" + args[n] + "'\n" + kTrainUsage);
        }
    }
    if (!o.count("--project") || !o.count("--task"))
        throw core::Error(kTrainUsage);
    const std::string task = o.at("--task");
    if (task != "segment" && task != "classify")
        throw core::Error("--task must be segment or classify (tag is not there yet)");
    const bool asJson = o.count("--json") > 0;

    core::ml::TrainOptions options;
    options.epochs = toInt(o, "--epochs", task == "classify" ? 3 : 30);
    options.seed = std::uint64_t(toInt(o, "--seed", 1));
    options.threads = toInt(o, "--threads", 0);
    options.batchSize = toInt(o, "--batch", task == "classify" ? 64 : 8);
    options.maxTrain = std::size_t(std::max(0, toInt(o, "--limit-train", 0)));
    options.maxTest = std::size_t(std::max(0, toInt(o, "--limit-test", 0)));
    if (o.count("--lr"))
        options.learningRate = std::stod(o.at("--lr"));
    options.device = core::ml::resolveDevice(core::ml::parseDevice(o.count("--device") ? o.at("--device") : "auto"));
    if (o.count("--minutes"))
        options.maxSeconds = 60.0 * std::stod(o.at("--minutes"));
    if (o.count("--checkpoint"))
        options.checkpointPath = o.at("--checkpoint");
    options.resume = o.count("--resume") > 0;
    if (options.resume && options.checkpointPath.empty())
        throw core::Error("--resume needs --checkpoint FILE");

    const std::string projectPath = o.at("--project");
    auto project = core::Project::open(projectPath);
    project->setBusyTimeout(120000);

    // Data first: a missing dataset or an unlabelled project fails before a run is recorded.
    core::ml::TrainTestSets sets;
    std::unique_ptr<core::ml::ProjectCases> cases;
    json params{{"epochs", options.epochs}, {"batch", options.batchSize}, {"lr", options.learningRate},
                {"seed", options.seed}, {"threads", options.threads}, {"optimizer", "adam"}};
    core::ml::SegmentOptions segment;
    if (options.device == core::ml::Device::Cuda) { // a wider U-Net on larger crops where a GPU trains it
        segment.baseChannels = 16;
        segment.patch = 96;
    }
    if (task == "classify") {
        const std::string dataset = o.count("--dataset") ? o.at("--dataset") : "fashion-mnist";
        if (dataset != "fashion-mnist")
            throw core::Error("unknown dataset '" + dataset + "' (fashion-mnist)");
        sets = core::ml::loadFashionMnist();
        params["dataset"] = dataset;
    } else {
        const std::string name = o.count("--segment") ? o.at("--segment") : "Lesion";
        cases = std::make_unique<core::ml::ProjectCases>(projectPath, name);
        if (cases->size() < 2)
            throw core::Error(projectPath + ": " + std::to_string(cases->size()) + " series with a labelled '" + name
                              + "' segment; training needs at least two (sagitta demo writes sixteen)");
        params["segment"] = name;
        params["window"] = {segment.windowCentre, segment.windowWidth};
        params["patch"] = segment.patch;
        params["base_channels"] = segment.baseChannels;
        params["held_out_fraction"] = segment.heldOutFraction;
    }
    if (options.maxSeconds > 0)
        params["max_seconds"] = options.maxSeconds;
    if (options.maxTrain)
        params["limit_train"] = options.maxTrain;
    if (options.maxTest)
        params["limit_test"] = options.maxTest;
    const std::string model = task == "classify" ? "cnn2" : "unet2d";
    const std::int64_t run = project->beginTrainingRun(task, model, params.dump(), core::ml::deviceName(options.device));

    g_interrupted = false;
    auto previous = std::signal(SIGINT, onInterrupt);
    ConsoleProgress progress;
    EpochPrinter printer(*project, run, asJson);
    const auto start = std::chrono::steady_clock::now();
    core::ml::TrainResult result;
    try {
        result = task == "classify" ? core::ml::trainClassifier(sets.train, sets.test, options, &progress, &printer)
                                    : core::ml::trainSegmenter(*cases, options, segment, &progress, &printer);
    } catch (const std::exception &e) {
        std::signal(SIGINT, previous);
        project->finishTrainingRun(run, "failed", json{{"error", e.what()}}.dump());
        throw;
    }
    std::signal(SIGINT, previous);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    const std::string metricName = task == "classify" ? "accuracy" : "dice";
    json final{{"run", run}, {"task", task}, {"model", model}, {"device", result.device},
               {"parameters", result.parameters}, {"epochs", result.history.size()}, {metricName, result.metric},
               {"train_items", result.trainItems}, {"test_items", result.testItems}, {"seconds", seconds},
               {"status", result.cancelled ? "cancelled" : "finished"}};
    if (task == "classify")
        final["confusion"] = result.confusion;
    else
        final["per_case_dice"] = result.perCaseDice;
    if (result.resumedFromEpoch)
        final["resumed_from_epoch"] = result.resumedFromEpoch;
    if (result.stoppedEarly)
        final["stopped_early"] = true; // the --minutes budget
    if (!result.cancelled)
        final["model_id"] = project->addModel(run, model + " run " + std::to_string(run), task, result.weights, result.sidecarJson);
    project->finishTrainingRun(run, result.cancelled ? "cancelled" : "finished", final.dump());
    if (asJson) {
        std::cout << final.dump() << std::endl;
    } else {
        std::printf("run %lld %s: held-out %s %.4f after %zu epoch(s), %.1f s on %s%s\n", static_cast<long long>(run),
                    result.cancelled ? "cancelled" : "finished", metricName.c_str(), result.metric, result.history.size(),
                    seconds, result.device.c_str(),
                    final.count("model_id") ? (", model " + final["model_id"].dump() + " saved").c_str() : "");
    }
    if (result.cancelled)
        std::cerr << "sagitta: training cancelled after " << result.history.size() << " epoch(s)" << std::endl;
    return result.cancelled ? 130 : 0;
}

} // namespace app
} // namespace sagitta
