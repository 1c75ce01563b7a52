// Tests core/ml's evaluation metrics (Dice, HD95, ROC AUC), the inference API (segmentVolume,
// classifyImage) and models in and out (exportModel, importModel): exact outputs of two
// TorchScript models written by PyTorch (tests/data/torchscript/make_models.py, weights set by
// hand), refusals with clear messages, cancel, determinism, Grad-CAM on a classifier trained
// here on a planted pattern, and a trained U-Net that gives the same masks natively, exported
// and re-imported, and in PyTorch itself.
#include "core/base/error.h"
#include "core/ml/inference.h"
#include "core/ml/metrics.h"
#include "core/ml/modelfiles.h"
#include "core/ml/train.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/core/lesioncases.h"

#include <cmath>
#include <random>

using namespace sagitta::core;
using namespace sagitta::core::ml;

namespace {

// The held-out Dice a short 3D run (8 epochs of 72 patches of 24 x 24 x 8) must reach.
constexpr double UNET3D_DICE_FLOOR = 0.75; // 0.89 measured

const std::string kData = SAGITTA_TEST_DATA "/torchscript/";

class CancelNow : public ProgressSink {
public:
    void report(double, const std::string &) override {}
    bool cancelled() const override { return true; }
};

// Expects fn to throw core::Error whose message holds every one of parts.
template<typename Fn> void expectError(Fn fn, const std::vector<std::string> &parts)
{
    try {
        fn();
        QFAIL("no error was thrown");
    } catch (const Cancelled &) {
        QFAIL("cancelled instead of refused");
    } catch (const Error &e) {
        for (const std::string &p : parts)
            QVERIFY2(std::string(e.what()).find(p) != std::string::npos, e.what());
    }
}

// The softmax entropy of two logits 0 and z, scaled as segmentVolume scales it.
std::uint8_t expectedUncertainty(double z)
{
    const double p = 1.0 / (1.0 + std::exp(-z)), q = 1.0 - p;
    const double h = -(p * std::log(p) + q * std::log(q)) / std::log(2.0);
    return std::uint8_t(std::lround(255.0 * h));
}

Volume ctVolume(int w, int h, int d, double background)
{
    Geometry g;
    g.dims = {w, h, d};
    g.spacing = {0.7, 0.7, 2.0};
    Volume v(g, ScalarType::Int16);
    for (std::size_t i = 0; i < v.voxelCount(); ++i)
        v.setValue(i, background);
    return v;
}

// A 48x48x10 volume: body disk (40 HU), one or two bright (130 HU) or dark (-10 HU) balls.
Case makeCase(unsigned seed, const std::string &patient)
{
    sagitta::testing::LesionCaseShape shape;
    shape.depth = 10;
    shape.noiseSigma = 8;
    shape.centreSpread = 4;
    shape.organ = false;
    shape.spacing = {1.5, 1.5, 3.0};
    return sagitta::testing::makeLesionCase(seed, patient, shape);
}

Volume toVolume(const Case &c)
{
    Geometry g;
    g.dims = c.dims;
    g.spacing = {c.spacing[0], c.spacing[1], c.spacing[2]};
    Volume v(g, ScalarType::Float32);
    for (std::size_t i = 0; i < c.image.size(); ++i)
        v.setValue(i, c.image[i]);
    return v;
}

// 28x28 images of noise; class 1 also holds a bright 6x6 square somewhere.
ImageSet plantedSquares(int n, unsigned seed)
{
    ImageSet set;
    set.rows = set.cols = 28;
    set.classNames = {"plain", "square"};
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> noise(0, 90), at(1, 21);
    for (int i = 0; i < n; ++i) {
        const int label = i % 2;
        std::vector<std::uint8_t> img(28 * 28);
        for (auto &p : img)
            p = std::uint8_t(noise(rng));
        if (label) {
            const int x0 = at(rng), y0 = at(rng);
            for (int y = y0; y < y0 + 6; ++y)
                for (int x = x0; x < x0 + 6; ++x)
                    img[std::size_t(y * 28 + x)] = 230;
        }
        set.pixels.insert(set.pixels.end(), img.begin(), img.end());
        set.labels.push_back(std::uint8_t(label));
    }
    return set;
}

} // namespace

