#pragma once
// Runs a core job on a worker thread (QtConcurrent) with a progress dialog that can cancel it.
// The result comes back on the GUI thread; the job never touches widgets.
#include "core/base/progress.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class QWidget;

namespace sagitta {
namespace app {

// Thread-safe sink: workers write, the GUI thread polls.
class PolledProgress : public core::ProgressSink {
public:
    void report(double fraction, const std::string &message) override;
    bool cancelled() const override { return m_cancel.load(); }
    void cancel() { m_cancel = true; }
    double fraction() const { return m_fraction.load(); }

private:
    std::atomic<double> m_fraction{0.0};
    std::atomic<bool> m_cancel{false};
};

// work runs on a worker thread; done(errorMessage) runs on the GUI thread afterwards with an
// empty message on success, "cancelled" when cancelled, or the core::Error text.
void runJob(QWidget *parent, const QString &title, std::function<void(core::ProgressSink *)> work,
            std::function<void(const QString &error)> done);

} // namespace app
} // namespace sagitta
