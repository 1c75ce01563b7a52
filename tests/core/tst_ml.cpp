// Tests core/ml: the IDX reader, the patient split, and short real training runs of the classic
// CNN (Fashion-MNIST subsets) and the 2D U-Net (small volumes built in memory): the loss falls,
// the held-out metric passes a floor (with ROC AUC and HD95 beside), a seed repeats a run
// exactly, cancel stops within an epoch and a run resumed from its checkpoint continues exactly
// as an uninterrupted one; a recorded run keeps its metrics and a model inference runs.
#include "core/base/error.h"
#include "core/ml/inference.h"
#include "core/ml/projectdata.h"
#include "core/ml/proposaljob.h"
#include "core/ml/train.h"
#include "core/ml/trainingjob.h"
#include "core/project/demo.h"
#include "core/project/importer.h"
#include "core/project/project.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/core/lesioncases.h"

#include <nlohmann/json.hpp>
#include <zlib.h>

#include <chrono>
#include <random>
#include <set>

using namespace sagitta::core;
using namespace sagitta::core::ml;

namespace {

// Counts reports and asks to cancel after a number of them.
class CancelAfter : public ProgressSink {
public:
    explicit CancelAfter(int reports) : m_left(reports) {}
    void report(double, const std::string &) override { --m_left; }
    bool cancelled() const override { return m_left <= 0; }

private:
    int m_left;
};

// Asks to cancel once a number of epochs have finished.
class StopAfterEpochs : public ProgressSink, public MetricSink {
public:
    explicit StopAfterEpochs(int epochs) : m_left(epochs) {}
    void report(double, const std::string &) override {}
    bool cancelled() const override { return m_left <= 0; }
    void epochFinished(const EpochMetrics &) override { --m_left; }

private:
    int m_left;
};

class Collect : public MetricSink {
public:
    void epochFinished(const EpochMetrics &m) override { events.push_back(m); }
    std::vector<EpochMetrics> events;
};

std::vector<double> losses(const TrainResult &r)
{
    std::vector<double> out;
    for (const EpochMetrics &m : r.history)
        out.push_back(m.trainLoss);
    return out;
}

// A 48x48x12 volume: body disk, organ and one or two lesions (tests/core/lesioncases.h).
Case makeCase(unsigned seed, const std::string &patient)
{
    return sagitta::testing::makeLesionCase(seed, patient);
}

InMemoryCases makeCases(int n)
{
    std::vector<Case> cases;
    for (int i = 0; i < n; ++i)
        cases.push_back(makeCase(unsigned(100 + i), "patient-" + std::to_string(i / 2))); // two cases per patient
    return InMemoryCases(std::move(cases));
}

void writeGz(const QString &path, const std::string &data)
{
    gzFile f = gzopen(path.toLocal8Bit().constData(), "wb");
    QVERIFY(f);
    QCOMPARE(gzwrite(f, data.data(), unsigned(data.size())), int(data.size()));
    gzclose(f);
}

} // namespace

