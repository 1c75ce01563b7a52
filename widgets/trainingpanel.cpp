#include "widgets/trainingpanel.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
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
    m_task->addItem(tr("Lesion segmentation (2D U-Net)"), QStringLiteral("segment"));
    m_task->addItem(tr("Image classification (CNN)"), QStringLiteral("classify"));
    form->addRow(tr("Task"), m_task);
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

    connect(m_task, &QComboBox::currentIndexChanged, this, &TrainingPanel::taskChanged);
    connect(m_start, &QPushButton::clicked, this, &TrainingPanel::startRequested);
    connect(m_cancel, &QPushButton::clicked, this, &TrainingPanel::cancelRequested);
    taskChanged();
    setRunning(false);
}

void TrainingPanel::taskChanged()
{
    const bool segment = m_task->currentData().toString() == QLatin1String("segment");
    m_segment->setEnabled(segment && !m_running);
    m_dataset->setEnabled(!segment && !m_running);
    m_batch->setValue(segment ? 8 : 64);
}

TrainingPanel::Settings TrainingPanel::settings() const
{
    Settings s;
    s.task = m_task->currentData().toString();
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
    setRunning(m_running);
}

void TrainingPanel::setRunning(bool running)
{
    m_running = running;
    for (QWidget *w : std::initializer_list<QWidget *>{m_task, m_dataset, m_epochs, m_limit, m_batch, m_rate, m_seed, m_device, m_resume})
        w->setEnabled(!running);
    taskChanged();
    m_start->setEnabled(!running && m_editable);
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
    m_metric->setName(e.metricName == QLatin1String("dice") ? tr("Held-out Dice") : tr("Held-out accuracy"));
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
