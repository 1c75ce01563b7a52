#include "app/trainingcontroller.h"

#include "app/jobrunner.h"
#include "core/ml/trainingjob.h"
#include "core/project/project.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QMetaObject>
#include <QPointer>
#include <QStandardPaths>
#include <QTimer>

#include <set>

namespace sagitta {
namespace app {

namespace {

// Hands each finished epoch to the panel on the GUI thread.
class PanelSink : public core::ml::MetricSink {
public:
    explicit PanelSink(widgets::TrainingPanel *panel) : m_panel(panel) {}
    void epochFinished(const core::ml::EpochMetrics &m) override
    {
        widgets::TrainingPanel::Epoch e;
        e.epoch = m.epoch;
        e.epochs = m.epochs;
        e.trainLoss = m.trainLoss;
        e.validLoss = m.validLoss;
        e.metric = m.metric;
        e.seconds = m.seconds;
        e.metricName = QString::fromStdString(m.metricName);
        QPointer<widgets::TrainingPanel> panel = m_panel;
        QMetaObject::invokeMethod(
            m_panel, [panel, e] {
                if (panel)
                    panel->addEpoch(e);
            },
            Qt::QueuedConnection);
    }

private:
    QPointer<widgets::TrainingPanel> m_panel;
};

} // namespace

TrainingController::TrainingController(Context context, widgets::TrainingPanel *panel, QObject *parent)
    : QObject(parent), m_context(std::move(context)), m_panel(panel), m_poll(new QTimer(this))
{
    m_poll->setInterval(200);
    connect(m_poll, &QTimer::timeout, this, [this] {
        if (m_job)
            m_panel->setProgress(m_job->fraction(), QString::fromStdString(m_job->message()));
    });
    connect(panel, &widgets::TrainingPanel::startRequested, this, &TrainingController::start);
    connect(panel, &widgets::TrainingPanel::cancelRequested, this, &TrainingController::cancel);
    m_panel->setCudaAvailable(core::ml::cudaAvailable());
}

void TrainingController::refresh()
{
    core::Project *project = m_context.project();
    QStringList names;
    if (project) {
        std::set<QString> seen;
        for (const core::SeriesRecord &r : project->seriesStore().series())
            for (const core::Segment &s : project->labelStore().segments(r.id))
                seen.insert(QString::fromStdString(s.name));
        for (const QString &n : seen)
            names << n;
    }
    m_panel->setSegmentNames(names);
    m_panel->setEditable(project && !project->readOnly());
}

void TrainingController::start()
{
    core::Project *project = m_context.project();
    if (m_job || !project || project->readOnly())
        return;
    const widgets::TrainingPanel::Settings s = m_panel->settings();
    core::ml::TrainingRequest request;
    request.projectPath = project->path();
    request.task = s.task.toStdString();
    request.segment = s.segmentName.toStdString();
    request.dataset = s.dataset.toStdString();
    request.options.epochs = s.epochs;
    request.options.batchSize = s.batchSize;
    request.options.learningRate = s.learningRate;
    request.options.seed = s.seed;
    request.options.device = core::ml::parseDevice(s.device.toStdString());
    request.options.maxTrain = std::size_t(std::max(0, s.maxItems));
    // A checkpoint per project and task, in the user's data folder (never beside the
    // project unasked): Resume goes on from it.
    const QString key = QString::fromStdString(request.projectPath) + QLatin1Char('|') + s.task + QLatin1Char('|')
                        + (s.task == QLatin1String("segment") ? s.segmentName : s.dataset);
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/checkpoints");
    QDir().mkpath(dir);
    request.options.checkpointPath =
        (dir + QLatin1Char('/') + QString::fromLatin1(QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha1).toHex())
         + QStringLiteral(".pt"))
            .toStdString();
    request.options.resume = s.resume && QFileInfo::exists(QString::fromStdString(request.options.checkpointPath));

    m_panel->setRunning(true);
    auto outcome = std::make_shared<core::ml::TrainingOutcome>();
    auto sink = std::make_shared<PanelSink>(m_panel);
    m_job = runJob(
        m_context.jobs, this, tr("Training %1").arg(s.task == QLatin1String("segment") ? s.segmentName : s.dataset),
        [request, outcome, sink](core::ProgressSink *progress) {
            *outcome = core::ml::runRecordedTraining(request, progress, sink.get());
        },
        [this, outcome](const QString &error) {
            m_job.reset();
            m_poll->stop();
            m_panel->setRunning(false);
            const core::ml::TrainResult &r = outcome->result;
            if (!error.isEmpty() && error != QLatin1String("cancelled")) {
                m_panel->setSummary(tr("Training failed: %1").arg(error));
                Q_EMIT failed(tr("Training failed: %1").arg(error));
                return;
            }
            const QString metric = outcome->metricName == "dice" ? tr("Dice") : tr("accuracy");
            QString text = r.cancelled || error == QLatin1String("cancelled")
                               ? tr("Run %1 cancelled after %n epoch(s); its checkpoint is kept for Resume.", nullptr,
                                    int(r.history.size()))
                                     .arg(outcome->runId)
                               : tr("Run %1: held-out %2 %3 after %n epoch(s), %4 s on %5; model %6 saved in the project.",
                                    nullptr, int(r.history.size()))
                                     .arg(outcome->runId)
                                     .arg(metric)
                                     .arg(r.metric, 0, 'f', 3)
                                     .arg(outcome->seconds, 0, 'f', 0)
                                     .arg(QString::fromStdString(r.device))
                                     .arg(outcome->modelId);
            m_panel->setSummary(text);
            Q_EMIT finished(text);
        });
    m_poll->start();
}

void TrainingController::cancel()
{
    if (m_job)
        m_job->cancel();
}

} // namespace app
} // namespace sagitta
