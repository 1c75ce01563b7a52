// Tests the Training dock in the main window (offscreen): a short real run (Fashion-MNIST,
// 1,000 images, 2 epochs) shows its curves live, is recorded in the project with its epochs
// and model, and a long run is cancelled from the dock, recorded as cancelled.
#include "app/mainwindow.h"
#include "core/project/demo.h"
#include "widgets/trainingpanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/app/windowtesting.h"

using namespace sagitta;
using namespace sagitta::testing;

class TstTraining : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void trainFromTheDockThenCancel()
    {
        QTemporaryDir dir;
        app::MainWindow w;
        const QString project = openDemo(w, dir, QStringLiteral("train.sagitta"));
        QVERIFY(!project.isEmpty());
        w.trainingDock()->show();
        w.trainingDock()->raise();
        widgets::TrainingPanel *panel = w.trainingPanel();
        QVERIFY(panel->segmentBox()->findText(QStringLiteral("Lesion")) >= 0);
        panel->taskBox()->setCurrentIndex(panel->taskBox()->findData(QStringLiteral("classify")));
        panel->epochsBox()->setValue(2);
        panel->limitBox()->setValue(1000);
        panel->startButton()->click();
        QVERIFY(panel->running());
        QVERIFY(!panel->startButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(panel->epochsShown() >= 1, 120000); // the curve grows while it runs
        QTRY_VERIFY_WITH_TIMEOUT(!panel->running(), 120000);
        QCOMPARE(panel->epochsShown(), 2);
        QVERIFY2(panel->summary().contains(QStringLiteral("accuracy")), qPrintable(panel->summary()));
        w.grab().save(outputDir() + QStringLiteral("/training.png"));
        {
            auto p = core::Project::open(project.toStdString(), core::Project::Access::ReadOnly);
            const auto runs = p->trainingStore().trainingRuns();
            QCOMPARE(int(runs.size()), 1);
            QCOMPARE(runs[0].status, std::string("finished"));
            QCOMPARE(runs[0].task, std::string("classify"));
            QCOMPARE(int(p->trainingStore().trainingEpochs(runs[0].id).size()), 2);
            QCOMPARE(int(p->trainingStore().models().size()), 1);
        }

        // All 60,000 images for 3 epochs: cancelled from the dock within the first epoch.
        panel->limitBox()->setValue(0);
        panel->epochsBox()->setValue(3);
        panel->startButton()->click();
        QVERIFY(panel->running());
        QTest::qWait(1500);
        panel->cancelButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!panel->running(), 60000);
        QVERIFY2(panel->summary().contains(QStringLiteral("cancelled")), qPrintable(panel->summary()));
        auto p = core::Project::open(project.toStdString(), core::Project::Access::ReadOnly);
        const auto runs = p->trainingStore().trainingRuns();
        QCOMPARE(int(runs.size()), 2);
        bool cancelled = false;
        for (const core::TrainingRun &r : runs)
            cancelled = cancelled || r.status == "cancelled";
        QVERIFY(cancelled);
        QCOMPARE(int(p->trainingStore().models().size()), 1); // no model from a cancelled run
    }
};

QTEST_MAIN(TstTraining)
#include "tst_training.moc"
