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

// work runs on a worker thread; done(errorMessage) runs on the GUI thread afterwards with an
// empty message on success, "cancelled" when cancelled, or the core::Error text.
void runJob(QWidget *parent, const QString &title, std::function<void(core::ProgressSink *)> work,
            std::function<void(const QString &error)> done);

} // namespace app
} // namespace sagitta
