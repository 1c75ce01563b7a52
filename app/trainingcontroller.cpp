#include "app/trainingcontroller.h"

#include "app/jobrunner.h"
#include "core/base/error.h"
#include "core/ml/datasets.h"
#include "core/ml/inference.h"
#include "core/ml/modelfiles.h"
#include "core/ml/proposaljob.h"
#include "core/ml/tagjob.h"
#include "core/ml/trainingjob.h"
#include "core/project/importer.h"
#include "core/project/project.h"

#include <QDir>
#include <QFileDialog>
#include <QImage>
#include <QPainter>
#include <QMetaObject>
#include <QPointer>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>

#include <cstdio>
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

// Grey image (values scaled to its own range) with the heat map blended over it in a
// blue-to-red ramp where the model looked, enlarged to about side pixels.
QImage explanationImage(const core::ml::GreyImage &image, const std::vector<float> &heat, int side)
{
    QImage out(image.cols, image.rows, QImage::Format_RGB32);
    const auto [lo, hi] = std::minmax_element(image.values.begin(), image.values.end());
    const float low = image.values.empty() ? 0.f : *lo, range = image.values.empty() ? 1.f : std::max(1e-6f, *hi - *lo);
    for (int y = 0; y < image.rows; ++y)
        for (int x = 0; x < image.cols; ++x) {
            const std::size_t i = std::size_t(y) * std::size_t(image.cols) + std::size_t(x);
            const double g = 255.0 * (image.values[i] - low) / range;
            const double h = heat.size() == image.values.size() ? std::clamp(double(heat[i]), 0.0, 1.0) : 0.0;
            // Ramp: blue (0) -> green (0.5) -> red (1); weight grows with the heat.
            const double r = 255.0 * std::clamp(2.0 * h - 1.0, 0.0, 1.0);
            const double gr = 255.0 * (1.0 - std::abs(2.0 * h - 1.0));
            const double b = 255.0 * std::clamp(1.0 - 2.0 * h, 0.0, 1.0);
            const double a = 0.55 * h;
            out.setPixel(x, y, qRgb(int((1 - a) * g + a * r), int((1 - a) * g + a * gr), int((1 - a) * g + a * b)));
        }
    const int scale = std::max(1, side / std::max(1, std::max(image.cols, image.rows)));
    return out.scaled(image.cols * scale, image.rows * scale, Qt::KeepAspectRatio,
                      image.cols < 64 ? Qt::FastTransformation : Qt::SmoothTransformation);
}

} // namespace

namespace {

// Before the project held them (schema 15), the dock's Resume checkpoints were files
// <40 hex digits>.pt in the user's data folder: trained weights outside the project and outside
// its encryption. Those files (and only files of that form) are removed, the folder too when
// it is left empty.
void removeOldCheckpointFiles()
{
    QDir dir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/checkpoints"));
    if (!dir.exists())
        return;
    static const QRegularExpression oldName(QStringLiteral("^[0-9a-f]{40}\\.pt$"));
    for (const QString &name : dir.entryList(QDir::Files | QDir::Hidden))
        if (oldName.match(name).hasMatch() && !dir.remove(name))
            std::fprintf(stderr, "sagitta: cannot remove an old training checkpoint in %s\n", qPrintable(dir.path()));
    if (dir.isEmpty(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot))
        dir.rmdir(dir.path());
}

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
    connect(panel, &widgets::TrainingPanel::proposeRequested, this, &TrainingController::propose);
    connect(panel, &widgets::TrainingPanel::explainRequested, this, &TrainingController::explain);
    connect(panel, &widgets::TrainingPanel::importRequested, this, &TrainingController::importModel);
    connect(panel, &widgets::TrainingPanel::exportRequested, this, &TrainingController::exportModel);
    m_panel->setCudaAvailable(core::ml::cudaAvailable());
    removeOldCheckpointFiles();
}

