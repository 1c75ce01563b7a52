#include "widgets/trainingpanel.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace sagitta {
namespace widgets {

TrainingPanel::TrainingPanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *form = new QFormLayout;
    m_task = new QComboBox(this);
    m_task->addItem(tr("Lesion segmentation"), QStringLiteral("segment"));
    m_task->addItem(tr("Image classification"), QStringLiteral("classify"));
    m_task->addItem(tr("Entity tagging (notes)"), QStringLiteral("tag"));
    m_task->setToolTip(tr("Entity tagging learns from the notes' accepted spans (and the engine's proposals, weighted lower)"));
    form->addRow(tr("Task"), m_task);
    m_modelKind = new QComboBox(this);
    form->addRow(tr("Model"), m_modelKind);
    m_segment = new QComboBox(this);
    m_segment->setToolTip(tr("The segment the model learns, from every series where it has voxels"));
    form->addRow(tr("Segment"), m_segment);
    m_dataset = new QComboBox(this);
    m_dataset->addItem(tr("Fashion-MNIST (Debian's dataset-fashion-mnist)"), QStringLiteral("fashion-mnist"));
    form->addRow(tr("Images"), m_dataset);
    m_epochs = new QSpinBox(this);
    m_epochs->setRange(1, 1000);
    m_epochs->setValue(10);
    form->addRow(tr("Epochs"), m_epochs);
    m_limit = new QSpinBox(this);
    m_limit->setRange(0, 10000000);
    m_limit->setSpecialValueText(tr("All"));
    m_limit->setToolTip(tr("Train on the first N items only, for a quick trial (0: all)"));
    form->addRow(tr("Training items"), m_limit);
    m_batch = new QSpinBox(this);
    m_batch->setRange(1, 1024);
    m_batch->setValue(8);
    form->addRow(tr("Batch size"), m_batch);
    m_rate = new QDoubleSpinBox(this);
    m_rate->setDecimals(5);
    m_rate->setRange(1e-5, 1.0);
    m_rate->setSingleStep(1e-4);
    m_rate->setValue(1e-3);
    form->addRow(tr("Learning rate"), m_rate);
    m_seed = new QSpinBox(this);
    m_seed->setRange(0, 1000000);
    m_seed->setValue(1);
    m_seed->setToolTip(tr("The same seed gives the same run on the CPU"));
    form->addRow(tr("Seed"), m_seed);
    m_device = new QComboBox(this);
    m_device->addItem(tr("Automatic"), QStringLiteral("auto"));
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    form->addRow(tr("Device"), m_device);
    m_resume = new QCheckBox(tr("Resume from the last checkpoint"), this);
    form->addRow(m_resume);
    layout->addLayout(form);

