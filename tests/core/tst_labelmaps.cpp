// One label map per series and author (schema 11): people's maps kept apart, a model's output
// kept as a proposal with its uncertainty until a person accepts or rejects it.
#include "core/base/error.h"
#include "core/project/project.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace sagitta::core;

namespace {

SeriesRecord fakeSeries()
{
    SeriesRecord r;
    r.seriesUid = "1.2.826.0.1.3680043.2.7";
    r.modality = "CT";
    r.geometry.dims = {40, 36, 20};
    r.geometry.spacing = {0.8, 0.8, 2.0};
    r.files = {"/data/a.dcm"};
    return r;
}

// A box of value v on layer 0 from lo to hi (inclusive) in every axis.
LabelMap box(const std::array<int, 3> &dims, int lo, int hi, std::uint8_t v)
{
    LabelMap m(dims);
    for (int k = lo; k <= hi; ++k)
        for (int j = lo; j <= hi; ++j)
            for (int i = lo; i <= hi; ++i)
                m.set(i, j, k, v);
    return m;
}

std::int64_t addModel(Project &p)
{
    const std::int64_t run = p.trainingStore().beginTrainingRun("segment", "unet2d", "{}", "cpu");
    p.trainingStore().finishTrainingRun(run, "finished", "{}");
    return p.trainingStore().addModel(run, "unet2d run", "segment", "weights", "{}");
}

} // namespace

