#pragma once
// Runs a core job on a worker thread (QtConcurrent) and lists it in a non-modal JobList while
// it runs: title, progress with core's message, and a Cancel button. Nothing is modal and no
// event loop is nested, so the result handler may open dialogs of its own. The job never
// touches widgets; its result comes back on the GUI thread.
#include "core/base/progress.h"

#include <QString>

#include <functional>
#include <memory>

class QObject;

namespace sagitta {
namespace widgets {
class JobList;
}
namespace app {

// Starts work on a worker thread and returns at once (GUI thread only).
// jobs: where the job is listed while it runs (nullptr: not listed). context: done runs only
// while context lives; when context is destroyed first, the job is asked to cancel and its
// row leaves the list. done(error) runs on the GUI thread after the row has left the list,
// with an empty error on success, "cancelled" when cancelled, or the core::Error text.
// Returns the job's progress, e.g. to cancel it when newer work makes it void.
std::shared_ptr<core::AtomicProgress> runJob(widgets::JobList *jobs, QObject *context, const QString &title,
                                             std::function<void(core::ProgressSink *)> work,
                                             std::function<void(const QString &error)> done);

} // namespace app
} // namespace sagitta
