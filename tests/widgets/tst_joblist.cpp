// Tests widgets/JobList: a row per job with its title, progress and the latest message a
// worker thread reported; Cancel asks the job to stop; finished jobs leave the list.
#include "widgets/joblist.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

#include <thread>

using namespace sagitta;

class TstJobList : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsProgressFromAWorker()
    {
        widgets::JobList list;
        list.show();
        QSignalSpy counted(&list, &widgets::JobList::countChanged);
        auto progress = std::make_shared<core::AtomicProgress>();
        const int id = list.addJob(QStringLiteral("Importing /data"), progress);
        QCOMPARE(list.count(), 1);
        QCOMPARE(counted.count(), 1);
        QCOMPARE(list.title(id), QStringLiteral("Importing /data"));
        std::thread worker([progress] {
            for (int n = 0; n <= 100; ++n)
                progress->report(n / 200.0, n == 100 ? "reading headers" : "");
        });
        worker.join();
        // Empty messages keep the last one; the timer shows the state on the GUI thread.
        QTRY_COMPARE(list.progressBar(id)->value(), 500);
        QCOMPARE(list.messageLabel(id)->text(), QStringLiteral("reading headers"));
        QCOMPARE(progress->message(), std::string("reading headers"));
        list.removeJob(id);
        QCOMPARE(list.count(), 0);
        QCOMPARE(counted.count(), 2);
        QVERIFY(!list.cancelButton(id));
        list.removeJob(id); // unknown ids are ignored
        QCOMPARE(counted.count(), 2);
    }

    void cancelStopsOneJob()
    {
        widgets::JobList list;
        list.show();
        auto a = std::make_shared<core::AtomicProgress>(), b = std::make_shared<core::AtomicProgress>();
        const int ida = list.addJob(QStringLiteral("A"), a), idb = list.addJob(QStringLiteral("B"), b);
        QCOMPARE(list.jobIds(), (std::vector<int>{ida, idb}));
        QSignalSpy cancelled(&list, &widgets::JobList::cancelRequested);
        QVERIFY(QTest::qWaitForWindowExposed(&list));
        QVERIFY(list.cancelButton(idb)->isVisible());
        QTest::mouseClick(list.cancelButton(idb), Qt::LeftButton);
        QVERIFY(b->cancelled());
        QVERIFY(!a->cancelled());
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(cancelled[0][0].toInt(), idb);
        QVERIFY(!list.cancelButton(idb)->isEnabled());
        QCOMPARE(list.messageLabel(idb)->text(), QStringLiteral("Cancelling..."));
        b->report(0.5, "decoding slices"); // a late report does not hide that it is stopping
        list.refresh();
        QCOMPARE(list.messageLabel(idb)->text(), QStringLiteral("Cancelling..."));
    }
};

QTEST_MAIN(TstJobList)
#include "tst_joblist.moc"
