// TrainingStore: training runs, their metrics per epoch and the models they produce (schema 10).
#include "core/base/error.h"
#include "core/project/project.h"
#include "core/project/sqlite.h"

namespace sagitta::core {

std::int64_t TrainingStore::beginTrainingRun(const std::string &task, const std::string &model, const std::string &paramsJson,
                                       const std::string &device)
{
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, "INSERT INTO training_runs(task, model, params, device, user) VALUES (?1, ?2, ?3, ?4, ?5)");
    st.bind(1, task).bind(2, model).bind(3, paramsJson).bind(4, device).bind(5, Project::currentUser()).run();
    const std::int64_t id = m_db->lastInsertId();
    m_project.audit("training started", "run " + std::to_string(id) + ": " + task + ", " + model + " on " + device);
    tx.commit();
    return id;
}

void TrainingStore::addTrainingEpoch(std::int64_t runId, const TrainingEpoch &e)
{
    sqlite::Statement st(*m_db, "INSERT OR REPLACE INTO training_metrics(run_id, epoch, train_loss, valid_loss, metric_name, "
                                "metric, seconds, items_per_second) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    st.bind(1, runId).bind(2, e.epoch).bind(3, e.trainLoss).bind(4, e.validLoss).bind(5, e.metricName).bind(6, e.metric);
    st.bind(7, e.seconds).bind(8, e.itemsPerSecond).run();
}

void TrainingStore::finishTrainingRun(std::int64_t runId, const std::string &status, const std::string &resultJson)
{
    if (status != "finished" && status != "cancelled" && status != "failed")
        throw Error("a training run ends finished, cancelled or failed, not '" + status + "'");
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, "UPDATE training_runs SET status = ?2, result = ?3, "
                                "ended_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1");
    st.bind(1, runId).bind(2, status).bind(3, resultJson).run();
    if (m_db->changes() != 1)
        throw Error(m_project.path() + ": no training run " + std::to_string(runId));
    m_project.audit("training " + status, "run " + std::to_string(runId));
    tx.commit();
}

namespace {

TrainingRun readRun(sqlite::Statement &st)
{
    TrainingRun r;
    r.id = st.int64(0);
    r.task = st.text(1);
    r.model = st.text(2);
    r.paramsJson = st.text(3);
    r.device = st.text(4);
    r.status = st.text(5);
    r.user = st.text(6);
    r.startedAt = st.text(7);
    r.endedAt = st.isNull(8) ? "" : st.text(8);
    r.resultJson = st.text(9);
    return r;
}

const char *kRunColumns = "SELECT id, task, model, params, device, status, user, started_at, ended_at, result FROM training_runs";

// A model's row without its weights (columns 0-6 as readModel reads them).
const char *kModelColumns = "SELECT id, run_id, name, task, format, sidecar, created_at";

ModelRecord readModel(sqlite::Statement &st)
{
    ModelRecord m;
    m.id = st.int64(0);
    m.runId = st.isNull(1) ? 0 : st.int64(1);
    m.name = st.text(2);
    m.task = st.text(3);
    m.format = st.text(4);
    m.sidecarJson = st.text(5);
    m.createdAt = st.text(6);
    return m;
}

} // namespace

std::vector<TrainingRun> TrainingStore::trainingRuns() const
{
    std::vector<TrainingRun> out;
    sqlite::Statement st(*m_db, std::string(kRunColumns) + " ORDER BY id");
    while (st.step())
        out.push_back(readRun(st));
    return out;
}

std::optional<TrainingRun> TrainingStore::trainingRun(std::int64_t runId) const
{
    sqlite::Statement st(*m_db, std::string(kRunColumns) + " WHERE id = ?1");
    st.bind(1, runId);
    if (!st.step())
        return std::nullopt;
    return readRun(st);
}

std::vector<TrainingEpoch> TrainingStore::trainingEpochs(std::int64_t runId) const
{
    std::vector<TrainingEpoch> out;
    sqlite::Statement st(*m_db, "SELECT epoch, train_loss, valid_loss, metric_name, metric, seconds, items_per_second "
                                "FROM training_metrics WHERE run_id = ?1 ORDER BY epoch");
    st.bind(1, runId);
    while (st.step()) {
        TrainingEpoch e;
        e.epoch = int(st.int64(0));
        e.trainLoss = st.real(1);
        e.validLoss = st.real(2);
        e.metricName = st.text(3);
        e.metric = st.real(4);
        e.seconds = st.real(5);
        e.itemsPerSecond = st.real(6);
        out.push_back(e);
    }
    return out;
}

std::int64_t TrainingStore::addModel(std::int64_t runId, const std::string &name, const std::string &task,
                               const std::string &weights, const std::string &sidecarJson, const std::string &format)
{
    if (weights.empty())
        throw Error("a model without weights cannot be stored");
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, "INSERT INTO models(run_id, name, task, format, weights, sidecar) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (runId > 0)
        st.bind(1, runId);
    st.bind(2, name).bind(3, task).bind(4, format).bindBlob(5, weights.data(), weights.size()).bind(6, sidecarJson).run();
    const std::int64_t id = m_db->lastInsertId();
    m_project.audit("model saved", "model " + std::to_string(id) + " (" + task + ", " + std::to_string(weights.size()) + " bytes)"
                             + (runId > 0 ? " from run " + std::to_string(runId) : ""));
    tx.commit();
    return id;
}

std::vector<ModelRecord> TrainingStore::models() const
{
    std::vector<ModelRecord> out;
    sqlite::Statement st(*m_db, std::string(kModelColumns) + " FROM models ORDER BY id");
    while (st.step())
        out.push_back(readModel(st));
    return out;
}

std::optional<ModelRecord> TrainingStore::model(std::int64_t id) const
{
    sqlite::Statement st(*m_db, std::string(kModelColumns) + ", weights FROM models WHERE id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    ModelRecord m = readModel(st);
    const std::vector<std::uint8_t> w = st.blob(7);
    m.weights.assign(w.begin(), w.end());
    return m;
}

void TrainingStore::saveCheckpoint(const std::string &key, const std::string &bytes)
{
    sqlite::Transaction tx(*m_db);
    sqlite::Statement st(*m_db, "INSERT OR REPLACE INTO training_checkpoints(key, data, saved_at) "
                                "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
    st.bind(1, key).bindBlob(2, bytes.data(), bytes.size()).run();
    tx.commit();
}

std::optional<std::string> TrainingStore::checkpoint(const std::string &key) const
{
    sqlite::Statement st(*m_db, "SELECT data FROM training_checkpoints WHERE key = ?1");
    st.bind(1, key);
    if (!st.step())
        return std::nullopt;
    const std::vector<std::uint8_t> b = st.blob(0);
    return std::string(b.begin(), b.end());
}

} // namespace sagitta::core