    auto *buttons = new QHBoxLayout;
    m_start = new QPushButton(tr("Start training"), this);
    m_cancel = new QPushButton(tr("Cancel"), this);
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancel);
    layout->addLayout(buttons);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    layout->addWidget(m_progress);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    // Loss (left axis) and the held-out metric (right axis, 0..1) per epoch.
    auto *chart = new QChart;
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->legend()->setAlignment(Qt::AlignBottom);
    m_trainLoss = new QLineSeries(chart);
    m_trainLoss->setName(tr("Training loss"));
    m_validLoss = new QLineSeries(chart);
    m_validLoss->setName(tr("Held-out loss"));
    m_metric = new QLineSeries(chart);
    m_metric->setName(tr("Held-out metric"));
    for (QLineSeries *s : {m_trainLoss, m_validLoss, m_metric}) {
        s->setPointsVisible(true);
        chart->addSeries(s);
    }
    m_epochAxis = new QValueAxis(chart);
    m_epochAxis->setTitleText(tr("Epoch"));
    m_epochAxis->setLabelFormat(QStringLiteral("%d"));
    m_epochAxis->setTickType(QValueAxis::TicksDynamic);
    m_epochAxis->setTickAnchor(0);
    m_epochAxis->setTickInterval(1);
    m_epochAxis->setRange(0, 1);
    m_lossAxis = new QValueAxis(chart);
    m_lossAxis->setTitleText(tr("Loss"));
    m_lossAxis->setRange(0, m_maxLoss);
    m_metricAxis = new QValueAxis(chart);
    m_metricAxis->setTitleText(tr("Metric"));
    m_metricAxis->setRange(0, 1);
    chart->addAxis(m_epochAxis, Qt::AlignBottom);
    chart->addAxis(m_lossAxis, Qt::AlignLeft);
    chart->addAxis(m_metricAxis, Qt::AlignRight);
    for (QLineSeries *s : {m_trainLoss, m_validLoss, m_metric}) {
        s->attachAxis(m_epochAxis);
        s->attachAxis(s == m_metric ? m_metricAxis : m_lossAxis);
    }
    m_chartView = new QChartView(chart, this);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(220);
    layout->addWidget(m_chartView, 1);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    m_confusion = new QTableWidget(this);
    m_confusion->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_confusion->setToolTip(tr("Held-out confusion matrix: rows are the true classes, columns the predicted ones"));
    m_confusion->horizontalHeader()->setMinimumSectionSize(24);
    m_confusion->horizontalHeader()->setDefaultSectionSize(34);
    m_confusion->verticalHeader()->setDefaultSectionSize(20);
    m_confusion->setMaximumHeight(240);
    m_confusion->hide();
    layout->addWidget(m_confusion);

    // Models the project holds (trained here or imported): propose labels, explain, in and out.
    auto *models = new QGroupBox(tr("Models"), this);
    auto *modelLayout = new QVBoxLayout(models);
    m_models = new QComboBox(models);
    modelLayout->addWidget(m_models);
    auto *modelButtons = new QHBoxLayout;
    m_propose = new QPushButton(tr("Propose labels"), models);
    m_propose->setToolTip(tr("Run the model: a segmentation model's labels for the open series, or a tagger's spans for the notes, "
                             "as proposals to accept or reject"));
    m_explain = new QPushButton(tr("Explain"), models);
    m_explain->setToolTip(tr("Classify an image and show where the model looked (Grad-CAM)"));
    m_import = new QPushButton(tr("Import..."), models);
    m_import->setToolTip(tr("Import a model with its JSON sidecar (TorchScript; a tagger: its LibTorch archive)"));
    m_export = new QPushButton(tr("Export..."), models);
    m_export->setToolTip(tr("Write the model with its JSON sidecar (TorchScript; a tagger: its LibTorch archive)"));
    for (QPushButton *b : {m_propose, m_explain, m_import, m_export})
        modelButtons->addWidget(b);
    modelLayout->addLayout(modelButtons);
    m_explanation = new QLabel(models);
    m_explanation->setAlignment(Qt::AlignCenter);
    m_explanation->setWordWrap(true);
    m_explanation->hide();
    modelLayout->addWidget(m_explanation);
    layout->addWidget(models);

    connect(m_models, &QComboBox::currentIndexChanged, this, &TrainingPanel::modelChanged);
    connect(m_propose, &QPushButton::clicked, this, &TrainingPanel::proposeRequested);
    connect(m_explain, &QPushButton::clicked, this, &TrainingPanel::explainRequested);
    connect(m_import, &QPushButton::clicked, this, &TrainingPanel::importRequested);
    connect(m_export, &QPushButton::clicked, this, &TrainingPanel::exportRequested);
    connect(m_task, &QComboBox::currentIndexChanged, this, &TrainingPanel::taskChanged);
    connect(m_start, &QPushButton::clicked, this, &TrainingPanel::startRequested);
    connect(m_cancel, &QPushButton::clicked, this, &TrainingPanel::cancelRequested);
    taskChanged();
    setRunning(false);
}

void TrainingPanel::setModels(const QList<ModelEntry> &models, qint64 select)
{
    const qint64 keep = select ? select : currentModel();
    m_models->blockSignals(true);
    m_models->clear();
    for (const ModelEntry &m : models)
        m_models->addItem(tr("%1: %2 (%3)")
                              .arg(m.id)
                              .arg(m.name, m.task == QLatin1String("segment")    ? tr("segmentation")
                                           : m.task == QLatin1String("tag") ? tr("entity tagging")
                                                                             : tr("classification")),
                          QVariantList{m.id, m.task});
    int index = m_models->count() - 1;
    for (int n = 0; n < m_models->count(); ++n)
        if (m_models->itemData(n).toList().value(0).toLongLong() == keep)
            index = n;
    m_models->setCurrentIndex(index);
    m_models->blockSignals(false);
    modelChanged();
}