void TrainingController::refresh(qint64 selectModel)
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
    QList<widgets::TrainingPanel::ModelEntry> models;
    if (project)
        for (const core::ModelRecord &m : project->trainingStore().models())
            models.append({m.id, QString::fromStdString(m.name), QString::fromStdString(m.task)});
    m_panel->setModels(models, selectModel);
    m_panel->setSeriesOpen(project && m_context.currentSeries && m_context.currentSeries() != 0);
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
    request.model = s.model.toStdString();
    request.options.epochs = s.epochs;
    request.options.batchSize = s.batchSize;
    request.options.learningRate = s.learningRate;
    request.options.seed = s.seed;
    request.options.device = core::ml::parseDevice(s.device.toStdString());
    request.options.maxTrain = std::size_t(std::max(0, s.maxItems));
    // A checkpoint per task, model and data, kept inside the project (encrypted with it, gone
    // with it; never a file beside it or in the user's folders): Resume goes on from it.
    // The key names the data in words that do not change with the interface's language.
    const bool tag = s.task == QLatin1String("tag");
    const QString data = s.task == QLatin1String("segment") ? s.segmentName : tag ? tr("notes") : s.dataset;
    const QString keyData = tag ? QStringLiteral("notes") : data;
    request.checkpointKey = (s.task + QLatin1Char('|') + s.model + QLatin1Char('|') + keyData).toStdString();
    request.options.resume = s.resume;

    m_panel->setRunning(true);
    auto outcome = std::make_shared<core::ml::TrainingOutcome>();
    auto sink = std::make_shared<PanelSink>(m_panel);
    m_job = runJob(
        m_context.jobs, this, tr("Training %1").arg(data),
        [request, outcome, sink, tag](core::ProgressSink *progress) {
            *outcome = tag ? core::ml::runRecordedTagTraining(request, progress, sink.get())
                           : core::ml::runRecordedTraining(request, progress, sink.get());
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
            const QString metric = outcome->metricName == "dice"       ? tr("Dice")
                                   : outcome->metricName == "accuracy" ? tr("accuracy")
                                                                       : tr("entity F1");
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
            if (!r.cancelled && error.isEmpty()) {
                if (outcome->metricName == "dice" && std::isfinite(r.hd95))
                    text += QLatin1Char(' ') + tr("HD95 %1 mm.").arg(r.hd95, 0, 'f', 1);
                if (!r.confusion.empty() && std::isfinite(r.rocAuc))
                    text += QLatin1Char(' ') + tr("ROC AUC %1 (one class against the rest, averaged).").arg(r.rocAuc, 0, 'f', 3);
            }
            QStringList labels;
            QList<QList<int>> matrix;
            for (std::size_t c = 0; c < r.confusion.size(); ++c) {
                labels << (c < r.classNames.size() ? QString::fromStdString(r.classNames[c]) : QString::number(c));
                matrix.append(QList<int>(r.confusion[c].begin(), r.confusion[c].end()));
            }
            m_panel->setConfusion(labels, matrix);
            m_panel->setSummary(text);
            refresh(outcome->modelId); // the new model chosen (0 when none was kept: the last one shown stays)
            Q_EMIT finished(text);
        });
    m_poll->start();
}

void TrainingController::cancel()
{
    if (m_job)
        m_job->cancel();
}

void TrainingController::propose()
{
    core::Project *project = m_context.project();
    const qint64 series = m_context.currentSeries ? m_context.currentSeries() : 0;
    const qint64 model = m_panel->currentModel();
    if (m_modelJob || !project || project->readOnly() || !model)
        return;
    if (m_panel->currentModelTask() == QLatin1String("tag")) {
        proposeSpans();
        return;
    }
    if (!series)
        return;
    core::ml::ProposalRequest request;
    request.projectPath = project->path();
    request.modelId = model;
    request.seriesId = series;
    request.device = core::ml::parseDevice(m_panel->settings().device.toStdString());
    auto outcome = std::make_shared<core::ml::ProposalOutcome>();
    m_modelJob = runJob(
        m_context.jobs, this, tr("Proposing labels (model %1)").arg(model),
        [request, outcome](core::ProgressSink *progress) { *outcome = core::ml::proposeLabels(request, progress); },
        [this, outcome](const QString &error) {
            m_modelJob.reset();
            if (error == QLatin1String("cancelled"))
                return;
            if (!error.isEmpty()) {
                Q_EMIT failed(tr("No proposal: %1").arg(error));
                return;
            }
            std::uint64_t voxels = 0;
            for (std::size_t c = 1; c < outcome->voxels.size(); ++c)
                voxels += outcome->voxels[c];
            const QString text = tr("Model %1 proposed %2 voxels (%3 uncertain) in %4 s; accept or reject them in the segment list.")
                                     .arg(outcome->modelId)
                                     .arg(voxels)
                                     .arg(outcome->uncertainVoxels)
                                     .arg(outcome->seconds, 0, 'f', 1);
            m_panel->setSummary(text);
            if (m_context.proposalStored)
                m_context.proposalStored(outcome->seriesId, outcome->modelId);
            Q_EMIT finished(text);
        });
}

