#pragma once
// Training with LibTorch, behind a plain C++ interface: no torch header here, so app/, widgets/
// and tests include it freely. A training call is a synchronous job: run it on a worker thread
// (the GUI) or directly (the command line). It reports progress and polls cancel through a
// core::ProgressSink, and hands one EpochMetrics per finished epoch to a MetricSink, both from
// the calling thread.
//
// Determinism: with the same options (seed, threads, data) on the CPU two runs give the same
// losses bit for bit: torch's generator is seeded, the thread count is fixed and the data order
// and augmentation come from std::mt19937_64 seeded per epoch, so a resumed run continues
// exactly where the checkpoint left off.
#include "core/base/progress.h"
#include "core/ml/datasets.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sagitta::core::ml {

enum class Device { Auto, Cpu, Cuda }; // Auto: CUDA when torch sees a GPU, else CPU

// "cpu", "cuda"; parseDevice throws core::Error for anything else ("auto" is Auto).
const char *deviceName(Device device);
Device parseDevice(const std::string &name);
bool cudaAvailable();
// The device a run with this choice uses; throws core::Error for Cuda without a GPU.
Device resolveDevice(Device device);

// Where a checkpoint is kept other than a file: the project (core/ml/trainingjob.cpp keeps the
// Training dock's there, so weights learnt from the project's data never leave it).
class CheckpointStore {
public:
    virtual ~CheckpointStore() = default;
    // False when there is none yet.
    virtual bool load(std::string &bytes) = 0;
    // Replaces the checkpoint whole.
    virtual void save(const std::string &bytes) = 0;
};

struct TrainOptions {
    int epochs = 5;
    int batchSize = 64;          // classifier 64; the U-Net uses 8 unless set
    double learningRate = 1e-3;  // Adam
    std::uint64_t seed = 1;
    int threads = 0;             // torch intra-op threads; 0: leave torch's default
    Device device = Device::Auto;
    // Written after every epoch (atomically; model, optimizer, epoch, metrics so far). Empty: none.
    std::string checkpointPath;
    // Used instead of checkpointPath when set (not owned; outlives the run).
    CheckpointStore *checkpointStore = nullptr;
    // Continue from the checkpoint when it exists (the epochs it holds are not run again).
    bool resume = false;
    // Subsets for tests and quick runs (0: everything): the first N training / held-out items.
    std::size_t maxTrain = 0;
    std::size_t maxTest = 0;
    // A time budget (0: none): no epoch is started that would end past it, judging by the last
    // epoch's length (the run then ends normally with fewer epochs; TrainResult::stoppedEarly).
    double maxSeconds = 0;
};

// One finished epoch. metric is measured on the held-out split.
struct EpochMetrics {
    int epoch = 0;               // 1-based
    int epochs = 0;              // of the run
    double trainLoss = 0;        // mean over the epoch's batches
    double validLoss = 0;        // mean over the held-out split
    std::string metricName;      // "accuracy" or "dice"
    double metric = 0;
    double seconds = 0;          // wall time of the epoch, evaluation included
    double itemsPerSecond = 0;   // training images (slices) per second
};

// Typed metric events. Called on the training thread after each epoch (a GUI implementation
// posts them to its thread); must not throw.
class MetricSink {
public:
    virtual ~MetricSink() = default;
    virtual void epochFinished(const EpochMetrics &metrics) = 0;
};

// What a run leaves behind. On cancel the run stops within the current epoch (between batches),
// cancelled is set and history holds the epochs finished before; the checkpoint holds the last.
struct TrainResult {
    std::vector<EpochMetrics> history;   // every finished epoch, those restored from a checkpoint too
    bool cancelled = false;
    bool stoppedEarly = false;           // the time budget ended the run before options.epochs
    int resumedFromEpoch = 0;            // 0: started fresh
    std::string device;                  // "cpu" or "cuda"
    std::int64_t parameters = 0;         // trainable weights of the model
    std::string modelName;               // "cnn2", "resnet18" or "unet2d"
    std::string weights;                 // the trained model (torch::save archive bytes)
    std::string sidecarJson;             // task, input size, intensity window, label names, data summary
    // Held-out metrics of the final model.
    double metric = 0;                   // accuracy or mean Dice
    // Classifier: the confusion matrix [truth][predicted], ROC AUC one-vs-rest per class (NaN
    // for a class without held-out items) and its macro average over the classes that have one.
    std::vector<std::vector<int>> confusion;
    std::vector<std::string> classNames;     // the classifier's labels, by class index
    std::vector<double> perClassAuc;
    double rocAuc = 0;
    // Segmenter: per held-out case (in caseNames' order) the 3D Dice and the HD95 in mm (NaN
    // where one of prediction and truth is empty); hd95 is the mean over the cases where it is
    // defined (NaN when none is).
    std::vector<std::string> caseNames;
    std::vector<double> perCaseDice;
    std::vector<double> perCaseHd95;
    double hd95 = 0;
    std::size_t trainItems = 0, testItems = 0;
};

