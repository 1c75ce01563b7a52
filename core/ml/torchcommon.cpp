#include "core/ml/torchcommon.h"

#include "core/base/atomicfile.h"
#include "core/base/error.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace sagitta::core::ml {

const char *deviceName(Device device)
{
    switch (device) {
    case Device::Auto: return "auto";
    case Device::Cpu: return "cpu";
    case Device::Cuda: return "cuda";
    }
    return "";
}

Device parseDevice(const std::string &name)
{
    if (name == "auto")
        return Device::Auto;
    if (name == "cpu")
        return Device::Cpu;
    if (name == "cuda" || name == "gpu")
        return Device::Cuda;
    throw Error("unknown device '" + name + "' (cpu, cuda or auto)");
}

bool cudaAvailable()
{
    return torch::cuda::is_available();
}

Device resolveDevice(Device device)
{
    if (device == Device::Cuda && !cudaAvailable())
        throw Error("CUDA was asked for, but this LibTorch sees no CUDA device (build core/ml against a CUDA LibTorch "
                    "with -DSAGITTA_TORCH_DIR, or use --device cpu)");
    if (device == Device::Auto)
        return cudaAvailable() ? Device::Cuda : Device::Cpu;
    return device;
}

std::vector<std::string> heldOutPatients(std::vector<std::string> keys, double fraction, std::uint64_t seed)
{
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    if (keys.empty())
        return {};
    std::mt19937_64 rng = detail::epochRng(seed, 0);
    std::shuffle(keys.begin(), keys.end(), rng);
    std::size_t n = std::size_t(fraction * double(keys.size()) + 0.5);
    n = std::max<std::size_t>(n, 1);
    if (keys.size() >= 2)
        n = std::min(n, keys.size() - 1);
    keys.resize(n);
    std::sort(keys.begin(), keys.end());
    return keys;
}

