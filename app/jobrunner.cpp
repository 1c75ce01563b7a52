#include "app/jobrunner.h"

#include "core/base/error.h"
#include "widgets/joblist.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QtConcurrent>

namespace sagitta {
namespace app {

std::shared_ptr<core::AtomicProgress> runJob(widgets::JobList *jobs, QObject *context, const QString &title,
                                             std::function<void(core::ProgressSink *)> work,
                                             std::function<void(const QString &error)> done)
{
    Q_ASSERT(context);
    auto progress = std::make_shared<core::AtomicProgress>();
    QPointer<widgets::JobList> list = jobs;
    const int id = jobs ? jobs->addJob(title, progress) : 0;

    // The watcher dies with context: then done never runs, and the job is told to stop.
    auto *watcher = new QFutureWatcher<QString>(context);
    QObject::connect(watcher, &QObject::destroyed, [progress, list, id] {
        progress->cancel(); // harmless when the job has ended
        if (list)
            list->removeJob(id);
    });
    QObject::connect(watcher, &QFutureWatcher<QString>::finished, context, [watcher, list, id, done = std::move(done)] {
        const QString error = watcher->result();
        if (list)
            list->removeJob(id);
        watcher->deleteLater();
        if (done)
            done(error);
    });
    watcher->setFuture(QtConcurrent::run([work = std::move(work), progress]() -> QString {
        try {
            work(progress.get());
            return {};
        } catch (const core::Cancelled &) {
            return QStringLiteral("cancelled");
        } catch (const std::exception &e) {
            return QString::fromStdString(e.what());
        }
    }));
    return progress;
}

} // namespace app
} // namespace sagitta
