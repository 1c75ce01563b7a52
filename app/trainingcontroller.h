#pragma once
// TrainingController: runs what the Training dock asks for. A run is a job on a worker thread
// (listed in the Jobs dock, cancellable there or in the dock) with its own connection to the
// project: core::ml::runRecordedTraining records the run, each epoch and the model; each
// finished epoch comes back to the dock's curves through the event loop. GUI thread only.
#include "core/base/progress.h"
#include "widgets/trainingpanel.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class QTimer;

namespace sagitta {
namespace core {
class Project;
}
namespace widgets {
class JobList;
}
namespace app {

class TrainingController : public QObject {
    Q_OBJECT
public:
    struct Context {
        std::function<core::Project *()> project; // null: none open (nothing to train on)
        widgets::JobList *jobs = nullptr;
        std::function<qint64()> currentSeries;                  // 0: none open
        std::function<void(qint64 series, qint64 model)> proposalStored; // show it
        std::function<void()> spansProposed;                    // a tagger's spans were stored: show them
    };
    TrainingController(Context context, widgets::TrainingPanel *panel, QObject *parent);

    // The segments the project can train on, its models (selectModel chosen; 0: the one shown
    // stays, else the newest), whether a GPU is there, and who may start.
    void refresh(qint64 selectModel = 0);
    bool running() const { return bool(m_job); }
    void start();
    void cancel();
    // The current model's labels for the open series, or a tagger's spans for the project's
    // notes, stored as proposals (a job).
    void propose();
    // The current classifier on an image (a Fashion-MNIST test image for a 28 x 28 model,
    // else the open series' middle slice) with its Grad-CAM map, shown in the dock (a job).
    void explain();
    void importModel();
    void exportModel();

Q_SIGNALS:
    void finished(const QString &summary);
    void failed(const QString &message);

private:
    void proposeSpans();
    Context m_context;
    widgets::TrainingPanel *m_panel;
    std::shared_ptr<core::AtomicProgress> m_job;
    std::shared_ptr<core::AtomicProgress> m_modelJob; // propose, explain, import, export: one at a time
    int m_explainIndex = 0;
    QTimer *m_poll;
};

} // namespace app
} // namespace sagitta
