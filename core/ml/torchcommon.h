#pragma once
// Private to core/ml (includes torch): what the trainers share. Never include it outside core/ml.
#include "core/ml/train.h"

#include <torch/torch.h>

#include <chrono>
#include <random>

namespace sagitta::core::ml::detail {

// Seeds torch, fixes the thread count and picks the device; fills result.device.
torch::Device prepareRun(const TrainOptions &options, TrainResult &result);

std::int64_t parameterCount(torch::nn::Module &module);

// The model's weights as a torch::save archive (bytes), and back.
std::string moduleBytes(torch::nn::Module &module);
void loadModuleBytes(torch::nn::Module &module, const std::string &bytes, const std::string &what);

// Checkpoint: model, optimizer, task and the metrics of every finished epoch, written through a
// temporary file and renamed. load returns false when path does not exist; throws core::Error
// for a checkpoint of another task or model, or a damaged file.
// state: the trainer's own state beyond model and optimizer (e.g. sampling weights), or null.
void saveCheckpoint(const std::string &path, const std::string &task, torch::nn::Module &model,
                    torch::optim::Optimizer &optimizer, const std::vector<EpochMetrics> &history,
                    const std::vector<double> *state = nullptr);
bool loadCheckpoint(const std::string &path, const std::string &task, torch::nn::Module &model,
                    torch::optim::Optimizer &optimizer, std::vector<EpochMetrics> &history,
                    std::vector<double> *state = nullptr);

// The same through options: its checkpointStore when set, else its checkpointPath; nothing (save)
// or false (load) when it has neither. The store's messages name it "the project's checkpoint".
bool hasCheckpoint(const TrainOptions &options);
void saveCheckpoint(const TrainOptions &options, const std::string &task, torch::nn::Module &model,
                    torch::optim::Optimizer &optimizer, const std::vector<EpochMetrics> &history,
                    const std::vector<double> *state = nullptr);
bool loadCheckpoint(const TrainOptions &options, const std::string &task, torch::nn::Module &model,
                    torch::optim::Optimizer &optimizer, std::vector<EpochMetrics> &history,
                    std::vector<double> *state = nullptr);

// The generator for epoch e (1-based) of a run: the data order and augmentation of an epoch
// depend only on the seed and the epoch, so a resumed run repeats them exactly.
inline std::mt19937_64 epochRng(std::uint64_t seed, int epoch)
{
    std::seed_seq seq{std::uint32_t(seed), std::uint32_t(seed >> 32), std::uint32_t(epoch), 0x5a617461u};
    return std::mt19937_64(seq);
}

inline double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Training throughput for the bench: images per second of `steps` optimizer steps on one batch
// of `batch` images, after `warmup` steps; loss() runs the forward pass and gives the loss.
template <typename LossFn>
double imagesPerSecond(torch::optim::Optimizer &optimizer, LossFn loss, int batch, int warmup, int steps)
{
    auto step = [&] {
        optimizer.zero_grad();
        torch::Tensor l = loss();
        l.backward();
        optimizer.step();
    };
    for (int i = 0; i < warmup; ++i)
        step();
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < steps; ++i)
        step();
    return double(batch) * steps / secondsSince(start);
}

// Reports "epoch e/n: batch b/m" as the fraction of the whole run.
void reportBatch(ProgressSink *progress, int epoch, int epochs, std::size_t batch, std::size_t batches);

} // namespace sagitta::core::ml::detail
