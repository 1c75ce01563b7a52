#pragma once
// Training runs, their per-epoch metrics and the models they leave. One of the stores a Project
// keeps over its one database (Project::trainingStore()).
#include "core/project/training.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sagitta::core {

namespace sqlite {
class Database;
}
class Project;

class TrainingStore {
public:
    // Each call is one short transaction, so a worker with its
    // own Project can record a run while the GUI's connection reads. Start and end of a run and
    // every model saved go to the audit log.
    std::int64_t beginTrainingRun(const std::string &task, const std::string &model, const std::string &paramsJson,
                                  const std::string &device);
    void addTrainingEpoch(std::int64_t runId, const TrainingEpoch &epoch);
    // status: finished, cancelled or failed.
    void finishTrainingRun(std::int64_t runId, const std::string &status, const std::string &resultJson);
    std::vector<TrainingRun> trainingRuns() const;
    std::optional<TrainingRun> trainingRun(std::int64_t runId) const;
    std::vector<TrainingEpoch> trainingEpochs(std::int64_t runId) const;
    std::int64_t addModel(std::int64_t runId, const std::string &name, const std::string &task, const std::string &weights,
                          const std::string &sidecarJson, const std::string &format = "libtorch-archive");
    std::vector<ModelRecord> models() const;                // without weights
    std::optional<ModelRecord> model(std::int64_t id) const; // with weights
    // Resume checkpoints (schema 15), by key (task|model|data): the bytes are replaced whole in
    // one transaction; checkpoint() is empty when the key has none.
    void saveCheckpoint(const std::string &key, const std::string &bytes);
    std::optional<std::string> checkpoint(const std::string &key) const;

private:
    friend class Project;
    TrainingStore(sqlite::Database &db, Project &project) : m_db(&db), m_project(project) {}
    TrainingStore(const TrainingStore &) = delete;
    TrainingStore &operator=(const TrainingStore &) = delete;

    sqlite::Database *m_db;
    Project &m_project;
};

} // namespace sagitta::core