qint64 TrainingPanel::currentModel() const
{
    return m_models->currentData().toList().value(0).toLongLong();
}

QString TrainingPanel::currentModelTask() const
{
    return m_models->currentData().toList().value(1).toString();
}

void TrainingPanel::setSeriesOpen(bool open)
{
    m_seriesOpen = open;
    modelChanged();
}

void TrainingPanel::modelChanged()
{
    const bool any = currentModel() != 0;
    const QString task = currentModelTask();
    // A segmentation model proposes labels for the open series; a tagger, spans for the notes.
    m_propose->setEnabled(any && m_editable && ((task == QLatin1String("segment") && m_seriesOpen) || task == QLatin1String("tag")));
    m_propose->setText(task == QLatin1String("tag") ? tr("Propose spans") : tr("Propose labels"));
    m_explain->setEnabled(any && currentModelTask() == QLatin1String("classify"));
    m_export->setEnabled(any);
    m_import->setEnabled(m_editable);
}

void TrainingPanel::setExplanation(const QImage &image, const QString &caption)
{
    m_explanation->setPixmap(QPixmap::fromImage(image));
    m_explanation->setToolTip(caption);
    m_explanation->setVisible(!image.isNull());
    m_status->setText(caption);
}

void TrainingPanel::setConfusion(const QStringList &labels, const QList<QList<int>> &matrix)
{
    m_confusion->clear();
    m_confusion->setRowCount(int(labels.size()));
    m_confusion->setColumnCount(int(labels.size()));
    QStringList numbers;
    for (int n = 0; n < labels.size(); ++n)
        numbers << QString::number(n);
    m_confusion->setVerticalHeaderLabels(labels);
    m_confusion->setHorizontalHeaderLabels(numbers);
    int largest = 1;
    for (const QList<int> &row : matrix)
        for (int v : row)
            largest = std::max(largest, v);
    for (int r = 0; r < matrix.size() && r < labels.size(); ++r)
        for (int c = 0; c < matrix[r].size() && c < labels.size(); ++c) {
            auto *item = new QTableWidgetItem(QString::number(matrix[r][c]));
            item->setTextAlignment(Qt::AlignCenter);
            // Shaded by count: the diagonal (right) dark when the model is good.
            const int shade = 255 - int(std::lround(160.0 * matrix[r][c] / largest));
            item->setBackground(r == c ? QColor(shade, 255, shade) : QColor(255, shade, shade));
            if (shade < 140)
                item->setForeground(Qt::black);
            m_confusion->setItem(r, c, item);
        }
    m_confusion->setVisible(!labels.isEmpty());
}

void TrainingPanel::taskChanged()
{
    const QString task = m_task->currentData().toString();
    const bool segment = task == QLatin1String("segment"), classify = task == QLatin1String("classify");
    m_segment->setEnabled(segment && !m_running);
    m_dataset->setEnabled(classify && !m_running);
    m_modelKind->setEnabled(!m_running);
    if (m_modelKind->property("task").toString() == task)
        return; // the same task (a run starting or ending): the user's choices stay
    m_modelKind->setProperty("task", task);
    m_modelKind->clear();
    if (segment) {
        m_modelKind->addItem(tr("2D U-Net (axial slices)"), QStringLiteral("unet2d"));
        m_modelKind->addItem(tr("3D U-Net (patches)"), QStringLiteral("unet3d"));
    } else if (classify) {
        m_modelKind->addItem(tr("Classic CNN (two conv blocks)"), QStringLiteral("cnn2"));
        m_modelKind->addItem(tr("ResNet-18"), QStringLiteral("resnet18"));
    } else {
        m_modelKind->addItem(tr("Character CNN + BiLSTM"), QStringLiteral("charcnn-bilstm"));
    }
    m_batch->setValue(segment ? 8 : classify ? 64 : 16);
}