struct ClassifyOptions {
    // cnn2: the classic CNN, conv(32)+pool, conv(64)+pool, dense(128), dense(classes), softmax.
    // resnet18: ResNet-18-like (3x3 stem, 4 stages of 2 basic residual blocks of width, 2x,
    // 4x and 8x width channels, batch norm, global average pool); width 16 gives about 0.7M
    // weights (the CPU default), 64 the original ResNet-18's 11M.
    std::string model = "cnn2";
    int width = 16;
};

// An image classifier (trained with cross-entropy, Adam). Inputs are 8-bit images scaled to
// [0,1] (all images of a set share rows and cols). Throws core::Error for empty or mismatched
// sets or an unknown model.
TrainResult trainClassifier(const ImageSet &train, const ImageSet &test, const TrainOptions &options,
                            ProgressSink *progress = nullptr, MetricSink *metrics = nullptr,
                            const ClassifyOptions &classify = {});

struct SegmentOptions {
    // unet2d: a 2D U-Net on axial slices (crops of patch x patch). unet3d: a 3D U-Net (three
    // levels: c, 2c, 4c channels) on patches of patch x patch x patchDepth voxels, cropsPerCase
    // per training case and epoch (two in three around a lesion voxel), segmenting a volume in
    // overlapping slabs.
    std::string model = "unet2d";
    int patchDepth = 16;         // unet3d: slices per patch (a multiple of 4)
    int cropsPerCase = 8;        // unet3d
    double windowCentre = 40, windowWidth = 400; // HU window, then mapped to [-1, 1]
    int patch = 64;              // training crops (pixels, multiple of 8); inference on whole slices
    double heldOutFraction = 0.25; // of the patients (at least one)
    int baseChannels = 8;        // U-Net width: 8 gives about 121k weights (CPU), 16 about 480k
    int validationStride = 4;    // per-epoch held-out Dice on every Nth slice; the final one on all
    bool augment = true;         // flips, 90-degree turns, small turns, intensity jitter
    double rotationDegrees = 15; // augmentation: turns up to this many degrees either way
    double emptySliceRatio = 1.0; // slices without lesion per lesion slice, drawn anew each epoch
    // Hard-example sampling: lesion slices are drawn in proportion to a running mean of their
    // loss (this is its momentum, in (0, 1]); 0: each lesion slice once per epoch.
    double hardExampleMomentum = 0.3;
    // Learning rate: linear warm-up over 3% of the run's steps, then a cosine down to 2% of
    // TrainOptions::learningRate; false: constant.
    bool cosineSchedule = true;
    // Weight of a lesion pixel in the cross-entropy (a background pixel weighs 1).
    double lesionWeight = 5.0;
    // The Dice term: the mean over the crops that hold lesion (true) or over the batch at once.
    bool perCropDice = false;
    // A group norm after each convolution of the U-Net (per image: crops and whole slices are
    // normalised alike); false: none.
    bool groupNorm = false;
    // The final held-out evaluation and the model's inference average the softmax of each slice
    // and its three mirror images (left-right, up-down, both), as nnU-Net does: 4x the
    // inference time, steadier boundaries. Written to the sidecar ("test_time_mirroring").
    bool testTimeMirroring = true;
};

// A 2D U-Net (4 levels, no batch norm) on axial slices: cross-entropy + soft Dice loss. Cases are
// split by patient (Case::patientKey), never by slice. metric is the mean 3D Dice over the
// held-out cases (all slices; the per-epoch figure uses SegmentOptions::validationStride).
// options.batchSize above 16 is taken as 8 (the default is the classifier's).
// segment.model unet3d trains the 3D U-Net (same split, loss, schedule and held-out figures;
// hard-example sampling, validationStride and emptySliceRatio are the 2D trainer's only;
// options.batchSize above 4 is taken as 2 patches).
TrainResult trainSegmenter(const CaseSource &cases, const TrainOptions &options, const SegmentOptions &segment = {},
                           ProgressSink *progress = nullptr, MetricSink *metrics = nullptr);

// Held-out patient keys for a split (sorted keys shuffled with seed; a fraction, at least one,
// and never all when there are two or more). Exposed for tests and the panel.
std::vector<std::string> heldOutPatients(std::vector<std::string> patientKeys, double fraction, std::uint64_t seed);

// Bench helpers (tests/bench): training images per second on random inputs after a warm-up,
// Adam, the same models as above. cnn2: 28x28 images, 10 classes. unet2d: side x side slices.
double classifierTrainingThroughput(int batch, int steps, int threads);
double segmenterTrainingThroughput(int side, int batch, int steps, int threads, int baseChannels = 16);
// Milliseconds for segmentVolume (inference.h: window, U-Net, softmax, mask and uncertainty) on
// a side x side x slices volume with an untrained U-Net, after a one-slice warm-up.
double segmenterInferenceMs(int side, int slices, int threads, int baseChannels = 16);
// Milliseconds for one classifyImage (probabilities + Grad-CAM) of a 28x28 image with cnn2.
double classifierInferenceMs(int threads);

} // namespace sagitta::core::ml
