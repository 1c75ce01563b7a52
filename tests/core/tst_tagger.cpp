// Tests the entity tagger (core/ml/tagger.h) with real, short LibTorch runs on the gold sets of
// tests/data/text: trained on the tuning half only, the loss falls, the held-out half's overlap
// F1 passes a floor, the rules plus the tagger find at least what the rules find, a fixed seed
// repeats a run exactly, and bad input (no spans, a model of another task) is refused clearly.
// The figures (rules alone vs rules + tagger, held-out half) are printed for the README.
#include "core/base/error.h"
#include "core/ml/modelfiles.h"
#include "core/ml/proposaljob.h"
#include "core/ml/tagger.h"
#include "core/ml/tagjob.h"
#include "core/project/project.h"
#include "core/text/entityscore.h"

#include <QTemporaryDir>
#include <QtTest>

#include <chrono>

using namespace sagitta::core;
using namespace sagitta::core::ml;
using namespace sagitta::core::text;

namespace {

constexpr int EPOCHS = 10;
constexpr double TAGGER_FLOOR_EN = 0.4, TAGGER_FLOOR_ZH = 0.45; // measured 0.50 and 0.61 (10 epochs, seed 7)

std::vector<GoldSentence> gold(const char *name, int part)
{
    QFile f(QStringLiteral(SAGITTA_TEST_DATA "/text/") + QString::fromLatin1(name));
    if (!f.open(QIODevice::ReadOnly))
        throw Error(std::string(name) + ": cannot be read");
    return parseEntityGold(f.readAll().toStdString(), part);
}

std::vector<TagSentence> sentences(const std::vector<GoldSentence> &g)
{
    std::vector<TagSentence> out;
    for (std::size_t i = 0; i < g.size(); ++i) {
        TagSentence s;
        s.text = g[i].text;
        s.group = std::to_string(i); // each gold line is its own "note"
        for (const GoldEntity &e : g[i].entities)
            s.spans.push_back({e.start, e.end, e.type});
        out.push_back(std::move(s));
    }
    return out;
}

TrainOptions options(int epochs)
{
    TrainOptions o;
    o.epochs = epochs;
    o.batchSize = 16;
    o.learningRate = 3e-3;
    o.seed = 7;
    o.threads = 1;
    o.device = Device::Cpu;
    return o;
}

class PrintEpochs : public MetricSink {
public:
    void epochFinished(const EpochMetrics &m) override
    {
        qInfo("epoch %d: loss %.4f, held-out loss %.4f, entity F1 %.3f, %.1f s", m.epoch, m.trainLoss, m.validLoss, m.metric,
              m.seconds);
    }
};

} // namespace