class TstLabelMaps : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void eachAuthorHasTheirOwnMap()
    {
        QTemporaryDir dir;
        auto p = Project::create(dir.filePath(QStringLiteral("p.sagitta")).toStdString());
        const SeriesRecord r = fakeSeries();
        const std::int64_t id = p->seriesStore().addSeries(r);
        QVERIFY(p->labelStore().labelMaps(id).empty()); // made by the first change, not by the import
        LabelStore &labels = p->labelStore();
        const Segment a = labels.addSegment(id, "Lesion", 0xff0000, {}, {}, "alice");
        const Segment b = labels.addSegment(id, "Lesion", 0x00ff00, {}, {}, "bob");
        QCOMPARE(int(a.label), 1);
        QCOMPARE(int(b.label), 1); // the same value in another map
        QVERIFY(a.labelMapId != b.labelMapId);
        const LabelMap small = box(r.geometry.dims, 2, 5, 1), large = box(r.geometry.dims, 2, 9, 1);
        labels.saveLabelChunks(id, small, {0}, "alice");
        labels.saveLabelChunks(id, large, {0}, "bob");
        QVERIFY(labels.loadLabelMap(id, r.geometry.dims, "alice") == small);
        QVERIFY(labels.loadLabelMap(id, r.geometry.dims, "bob") == large);
        QCOMPARE(labels.segments(id, "alice").size(), std::size_t(1));
        QCOMPARE(labels.segments(id, "alice")[0].rgb, 0xff0000u);
        // Review is per map.
        labels.setLabelMapStatus(id, "submitted", "done", "alice");
        QCOMPARE(labels.labelMapStatus(id, "alice"), std::string("submitted"));
        QCOMPARE(labels.labelMapStatus(id, "bob"), std::string("draft"));
        QCOMPARE(labels.labelComments(id, "alice").size(), std::size_t(1));
        QVERIFY(labels.labelComments(id, "bob").empty());
        const std::vector<LabelMapInfo> maps = labels.labelMaps(id);
        QCOMPARE(maps.size(), std::size_t(2));
        QCOMPARE(maps[0].author, std::string("alice"));
        QCOMPARE(maps[1].author, std::string("bob"));
        QCOMPARE(maps[0].source, std::string("person"));
        QVERIFY(labels.loadMapById(maps[0].id, r.geometry.dims) == small);
        QCOMPARE(labels.segmentsOfMap(maps[1].id, id)[0].rgb, 0x00ff00u);
        QVERIFY(p->verify().empty());
        // Someone without a map reads nothing, and a removed segment leaves the other map alone.
        QVERIFY(labels.segments(id, "carol").empty());
        QCOMPARE(labels.loadLabelMap(id, r.geometry.dims, "carol").count(1), std::uint64_t(0));
        labels.saveLabelChunks(id, LabelMap(r.geometry.dims), {0}, "alice");
        labels.removeSegment(a.id);
        QVERIFY(labels.segments(id, "alice").empty());
        QCOMPARE(labels.segments(id, "bob").size(), std::size_t(1));
        QVERIFY(labels.loadLabelMap(id, r.geometry.dims, "bob") == large);
        QVERIFY(p->verify().empty());
    }

    void aProposalStaysApartUntilAccepted()
    {
        QTemporaryDir dir;
        auto p = Project::create(dir.filePath(QStringLiteral("p.sagitta")).toStdString());
        const SeriesRecord r = fakeSeries();
        const auto &d = r.geometry.dims;
        const std::int64_t id = p->seriesStore().addSeries(r);
        LabelStore &labels = p->labelStore();
        // The person has an organ; the model proposes a lesion inside it.
        labels.addSegment(id, "Liver", 0x884400);
        const LabelMap organ = box(d, 0, 15, 1);
        labels.saveLabelChunks(id, organ, {0});
        const std::int64_t model = addModel(*p);
        Segment lesion;
        lesion.name = "Lesion";
        lesion.label = 1;
        LabelMap uncertainty(d);
        uncertainty.set(4, 4, 4, 200);
        const LabelMap proposed = box(d, 3, 6, 1);
        const LabelImport stored = labels.storeProposal(id, model, proposed, {lesion}, uncertainty);
        QCOMPARE(stored.voxels, std::uint64_t(64));
        const std::string author = LabelStore::modelAuthor(model);
        QCOMPARE(labels.labelMapStatus(id, author), std::string("proposed"));
        QCOMPARE(labels.labelMap(id, author)->source, std::string("model"));
        QCOMPARE(labels.labelMap(id, author)->modelId, model);
        QCOMPARE(int(labels.loadUncertainty(id, d, author).at(4, 4, 4)), 200);
        // People's labels are untouched by the proposal.
        QVERIFY(labels.loadLabelMap(id, d) == organ);
        QCOMPARE(labels.segments(id).size(), std::size_t(1));

        const LabelImport accepted = labels.acceptProposal(id, model);
        QCOMPARE(accepted.voxels, std::uint64_t(64));
        QCOMPARE(accepted.voxelsOverlapping, std::uint64_t(64)); // inside the liver: on a layer of its own
        const LabelMap mine = labels.loadLabelMap(id, d);
        const std::vector<Segment> segs = labels.segments(id);
        QCOMPARE(segs.size(), std::size_t(2));
        QCOMPARE(segs[1].name, std::string("Lesion"));
        QCOMPARE(mine.count(1), organ.count(1)); // the liver keeps every voxel
        QCOMPARE(mine.count(segs[1].label), std::uint64_t(64));
        QVERIFY(mine.holds(4, 4, 4, 1) && mine.holds(4, 4, 4, segs[1].label));
        QCOMPARE(labels.labelMapStatus(id, author), std::string("accepted"));
        // Decided once: a second accept is refused.
        QVERIFY_THROWS_EXCEPTION(Error, labels.acceptProposal(id, model));
        QVERIFY(p->verify().empty());

        // A new run replaces the proposal; rejecting it changes nothing of the person's.
        labels.storeProposal(id, model, box(d, 20, 25, 1), {lesion}, LabelMap(d));
        QCOMPARE(labels.labelMapStatus(id, author), std::string("proposed"));
        labels.rejectProposal(id, model);
        QCOMPARE(labels.labelMapStatus(id, author), std::string("rejected"));
        QVERIFY(labels.loadLabelMap(id, d) == mine);
        bool audited = false;
        for (const AuditEntry &e : p->auditLog())
            audited = audited || e.action == "labels.reject";
        QVERIFY(audited);
    }

    void badProposalsAreRefused()
    {
        QTemporaryDir dir;
        auto p = Project::create(dir.filePath(QStringLiteral("p.sagitta")).toStdString());
        const SeriesRecord r = fakeSeries();
        const std::int64_t id = p->seriesStore().addSeries(r);
        Segment lesion;
        lesion.name = "Lesion";
        // No such model.
        QVERIFY_THROWS_EXCEPTION(Error, p->labelStore().storeProposal(id, 42, LabelMap(r.geometry.dims), {lesion},
                                                                      LabelMap(r.geometry.dims)));
        // Another grid.
        const std::int64_t model = addModel(*p);
        QVERIFY_THROWS_EXCEPTION(Error, p->labelStore().storeProposal(id, model, LabelMap({8, 8, 8}), {lesion}, LabelMap()));
        QVERIFY(p->labelStore().labelMaps(id).empty());
        QVERIFY_THROWS_EXCEPTION(Error, p->labelStore().acceptProposal(id, model));
    }
};

QTEST_GUILESS_MAIN(TstLabelMaps)
#include "tst_labelmaps.moc"