void TrainingController::proposeSpans()
{
    core::ml::SpanProposalRequest request;
    request.projectPath = m_context.project()->path();
    request.modelId = m_panel->currentModel();
    auto outcome = std::make_shared<core::ml::SpanProposalOutcome>();
    m_modelJob = runJob(
        m_context.jobs, this, tr("Proposing spans (model %1)").arg(request.modelId),
        [request, outcome](core::ProgressSink *progress) { *outcome = core::ml::proposeSpans(request, progress); },
        [this, outcome](const QString &error) {
            m_modelJob.reset();
            if (!error.isEmpty() && error != QLatin1String("cancelled")) {
                Q_EMIT failed(tr("No spans proposed: %1").arg(error));
                return;
            }
            // A cancel keeps the notes stored by then: they are shown too.
            const QString text = error.isEmpty()
                                     ? tr("Model %1 tagged %2 note(s): %3 new span proposal(s) to accept or reject in the notes.")
                                           .arg(outcome->modelId)
                                           .arg(outcome->notes)
                                           .arg(outcome->added)
                                     : tr("Span proposals cancelled; the notes tagged before the cancel keep theirs.");
            m_panel->setSummary(text);
            if (m_context.spansProposed)
                m_context.spansProposed();
            Q_EMIT finished(text);
        });
}

void TrainingController::explain()
{
    core::Project *project = m_context.project();
    const qint64 model = m_panel->currentModel();
    if (m_modelJob || !project || !model)
        return;
    struct Result {
        core::ml::GreyImage image;
        core::ml::Classification classification;
        QString truth;
        QString source; // which image
    };
    auto result = std::make_shared<Result>();
    const std::string path = project->path();
    const qint64 series = m_context.currentSeries ? m_context.currentSeries() : 0;
    const int index = m_explainIndex++;
    const std::string device = m_panel->settings().device.toStdString();
    m_modelJob = runJob(
        m_context.jobs, this, tr("Explaining model %1").arg(model),
        [path, model, series, index, device, result](core::ProgressSink *progress) {
            auto p = core::Project::open(path, core::Project::Access::ReadOnly);
            const std::optional<core::ModelRecord> record = p->trainingStore().model(model);
            if (!record)
                throw core::Error(path + ": no model " + std::to_string(model));
            const core::ml::Model m = core::ml::Model::load(record->format, record->weights, record->sidecarJson, record->name);
            std::string modality;
            if (m.spec().rows == 28 && m.spec().cols == 28) {
                // A Fashion-MNIST model: the next image of the test set (never trained on).
                const core::ml::ImageSet test = core::ml::loadFashionMnist().test;
                const std::size_t n = std::size_t(index) * 997 % test.size();
                result->image.cols = test.cols;
                result->image.rows = test.rows;
                const std::size_t area = std::size_t(test.rows) * std::size_t(test.cols);
                result->image.values.assign(test.pixels.begin() + std::ptrdiff_t(n * area),
                                            test.pixels.begin() + std::ptrdiff_t((n + 1) * area));
                const int label = test.labels[n];
                result->source = tr("Test image %1").arg(n + 1);
                result->truth = label < int(test.classNames.size()) ? QString::fromStdString(test.classNames[std::size_t(label)])
                                                                     : QString::number(label);
            } else {
                const std::optional<core::SeriesRecord> r = series ? p->seriesStore().seriesById(series) : std::nullopt;
                if (!r)
                    throw core::Error("open a series to explain this model on its middle slice");
                result->image = core::ml::axialSlice(core::loadMiddleSlice(*r), 0);
                result->source = tr("Middle slice");
                modality = r->modality;
            }
            result->classification = core::ml::classifyImage(m, result->image, core::ml::parseDevice(device), progress, -1, modality);
        },
        [this, result](const QString &error) {
            m_modelJob.reset();
            if (error == QLatin1String("cancelled"))
                return;
            if (!error.isEmpty()) {
                Q_EMIT failed(tr("No explanation: %1").arg(error));
                return;
            }
            const core::ml::Classification &c = result->classification;
            const QString predicted = c.predicted < int(c.labels.size()) ? QString::fromStdString(c.labels[std::size_t(c.predicted)])
                                                                         : QString::number(c.predicted);
            QString caption = tr("Predicted %1 (%2%)").arg(predicted).arg(100.0 * c.probabilities.at(std::size_t(c.predicted)), 0, 'f', 0);
            if (!result->truth.isEmpty())
                caption += QLatin1String("; ") + tr("true class %1").arg(result->truth);
            if (!result->source.isEmpty())
                caption = result->source + QLatin1String(": ") + caption;
            const bool empty = std::none_of(c.heatMap.begin(), c.heatMap.end(), [](float v) { return v > 0; });
            caption += QLatin1String(". ")
                       + (c.heatMap.empty() ? tr("This model cannot show where it looked (no Grad-CAM).")
                          : empty           ? tr("Grad-CAM: nothing in this image raises the class's score.")
                                            : tr("Red: where the model looked (Grad-CAM)."));
            m_panel->setExplanation(explanationImage(result->image, c.heatMap, 224), caption);
        });
}

