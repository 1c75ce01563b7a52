#pragma once
// One training run recorded in the project, as the Training dock and `sagitta train` start it:
// the data (the project's labelled series for segmentation, a standard image set for
// classification), the run's row with its hyper-parameters, one row per finished epoch, and
// the trained model with its sidecar. Plain C++ (no torch header). It opens its own connection
// to the project, so a worker thread runs it while the GUI's connection reads (WAL).
#include "core/base/progress.h"
#include "core/ml/train.h"

#include <cstdint>
#include <memory>
#include <string>

namespace sagitta::core {
class Project;
}

namespace sagitta::core::ml {

// Stores each finished epoch of run in the project (a busy file costs that epoch's row, never the
// run), then passes it on to next (may be null). Used by every recorded run.
class RecordingSink : public MetricSink {
public:
    RecordingSink(Project &project, std::int64_t run, MetricSink *next) : m_project(project), m_run(run), m_next(next) {}
    void epochFinished(const EpochMetrics &m) override;

private:
    Project &m_project;
    std::int64_t m_run;
    MetricSink *m_next;
};

// A run's checkpoint kept in the project (TrainingStore's training_checkpoints) under key, so
// it is encrypted with the project and goes with it. Errors reading or writing are core::Error.
class ProjectCheckpointStore : public CheckpointStore {
public:
    ProjectCheckpointStore(Project &project, std::string key) : m_project(project), m_key(std::move(key)) {}
    bool load(std::string &bytes) override;
    void save(const std::string &bytes) override;

private:
    Project &m_project;
    std::string m_key;
};

// Points options at request.checkpointKey's checkpoint in project (through store) when the key is set.
struct TrainingRequest;
void useProjectCheckpoint(const TrainingRequest &request, Project &project, std::unique_ptr<ProjectCheckpointStore> &store,
                          TrainOptions &options);

struct TrainingOutcome;

// Ends a recorded run (out.runId, out.result): unless it was cancelled its model is stored as
// "<model> run <id>" for task and summaryJson gains "model_id"; the run's status and summary are
// written; out.modelId and out.summaryJson are set. Every recorded run ends through it.
void finishRecordedRun(Project &project, const std::string &task, const std::string &model, const std::string &summaryJson,
                       TrainingOutcome &out);

struct TrainingRequest {
    std::string projectPath;
    std::string task = "segment";        // segment, classify (runRecordedTraining) or tag (runRecordedTagTraining)
    std::string segment = "Lesion";      // segment: the segment learnt (series where it has voxels)
    std::string dataset = "fashion-mnist"; // classify: the image set
    std::string model;                   // classify: cnn2 (empty: cnn2) or resnet18; segment: unet2d (empty) or unet3d
    TrainOptions options;                // device Auto is resolved before the run starts
    // Non-empty: the checkpoint is kept in the project under this key (task|model|data; the
    // Training dock) instead of options.checkpointPath.
    std::string checkpointKey;
};

struct TrainingOutcome {
    std::int64_t runId = 0;
    std::int64_t modelId = 0;            // 0 when cancelled (no model kept)
    TrainResult result;
    std::string metricName;              // dice or accuracy
    std::string summaryJson;             // what the run's row holds as its result
    double seconds = 0;
};

// Throws core::Error (naming the project or dataset) when the data cannot be had; the run is
// recorded as failed when training itself throws. metrics hears each epoch after it is stored.
TrainingOutcome runRecordedTraining(const TrainingRequest &request, ProgressSink *progress = nullptr,
                                    MetricSink *metrics = nullptr);

} // namespace sagitta::core::ml