TrainingPanel::Settings TrainingPanel::settings() const
{
    Settings s;
    s.task = m_task->currentData().toString();
    s.model = m_modelKind->currentData().toString();
    s.segmentName = m_segment->currentText();
    s.dataset = m_dataset->currentData().toString();
    s.epochs = m_epochs->value();
    s.batchSize = m_batch->value();
    s.learningRate = m_rate->value();
    s.seed = quint64(m_seed->value());
    s.device = m_device->currentData().toString();
    s.resume = m_resume->isChecked();
    s.maxItems = m_limit->value();
    return s;
}

void TrainingPanel::setSegmentNames(const QStringList &names)
{
    const QString current = m_segment->currentText();
    m_segment->clear();
    m_segment->addItems(names);
    const int keep = m_segment->findText(current);
    m_segment->setCurrentIndex(keep >= 0 ? keep : std::max(0, int(names.indexOf(QStringLiteral("Lesion")))));
}

void TrainingPanel::setCudaAvailable(bool available)
{
    const int cuda = m_device->findData(QStringLiteral("cuda"));
    if (available && cuda < 0)
        m_device->addItem(tr("CUDA (GPU)"), QStringLiteral("cuda"));
    else if (!available && cuda >= 0)
        m_device->removeItem(cuda);
}

void TrainingPanel::setEditable(bool editable)
{
    m_editable = editable;
    m_start->setEnabled(!m_running && m_editable);
    modelChanged();
}

void TrainingPanel::setRunning(bool running)
{
    m_running = running;
    for (QWidget *w : std::initializer_list<QWidget *>{m_task, m_dataset, m_epochs, m_limit, m_batch, m_rate, m_seed, m_device, m_resume})
        w->setEnabled(!running);
    taskChanged();
    m_start->setEnabled(!running && m_editable);
    modelChanged();
    m_cancel->setEnabled(running);
    if (running) {
        for (QLineSeries *s : {m_trainLoss, m_validLoss, m_metric})
            s->clear();
        m_maxLoss = 0.1;
        m_secondsSoFar = 0;
        m_epochAxis->setRange(0, std::max(1, m_epochs->value()));
        m_epochAxis->setTickInterval(std::max(1, (m_epochs->value() + 9) / 10)); // whole epochs, ten ticks at most
        m_lossAxis->setRange(0, m_maxLoss);
        m_progress->setValue(0);
        m_summary->clear();
        m_status->setText(tr("Starting..."));
    }
}

void TrainingPanel::addEpoch(const Epoch &e)
{
    m_trainLoss->append(e.epoch, e.trainLoss);
    m_validLoss->append(e.epoch, e.validLoss);
    m_metric->append(e.epoch, e.metric);
    m_maxLoss = std::max({m_maxLoss, e.trainLoss * 1.1, e.validLoss * 1.1});
    m_lossAxis->setRange(0, m_maxLoss);
    m_epochAxis->setRange(0, std::max(e.epochs, 1));
    m_metric->setName(e.metricName == QLatin1String("dice")       ? tr("Held-out Dice")
                      : e.metricName == QLatin1String("accuracy") ? tr("Held-out accuracy")
                                                                  : tr("Held-out entity F1"));
    m_secondsSoFar += e.seconds;
    const int left = std::max(0, e.epochs - e.epoch);
    const double perEpoch = e.epoch > 0 ? m_secondsSoFar / e.epoch : 0;
    m_status->setText(tr("Epoch %1 of %2: loss %3, %4 %5; about %6 s left")
                          .arg(e.epoch)
                          .arg(e.epochs)
                          .arg(e.trainLoss, 0, 'f', 4)
                          .arg(m_metric->name())
                          .arg(e.metric, 0, 'f', 3)
                          .arg(std::lround(perEpoch * left)));
}

QString TrainingPanel::statusText() const
{
    return m_status->text();
}

void TrainingPanel::setProgress(double fraction, const QString &message)
{
    m_progress->setValue(int(std::lround(std::clamp(fraction, 0.0, 1.0) * 1000)));
    if (!message.isEmpty())
        m_progress->setToolTip(message);
}

void TrainingPanel::setSummary(const QString &text)
{
    m_summary->setText(text);
}

QString TrainingPanel::summary() const
{
    return m_summary->text();
}

int TrainingPanel::epochsShown() const
{
    return int(m_trainLoss->count());
}

} // namespace widgets
} // namespace sagitta