class TstMl : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_sets = loadFashionMnist(); // Debian's dataset-fashion-mnist: fails (not skips) without it
        QCOMPARE(int(m_sets.train.size()), 60000);
        QCOMPARE(int(m_sets.test.size()), 10000);
        QCOMPARE(m_sets.train.rows, 28);
        QCOMPARE(m_sets.test.classes(), 10);
    }

    void idxRefusesBadFiles()
    {
        QTemporaryDir dir;
        const QString images = dir.filePath("images.gz"), labels = dir.filePath("labels.gz");
        std::string head("\0\0\x08\x03\0\0\0\x02\0\0\0\x02\0\0\0\x02", 16);
        writeGz(images, head + std::string(8, '\x7f'));
        writeGz(labels, std::string("\0\0\x08\x01\0\0\0\x02\x01\x02", 10));
        const ImageSet ok = readIdx(images.toStdString(), labels.toStdString());
        QCOMPARE(int(ok.size()), 2);
        QCOMPARE(int(ok.pixels.size()), 8);
        writeGz(images, head + std::string(7, '\x7f')); // one byte short
        try {
            readIdx(images.toStdString(), labels.toStdString());
            QFAIL("a truncated IDX file was read");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find("images.gz") != std::string::npos, e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, readIdx(dir.filePath("missing.gz").toStdString(), labels.toStdString()));
    }

    void splitByPatient()
    {
        std::vector<std::string> keys;
        for (int i = 0; i < 20; ++i)
            keys.push_back("p" + std::to_string(i % 8)); // 8 patients, several cases each
        const std::vector<std::string> held = heldOutPatients(keys, 0.25, 7);
        QCOMPARE(int(held.size()), 2);
        QCOMPARE(heldOutPatients(keys, 0.25, 7), held); // deterministic in the seed
        QCOMPARE(int(heldOutPatients({"a", "b"}, 0.9, 1).size()), 1); // never every patient
    }

    void classifierLearns()
    {
        TrainOptions o;
        o.epochs = 2;
        o.threads = 2;
        o.maxTrain = 4000;
        o.maxTest = 1000;
        Collect events;
        const TrainResult r = trainClassifier(m_sets.train, m_sets.test, o, nullptr, &events);
        qInfo("classifier: %zu train images, 2 epochs: losses %.4f %.4f, held-out accuracy %.4f, %.1f s", r.trainItems,
              r.history[0].trainLoss, r.history[1].trainLoss, r.metric, r.history[0].seconds + r.history[1].seconds);
        QCOMPARE(int(r.history.size()), 2);
        QCOMPARE(int(events.events.size()), 2);
        QCOMPARE(events.events[1].metricName, std::string("accuracy"));
        QVERIFY2(r.history[1].trainLoss < r.history[0].trainLoss, "the loss did not fall");
        QVERIFY2(r.metric >= 0.75, qPrintable(QString::number(r.metric)));
        QCOMPARE(int(r.confusion.size()), 10);
        int total = 0;
        for (const auto &row : r.confusion)
            for (int v : row)
                total += v;
        QCOMPARE(total, 1000);
        QVERIFY(!r.weights.empty());
        QVERIFY(r.parameters > 100000);
        // ROC AUC one-vs-rest per class and its macro mean: well above chance after 2 epochs.
        QCOMPARE(int(r.perClassAuc.size()), 10);
        for (const double auc : r.perClassAuc)
            QVERIFY2(auc > 0.7 && auc <= 1.0, qPrintable(QString::number(auc)));
        QVERIFY2(r.rocAuc > 0.9 && r.rocAuc <= 1.0, qPrintable(QString::number(r.rocAuc)));
    }

    void classifierDeterministic()
    {
        TrainOptions o;
        o.epochs = 2;
        o.threads = 2;
        o.maxTrain = 1000;
        o.maxTest = 200;
        o.seed = 42;
        const TrainResult a = trainClassifier(m_sets.train, m_sets.test, o);
        const TrainResult b = trainClassifier(m_sets.train, m_sets.test, o);
        QCOMPARE(losses(a), losses(b)); // bit for bit
        QCOMPARE(a.metric, b.metric);
        o.seed = 43;
        const TrainResult c = trainClassifier(m_sets.train, m_sets.test, o);
        QVERIFY(losses(a) != losses(c));
    }

    void classifierCancelsWithinAnEpoch()
    {
        TrainOptions o;
        o.epochs = 3;
        o.threads = 2;
        o.maxTrain = 60000;
        o.maxTest = 100;
        CancelAfter cancel(3); // reports come every 20 batches: stops within the first epoch
        const auto start = std::chrono::steady_clock::now();
        const TrainResult r = trainClassifier(m_sets.train, m_sets.test, o, &cancel);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        QVERIFY(r.cancelled);
        QVERIFY(r.history.empty());
        QVERIFY2(seconds < 30, qPrintable(QString::number(seconds)));
    }

    void classifierResumes()
    {
        QTemporaryDir dir;
        TrainOptions o;
        o.epochs = 2;
        o.threads = 2;
        o.maxTrain = 1000;
        o.maxTest = 200;
        const TrainResult whole = trainClassifier(m_sets.train, m_sets.test, o);

        o.checkpointPath = dir.filePath("cnn.ckpt").toStdString();
        o.epochs = 1;
        const TrainResult part = trainClassifier(m_sets.train, m_sets.test, o);
        QCOMPARE(part.history[0].trainLoss, whole.history[0].trainLoss);
        o.epochs = 2;
        o.resume = true;
        const TrainResult resumed = trainClassifier(m_sets.train, m_sets.test, o);
        QCOMPARE(resumed.resumedFromEpoch, 1);
        QCOMPARE(losses(resumed), losses(whole)); // epoch 2 continues exactly where epoch 1 stopped
        QCOMPARE(resumed.metric, whole.metric);

        // The same through a CheckpointStore (bytes, no file: how the project keeps the dock's).
        struct Store : CheckpointStore {
            std::string bytes;
            int saves = 0;
            bool load(std::string &b) override { return !bytes.empty() && (b = bytes, true); }
            void save(const std::string &b) override { bytes = b, ++saves; }
        } store;
        TrainOptions so = o;
        so.checkpointPath = dir.filePath("unused.ckpt").toStdString(); // the store wins
        so.checkpointStore = &store;
        so.epochs = 1;
        trainClassifier(m_sets.train, m_sets.test, so);
        QCOMPARE(store.saves, 1);
        QVERIFY(!QFile::exists(dir.filePath("unused.ckpt")));
        so.epochs = 2;
        const TrainResult fromStore = trainClassifier(m_sets.train, m_sets.test, so);
        QCOMPARE(fromStore.resumedFromEpoch, 1);
        QCOMPARE(losses(fromStore), losses(whole));
        QCOMPARE(store.saves, 2);

        // A checkpoint of another task is refused with a message naming it.
        InMemoryCases cases = makeCases(4);
        try {
            trainSegmenter(cases, o);
            QFAIL("a classifier checkpoint was resumed by the segmenter");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find("cnn.ckpt") != std::string::npos, e.what());
        }
    }

    void segmenterLearns()
    {
        const InMemoryCases cases = makeCases(8);
        TrainOptions o;
        o.epochs = 6;
        o.threads = 2;
        o.batchSize = 8;
        o.learningRate = 3e-3;
        SegmentOptions s;
        s.patch = 32;
        s.baseChannels = 8;
        Collect events;
        const TrainResult r = trainSegmenter(cases, o, s, nullptr, &events);
        qInfo("segmenter: %lld weights, losses %.4f -> %.4f, held-out Dice %.4f (%.4f, %.4f)",
              static_cast<long long>(r.parameters), r.history.front().trainLoss, r.history.back().trainLoss, r.metric,
              r.perCaseDice.at(0), r.perCaseDice.at(1));
        QCOMPARE(int(r.history.size()), 6);
        QCOMPARE(events.events.back().metricName, std::string("dice"));
        QVERIFY2(r.history.back().trainLoss < r.history.front().trainLoss, "the loss did not fall");
        QVERIFY2(r.metric >= 0.6, qPrintable(QString::number(r.metric)));
        QCOMPARE(int(r.testItems), 2); // one patient of four held out: both of its cases
        QCOMPARE(int(r.perCaseDice.size()), 2);
        // HD95 per held-out case in mm, beside the case names.
        QCOMPARE(int(r.perCaseHd95.size()), 2);
        QCOMPARE(int(r.caseNames.size()), 2);
        QVERIFY(r.caseNames[0] != r.caseNames[1]);
        for (const double hd : r.perCaseHd95)
            QVERIFY2(hd >= 0 && hd < 30, qPrintable(QString::number(hd)));
        QVERIFY(r.hd95 >= 0 && r.hd95 < 30);
    }

    void segmenterDeterministicAndResumes()
    {
        QTemporaryDir dir;
        const InMemoryCases cases = makeCases(4);
        TrainOptions o;
        o.epochs = 2;
        o.threads = 2;
        o.batchSize = 8;
        SegmentOptions s;
        s.patch = 32;
        s.baseChannels = 4;
        const TrainResult a = trainSegmenter(cases, o, s);
        const TrainResult b = trainSegmenter(cases, o, s);
        QCOMPARE(losses(a), losses(b));
        // Stopped (cancelled) after its first epoch, then resumed: the learning-rate schedule
        // spans the run's epochs, so the interrupted run is the same 2-epoch run.
        o.checkpointPath = dir.filePath("unet.ckpt").toStdString();
        StopAfterEpochs stop(1);
        const TrainResult stopped = trainSegmenter(cases, o, s, &stop, &stop);
        QVERIFY(stopped.cancelled);
        QCOMPARE(int(stopped.history.size()), 1);
        o.resume = true;
        const TrainResult resumed = trainSegmenter(cases, o, s);
        QCOMPARE(resumed.resumedFromEpoch, 1);
        QCOMPARE(losses(resumed), losses(a));
    }

    void projectCasesFromTheTrainingSet()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("p.sagitta").toStdString();
        {
            auto p = Project::create(path);
            const std::vector<std::int64_t> ids = addTrainingCases(*p, dir.filePath("training").toStdString(), 3);
            QCOMPARE(int(ids.size()), 3);
            p->labelStore().addSegment(ids[2], "Other", 0x00ff00); // a second segment is not the target
        }
        const ProjectCases cases(path);
        QCOMPARE(int(cases.size()), 3);
        std::set<std::string> keys;
        for (std::size_t i = 0; i < cases.size(); ++i)
            keys.insert(cases.patientKey(i));
        QCOMPARE(int(keys.size()), 3);
        QVERIFY(keys.count("SAGITTA-TRAIN-01") == 0); // hashed, never the patient ID itself
        const Case c = cases.load(0);
        QCOMPARE(c.dims, (std::array<int, 3>{128, 128, 64}));
        auto p = Project::open(path, Project::Access::ReadOnly);
        const SeriesRecord r = *p->seriesStore().seriesById(cases.seriesId(0));
        const LabelMap labels = p->labelStore().loadLabelMap(r.id, r.geometry.dims);
        std::size_t inMask = 0;
        for (const std::uint8_t m : c.mask)
            inMask += m;
        QCOMPARE(std::uint64_t(inMask), labels.count(1));
        const Volume v = loadRecordedSeries(r);
        QCOMPARE(double(c.image[12345]), v.value(12345));
        QCOMPARE(int(ProjectCases(path, "Other").size()), 0); // the empty segment: no case
    }

    // A recorded run keeps the held-out metrics in its summary (what `sagitta train --json`
    // prints last) and stores a model the inference API runs.
    void recordedRunsKeepTheMetrics()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("p.sagitta").toStdString();
        {
            auto p = Project::create(path);
            addTrainingCases(*p, dir.filePath("training").toStdString(), 3);
        }
        TrainingRequest request;
        request.projectPath = path;
        request.task = "segment";
        request.options.epochs = 1;
        request.options.threads = 2;
        request.options.batchSize = 8;
        request.options.device = Device::Cpu;
        const TrainingOutcome seg = runRecordedTraining(request);
        const nlohmann::json s = nlohmann::json::parse(seg.summaryJson);
        QVERIFY(s.contains("dice") && s.contains("hd95_mm"));
        QCOMPARE(int(s.at("per_case_dice").size()), 1);
        QCOMPARE(int(s.at("per_case_hd95_mm").size()), 1);
        QCOMPARE(int(s.at("cases").size()), 1);
        auto p = Project::open(path, Project::Access::ReadOnly);
        const std::optional<ModelRecord> model = p->trainingStore().model(seg.modelId);
        QVERIFY(model);
        const nlohmann::json sidecar = nlohmann::json::parse(model->sidecarJson);
        QCOMPARE(sidecar.at("input").at("modality").get<std::string>(), std::string("CT"));
        QVERIFY(std::abs(sidecar.at("spacing").at(2).get<double>() - 3.0) < 1e-6);
        const Model m = Model::load(model->format, model->weights, model->sidecarJson, model->name);
        const SeriesRecord series = p->seriesStore().series().back();
        const Segmentation out = segmentVolume(m, loadRecordedSeries(series), Device::Cpu, nullptr, series.modality);
        QCOMPARE(out.dims, series.geometry.dims);
        p.reset();

        // The model's labels for the series are stored as its proposal, with the uncertainty,
        // apart from what people labelled; accepting merges them into the user's map.
        ProposalRequest ask;
        ask.projectPath = path;
        ask.modelId = seg.modelId;
        ask.seriesId = series.id;
        ask.device = Device::Cpu;
        const ProposalOutcome proposed = proposeLabels(ask);
        std::uint64_t foreground = 0;
        for (const std::uint8_t c : out.mask)
            foreground += c != 0;
        QCOMPARE(proposed.voxels.at(1), foreground); // what segmentVolume gives, as stored
        {
            auto q = Project::open(path, Project::Access::ReadOnly);
            const std::optional<LabelMapInfo> map = q->labelStore().labelMap(series.id, LabelStore::modelAuthor(seg.modelId));
            QVERIFY(map);
            QCOMPARE(map->status, std::string("proposed"));
            QCOMPARE(q->labelStore().loadMapById(map->id, series.geometry.dims).count(1), foreground);
        }
        ask.modelId = 999;
        QVERIFY_THROWS_EXCEPTION(Error, proposeLabels(ask)); // no such model: nothing stored

        request.task = "classify";
        request.options.maxTrain = 640;
        request.options.maxTest = 300;
        request.options.batchSize = 64;
        const TrainingOutcome cls = runRecordedTraining(request);
        const nlohmann::json c = nlohmann::json::parse(cls.summaryJson);
        QVERIFY(c.at("roc_auc").get<double>() > 0.5);
        QCOMPARE(int(c.at("per_class_auc").size()), 10);
        QCOMPARE(int(c.at("confusion").size()), 10);

        // Grad-CAM of the trained classifier on test images: a map on the image's grid that
        // points somewhere (what the Training dock's Explain draws).
        auto q = Project::open(path, Project::Access::ReadOnly);
        const std::optional<ModelRecord> record = q->trainingStore().model(cls.modelId);
        QVERIFY(record);
        const Model cnn = Model::load(record->format, record->weights, record->sidecarJson, record->name);
        const ImageSet &test = m_sets.test;
        const std::size_t area = std::size_t(test.rows) * std::size_t(test.cols);
        int pointing = 0;
        for (std::size_t n = 0; n < 5; ++n) {
            GreyImage image;
            image.cols = test.cols;
            image.rows = test.rows;
            image.values.assign(test.pixels.begin() + std::ptrdiff_t(n * 997 * area), test.pixels.begin() + std::ptrdiff_t((n * 997 + 1) * area));
            const Classification out = classifyImage(cnn, image, Device::Cpu);
            QCOMPARE(out.heatMap.size(), area);
            const float peak = *std::max_element(out.heatMap.begin(), out.heatMap.end());
            qInfo("image %d: class %d (p %.2f), Grad-CAM peak %.3f", int(n), out.predicted, out.probabilities[std::size_t(out.predicted)], double(peak));
            pointing += peak > 0.99f;
        }
        QVERIFY(pointing >= 3);
    }

    // The Training dock's checkpoint (TrainingRequest::checkpointKey) lies in the project, never
    // in a file: a run cancelled after its first epoch leaves it there, and Resume goes on from it.
    void recordedRunKeepsItsCheckpointInTheProject()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("p.sagitta").toStdString();
        Project::create(path);
        TrainingRequest request;
        request.projectPath = path;
        request.task = "classify";
        request.checkpointKey = "classify|cnn2|fashion-mnist";
        request.options.epochs = 2;
        request.options.threads = 2;
        request.options.maxTrain = 640;
        request.options.maxTest = 300;
        request.options.device = Device::Cpu;
        request.options.resume = true; // nothing to resume from yet: starts fresh
        StopAfterEpochs stop(1);
        const TrainingOutcome cancelled = runRecordedTraining(request, &stop, &stop);
        QVERIFY(cancelled.result.cancelled);
        QCOMPARE(int(cancelled.result.history.size()), 1);
        QCOMPARE(cancelled.result.resumedFromEpoch, 0);
        {
            auto p = Project::open(path, Project::Access::ReadOnly);
            QVERIFY(p->trainingStore().checkpoint(request.checkpointKey));
            QVERIFY(!p->trainingStore().checkpoint("classify|resnet18|fashion-mnist"));
        }
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).filter(QRegularExpression(QStringLiteral("^(?!p\\.sagitta(-wal|-shm)?$)"))),
                 QStringList{}); // the project and its WAL only

        const TrainingOutcome resumed = runRecordedTraining(request);
        QVERIFY(!resumed.result.cancelled);
        QCOMPARE(resumed.result.resumedFromEpoch, 1);
        QCOMPARE(int(resumed.result.history.size()), 2);
        QCOMPARE(nlohmann::json::parse(resumed.summaryJson).at("resumed_from_epoch").get<int>(), 1);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).filter(QRegularExpression(QStringLiteral("^(?!p\\.sagitta(-wal|-shm)?$)"))),
                 QStringList{}); // the project and its WAL only
    }

    void segmenterRefusesBadInput()
    {
        std::vector<Case> bad{makeCase(1, "a"), makeCase(2, "b")};
        bad[1].mask.pop_back();
        QVERIFY_THROWS_EXCEPTION(Error, trainSegmenter(InMemoryCases(bad), TrainOptions{}));
        QVERIFY_THROWS_EXCEPTION(Error, trainSegmenter(InMemoryCases({makeCase(1, "a")}), TrainOptions{}));
    }

private:
    TrainTestSets m_sets;
};

QTEST_GUILESS_MAIN(TstMl)
#include "tst_ml.moc"
