#pragma once
// TrainingPanel: the Training dock's inputs and live view. The user picks the task, the data
// (the segment to learn, or an image set), the model's hyper-parameters and the device, then
// Start; while a run goes the panel shows the epoch, the time left and the loss and metric
// curves (Qt Charts), and Cancel stops it (the last checkpoint stays, so Resume goes on from
// there). It only shows and asks: the app runs the training on a worker thread and feeds
// epochs back (see app/trainingcontroller.h). GUI thread only.
#include <QString>
#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QLineSeries;
class QValueAxis;
class QChartView;
class QTableWidget;

namespace sagitta {
namespace widgets {

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPanel(QWidget *parent = nullptr);

    struct Settings {
        QString task;            // "segment", "classify" or "tag"
        QString model;           // segment: unet2d|unet3d; classify: cnn2|resnet18; tag: charcnn-bilstm
        QString segmentName;     // segment: the segment to learn
        QString dataset;         // classify: "fashion-mnist"
        int epochs = 5;
        int batchSize = 8;
        double learningRate = 1e-3;
        quint64 seed = 1;
        QString device;          // "auto", "cpu", "cuda"
        bool resume = false;     // continue from the last checkpoint of the same settings
        int maxItems = 0;        // training items (images, or slices' cases) used; 0: all
    };
    // One finished epoch (metric on the held-out split, 0..1).
    struct Epoch {
        int epoch = 0, epochs = 0;
        double trainLoss = 0, validLoss = 0, metric = 0, seconds = 0;
        QString metricName;      // "dice", "accuracy"
    };

    Settings settings() const;
    // Segment names that have voxels somewhere in the project (what segmentation can learn).
    void setSegmentNames(const QStringList &names);
    // Whether a GPU is there: "cuda" is offered only then.
    void setCudaAvailable(bool available);
    void setEditable(bool editable);

    // A run started (curves cleared) or ended; the buttons follow.
    void setRunning(bool running);
    bool running() const { return m_running; }
    void addEpoch(const Epoch &epoch);
    // Progress inside the run (0..1) with the job's message.
    void setProgress(double fraction, const QString &message);
    // The run's outcome in a line or two (held-out metrics, device, weights).
    void setSummary(const QString &text);
    QString summary() const;
    QString statusText() const; // the line under the progress bar

    // The project's models (newest last); the one shown is kept when still there, else the newest.
    struct ModelEntry {
        qint64 id = 0;
        QString name, task; // task: segment, classify
    };
    void setModels(const QList<ModelEntry> &models, qint64 select = 0);
    qint64 currentModel() const;     // 0: none
    QString currentModelTask() const;
    // Whether a series is open in a writable project (Propose needs one).
    void setSeriesOpen(bool open);
    // A classification's explanation: the image with its Grad-CAM heat map, and a caption.
    void setExplanation(const QImage &image, const QString &caption);
    // A classifier's held-out confusion matrix [truth][predicted]; empty labels hide it.
    void setConfusion(const QStringList &labels, const QList<QList<int>> &matrix);

    int epochsShown() const;
    QPushButton *startButton() const { return m_start; }
    QPushButton *cancelButton() const { return m_cancel; }
    QComboBox *taskBox() const { return m_task; }
    QComboBox *modelKindBox() const { return m_modelKind; }
    QComboBox *segmentBox() const { return m_segment; }
    QSpinBox *epochsBox() const { return m_epochs; }
    QSpinBox *limitBox() const { return m_limit; }
    QCheckBox *resumeBox() const { return m_resume; }
    QChartView *chartView() const { return m_chartView; }
    QComboBox *modelBox() const { return m_models; }
    QPushButton *proposeButton() const { return m_propose; }
    QPushButton *explainButton() const { return m_explain; }
    QPushButton *importButton() const { return m_import; }
    QPushButton *exportButton() const { return m_export; }
    QLabel *explanationLabel() const { return m_explanation; }
    QTableWidget *confusionTable() const { return m_confusion; }

Q_SIGNALS:
    void startRequested();
    void cancelRequested();
    void proposeRequested(); // the current model's labels for the open series
    void explainRequested(); // the current classifier on an image, with Grad-CAM
    void importRequested();
    void exportRequested();

private:
    void taskChanged();
    void modelChanged();

    QComboBox *m_task, *m_modelKind, *m_segment, *m_dataset, *m_device;
    QSpinBox *m_epochs, *m_batch, *m_seed, *m_limit;
    QDoubleSpinBox *m_rate;
    QCheckBox *m_resume;
    QPushButton *m_start, *m_cancel;
    QComboBox *m_models;
    QPushButton *m_propose, *m_explain, *m_import, *m_export;
    QLabel *m_explanation;
    QTableWidget *m_confusion;
    bool m_seriesOpen = false;
    QProgressBar *m_progress;
    QLabel *m_status, *m_summary;
    QChartView *m_chartView;
    QLineSeries *m_trainLoss, *m_validLoss, *m_metric;
    QValueAxis *m_epochAxis, *m_lossAxis, *m_metricAxis;
    double m_maxLoss = 0.1;
    double m_secondsSoFar = 0;
    bool m_running = false;
    bool m_editable = true;
};

} // namespace widgets
} // namespace sagitta
