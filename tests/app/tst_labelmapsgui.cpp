// The segment list's label maps on a real window: another reader's labels are looked at, not
// drawn on; a model's proposal is shown pale with its uncertain voxels and is accepted into
// the user's own labels with a click.
#include "windowtesting.h"

#include "widgets/segmentlist.h"
#include "widgets/sliceview.h"

#include <QComboBox>
#include <QPushButton>
#include <QStandardItemModel>

using namespace sagitta;
using namespace sagitta::testing;

namespace {

// Selects the combo box entry with this data the way a user does, with the arrow keys.
bool pickByKeys(QComboBox *box, const QString &data)
{
    const int target = box->findData(data);
    if (target < 0)
        return false;
    box->setFocus();
    while (box->currentIndex() != target) {
        const int before = box->currentIndex();
        QTest::keyClick(box, box->currentIndex() < target ? Qt::Key_Down : Qt::Key_Up);
        if (box->currentIndex() == before)
            return false;
    }
    return true;
}

} // namespace

class TstLabelMapsGui : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void proposalIsAcceptedIntoMyLabels()
    {
        QTemporaryDir dir;
        app::MainWindow w;
        const QString project = openDemo(w, dir, QStringLiteral("maps.sagitta"));
        QVERIFY(!project.isEmpty());
        const int slice = w.sliceView()->slice();
        std::int64_t series = 0, model = 0;
        std::uint64_t proposedVoxels = 0;
        {
            // A second reader and a model, through another connection (as `sagitta infer` does).
            auto p = core::Project::open(project.toStdString());
            const core::SeriesRecord r = p->seriesStore().series().front();
            series = r.id;
            core::LabelStore &labels = p->labelStore();
            labels.addSegment(series, "Reader 2 lesion", 0x00ff00, {}, {}, "reader2");
            core::LabelMap theirs(r.geometry.dims);
            for (int j = 20; j < 40; ++j)
                for (int i = 20; i < 40; ++i)
                    theirs.set(i, j, slice, 1);
            labels.saveLabelChunks(series, theirs, {theirs.chunkOf(20, 20, slice)}, "reader2");
            const std::int64_t run = p->trainingStore().beginTrainingRun("segment", "unet2d", "{}", "cpu");
            p->trainingStore().finishTrainingRun(run, "finished", "{}");
            model = p->trainingStore().addModel(run, "unet2d", "segment", "weights", "{}");
            core::LabelMap proposal(r.geometry.dims), uncertainty(r.geometry.dims);
            for (int j = 60; j < 90; ++j)
                for (int i = 60; i < 90; ++i) {
                    proposal.set(i, j, slice, 1);
                    if (i == 60 || i == 89) // unsure at its left and right edges
                        uncertainty.set(i, j, slice, 230);
                }
            proposedVoxels = proposal.count(1);
            core::Segment lesion;
            lesion.name = "Model lesion";
            lesion.rgb = 0xffaa00;
            labels.storeProposal(series, model, proposal, {lesion}, uncertainty);
        }
        w.showLabelMap({}); // the series' maps are read again (as when it opens)
        QComboBox *maps = w.segmentList()->mapBox();
        QCOMPARE(maps->count(), 3); // mine, reader2's, the model's
        const QString modelKey = QStringLiteral("model:%1").arg(model);
        QVERIFY(!w.segmentList()->acceptButton()->isVisible());

        // Another reader's labels: shown, read only.
        QVERIFY(pickByKeys(maps, QStringLiteral("reader2")));
        QTRY_COMPARE(w.segmentList()->segments().size(), std::size_t(1));
        QCOMPARE(w.segmentList()->segments()[0].name, std::string("Reader 2 lesion"));
        w.setTool(app::MainWindow::Tool::Paint);
        QCOMPARE(w.tool(), app::MainWindow::Tool::Navigate);
        QVERIFY(!w.segmentList()->addButton()->isEnabled());
        QVERIFY(w.segmentList()->reviewBox()->isEnabled()); // a reviewer may still review them

        // The proposal: pale, its uncertain voxels marked, Accept and Reject offered.
        QVERIFY(pickByKeys(maps, modelKey));
        QTRY_VERIFY(w.segmentList()->acceptButton()->isVisible());
        QVERIFY(w.segmentList()->rejectButton()->isVisible());
        QCOMPARE(w.segmentList()->segments()[0].name, std::string("Model lesion"));
        QCOMPARE(w.tool(), app::MainWindow::Tool::Navigate);
        auto *view = w.sliceView();
        const QImage shown = view->grab().toImage();
        const QColor sure = shown.pixelColor(view->voxelToWidget(QPoint(75, 75)).toPoint());
        const QColor unsure = shown.pixelColor(view->voxelToWidget(QPoint(60, 75)).toPoint());
        const QColor outside = shown.pixelColor(view->voxelToWidget(QPoint(110, 75)).toPoint());
        QVERIFY2(sure != unsure, qPrintable(sure.name() + QLatin1Char(' ') + unsure.name()));
        QVERIFY2(sure != outside, qPrintable(sure.name() + QLatin1Char(' ') + outside.name()));
        w.grab().save(outputDir() + QStringLiteral("/proposal.png"));

        // Accepted: in my labels as a segment of my own, the proposal marked accepted.
        QTest::mouseClick(w.segmentList()->acceptButton(), Qt::LeftButton);
        QTRY_COMPARE(maps->currentData().toString(), QString());
        QVERIFY(!w.segmentList()->acceptButton()->isVisible());
        auto p = core::Project::open(project.toStdString(), core::Project::Access::ReadOnly);
        const std::vector<core::Segment> mine = p->labelStore().segments(series);
        const auto accepted = std::find_if(mine.begin(), mine.end(), [](const core::Segment &s) { return s.name == "Model lesion"; });
        QVERIFY(accepted != mine.end());
        QCOMPARE(savedVoxels(project, accepted->label), proposedVoxels);
        QCOMPARE(p->labelStore().labelMapStatus(series, core::LabelStore::modelAuthor(model)), std::string("accepted"));
        bool shownAsMine = false;
        for (const core::Segment &s : w.segmentList()->segments())
            shownAsMine = shownAsMine || s.name == "Model lesion";
        QVERIFY(shownAsMine);
        // And now drawing works again on my own labels.
        w.setTool(app::MainWindow::Tool::Paint);
        QCOMPARE(w.tool(), app::MainWindow::Tool::Paint);
    }

    // In a project with roles an annotator sees Approved and Rejected disabled (the arrow keys
    // and the list pass them by); an administrator (or a reviewer) has them enabled.
    void annotatorCannotApprove()
    {
        QTemporaryDir dir;
        app::MainWindow w;
        const QString project = openDemo(w, dir, QStringLiteral("roles.sagitta"));
        QVERIFY(!project.isEmpty());
        {
            auto p = core::Project::open(project.toStdString());
            core::Project::setCurrentUser("ada");
            p->addUser("ada", "administrator");
            p->addUser("ann", "annotator");
        }
        QComboBox *review = w.segmentList()->reviewBox();
        auto *items = qobject_cast<QStandardItemModel *>(review->model());
        QVERIFY(items);
        const auto decidable = [&] {
            return items->item(review->findData(QStringLiteral("approved")))->isEnabled()
                   && items->item(review->findData(QStringLiteral("rejected")))->isEnabled();
        };

        core::Project::setCurrentUser("ann");
        w.showLabelMap({});
        QTRY_VERIFY(!decidable());
        QVERIFY(review->isEnabled()); // submitting stays hers
        QVERIFY(items->item(review->findData(QStringLiteral("submitted")))->isEnabled());

        core::Project::setCurrentUser("ada");
        w.showLabelMap({});
        QTRY_VERIFY(decidable());
        core::Project::setCurrentUser({});
    }
};

QTEST_MAIN(TstLabelMapsGui)
#include "tst_labelmapsgui.moc"