namespace detail {

torch::Device prepareRun(const TrainOptions &options, TrainResult &result)
{
    if (options.epochs < 1)
        throw Error("epochs must be at least 1");
    if (options.batchSize < 1)
        throw Error("the batch size must be at least 1");
    const Device device = resolveDevice(options.device);
    result.device = deviceName(device);
    if (options.threads > 0)
        torch::set_num_threads(options.threads);
    torch::manual_seed(options.seed);
    if (device == Device::Cuda)
        torch::cuda::manual_seed_all(options.seed);
    return device == Device::Cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

std::int64_t parameterCount(torch::nn::Module &module)
{
    std::int64_t n = 0;
    for (const torch::Tensor &p : module.parameters())
        n += p.numel();
    return n;
}

std::string moduleBytes(torch::nn::Module &module)
{
    torch::serialize::OutputArchive archive;
    module.save(archive);
    std::ostringstream out;
    archive.save_to(out);
    return out.str();
}

void loadModuleBytes(torch::nn::Module &module, const std::string &bytes, const std::string &what)
{
    try {
        torch::serialize::InputArchive archive;
        std::istringstream in(bytes);
        archive.load_from(in);
        module.load(archive);
    } catch (const c10::Error &e) {
        throw Error(what + ": not weights of this model (" + std::string(e.what_without_backtrace()) + ")");
    }
}

namespace {

constexpr int kHistoryColumns = 6;

} // namespace

namespace {

std::string checkpointBytes(const std::string &task, torch::nn::Module &model, torch::optim::Optimizer &optimizer,
                            const std::vector<EpochMetrics> &history, const std::vector<double> *state)
{
    torch::serialize::OutputArchive archive, modelArchive, optimizerArchive;
    model.save(modelArchive);
    optimizer.save(optimizerArchive);
    archive.write("model", modelArchive);
    archive.write("optimizer", optimizerArchive);
    archive.write("task", c10::IValue(task));
    torch::Tensor h = torch::zeros({std::int64_t(history.size()), kHistoryColumns}, torch::kFloat64);
    auto a = h.accessor<double, 2>();
    for (std::size_t e = 0; e < history.size(); ++e) {
        const EpochMetrics &m = history[e];
        const double row[kHistoryColumns] = {double(m.epoch), m.trainLoss, m.validLoss, m.metric, m.seconds, m.itemsPerSecond};
        for (int c = 0; c < kHistoryColumns; ++c)
            a[std::int64_t(e)][c] = row[c];
    }
    archive.write("history", h);
    if (state)
        archive.write("state", torch::tensor(*state, torch::kFloat64));
    std::ostringstream out;
    archive.save_to(out);
    return out.str();
}

// path names the checkpoint in messages; load reads it into archive.
template <typename Load>
void readCheckpoint(const std::string &path, Load load, const std::string &task, torch::nn::Module &model,
                    torch::optim::Optimizer &optimizer, std::vector<EpochMetrics> &history, std::vector<double> *state)
{
    try {
        torch::serialize::InputArchive archive, modelArchive, optimizerArchive;
        load(archive);
        c10::IValue saved;
        if (!archive.try_read("task", saved) || !saved.isString() || saved.toStringRef() != task)
            throw Error(path + ": a checkpoint of another task, not " + task);
        archive.read("model", modelArchive);
        archive.read("optimizer", optimizerArchive);
        model.load(modelArchive);
        optimizer.load(optimizerArchive);
        torch::Tensor h;
        archive.read("history", h);
        auto a = h.accessor<double, 2>();
        history.clear();
        for (std::int64_t e = 0; e < h.size(0); ++e) {
            EpochMetrics m;
            m.epoch = int(a[e][0]);
            m.trainLoss = a[e][1];
            m.validLoss = a[e][2];
            m.metric = a[e][3];
            m.seconds = a[e][4];
            m.itemsPerSecond = a[e][5];
            history.push_back(m);
        }
        if (state) {
            torch::Tensor st;
            if (!archive.try_read("state", st) || st.numel() != std::int64_t(state->size()))
                throw Error(path + ": a checkpoint of another training set or version (its sampler state does not fit)");
            st = st.to(torch::kFloat64).contiguous();
            std::copy(st.data_ptr<double>(), st.data_ptr<double>() + st.numel(), state->begin());
        }
    } catch (const c10::Error &e) {
        throw Error(path + ": not a checkpoint this model can resume from (" + std::string(e.what_without_backtrace()) + ")");
    }
}

const char *const kStoreName = "the project's checkpoint";

} // namespace

void saveCheckpoint(const std::string &path, const std::string &task, torch::nn::Module &model,
                    torch::optim::Optimizer &optimizer, const std::vector<EpochMetrics> &history,
                    const std::vector<double> *state)
{
    writeFileAtomically(path, checkpointBytes(task, model, optimizer, history, state));
}

bool loadCheckpoint(const std::string &path, const std::string &task, torch::nn::Module &model,
                    torch::optim::Optimizer &optimizer, std::vector<EpochMetrics> &history,
                    std::vector<double> *state)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return false;
    readCheckpoint(path, [&](torch::serialize::InputArchive &a) { a.load_from(path); }, task, model, optimizer, history, state);
    return true;
}

bool hasCheckpoint(const TrainOptions &options)
{
    return options.checkpointStore || !options.checkpointPath.empty();
}

void saveCheckpoint(const TrainOptions &options, const std::string &task, torch::nn::Module &model,
                    torch::optim::Optimizer &optimizer, const std::vector<EpochMetrics> &history,
                    const std::vector<double> *state)
{
    if (options.checkpointStore)
        options.checkpointStore->save(checkpointBytes(task, model, optimizer, history, state));
    else if (!options.checkpointPath.empty())
        saveCheckpoint(options.checkpointPath, task, model, optimizer, history, state);
}

bool loadCheckpoint(const TrainOptions &options, const std::string &task, torch::nn::Module &model,
                    torch::optim::Optimizer &optimizer, std::vector<EpochMetrics> &history,
                    std::vector<double> *state)
{
    if (!options.checkpointStore)
        return !options.checkpointPath.empty()
               && loadCheckpoint(options.checkpointPath, task, model, optimizer, history, state);
    std::string bytes;
    if (!options.checkpointStore->load(bytes))
        return false;
    readCheckpoint(
        kStoreName,
        [&](torch::serialize::InputArchive &a) {
            std::istringstream in(bytes);
            a.load_from(in);
        },
        task, model, optimizer, history, state);
    return true;
}

void reportBatch(ProgressSink *progress, int epoch, int epochs, std::size_t batch, std::size_t batches)
{
    if (!progress)
        return;
    const double fraction = (double(epoch - 1) + double(batch) / double(std::max<std::size_t>(batches, 1))) / epochs;
    progress->report(fraction, "epoch " + std::to_string(epoch) + "/" + std::to_string(epochs) + ": batch "
                                   + std::to_string(batch) + "/" + std::to_string(batches));
}

} // namespace detail
} // namespace sagitta::core::ml