class TstInference : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The committed TorchScript models must be there: a missing file fails, never skips.
        for (const char *f : {"threshold_segmenter.pt", "threshold_segmenter.json", "blob_classifier.pt", "blob_classifier.json"})
            QVERIFY2(QFile::exists(QString::fromStdString(kData + f)), f);
    }

    void dice()
    {
        QCOMPARE(diceScore({0, 1, 1, 0}, {0, 1, 0, 1}), 0.5);
        QCOMPARE(diceScore({0, 0}, {0, 0}), 1.0);
        QCOMPARE(diceScore({1, 0}, {0, 1}), 0.0);
        QVERIFY_THROWS_EXCEPTION(Error, diceScore({1}, {1, 0}));
    }

    void hd95RespectsSpacing()
    {
        const std::array<int, 3> dims{6, 6, 8};
        const Vec3 spacing{0.5, 1.0, 2.5};
        auto at = [&](int i, int j, int k) { return std::size_t(i + dims[0] * (j + dims[1] * k)); };
        std::vector<std::uint8_t> a(6 * 6 * 8, 0), b = a, none = a;
        a[at(2, 2, 1)] = 1;
        b[at(2, 2, 4)] = 1;
        QCOMPARE(hausdorff95(a, b, dims, spacing), 7.5); // three slices of 2.5 mm
        QCOMPARE(hausdorff95(a, a, dims, spacing), 0.0);
        QCOMPARE(hausdorff95(none, none, dims, spacing), 0.0);
        QVERIFY(std::isnan(hausdorff95(a, none, dims, spacing)));
        // b2 = {p, q}: from a (p) the distance is 0; from b2 it is {0, 10 mm}: the 95th
        // percentile (linear between order statistics) is 9.5 mm.
        std::vector<std::uint8_t> b2 = a;
        b2[at(2, 2, 5)] = 1;
        QCOMPARE(hausdorff95(a, b2, dims, spacing), 9.5);
        QCOMPARE(hausdorff95(b2, a, dims, spacing), 9.5);
        // Along the columns the spacing is 0.5 mm: 4 voxels are 2 mm.
        std::vector<std::uint8_t> c = none;
        c[at(5, 2, 1)] = 1;
        c[at(1, 2, 1)] = 1;
        std::vector<std::uint8_t> d = none;
        d[at(1, 2, 1)] = 1;
        QCOMPARE(hausdorff95(c, d, dims, spacing), 0.95 * 2.0);
        // Interior voxels are not surface: a filled 4x4x4 cube against its own 26-voxel shell.
        std::vector<std::uint8_t> cube = none, shell = none;
        for (int k = 1; k < 5; ++k)
            for (int j = 1; j < 5; ++j)
                for (int i = 1; i < 5; ++i) {
                    cube[at(i, j, k)] = 1;
                    shell[at(i, j, k)] = (i == 1 || i == 4 || j == 1 || j == 4 || k == 1 || k == 4);
                }
        QCOMPARE(hausdorff95(cube, shell, dims, spacing), 0.0);
        QVERIFY_THROWS_EXCEPTION(Error, hausdorff95(a, std::vector<std::uint8_t>(5, 0), dims, spacing));
    }

    void rocAucValues()
    {
        QCOMPARE(rocAuc({0.8, 0.4}, {0.6, 0.2}), 0.75);
        QCOMPARE(rocAuc({0.9, 0.7}, {0.1, 0.2}), 1.0);
        QCOMPARE(rocAuc({0.1}, {0.9}), 0.0);
        QCOMPARE(rocAuc({0.5, 0.5}, {0.5}), 0.5); // ties count one half
        QVERIFY(std::isnan(rocAuc({}, {0.5})));
        // Three items, three classes; class 2 has no item: NaN, left out of the macro mean.
        const std::vector<double> p{0.7, 0.2, 0.1, 0.4, 0.5, 0.1, 0.6, 0.3, 0.1};
        const std::vector<double> auc = rocAucPerClass(p, {0, 1, 0}, 3);
        QCOMPARE(auc[0], 1.0); // class 0 scores 0.7, 0.6 against 0.4
        QCOMPARE(auc[1], 1.0); // class 1 scores 0.5 against 0.2, 0.3
        QVERIFY(std::isnan(auc[2]));
        QCOMPARE(meanDefined(auc), 1.0);
        QVERIFY_THROWS_EXCEPTION(Error, rocAucPerClass(p, {0, 1}, 3));
    }

    void torchScriptSegmenterExact()
    {
        const Model model = Model::loadFiles(kData + "threshold_segmenter.pt");
        QCOMPARE(model.spec().task, std::string("segment"));
        QCOMPARE(model.spec().labels, (std::vector<std::string>{"background", "lesion"}));
        Volume v = ctVolume(12, 10, 3, 40.0);
        for (int k = 1; k < 3; ++k)
            for (int j = 2; j < 5; ++j)
                for (int i = 3; i < 7; ++i)
                    v.setValue(v.index(i, j, k), 200.0);
        v.setValue(v.index(10, 8, 0), 90.0); // exactly on the threshold: both classes 0.5
        const Segmentation s = segmentVolume(model, v, Device::Cpu, nullptr, "CT");
        QCOMPARE(s.dims, (std::array<int, 3>{12, 10, 3}));
        QCOMPARE(int(s.mask.size()), 360);
        QCOMPARE(int(s.uncertainty.size()), 360);
        // Window 40/400 to [-1, 1]: 40 HU -> 0, 200 HU -> 0.8, 90 HU -> 0.25; logit 10 (x - 0.25).
        const std::uint8_t background = expectedUncertainty(-2.5), lesion = expectedUncertainty(5.5);
        for (int k = 0; k < 3; ++k)
            for (int j = 0; j < 10; ++j)
                for (int i = 0; i < 12; ++i) {
                    const std::size_t at = v.index(i, j, k);
                    const bool inCube = k >= 1 && j >= 2 && j < 5 && i >= 3 && i < 7;
                    QCOMPARE(int(s.mask[at]), inCube ? 1 : 0);
                    if (i == 10 && j == 8 && k == 0)
                        QCOMPARE(int(s.uncertainty[at]), 255); // a uniform softmax: the maximum
                    else
                        QCOMPARE(s.uncertainty[at], inCube ? lesion : background);
                }
        QCOMPARE(int(s.mask[v.index(10, 8, 0)]), 0); // a tie goes to the first class
        // Deterministic.
        const Segmentation again = segmentVolume(model, v, Device::Cpu);
        QVERIFY(again.mask == s.mask && again.uncertainty == s.uncertainty);
    }

    void segmenterRefusesWhatItCannotTake()
    {
        const Model model = Model::loadFiles(kData + "threshold_segmenter.pt");
        const Model classifier = Model::loadFiles(kData + "blob_classifier.pt");
        const Volume v = ctVolume(8, 8, 2, 40.0);
        expectError([&] { segmentVolume(classifier, v); }, {"blob_classifier.pt", "classify"});
        expectError([&] { segmentVolume(model, v, Device::Cpu, nullptr, "MR"); }, {"threshold_segmenter.pt", "CT", "MR"});
        Geometry g;
        g.dims = {8, 8, 2};
        const Volume colour(g, ScalarType::Rgb24);
        expectError([&] { segmentVolume(model, colour); }, {"threshold_segmenter.pt", "colour"});
        CancelNow cancel;
        QVERIFY_THROWS_EXCEPTION(Cancelled, segmentVolume(model, v, Device::Cpu, &cancel));
    }

    void torchScriptClassifierAndGradCam()
    {
        const Model model = Model::loadFiles(kData + "blob_classifier.pt");
        GreyImage image;
        image.cols = image.rows = 16;
        image.values.assign(256, 20.0f);
        image.values[4 * 16 + 10] = 255.0f;   // features relu(4x - 2): 2 here
        image.values[4 * 16 + 11] = 191.25f;  // x = 0.75: 1 here
        const Classification c = classifyImage(model, image, Device::Cpu);
        QCOMPARE(c.labels, (std::vector<std::string>{"no blob", "blob"}));
        QCOMPARE(c.predicted, 1);
        // logits [0.5 - 2, 2 - 0.5]: p(blob) = 1 / (1 + e^-3)
        QVERIFY(std::abs(c.probabilities[1] - 1.0 / (1.0 + std::exp(-3.0))) < 1e-6);
        QVERIFY(std::abs(c.probabilities[0] + c.probabilities[1] - 1.0) < 1e-12);
        // Grad-CAM of "blob": the gradient reaches the map's maximum only, so the map is
        // features / max: 1 at the blob, 0.5 beside it, 0 elsewhere.
        QCOMPARE(int(c.heatMap.size()), 256);
        QCOMPARE(c.heatMapClass, 1);
        for (int v = 0; v < 256; ++v) {
            const float expected = v == 4 * 16 + 10 ? 1.0f : v == 4 * 16 + 11 ? 0.5f : 0.0f;
            QVERIFY2(std::abs(c.heatMap[std::size_t(v)] - expected) < 1e-6, qPrintable(QString::number(v)));
        }
        // Explaining "no blob": its gradient is negative on the features: nothing supports it.
        const Classification other = classifyImage(model, image, Device::Cpu, nullptr, 0);
        QCOMPARE(other.heatMapClass, 0);
        QVERIFY(*std::max_element(other.heatMap.begin(), other.heatMap.end()) == 0.0f);

        GreyImage wrong;
        wrong.cols = 20;
        wrong.rows = 16;
        wrong.values.assign(320, 0.0f);
        expectError([&] { classifyImage(model, wrong); }, {"blob_classifier.pt", "16 x 16", "20 x 16"});
        expectError([&] { classifyImage(model, image, Device::Cpu, nullptr, 2); }, {"blob_classifier.pt", "class 2"});
        const Model segmenter = Model::loadFiles(kData + "threshold_segmenter.pt");
        expectError([&] { classifyImage(segmenter, image); }, {"threshold_segmenter.pt", "segment"});
        CancelNow cancel;
        QVERIFY_THROWS_EXCEPTION(Cancelled, classifyImage(model, image, Device::Cpu, &cancel));
    }

    void importChecksTheModel()
    {
        const ImportedModel m = importModel(kData + "threshold_segmenter.pt");
        QCOMPARE(m.name, std::string("threshold_segmenter"));
        QCOMPARE(m.task, std::string("segment"));
        QCOMPARE(m.format, std::string("torchscript"));
        QVERIFY(m.weights.size() > 1000);
        // Loaded from the bytes the project would store: the same result as from the file.
        const Model stored = Model::load(m.format, m.weights, m.sidecarJson, "stored");
        const Volume v = ctVolume(6, 6, 1, 150.0);
        QCOMPARE(int(segmentVolume(stored, v).mask[0]), 1);

        QTemporaryDir dir;
        auto write = [&](const QString &name, const QByteArray &bytes) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
        };
        QFile pt(QString::fromStdString(kData + "threshold_segmenter.pt"));
        QVERIFY(pt.open(QIODevice::ReadOnly));
        const QByteArray model = pt.readAll();
        // Three labels for a two-class output: refused, naming the file and the shapes.
        write("three.pt", model);
        write("three.json", R"({"task": "segment", "labels": ["a", "b", "c"], "input": {"channels": 1}})");
        expectError([&] { importModel(dir.filePath("three.pt").toStdString()); }, {"three.pt", "[1, 2, 32, 32]", "3 labels"});
        write("notask.pt", model);
        write("notask.json", R"({"labels": ["a", "b"]})");
        expectError([&] { importModel(dir.filePath("notask.pt").toStdString()); }, {"notask.pt", "task"});
        write("garbage.pt", "not a zip archive");
        write("garbage.json", R"({"task": "segment", "labels": ["a", "b"]})");
        expectError([&] { importModel(dir.filePath("garbage.pt").toStdString()); }, {"garbage.pt", "TorchScript"});
        write("nosidecar.pt", model);
        expectError([&] { importModel(dir.filePath("nosidecar.pt").toStdString()); }, {"nosidecar.json"});
        write("badjson.pt", model);
        write("badjson.json", "{");
        expectError([&] { importModel(dir.filePath("badjson.pt").toStdString()); }, {"badjson.pt", "JSON"});
        expectError([&] { Model::load("onnx", model.toStdString(), R"({"task": "segment", "labels": ["a", "b"]})", "m"); },
                    {"'m'", "onnx"});
    }

    void trainedClassifierGradCamFindsThePattern()
    {
        TrainOptions o;
        o.epochs = 2;
        o.threads = 2;
        o.batchSize = 32;
        const TrainResult r = trainClassifier(plantedSquares(1200, 1), plantedSquares(200, 2), o);
        QVERIFY2(r.metric > 0.95, qPrintable(QString::number(r.metric)));
        QVERIFY2(r.rocAuc > 0.98, qPrintable(QString::number(r.rocAuc)));
        QCOMPARE(int(r.perClassAuc.size()), 2);
        const Model model = Model::load("libtorch-archive", r.weights, r.sidecarJson, "squares");
        QCOMPARE(model.spec().rows, 28);
        // A square at columns 17..22, rows 3..8 on noise.
        GreyImage image;
        image.cols = image.rows = 28;
        std::mt19937 rng(5);
        std::uniform_int_distribution<int> noise(0, 90);
        for (int v = 0; v < 28 * 28; ++v)
            image.values.push_back(float(noise(rng)));
        for (int y = 3; y < 9; ++y)
            for (int x = 17; x < 23; ++x)
                image.values[std::size_t(y * 28 + x)] = 230.0f;
        const Classification c = classifyImage(model, image, Device::Cpu);
        QCOMPARE(c.predicted, 1);
        QVERIFY(c.probabilities[1] > 0.9);
        // The model the inference API runs (its TorchScript twin) classifies the held-out set
        // as the trainer did.
        const ImageSet test = plantedSquares(200, 2);
        int correct = 0;
        for (std::size_t n = 0; n < test.size(); ++n) {
            GreyImage t;
            t.cols = t.rows = 28;
            for (int v = 0; v < 28 * 28; ++v)
                t.values.push_back(float(test.pixels[n * 28 * 28 + std::size_t(v)]));
            correct += classifyImage(model, t, Device::Cpu).predicted == test.labels[n];
        }
        QCOMPARE(double(correct) / double(test.size()), r.metric);
        QCOMPARE(int(c.heatMap.size()), 28 * 28);
        int peak = 0;
        for (int v = 0; v < 28 * 28; ++v) {
            QVERIFY(c.heatMap[std::size_t(v)] >= 0.0f); // non-negative everywhere
            if (c.heatMap[std::size_t(v)] > c.heatMap[std::size_t(peak)])
                peak = v;
        }
        QCOMPARE(c.heatMap[std::size_t(peak)], 1.0f);
        const int px = peak % 28, py = peak / 28;
        qInfo("Grad-CAM peak at (%d, %d); the square spans columns 17..22, rows 3..8", px, py);
        QVERIFY2(px >= 15 && px <= 24 && py >= 1 && py <= 10, qPrintable(QString("%1,%2").arg(px).arg(py)));
        // The heat map is low far from the square.
        QVERIFY(c.heatMap[std::size_t(24 * 28 + 4)] < 0.3f);
    }

    // The ResNet-18-like classifier: its TorchScript twin (batch norm in eval mode, residual
    // blocks written out) classifies the held-out images as the trainer did.
    void resnetClassifierScriptedFaithfully()
    {
        const ImageSet train = plantedSquares(600, 3), test = plantedSquares(100, 4);
        TrainOptions o;
        o.epochs = 1;
        o.threads = 2;
        o.batchSize = 32;
        ClassifyOptions c;
        c.model = "resnet18";
        c.width = 4;
        const TrainResult r = trainClassifier(train, test, o, nullptr, nullptr, c);
        QCOMPARE(r.modelName, std::string("resnet18"));
        const Model model = Model::load("libtorch-archive", r.weights, r.sidecarJson, "resnet");
        int correct = 0;
        for (std::size_t n = 0; n < test.size(); ++n) {
            GreyImage image;
            image.cols = image.rows = 28;
            for (int v = 0; v < 28 * 28; ++v)
                image.values.push_back(float(test.pixels[n * 28 * 28 + std::size_t(v)]));
            const Classification out = classifyImage(model, image, Device::Cpu);
            correct += out.predicted == test.labels[n];
            QCOMPARE(int(out.heatMap.size()), 28 * 28);
        }
        QCOMPARE(double(correct) / double(test.size()), r.metric);
        QVERIFY_THROWS_EXCEPTION(Error, trainClassifier(train, test, o, nullptr, nullptr, ClassifyOptions{"vgg", 4}));
        // Exported, it is TorchScript PyTorch runs.
        QTemporaryDir dir;
        const ModelFiles files = exportModel("libtorch-archive", r.weights, r.sidecarJson, "resnet", dir.path().toStdString());
        QProcess py;
        py.start("/usr/bin/python3", {"-c", "import sys, torch\nm = torch.jit.load(sys.argv[1])\n"
                                            "print(tuple(m(torch.zeros(2, 1, 28, 28)).shape), tuple(m.features(torch.zeros(1, 1, 28, 28)).shape))\n",
                                      QString::fromStdString(files.modelPath)});
        QVERIFY(py.waitForFinished(120000));
        QCOMPARE(QString::fromUtf8(py.readAllStandardOutput()).trimmed(), QString("(2, 2) (1, 32, 4, 4)"));
    }

    void trainedSegmenterNativeExportedAndInPyTorch()
    {
        std::vector<Case> cases;
        for (int i = 0; i < 4; ++i)
            cases.push_back(makeCase(unsigned(300 + i), "p" + std::to_string(i)));
        TrainOptions o;
        o.epochs = 2;
        o.threads = 2;
        o.batchSize = 8;
        SegmentOptions s;
        s.patch = 32;
        s.baseChannels = 4;
        const TrainResult r = trainSegmenter(InMemoryCases(cases), o, s);
        QCOMPARE(int(r.perCaseDice.size()), 1);
        QCOMPARE(int(r.perCaseHd95.size()), 1);
        QCOMPARE(int(r.caseNames.size()), 1);
        const Model native = Model::load("libtorch-archive", r.weights, r.sidecarJson, "unet");
        QCOMPARE(native.spec().multipleOf, 8);
        // The held-out case, segmented through the inference API: the Dice the trainer reported.
        const Case *held = nullptr;
        for (const Case &c : cases)
            if (c.name == r.caseNames[0])
                held = &c;
        QVERIFY(held);
        const Volume volume = toVolume(*held);
        const Segmentation seg = segmentVolume(native, volume, Device::Cpu);
        QVERIFY2(std::abs(diceScore(seg.mask, held->mask) - r.perCaseDice[0]) < 0.01,
                 qPrintable(QString("%1 vs %2").arg(diceScore(seg.mask, held->mask)).arg(r.perCaseDice[0])));

        // Exported as TorchScript and read back: the same masks and uncertainty, bit for bit.
        QTemporaryDir dir;
        const ModelFiles files = exportModel("libtorch-archive", r.weights, r.sidecarJson, "unet run 1", dir.path().toStdString());
        QVERIFY(QFile::exists(QString::fromStdString(files.modelPath)));
        QVERIFY(files.modelPath.find("unet_run_1.pt") != std::string::npos);
        const ImportedModel imported = importModel(files.modelPath);
        QCOMPARE(imported.task, std::string("segment"));
        QVERIFY(imported.sidecarJson.find("\"exported_from\"") != std::string::npos);
        const Model back = Model::load(imported.format, imported.weights, imported.sidecarJson, imported.name);
        const Segmentation seg2 = segmentVolume(back, volume, Device::Cpu);
        QVERIFY(seg2.mask == seg.mask);
        QVERIFY(seg2.uncertainty == seg.uncertainty);

        // PyTorch reads the export as TorchScript and computes the same thing: on a 48x48 slice of
        // 40 HU (0 after the window) the mask and the scaled entropy of every pixel.
        QProcess py;
        py.start("/usr/bin/python3", {"-c", "import math, sys, torch\n"
                                            "m = torch.jit.load(sys.argv[1])\n"
                                            "p = torch.softmax(m(torch.zeros(1, 1, 48, 48)), 1)\n"
                                            "h = -(p * torch.log(p.clamp_min(1e-30))).sum(1) * (255 / math.log(2))\n"
                                            "print(' '.join(str(int(v)) for v in p.argmax(1).flatten()))\n"
                                            "print(' '.join(str(int(v)) for v in h.round().clamp(0, 255).flatten()))\n",
                                      QString::fromStdString(files.modelPath)});
        QVERIFY2(py.waitForFinished(120000), "python3 did not finish");
        const QStringList lines = QString::fromUtf8(py.readAllStandardOutput()).trimmed().split('\n');
        QVERIFY2(py.exitCode() == 0 && lines.size() == 2, qPrintable(QString::fromUtf8(py.readAllStandardError())));
        const QStringList pyMask = lines[0].split(' '), pyEntropy = lines[1].split(' ');
        QCOMPARE(int(pyMask.size()), 48 * 48);
        const Segmentation flat = segmentVolume(back, ctVolume(48, 48, 1, 40.0), Device::Cpu);
        int differ = 0;
        for (int v = 0; v < 48 * 48; ++v) {
            differ += pyMask[v].toInt() != flat.mask[std::size_t(v)];
            QVERIFY(std::abs(pyEntropy[v].toInt() - int(flat.uncertainty[std::size_t(v)])) <= 1);
        }
        QCOMPARE(differ, 0);

        // A model of the wrong kind, or weights of another model, are refused at load.
        expectError([&] { Model::load("libtorch-archive", r.weights, R"({"task": "segment", "model": "vnet", "labels": ["a", "b"]})", "x"); },
                    {"'x'", "vnet"});
        expectError([&] { Model::load("libtorch-archive", "garbage", r.sidecarJson, "y"); }, {"'y'", "not weights"});
    }

    // The 3D U-Net on patches: the loss falls, the held-out Dice passes a floor, inference (in
    // slabs, through TorchScript) gives the Dice the trainer reported, and the export reads back
    // to the same masks.
    void trained3dSegmenterLearnsAndInfers()
    {
        std::vector<Case> cases;
        for (int i = 0; i < 8; ++i)
            cases.push_back(makeCase(unsigned(500 + i), "p" + std::to_string(i / 2)));
        TrainOptions o;
        o.epochs = 8;
        o.threads = 2;
        o.learningRate = 5e-3;
        SegmentOptions s;
        s.model = "unet3d";
        s.patch = 24;
        s.patchDepth = 8;
        s.cropsPerCase = 12;
        s.baseChannels = 8;
        const TrainResult r = trainSegmenter(InMemoryCases(cases), o, s);
        qInfo("unet3d: %lld weights, losses %.4f -> %.4f, held-out Dice %.4f, %.1f patches/s",
              static_cast<long long>(r.parameters), r.history.front().trainLoss, r.history.back().trainLoss, r.metric,
              r.history.back().itemsPerSecond);
        QCOMPARE(r.modelName, std::string("unet3d"));
        QCOMPARE(int(r.history.size()), 8);
        QVERIFY2(r.history.back().trainLoss < r.history.front().trainLoss, "the loss did not fall");
        QVERIFY2(r.metric >= UNET3D_DICE_FLOOR, qPrintable(QString::number(r.metric)));
        QCOMPARE(int(r.perCaseHd95.size()), 2);
        const Model native = Model::load("libtorch-archive", r.weights, r.sidecarJson, "unet3d");
        QVERIFY(native.spec().volumetric);
        QCOMPARE(native.spec().multipleOf, 4);
        const Case *held = nullptr;
        for (const Case &c : cases)
            if (c.name == r.caseNames[0])
                held = &c;
        QVERIFY(held);
        const Volume volume = toVolume(*held);
        const Segmentation seg = segmentVolume(native, volume, Device::Cpu);
        QVERIFY2(std::abs(diceScore(seg.mask, held->mask) - r.perCaseDice[0]) < 0.01,
                 qPrintable(QString("%1 vs %2").arg(diceScore(seg.mask, held->mask)).arg(r.perCaseDice[0])));
        QTemporaryDir dir;
        const ModelFiles files = exportModel("libtorch-archive", r.weights, r.sidecarJson, "unet3d", dir.path().toStdString());
        const ImportedModel imported = importModel(files.modelPath);
        const Model back = Model::load(imported.format, imported.weights, imported.sidecarJson, imported.name);
        QVERIFY(back.spec().volumetric);
        const Segmentation seg2 = segmentVolume(back, volume, Device::Cpu);
        QVERIFY(seg2.mask == seg.mask);
        QVERIFY(seg2.uncertainty == seg.uncertainty);
        // A 2D sidecar on 3D weights is refused at load.
        std::string flat = r.sidecarJson;
        flat.replace(flat.find("\"volume\""), 8, "\"slices\"");
        expectError([&] { Model::load("libtorch-archive", r.weights, flat, "z"); }, {"'z'", "unet3d"});
    }
};

QTEST_GUILESS_MAIN(TstInference)
#include "tst_inference.moc"
