#pragma once
// Records of training in the project file (schema 10): runs, per-epoch metrics and models.
// Plain data; the store is TrainingStore (trainingstore.cpp). A training worker opens its own
// Project on its thread (its own SQLite connection; WAL lets the GUI read meanwhile).
#include <cstdint>
#include <string>

namespace sagitta::core {

struct TrainingRun {
    std::int64_t id = 0;
    std::string task;        // segment, classify, tag
    std::string model;       // e.g. unet2d, cnn2
    std::string paramsJson;  // hyper-parameters
    std::string device;      // cpu, cuda
    std::string status;      // running, finished, cancelled, failed
    std::string user, startedAt, endedAt; // ISO 8601 UTC; endedAt empty while running
    std::string resultJson;  // held-out metrics once ended
};

struct TrainingEpoch {
    int epoch = 0;
    double trainLoss = 0, validLoss = 0;
    std::string metricName;  // dice, accuracy
    double metric = 0;
    double seconds = 0;
    double itemsPerSecond = 0;
};

struct ModelRecord {
    std::int64_t id = 0;
    std::int64_t runId = 0;  // 0 when the run was removed or the model imported
    std::string name, task, format, sidecarJson, createdAt;
    std::string weights;     // filled by TrainingStore::model(id) only
};

} // namespace sagitta::core
