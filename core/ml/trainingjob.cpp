#include "core/ml/trainingjob.h"

#include "core/base/error.h"
#include "core/ml/projectdata.h"
#include "core/project/project.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>

namespace sagitta::core::ml {

void RecordingSink::epochFinished(const EpochMetrics &m)
{
    TrainingEpoch e;
    e.epoch = m.epoch;
    e.trainLoss = m.trainLoss;
    e.validLoss = m.validLoss;
    e.metricName = m.metricName;
    e.metric = m.metric;
    e.seconds = m.seconds;
    e.itemsPerSecond = m.itemsPerSecond;
    try {
        m_project.trainingStore().addTrainingEpoch(m_run, e);
    } catch (const std::exception &) {
        // A busy file costs the epoch's row, never the run (its result row comes at the end).
    }
    if (m_next)
        m_next->epochFinished(m);
}

bool ProjectCheckpointStore::load(std::string &bytes)
{
    std::optional<std::string> saved = m_project.trainingStore().checkpoint(m_key);
    if (!saved)
        return false;
    bytes = std::move(*saved);
    return true;
}

void ProjectCheckpointStore::save(const std::string &bytes)
{
    m_project.trainingStore().saveCheckpoint(m_key, bytes);
}

void useProjectCheckpoint(const TrainingRequest &request, Project &project, std::unique_ptr<ProjectCheckpointStore> &store,
                          TrainOptions &options)
{
    if (request.checkpointKey.empty())
        return;
    store = std::make_unique<ProjectCheckpointStore>(project, request.checkpointKey);
    options.checkpointStore = store.get();
    options.checkpointPath.clear();
}

void finishRecordedRun(Project &project, const std::string &task, const std::string &model, const std::string &summaryJson,
                       TrainingOutcome &out)
{
    const TrainResult &r = out.result;
    nlohmann::json summary = nlohmann::json::parse(summaryJson);
    if (!r.cancelled) {
        out.modelId = project.trainingStore().addModel(out.runId, model + " run " + std::to_string(out.runId), task, r.weights,
                                                       r.sidecarJson);
        summary["model_id"] = out.modelId;
    }
    out.summaryJson = summary.dump();
    project.trainingStore().finishTrainingRun(out.runId, r.cancelled ? "cancelled" : "finished", out.summaryJson);
}

TrainingOutcome runRecordedTraining(const TrainingRequest &request, ProgressSink *progress, MetricSink *metrics)
{
    using nlohmann::json;
    if (request.task != "segment" && request.task != "classify")
        throw Error("the task must be segment or classify, not '" + request.task + "'");
    TrainOptions options = request.options;
    options.device = resolveDevice(options.device);
    auto project = Project::open(request.projectPath);
    project->setBusyTimeout(120000);
    std::unique_ptr<ProjectCheckpointStore> checkpoint;
    useProjectCheckpoint(request, *project, checkpoint, options);

    // Data first: a missing dataset or an unlabelled project fails before a run is recorded.
    TrainTestSets sets;
    std::unique_ptr<ProjectCases> cases;
    json params{{"epochs", options.epochs}, {"batch", options.batchSize}, {"lr", options.learningRate},
                {"seed", options.seed}, {"threads", options.threads}, {"optimizer", "adam"}};
    SegmentOptions segment;
    if (options.device == Device::Cuda) { // a wider U-Net on larger crops where a GPU trains it
        segment.baseChannels = 16;
        segment.patch = 96;
    }
    if (request.task == "classify") {
        if (request.dataset != "fashion-mnist")
            throw Error("unknown dataset '" + request.dataset + "' (fashion-mnist)");
        sets = loadFashionMnist();
        params["dataset"] = request.dataset;
    } else {
        cases = std::make_unique<ProjectCases>(request.projectPath, request.segment);
        if (cases->size() < 2)
            throw Error(request.projectPath + ": " + std::to_string(cases->size()) + " series with a labelled '" + request.segment
                        + "' segment; training needs at least two");
        params["segment"] = request.segment;
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
    const std::string model = !request.model.empty() ? request.model : request.task == "classify" ? "cnn2" : "unet2d";
    if (request.task == "classify" ? model != "cnn2" && model != "resnet18" : model != "unet2d" && model != "unet3d")
        throw Error("model '" + model + "' does not do the task " + request.task
                    + (request.task == "classify" ? " (cnn2 or resnet18)" : " (unet2d or unet3d)"));
    segment.model = model;
    if (model == "unet3d") {
        params["patch_depth"] = segment.patchDepth;
        params["crops_per_case"] = segment.cropsPerCase;
    }
    ClassifyOptions classify;
    classify.model = model;
    if (options.device == Device::Cuda)
        classify.width = 64; // the original ResNet-18's width where a GPU trains it
    if (model == "resnet18")
        params["width"] = classify.width;

    TrainingOutcome out;
    out.metricName = request.task == "classify" ? "accuracy" : "dice";
    out.runId = project->trainingStore().beginTrainingRun(request.task, model, params.dump(), deviceName(options.device));
    RecordingSink sink(*project, out.runId, metrics);
    const auto start = std::chrono::steady_clock::now();
    try {
        out.result = request.task == "classify" ? trainClassifier(sets.train, sets.test, options, progress, &sink, classify)
                                                : trainSegmenter(*cases, options, segment, progress, &sink);
    } catch (const std::exception &e) {
        project->trainingStore().finishTrainingRun(out.runId, "failed", json{{"error", e.what()}}.dump());
        throw;
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const TrainResult &r = out.result;
    json summary{{"run", out.runId}, {"task", request.task}, {"model", model}, {"device", r.device},
                 {"parameters", r.parameters}, {"epochs", r.history.size()}, {out.metricName, r.metric},
                 {"train_items", r.trainItems}, {"test_items", r.testItems}, {"seconds", out.seconds},
                 {"status", r.cancelled ? "cancelled" : "finished"}};
    // NaN (an undefined HD95 or AUC) is written as null.
    if (request.task == "classify") {
        summary["confusion"] = r.confusion;
        summary["roc_auc"] = r.rocAuc;
        summary["per_class_auc"] = r.perClassAuc;
    } else {
        summary["per_case_dice"] = r.perCaseDice;
        summary["hd95_mm"] = r.hd95;
        summary["per_case_hd95_mm"] = r.perCaseHd95;
        summary["cases"] = r.caseNames;
    }
    if (r.resumedFromEpoch)
        summary["resumed_from_epoch"] = r.resumedFromEpoch;
    if (r.stoppedEarly)
        summary["stopped_early"] = true;
    finishRecordedRun(*project, request.task, model, summary.dump(), out);
    return out;
}

} // namespace sagitta::core::ml
