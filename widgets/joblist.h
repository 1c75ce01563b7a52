#pragma once
// JobList: the running jobs, one row each: title, progress bar, the latest progress message
// and a Cancel button. Non-modal: it sits in a dock or a dialog and never blocks input.
// Each row reads its job's core::AtomicProgress (shared with the worker thread, thread-safe)
// on a timer of the GUI thread; Cancel asks the job to stop through the same object. Whoever
// runs the job removes its row when the job has ended. GUI thread only.
#include "core/base/progress.h"

#include <QString>
#include <QWidget>

#include <map>
#include <memory>
#include <vector>

class QLabel;
class QProgressBar;
class QPushButton;
class QTimer;
class QVBoxLayout;

namespace sagitta {
namespace widgets {

class JobList : public QWidget {
    Q_OBJECT
public:
    explicit JobList(QWidget *parent = nullptr);
    ~JobList() override;

    // Lists a job at the bottom; returns its id (> 0). progress must not be null.
    int addJob(const QString &title, std::shared_ptr<core::AtomicProgress> progress);
    // Takes a job's row out of the list; unknown ids are ignored.
    void removeJob(int id);

    int count() const { return int(m_rows.size()); }
    std::vector<int> jobIds() const; // in list order
    // The parts of a job's row (nullptr for an unknown id), for tests and accessibility.
    QString title(int id) const;
    QProgressBar *progressBar(int id) const;
    QLabel *messageLabel(int id) const;
    QPushButton *cancelButton(int id) const;

    // Reads every job's progress now (the timer does it every 100 ms).
    void refresh();

Q_SIGNALS:
    void countChanged(int count);
    // The user pressed a job's Cancel button (the job was already asked to stop).
    void cancelRequested(int id);

private:
    struct Row {
        QWidget *widget = nullptr;
        QLabel *title = nullptr;
        QProgressBar *bar = nullptr;
        QLabel *message = nullptr;
        QPushButton *cancel = nullptr;
        std::shared_ptr<core::AtomicProgress> progress;
    };
    const Row *row(int id) const;

    std::map<int, Row> m_rows;
    int m_nextId = 1;
    QVBoxLayout *m_layout;
    QLabel *m_empty;
    QTimer *m_timer;
};

} // namespace widgets
} // namespace sagitta
