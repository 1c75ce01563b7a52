// Tests the Training dock in the main window (offscreen): a short real run (Fashion-MNIST,
// 1,000 images, 2 epochs) shows its curves live, is recorded in the project with its epochs
// and model, and a long run is cancelled from the dock, recorded as cancelled; an entity tagger
// trained from the dock proposes spans for the notes; the dock in Chinese after a short
// classification run.
#include "app/i18n.h"
#include "app/mainwindow.h"
#include "core/project/demo.h"
#include "widgets/segmentlist.h"
#include "widgets/trainingpanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QTableWidget>
#include <QTimer>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QDir>
#include <QtTest>

#include "tests/app/windowtesting.h"

using namespace sagitta;
using namespace sagitta::testing;

class TstTraining : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void trainFromTheDockThenCancel()
    {
        // Checkpoints are kept inside the project: nothing appears in the old per-user folder, and
        // the files older versions left there (SHA-1 names, .pt) are removed; other files stay.
        const QString oldCheckpoints =
            QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/checkpoints");
        QVERIFY(QDir().mkpath(oldCheckpoints));
        const QString leftOver = oldCheckpoints + QStringLiteral("/0123456789abcdef0123456789abcdef01234567.pt");
        const QString notOurs = oldCheckpoints + QStringLiteral("/notes-of-mine.pt");
        for (const QString &path : {leftOver, notOurs}) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly) && f.write("weights") == 7);
        }
        QTemporaryDir dir;
        app::MainWindow w;
        QVERIFY(!QFileInfo::exists(leftOver));
        QVERIFY(QFileInfo::exists(notOurs));
        const QStringList oldFiles = QDir(oldCheckpoints).entryList(QDir::Files);
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
        QTRY_VERIFY_WITH_TIMEOUT(panel->epochsShown() >= 1, 300000); // the curve grows while it runs
        QTRY_VERIFY_WITH_TIMEOUT(!panel->running(), 400000);
        QCOMPARE(panel->epochsShown(), 2);
        QVERIFY2(panel->summary().contains(QStringLiteral("accuracy")), qPrintable(panel->summary()));
        // The held-out confusion matrix (10 classes) and ROC AUC are shown; the new model is listed.
        QVERIFY(panel->confusionTable()->isVisibleTo(panel));
        QCOMPARE(panel->confusionTable()->rowCount(), 10);
        QVERIFY2(panel->summary().contains(QStringLiteral("ROC AUC")), qPrintable(panel->summary()));
        QCOMPARE(panel->modelBox()->count(), 1);
        QVERIFY(panel->explainButton()->isEnabled());
        QVERIFY(!panel->proposeButton()->isEnabled()); // a classifier proposes no labels
        // Explain: Fashion-MNIST test images with the Grad-CAM map over them. A map can be empty
        // (nothing in that image raises the class's score: the caption says so); over a few
        // images the heat map is drawn: some pixels are red where it peaks.
        int red = 0;
        for (int attempt = 0; attempt < 6 && red == 0; ++attempt) {
            const QString before = panel->explanationLabel()->toolTip();
            panel->explainButton()->click();
            // Each caption names its test image, so a new one means the job is done.
            QTRY_VERIFY_WITH_TIMEOUT(panel->explanationLabel()->isVisibleTo(panel) && panel->explanationLabel()->toolTip() != before,
                                     60000);
            QVERIFY(!panel->explanationLabel()->pixmap().isNull());
            QVERIFY(panel->explanationLabel()->pixmap().width() >= 200);
            QVERIFY2(panel->explanationLabel()->toolTip().contains(QStringLiteral("Grad-CAM"))
                         && panel->explanationLabel()->toolTip().contains(QStringLiteral("Test image")),
                     qPrintable(panel->explanationLabel()->toolTip()));
            const QImage shown = panel->explanationLabel()->pixmap().toImage().convertToFormat(QImage::Format_RGB32);
            for (int y = 0; y < shown.height(); ++y)
                for (int x = 0; x < shown.width(); ++x) {
                    const QRgb c = shown.pixel(x, y);
                    red += qRed(c) > qGreen(c) + 60 && qRed(c) > qBlue(c) + 60;
                }
        }
        QVERIFY(red > 0);
        w.grab().save(outputDir() + QStringLiteral("/training.png"));

        // Import a TorchScript segmentation model (written by tests/data/torchscript/make_models.py)
        // through the real file dialog, then let it propose labels for the open series.
        const QString modelFile = QStringLiteral(SAGITTA_TEST_DATA "/torchscript/threshold_segmenter.pt");
        QTimer::singleShot(0, [modelFile] {
            QTRY_VERIFY(qobject_cast<QFileDialog *>(QApplication::activeModalWidget()));
            auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
            dialog->selectFile(modelFile);
            QMetaObject::invokeMethod(dialog, "accept"); // as the Open button does
        });
        panel->importButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(panel->modelBox()->count(), 2, 30000);
        QCOMPARE(panel->currentModelTask(), QStringLiteral("segment"));
        QVERIFY(panel->proposeButton()->isEnabled());
        panel->proposeButton()->click();
        auto *segments = w.findChild<widgets::SegmentList *>();
        QVERIFY(segments);
        QTRY_VERIFY_WITH_TIMEOUT(segments->acceptButton()->isVisibleTo(segments), 60000); // the proposal is shown
        w.grab().save(outputDir() + QStringLiteral("/training-proposal.png"));
        segments->acceptButton()->click();
        {
            auto p = core::Project::open(project.toStdString(), core::Project::Access::ReadOnly);
            const auto maps = p->labelStore().labelMaps(w.currentSeriesId());
            bool accepted = false;
            for (const core::LabelMapInfo &m : maps)
                accepted = accepted || (m.source == "model" && m.status == "accepted");
            QVERIFY(accepted);
        }
        {
            auto p = core::Project::open(project.toStdString(), core::Project::Access::ReadOnly);
            const auto runs = p->trainingStore().trainingRuns();
            QCOMPARE(int(runs.size()), 1);
            QCOMPARE(runs[0].status, std::string("finished"));
            QCOMPARE(runs[0].task, std::string("classify"));
            QCOMPARE(int(p->trainingStore().trainingEpochs(runs[0].id).size()), 2);
            QCOMPARE(int(p->trainingStore().models().size()), 2); // the trained one and the imported one
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
        QCOMPARE(int(p->trainingStore().models().size()), 2); // no model from a cancelled run
        QVERIFY(p->trainingStore().checkpoint("classify|cnn2|fashion-mnist")); // the 2-epoch run's, in the project
        p.reset();
        QCOMPARE(QDir(oldCheckpoints).entryList(QDir::Files), oldFiles);

        // Resume goes on from it: a third epoch on the same 1,000 images.
        panel->limitBox()->setValue(1000);
        panel->resumeBox()->setChecked(true);
        panel->startButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!panel->running(), 400000);
        QVERIFY2(panel->summary().contains(QStringLiteral("after 3 epoch")), qPrintable(panel->summary()));
        QCOMPARE(QDir(oldCheckpoints).entryList(QDir::Files), oldFiles);
        QVERIFY(QFile::remove(notOurs));
    }

    // The Model box follows the task; an entity tagger trained from the dock proposes spans for
    // the project's notes, stored as proposals of source "tagger".
    void tagFromTheDock()
    {
        QTemporaryDir dir;
        app::MainWindow w;
        const QString project = openDemo(w, dir, QStringLiteral("tag.sagitta"));
        QVERIFY(!project.isEmpty());
        w.trainingDock()->show();
        w.trainingDock()->raise();
        widgets::TrainingPanel *panel = w.trainingPanel();
        auto kinds = [panel] {
            QStringList out;
            for (int i = 0; i < panel->modelKindBox()->count(); ++i)
                out << panel->modelKindBox()->itemData(i).toString();
            return out;
        };
        panel->taskBox()->setCurrentIndex(panel->taskBox()->findData(QStringLiteral("segment")));
        QCOMPARE(kinds(), QStringList({QStringLiteral("unet2d"), QStringLiteral("unet3d")}));
        panel->taskBox()->setCurrentIndex(panel->taskBox()->findData(QStringLiteral("classify")));
        QCOMPARE(kinds(), QStringList({QStringLiteral("cnn2"), QStringLiteral("resnet18")}));
        panel->modelKindBox()->setCurrentIndex(1);
        QCOMPARE(panel->settings().model, QStringLiteral("resnet18"));
        panel->taskBox()->setCurrentIndex(panel->taskBox()->findData(QStringLiteral("tag")));
        QCOMPARE(kinds(), QStringList({QStringLiteral("charcnn-bilstm")}));
        QVERIFY(!panel->segmentBox()->isEnabled());
        panel->epochsBox()->setValue(2);
        panel->startButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!panel->running(), 400000);
        QVERIFY2(panel->summary().contains(QStringLiteral("entity F1")), qPrintable(panel->summary()));
        QVERIFY2(panel->statusText().contains(QStringLiteral("entity F1")), qPrintable(panel->statusText()));
        QCOMPARE(panel->currentModelTask(), QStringLiteral("tag"));
        QVERIFY(!panel->explainButton()->isEnabled());
        QVERIFY(panel->proposeButton()->isEnabled()); // no series needed: it tags the notes
        QCOMPARE(panel->proposeButton()->text(), QStringLiteral("Propose spans"));
        panel->proposeButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(panel->summary().contains(QStringLiteral("span proposal")), 120000);
        const QRegularExpressionMatch m =
            QRegularExpression(QStringLiteral("tagged (\\d+) note\\(s\\): (\\d+) new")).match(panel->summary());
        QVERIFY2(m.hasMatch(), qPrintable(panel->summary()));
        qInfo("%s", qPrintable(panel->summary()));
        w.grab().save(outputDir() + QStringLiteral("/training-tag.png"));
        auto p = core::Project::open(project.toStdString(), core::Project::Access::ReadOnly);
        QCOMPARE(m.captured(1).toInt(), int(p->noteStore().notes().size()));
        int tagged = 0;
        for (const core::Note &n : p->noteStore().notes())
            for (const core::text::Span &s : p->noteStore().spans(n.id))
                tagged += s.source == "tagger" && s.status == "proposed";
        QCOMPARE(tagged, m.captured(2).toInt());
    }
    // The dock in the Chinese interface (last: it installs the translation for the process):
    // every caption a person reads is translated (only names such as Dice or U-Net stay Latin),
    // also after a short Fashion-MNIST run; the screenshot is for review.
    void chineseDock()
    {
        QVERIFY(app::installTranslations(QStringLiteral("zh_CN")));
        QTemporaryDir dir;
        app::MainWindow w;
        const QString project = openDemo(w, dir, QStringLiteral("zh.sagitta"));
        QVERIFY(!project.isEmpty());
        w.trainingDock()->show();
        w.trainingDock()->raise();
        widgets::TrainingPanel *panel = w.trainingPanel();
        panel->taskBox()->setCurrentIndex(panel->taskBox()->findData(QStringLiteral("classify")));
        panel->epochsBox()->setValue(1);
        panel->limitBox()->setValue(500);
        panel->startButton()->click();
        QVERIFY(panel->running());
        QTRY_VERIFY_WITH_TIMEOUT(!panel->running(), 400000);
        QVERIFY2(panel->summary().contains(QStringLiteral("ROC AUC")), qPrintable(panel->summary()));
        // A caption is translated when it holds a Chinese character, or is only a name, a number
        // or a unit that Chinese text writes in Latin letters too.
        const QRegularExpression cjk(QStringLiteral("[\\x{4e00}-\\x{9fff}]"));
        const QRegularExpression latinOnly(QStringLiteral(
            "^[\\s\\d.,:;%()/+\\-x\\x{2013}\\x{2026}]*((Dice|HD95|ROC AUC|U-Net|ResNet-18|CNN|BiLSTM|CPU|CUDA|mm|s|ms)[\\s\\d.,:;%()/+\\-x\\x{2013}\\x{2026}]*)*$"));
        auto untranslated = [&](const QString &raw) {
            QString text = raw;
            text.remove(QLatin1Char('&'));
            return !text.trimmed().isEmpty() && !text.contains(cjk) && !latinOnly.match(text).hasMatch();
        };
        QStringList missing;
        for (QAbstractButton *b : panel->findChildren<QAbstractButton *>())
            if (b->isVisibleTo(panel) && untranslated(b->text()))
                missing << b->text();
        for (QLabel *l : panel->findChildren<QLabel *>())
            if (l->isVisibleTo(panel) && l->textFormat() != Qt::RichText && untranslated(l->text()))
                missing << l->text();
        for (QComboBox *c : panel->findChildren<QComboBox *>())
            if (c->isVisibleTo(panel) && c->isEnabled())
                for (int i = 0; i < c->count(); ++i)
                    if (c->itemData(i).toString() != c->itemText(i) && untranslated(c->itemText(i)))
                        missing << c->itemText(i);
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(" | "))));
        QVERIFY(panel->startButton()->text().contains(cjk));
        w.grab().save(outputDir() + QStringLiteral("/training_zh_CN.png"));
    }
};

QTEST_MAIN(TstTraining)
#include "tst_training.moc"
