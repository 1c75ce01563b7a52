#include "widgets/joblist.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace sagitta {
namespace widgets {

namespace {

// Core reports its progress in English; these are the messages it sends today, so that the
// translation tools offer them. A message not listed here is shown as it comes.
[[maybe_unused]] const char *const coreMessages[] = {
    QT_TRANSLATE_NOOP("ProgressMessage", "listing files"),
    QT_TRANSLATE_NOOP("ProgressMessage", "reading headers"),
    QT_TRANSLATE_NOOP("ProgressMessage", "scan complete"),
    QT_TRANSLATE_NOOP("ProgressMessage", "import scanned"),
    QT_TRANSLATE_NOOP("ProgressMessage", "decoding slices"),
    QT_TRANSLATE_NOOP("ProgressMessage", "writing synthetic series"),
    QT_TRANSLATE_NOOP("ProgressMessage", "demo project ready"),
    QT_TRANSLATE_NOOP("ProgressMessage", "exporting notes"),
    QT_TRANSLATE_NOOP("ProgressMessage", "finding entities"),
};

QString displayMessage(const std::string &message)
{
    return QCoreApplication::translate("ProgressMessage", message.c_str());
}

} // namespace

JobList::JobList(QWidget *parent) : QWidget(parent)
{
    m_layout = new QVBoxLayout(this);
    m_layout->setContentsMargins(4, 4, 4, 4);
    m_layout->setSpacing(2);
    m_empty = new QLabel(tr("No jobs running."), this);
    m_empty->setEnabled(false);
    m_layout->addWidget(m_empty);
    m_layout->addStretch(1);
    m_timer = new QTimer(this);
    m_timer->setInterval(100);
    connect(m_timer, &QTimer::timeout, this, &JobList::refresh);
}

JobList::~JobList() = default;

int JobList::addJob(const QString &title, std::shared_ptr<core::AtomicProgress> progress)
{
    const int id = m_nextId++;
    Row r;
    r.progress = std::move(progress);
    r.widget = new QWidget(this);
    r.widget->setObjectName(QStringLiteral("job%1").arg(id));
    auto *layout = new QHBoxLayout(r.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    r.title = new QLabel(title, r.widget);
    r.title->setToolTip(title);
    r.title->setMinimumWidth(80);
    r.bar = new QProgressBar(r.widget);
    r.bar->setRange(0, 1000);
    r.bar->setValue(0);
    r.bar->setTextVisible(false);
    r.bar->setMaximumHeight(r.title->sizeHint().height());
    r.message = new QLabel(r.widget);
    r.message->setMinimumWidth(80);
    r.cancel = new QPushButton(tr("Cancel"), r.widget);
    r.cancel->setToolTip(tr("Stop this job"));
    layout->addWidget(r.title, 3);
    layout->addWidget(r.bar, 2);
    layout->addWidget(r.message, 2);
    layout->addWidget(r.cancel);
    connect(r.cancel, &QPushButton::clicked, this, [this, id] {
        auto it = m_rows.find(id);
        if (it == m_rows.end())
            return;
        it->second.progress->cancel();
        it->second.cancel->setEnabled(false);
        it->second.message->setText(tr("Cancelling..."));
        Q_EMIT cancelRequested(id);
    });
    m_layout->insertWidget(m_layout->count() - 1, r.widget); // above the stretch
    m_rows.emplace(id, std::move(r));
    m_empty->hide();
    refresh();
    if (!m_timer->isActive())
        m_timer->start();
    Q_EMIT countChanged(count());
    return id;
}

void JobList::removeJob(int id)
{
    auto it = m_rows.find(id);
    if (it == m_rows.end())
        return;
    it->second.widget->hide();
    it->second.widget->deleteLater();
    m_rows.erase(it);
    if (m_rows.empty()) {
        m_timer->stop();
        m_empty->show();
    }
    Q_EMIT countChanged(count());
}

std::vector<int> JobList::jobIds() const
{
    std::vector<int> ids;
    for (const auto &entry : m_rows)
        ids.push_back(entry.first); // ids grow, so map order is list order
    return ids;
}

const JobList::Row *JobList::row(int id) const
{
    const auto it = m_rows.find(id);
    return it == m_rows.end() ? nullptr : &it->second;
}

QString JobList::title(int id) const
{
    const Row *r = row(id);
    return r ? r->title->text() : QString();
}

QProgressBar *JobList::progressBar(int id) const
{
    const Row *r = row(id);
    return r ? r->bar : nullptr;
}

QLabel *JobList::messageLabel(int id) const
{
    const Row *r = row(id);
    return r ? r->message : nullptr;
}

QPushButton *JobList::cancelButton(int id) const
{
    const Row *r = row(id);
    return r ? r->cancel : nullptr;
}

void JobList::refresh()
{
    for (auto &entry : m_rows) {
        Row &r = entry.second;
        r.bar->setValue(int(std::clamp(r.progress->fraction(), 0.0, 1.0) * 1000.0));
        if (r.progress->cancelled())
            continue; // keeps "Cancelling..."
        const std::string message = r.progress->message();
        if (!message.empty())
            r.message->setText(displayMessage(message));
    }
}

} // namespace widgets
} // namespace sagitta