class TstTagger : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void learnsAndAddsRecall_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("language");
        QTest::addColumn<double>("taggerFloor");
        QTest::newRow("English") << QStringLiteral("entities_en.txt") << int(Language::English) << TAGGER_FLOOR_EN;
        QTest::newRow("Chinese") << QStringLiteral("entities_zh.txt") << int(Language::Chinese) << TAGGER_FLOOR_ZH;
    }
    void learnsAndAddsRecall()
    {
        QFETCH(QString, file);
        QFETCH(int, language);
        QFETCH(double, taggerFloor);
        const std::string name = file.toStdString();
        const auto tuning = gold(name.c_str(), 1), heldOut = gold(name.c_str(), 2);
        QVERIFY(tuning.size() > 150 && heldOut.size() > 150);
        const auto start = std::chrono::steady_clock::now();
        PrintEpochs print;
        const TrainResult r = trainTagger(sentences(tuning), options(EPOCHS), {}, nullptr, &print);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        QCOMPARE(int(r.history.size()), EPOCHS);
        QVERIFY2(r.history.back().trainLoss < 0.5 * r.history.front().trainLoss, "the training loss does not fall");
        QVERIFY(r.testItems > 0 && r.trainItems > r.testItems);
        QCOMPARE(r.history.back().metricName, std::string("entity F1"));

        const TagModel model = TagModel::load(r.weights, r.sidecarJson);
        const Annotator annotator{Language(language)};
        const EntityScore tagger = scoreEntities([&](const std::string &t) { return model.tag(t); }, heldOut);
        const EntityScore rules = scoreEntities(annotator, heldOut);
        const EntityScore both = scoreEntities([&](const std::string &t) { return annotateWithTagger(annotator, model, t); }, heldOut);
        qInfo("%s: %zu tuning sentences, %d epochs in %.1f s, %lld weights, in-training held-out entity F1 %.2f", qPrintable(file),
              tuning.size(), EPOCHS, seconds, static_cast<long long>(r.parameters), r.metric);
        qInfo("%s", formatEntityScore("tagger alone, held-out half", tagger).c_str());
        qInfo("%s", formatEntityScore("rules alone, held-out half", rules).c_str());
        qInfo("%s", formatEntityScore("rules + tagger, held-out half", both).c_str());
        QVERIFY2(tagger.all.overlapF() >= taggerFloor, qPrintable(QString::number(tagger.all.overlapF())));
        QVERIFY(both.all.overlapR() >= rules.all.overlapR());
        QVERIFY(both.all.overlapGold > rules.all.overlapGold); // the tagger adds recall
        // Tagger spans are marked as the model's and never overlap a concept span of the rules.
        int marked = 0;
        for (const GoldSentence &g : heldOut) {
            const std::vector<Span> spans = annotateWithTagger(annotator, model, g.text);
            for (const Span &t : spans) {
                if (t.source != "tagger")
                    continue;
                ++marked;
                for (const Span &o : spans)
                    QVERIFY(o.source == "tagger" || o.end <= t.start || t.end <= o.start || o.type == "DOSE" ||
                            o.type == "ROUTE" || o.type == "FREQUENCY" || o.type == "DURATION" || o.type == "TARGET");
            }
        }
        QVERIFY(marked > 0);
    }

    void sameSeedSameRun()
    {
        auto data = sentences(gold("entities_en.txt", 1));
        data.resize(80);
        const TrainResult a = trainTagger(data, options(2)), b = trainTagger(data, options(2));
        QCOMPARE(a.history.size(), b.history.size());
        for (std::size_t i = 0; i < a.history.size(); ++i) {
            QCOMPARE(a.history[i].trainLoss, b.history[i].trainLoss);
            QCOMPARE(a.history[i].validLoss, b.history[i].validLoss);
        }
        QCOMPARE(a.weights == b.weights, true);
    }

    // A project's notes: people's accepted spans weigh 1, a note with only the engine's proposals
    // 0.3; the recorded run stores a "tag" model that loads; another task is refused.
    void projectRun()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("p.sagitta")).toStdString();
        const auto g = gold("entities_en.txt", 1);
        {
            auto p = Project::create(path);
            std::vector<Note> notes;
            for (std::size_t i = 0; i < 60; ++i) {
                Note n;
                n.patientId = "P" + std::to_string(i % 12);
                n.title = "note " + std::to_string(i);
                n.text = g[i].text;
                notes.push_back(n);
            }
            const std::vector<std::int64_t> ids = p->noteStore().addNotes(notes);
            for (std::size_t i = 0; i < ids.size(); ++i) {
                std::vector<Span> spans;
                for (const GoldEntity &e : g[i].entities) {
                    Span s;
                    s.start = e.start;
                    s.end = e.end;
                    s.type = e.type;
                    spans.push_back(s);
                }
                p->noteStore().addSpans(ids[i], spans, i < 50 ? "accepted" : "proposed",
                                        i < 50 ? std::string("alice") : std::string(NoteStore::kEngineAuthor));
            }
            const std::vector<TagSentence> sentences = projectTagSentences(*p);
            QVERIFY(sentences.size() >= 50); // notes without any span are left out
            int people = 0, engine = 0, other = 0;
            for (const TagSentence &s : sentences)
                ++(s.weight == 1.0 ? people : s.weight == 0.3 ? engine : other);
            QVERIFY2(people >= 45 && engine >= 5 && other == 0, qPrintable(QString::number(engine)));
        }
        TrainingRequest request;
        request.projectPath = path;
        request.task = "tag";
        request.options = options(8);
        const TrainingOutcome out = runRecordedTagTraining(request);
        QVERIFY(out.runId > 0 && out.modelId > 0);
        QCOMPARE(int(out.result.history.size()), 8);
        auto p = Project::open(path);
        const auto record = p->trainingStore().model(out.modelId);
        QVERIFY(record.has_value());
        QCOMPARE(record->task, std::string("tag"));
        QCOMPARE(int(p->trainingStore().trainingEpochs(out.runId).size()), 8);
        const TagModel model = TagModel::load(record->weights, record->sidecarJson);
        (void)model.tag(g[0].text);
        request.task = "classify";
        QVERIFY_THROWS_EXCEPTION(Error, runRecordedTagTraining(request));

        // Out as its archive and sidecar, into another project, where it tags the same.
        const ModelFiles files = exportModel(*record, dir.filePath(QStringLiteral("out")).toStdString());
        QVERIFY(QFile::exists(QString::fromStdString(files.modelPath)));
        QFile sidecar(QString::fromStdString(files.sidecarPath));
        QVERIFY(sidecar.open(QIODevice::ReadOnly));
        QVERIFY(sidecar.readAll().contains("\"libtorch-archive\""));
        const ImportedModel imported = importModel(files.modelPath);
        QCOMPARE(imported.task, std::string("tag"));
        QCOMPARE(imported.format, std::string("libtorch-archive"));
        const TagModel again = TagModel::load(imported.weights, imported.sidecarJson);
        for (std::size_t i = 0; i < 5; ++i) {
            const auto a = model.tag(g[i].text), b = again.tag(g[i].text);
            QCOMPARE(a.size(), b.size());
            for (std::size_t k = 0; k < a.size(); ++k)
                QVERIFY(a[k].start == b[k].start && a[k].end == b[k].end && a[k].type == b[k].type);
        }

        // Its spans as proposals on the project's notes: stored with source "tagger" and the
        // model's id, never twice, and refused for another task or a missing note.
        SpanProposalRequest propose;
        propose.projectPath = path;
        propose.modelId = out.modelId;
        std::size_t before = 0;
        for (const Note &n : p->noteStore().notes())
            before += p->noteStore().spans(n.id).size();
        const SpanProposalOutcome first = proposeSpans(propose);
        QCOMPARE(first.notes, std::size_t(60));
        QVERIFY(first.spans > 0);
        std::size_t after = 0, tagged = 0;
        for (const Note &n : p->noteStore().notes())
            for (const Span &s : p->noteStore().spans(n.id)) {
                ++after;
                if (s.source == "tagger") {
                    ++tagged;
                    QCOMPARE(s.details.at("model"), std::to_string(out.modelId));
                }
            }
        QCOMPARE(after, before + first.added);
        QCOMPARE(tagged, first.added);
        QCOMPARE(proposeSpans(propose).added, std::size_t(0)); // a re-run adds nothing
        propose.noteIds = {999999};
        QVERIFY_THROWS_EXCEPTION(Error, proposeSpans(propose));
        propose.noteIds.clear();
        propose.modelId = 999999;
        QVERIFY_THROWS_EXCEPTION(Error, proposeSpans(propose));
    }

    void badInput()
    {
        std::vector<TagSentence> none{{"no entity here", {}, "1", 1.0}};
        try {
            trainTagger(none, options(1));
            QFAIL("sentences without spans were accepted");
        } catch (const Error &e) {
            QVERIFY(std::string(e.what()).find("no spans") != std::string::npos);
        }
        try {
            TagModel::load("weights", R"({"task": "classify"})", "model.pt");
            QFAIL("a classifier was taken for a tagger");
        } catch (const Error &e) {
            const std::string m = e.what();
            QVERIFY2(m.find("model.pt") != std::string::npos && m.find("classify model, not a tagger") != std::string::npos, m.c_str());
        }
        try {
            TagModel::load("not an archive", R"({"task": "tag", "model": "charcnn-bilstm", "tagger": {"charBuckets": 64,
                "charDim": 4, "charFilters": 4, "wordBuckets": 64, "wordDim": 4, "hidden": 4, "maxTokenChars": 4}})", "t.pt");
            QFAIL("damaged weights were loaded");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find("t.pt") != std::string::npos, e.what());
        }
        try {
            TagModel::load("", "{not json", "t.pt");
            QFAIL("a broken sidecar was read");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find("not JSON") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TstTagger)
#include "tst_tagger.moc"