void TrainingController::importModel()
{
    core::Project *project = m_context.project();
    if (m_modelJob || !project || project->readOnly())
        return;
    const QString file = QFileDialog::getOpenFileName(m_panel, tr("Import Model"), QString(),
                                                      tr("TorchScript models (*.pt *.pth *.ts);;All files (*)"));
    if (file.isEmpty())
        return;
    const std::string path = project->path();
    auto id = std::make_shared<qint64>(0);
    m_modelJob = runJob(
        m_context.jobs, this, tr("Importing model"),
        [path, file, id](core::ProgressSink *) {
            // Checked (sidecar, archive, one forward pass) before anything is stored.
            const core::ml::ImportedModel model = core::ml::importModel(file.toStdString());
            auto p = core::Project::open(path);
            *id = p->trainingStore().addModel(0, model.name, model.task, model.weights, model.sidecarJson, model.format);
        },
        [this, id](const QString &error) {
            m_modelJob.reset();
            if (!error.isEmpty() && error != QLatin1String("cancelled")) {
                Q_EMIT failed(tr("Model not imported: %1").arg(error));
                return;
            }
            refresh(*id);
            Q_EMIT finished(tr("Model %1 imported.").arg(*id));
        });
}

void TrainingController::exportModel()
{
    core::Project *project = m_context.project();
    const qint64 model = m_panel->currentModel();
    if (m_modelJob || !project || !model)
        return;
    const QString folder = QFileDialog::getExistingDirectory(m_panel, tr("Export Model To"));
    if (folder.isEmpty())
        return;
    const std::string path = project->path();
    auto files = std::make_shared<core::ml::ModelFiles>();
    m_modelJob = runJob(
        m_context.jobs, this, tr("Exporting model %1").arg(model),
        [path, model, folder, files](core::ProgressSink *) {
            auto p = core::Project::open(path, core::Project::Access::ReadOnly);
            const std::optional<core::ModelRecord> record = p->trainingStore().model(model);
            if (!record)
                throw core::Error(path + ": no model " + std::to_string(model));
            *files = core::ml::exportModel(*record, folder.toStdString());
        },
        [this, files](const QString &error) {
            m_modelJob.reset();
            if (!error.isEmpty() && error != QLatin1String("cancelled")) {
                Q_EMIT failed(tr("Model not exported: %1").arg(error));
                return;
            }
            Q_EMIT finished(tr("Model written to %1 with its sidecar %2.")
                                .arg(QString::fromStdString(files->modelPath), QString::fromStdString(files->sidecarPath)));
        });
}

} // namespace app
} // namespace sagitta
