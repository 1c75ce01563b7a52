#include "app/jobrunner.h"

#include "core/base/error.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QProgressDialog>
#include <QTimer>
#include <QtConcurrent>

namespace sagitta {
namespace app {

void runJob(QWidget *parent, const QString &title, std::function<void(core::ProgressSink *)> work,
            std::function<void(const QString &error)> done)
{
    auto progress = std::make_shared<core::AtomicProgress>();
    auto *dialog = new QProgressDialog(title, QObject::tr("Cancel"), 0, 1000, parent);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setMinimumDuration(400);
    dialog->setAutoClose(false);
    dialog->setAutoReset(false);
    QObject::connect(dialog, &QProgressDialog::canceled, dialog, [progress] { progress->cancel(); });

    auto *timer = new QTimer(dialog);
    QObject::connect(timer, &QTimer::timeout, dialog,
                     [dialog, progress] { dialog->setValue(int(progress->fraction() * 1000.0)); });
    timer->start(50);

    auto *watcher = new QFutureWatcher<QString>(dialog);
    QObject::connect(watcher, &QFutureWatcher<QString>::finished, dialog, [watcher, dialog, done] {
        const QString error = watcher->result();
        dialog->hide();
        dialog->deleteLater();
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
}

} // namespace app
} // namespace sagitta
