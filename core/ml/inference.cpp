#include "core/ml/inference.h"

#include "core/base/error.h"
#include "core/ml/models.h"
#include "core/ml/segmentercommon.h"
#include "core/ml/torchcommon.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>
#include <fstream>
#include <sstream>

namespace sagitta::core::ml {

struct Model::Impl {
    std::string name;
    ModelSpec spec;
    std::string format;
    std::string originalBytes;          // torchscript: the archive as given
    mutable torch::jit::Module module;  // eval mode, parameters without gradient
    mutable torch::Device device{torch::kCPU};
    bool explainable = false;           // has features() and head()
};

namespace {

using nlohmann::json;

std::string modelLabel(const std::string &name)
{
    return "model '" + name + "'";
}

int intField(const json &j, const char *key, int fallback, const std::string &name)
{
    if (!j.contains(key) || j.at(key).is_null())
        return fallback;
    if (!j.at(key).is_number_integer())
        throw Error(modelLabel(name) + ": the sidecar's \"" + key + "\" is not a whole number");
    return j.at(key).get<int>();
}

ModelSpec parseSidecar(const std::string &text, const std::string &name)
{
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception &e) {
        throw Error(modelLabel(name) + ": the sidecar is not valid JSON (" + e.what() + ")");
    }
    if (!j.is_object())
        throw Error(modelLabel(name) + ": the sidecar is not a JSON object");
    ModelSpec s;
    s.sidecarJson = text;
    s.task = j.value("task", std::string());
    if (s.task != "segment" && s.task != "classify")
        throw Error(modelLabel(name) + ": the sidecar's task must be segment or classify"
                    + (s.task.empty() ? std::string(" (it names none)") : ", not '" + s.task + "'"));
    s.architecture = j.value("model", std::string());
    if (j.contains("labels") && j.at("labels").is_array()) {
        for (const json &l : j.at("labels")) {
            if (!l.is_string())
                throw Error(modelLabel(name) + ": the sidecar's labels must be strings");
            s.labels.push_back(l.get<std::string>());
        }
    } else if (j.contains("classes") && j.at("classes").is_number_integer()) {
        for (int c = 0; c < j.at("classes").get<int>(); ++c)
            s.labels.push_back(std::to_string(c));
    }
    if (s.labels.size() < 2)
        throw Error(modelLabel(name) + ": the sidecar must name at least two labels (\"labels\": [...])");
    if (s.labels.size() > 255)
        throw Error(modelLabel(name) + ": more than 255 labels");
    const json input = j.contains("input") && j.at("input").is_object() ? j.at("input") : json::object();
    s.channels = intField(input, "channels", 1, name);
    if (s.channels != 1 && s.channels != 3)
        throw Error(modelLabel(name) + ": the sidecar's input channels must be 1 (grey) or 3 (colour)");
    s.rows = intField(input, "rows", 0, name);
    s.cols = intField(input, "cols", 0, name);
    s.multipleOf = intField(input, "multiple_of", 1, name);
    if (s.rows < 0 || s.cols < 0 || s.multipleOf < 1)
        throw Error(modelLabel(name) + ": the sidecar's input rows, cols and multiple_of must be positive");
    s.modality = input.value("modality", j.value("modality", std::string()));
    s.mirroring = j.value("test_time_mirroring", false);
    s.volumetric = s.task == "segment" && input.value("axis", std::string()) == "volume";
    if (j.contains("window") && j.at("window").is_object()) {
        const json &w = j.at("window");
        s.windowed = true;
        s.windowCentre = w.value("centre", 0.0);
        s.windowWidth = w.value("width", 0.0);
        if (w.contains("maps_to") && w.at("maps_to").is_array() && w.at("maps_to").size() == 2) {
            s.mapLow = w.at("maps_to")[0].get<double>();
            s.mapHigh = w.at("maps_to")[1].get<double>();
        }
        if (!(s.windowWidth > 0))
            throw Error(modelLabel(name) + ": the sidecar's window needs a positive width");
    } else if (input.value("scale", std::string()) == "pixel/255") { // the first classifiers' sidecars
        s.windowed = true;
        s.windowCentre = 127.5;
        s.windowWidth = 255;
    }
    return s;
}

float windowed(const ModelSpec &s, double v)
{
    if (!s.windowed)
        return float(v);
    const double t = std::clamp((v - (s.windowCentre - s.windowWidth / 2)) / s.windowWidth, 0.0, 1.0);
    return float(s.mapLow + t * (s.mapHigh - s.mapLow));
}

std::string shapeText(const torch::Tensor &t)
{
    std::string out = "[";
    for (std::int64_t d = 0; d < t.dim(); ++d)
        out += (d ? ", " : "") + std::to_string(t.size(d));
    return out + "]";
}

torch::Tensor run(const Model::Impl &m, const std::string &method, const torch::Tensor &x)
{
    c10::IValue out;
    try {
        out = m.module.get_method(method)({x});
    } catch (const c10::Error &e) {
        throw Error(modelLabel(m.name) + ": " + method + " failed on an input of shape " + shapeText(x) + " ("
                    + e.what_without_backtrace() + ")");
    }
    if (!out.isTensor())
        throw Error(modelLabel(m.name) + ": " + method + " did not return a tensor");
    return out.toTensor();
}

// Runs forward once on a small input the sidecar allows and checks the output's shape.
void dryRun(const Model::Impl &m)
{
    torch::NoGradGuard noGrad;
    const ModelSpec &s = m.spec;
    const std::int64_t side = (32 + s.multipleOf - 1) / s.multipleOf * s.multipleOf;
    const std::int64_t rows = s.rows ? s.rows : side, cols = s.cols ? s.cols : side;
    if (s.volumetric) {
        const std::int64_t depth = (8 + s.multipleOf - 1) / s.multipleOf * s.multipleOf;
        const torch::Tensor out = run(m, "forward", torch::zeros({1, s.channels, depth, rows, cols}));
        if (out.dim() != 5 || out.size(0) != 1 || out.size(1) != std::int64_t(s.labels.size()) || out.size(2) != depth
            || out.size(3) != rows || out.size(4) != cols)
            throw Error(modelLabel(m.name) + ": gives " + shapeText(out) + " for an input of "
                        + shapeText(torch::zeros({1, s.channels, depth, rows, cols})) + "; a 3D segment model with "
                        + std::to_string(s.labels.size()) + " labels must give [1, labels, depth, rows, cols]");
        return;
    }
    const torch::Tensor out = run(m, "forward", torch::zeros({1, s.channels, rows, cols}));
    const std::int64_t k = std::int64_t(s.labels.size());
    const bool ok = s.task == "segment" ? out.dim() == 4 && out.size(0) == 1 && out.size(1) == k && out.size(2) == rows
                                              && out.size(3) == cols
                                        : out.dim() == 2 && out.size(0) == 1 && out.size(1) == k;
    if (!ok)
        throw Error(modelLabel(m.name) + ": gives " + shapeText(out) + " for an input of " + shapeText(torch::zeros({1, s.channels, rows, cols}))
                    + "; a " + s.task + " model with " + std::to_string(k) + " labels must give "
                    + (s.task == "segment" ? "[1, " + std::to_string(k) + ", " + std::to_string(rows) + ", " + std::to_string(cols) + "]"
                                           : "[1, " + std::to_string(k) + "]"));
}

void prepareModule(Model::Impl &m)
{
    for (torch::Tensor p : m.module.parameters())
        p.set_requires_grad(false);
    m.module.eval();
    m.explainable = m.module.find_method("features").has_value() && m.module.find_method("head").has_value();
    if (!m.module.find_method("forward"))
        throw Error(modelLabel(m.name) + ": the TorchScript module has no forward method");
}

torch::Device placed(const Model::Impl &m, Device device)
{
    const torch::Device target = resolveDevice(device) == Device::Cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
    if (m.device != target) {
        m.module.to(target);
        m.device = target;
    }
    return target;
}

void checkModality(const ModelSpec &s, const std::string &name, const std::string &modality)
{
    if (!modality.empty() && !s.modality.empty() && modality != s.modality)
        throw Error(modelLabel(name) + " was trained on " + s.modality + " images, not " + modality);
}

} // namespace

Model Model::load(const std::string &format, const std::string &weights, const std::string &sidecarJson, const std::string &name)
{
    auto m = std::make_shared<Impl>();
    m->name = name;
    m->format = format;
    m->spec = parseSidecar(sidecarJson, name);
    if (format == "libtorch-archive") {
        const std::string &arch = m->spec.architecture;
        int baseChannels = 8;
        bool groupNorm = false;
        try {
            const json j = json::parse(sidecarJson);
            baseChannels = j.value("base_channels", 8);
            groupNorm = j.value("norm", std::string("none")) == "group";
        } catch (const json::exception &) {
        }
        if (arch == "unet2d") {
            if (m->spec.task != "segment" || m->spec.labels.size() != 2)
                throw Error(modelLabel(name) + ": a unet2d model segments two labels");
            detail::UNet2d net(baseChannels, groupNorm);
            detail::loadModuleBytes(*net, weights, modelLabel(name));
            m->module = detail::scripted(*net, "UNet2d", detail::unet2dScript(groupNorm));
            m->spec.multipleOf = std::max(m->spec.multipleOf, 8);
        } else if (arch == "unet3d") {
            if (m->spec.task != "segment" || m->spec.labels.size() != 2 || !m->spec.volumetric)
                throw Error(modelLabel(name) + ": a unet3d model segments two labels in volumes (input axis \"volume\")");
            detail::UNet3d net(baseChannels);
            detail::loadModuleBytes(*net, weights, modelLabel(name));
            m->module = detail::scripted(*net, "UNet3d", detail::unet3dScript());
            m->spec.multipleOf = std::max(m->spec.multipleOf, 4);
        } else if (arch == "cnn2" || arch == "resnet18") {
            if (m->spec.task != "classify" || (arch == "cnn2" && (m->spec.rows < 4 || m->spec.cols < 4)))
                throw Error(modelLabel(name) + ": a " + arch + " model classifies images (cnn2: of a fixed size, input rows and cols)");
            int width = 16;
            try {
                width = json::parse(sidecarJson).value("width", 16);
            } catch (const json::exception &) {
            }
            const auto net = detail::makeClassifier(arch, m->spec.rows, m->spec.cols, int(m->spec.labels.size()), width);
            detail::loadModuleBytes(*net, weights, modelLabel(name));
            m->module = net->toScript();
        } else {
            throw Error(modelLabel(name) + ": architecture '" + arch + "' is not one this build can rebuild (unet2d, unet3d, cnn2, resnet18)");
        }
    } else if (format == "torchscript") {
        try {
            std::istringstream in(weights);
            m->module = torch::jit::load(in, torch::kCPU);
        } catch (const c10::Error &e) {
            throw Error(modelLabel(name) + ": not a TorchScript archive (" + std::string(e.what_without_backtrace()) + ")");
        }
        m->originalBytes = weights;
    } else {
        throw Error(modelLabel(name) + ": unknown model format '" + format + "' (libtorch-archive or torchscript)");
    }
    prepareModule(*m);
    if (format == "torchscript")
        dryRun(*m);
    Model model;
    model.m_impl = std::move(m);
    return model;
}

Model Model::loadFiles(const std::string &modelPath, const std::string &sidecarPath)
{
    const std::string sidecar = sidecarPath.empty() ? std::filesystem::path(modelPath).replace_extension(".json").string() : sidecarPath;
    auto slurp = [](const std::string &path, const char *what) {
        std::ifstream in(path, std::ios::binary);
        if (!in)
            throw Error(path + ": cannot read the " + std::string(what));
        std::ostringstream s;
        s << in.rdbuf();
        if (!in.good() && !in.eof())
            throw Error(path + ": cannot read the " + std::string(what));
        return s.str();
    };
    const std::string bytes = slurp(modelPath, "model"), json = slurp(sidecar, "model's sidecar (JSON)");
    return load("torchscript", bytes, json, std::filesystem::path(modelPath).filename().string());
}

const std::string &Model::name() const
{
    return m_impl->name;
}

const ModelSpec &Model::spec() const
{
    return m_impl->spec;
}

std::string Model::torchScriptBytes() const
{
    if (!m_impl->originalBytes.empty())
        return m_impl->originalBytes;
    std::ostringstream out;
    torch::jit::Module copy = m_impl->module.clone();
    copy.to(torch::kCPU);
    copy.save(out);
    return out.str();
}

GreyImage axialSlice(const Volume &volume, int k)
{
    const auto &d = volume.geometry().dims;
    if (k < 0 || k >= d[2])
        throw Error("slice " + std::to_string(k) + " is outside the volume (" + std::to_string(d[2]) + " slices)");
    GreyImage image;
    image.cols = d[0];
    image.rows = d[1];
    image.values.resize(std::size_t(d[0]) * std::size_t(d[1]));
    for (int j = 0; j < d[1]; ++j)
        for (int i = 0; i < d[0]; ++i)
            image.values[std::size_t(j) * std::size_t(d[0]) + std::size_t(i)] = float(volume.value(i, j, k));
    return image;
}

Segmentation segmentVolume(const Model &model, const Volume &volume, Device device, ProgressSink *progress,
                           const std::string &modality)
{
    const Model::Impl &m = model.impl();
    const ModelSpec &s = m.spec;
    if (s.task != "segment")
        throw Error(modelLabel(m.name) + " is a " + s.task + " model; segmentation needs a segment model");
    const int channels = volume.isColour() ? 3 : 1;
    if (channels != s.channels)
        throw Error(modelLabel(m.name) + " takes " + (s.channels == 1 ? "grey (1-channel)" : "colour (3-channel)") + " images; this volume is "
                    + (channels == 1 ? "grey" : "colour"));
    checkModality(s, m.name, modality);
    const std::array<int, 3> dims = volume.geometry().dims;
    if ((s.cols && s.cols != dims[0]) || (s.rows && s.rows != dims[1]))
        throw Error(modelLabel(m.name) + " takes " + std::to_string(s.cols) + " x " + std::to_string(s.rows) + " slices, not "
                    + std::to_string(dims[0]) + " x " + std::to_string(dims[1]));
    Segmentation out;
    out.dims = dims;
    out.labels = s.labels;
    const std::size_t area = std::size_t(dims[0]) * std::size_t(dims[1]);
    out.mask.assign(area * std::size_t(dims[2]), 0);
    out.uncertainty.assign(out.mask.size(), 0);
    if (out.mask.empty())
        return out;
    const torch::Device dev = placed(m, device);
    torch::NoGradGuard noGrad;
    const double logK = std::log(double(s.labels.size()));
    if (s.volumetric) {
        if (volume.isColour())
            throw Error(modelLabel(m.name) + " is a 3D model of grey volumes");
        torch::Tensor x = torch::empty({dims[2], dims[1], dims[0]});
        float *xp = x.data_ptr<float>();
        for (std::size_t v = 0; v < out.mask.size(); ++v)
            xp[v] = windowed(s, volume.value(v));
        detail::slabSoftmax([&m](const torch::Tensor &in) { return run(m, "forward", in); }, x, s.multipleOf,
                            s.windowed ? float(s.mapLow) : float(volume.range()[0]), s.mirroring, dev,
                            [&](int z0, int z1, const torch::Tensor &p) {
                                const torch::Tensor cls = p.argmax(0).to(torch::kUInt8).contiguous();
                                const torch::Tensor entropy = (-(p * torch::log(p.clamp_min(1e-30f))).sum(0) * float(255.0 / logK))
                                                                  .round()
                                                                  .clamp(0, 255)
                                                                  .to(torch::kUInt8)
                                                                  .contiguous();
                                const std::size_t at = std::size_t(z0) * area, n = std::size_t(z1 - z0) * area;
                                std::copy_n(cls.data_ptr<std::uint8_t>(), n, out.mask.begin() + std::ptrdiff_t(at));
                                std::copy_n(entropy.data_ptr<std::uint8_t>(), n, out.uncertainty.begin() + std::ptrdiff_t(at));
                            },
                            progress);
        reportProgress(progress, 1.0, "segmentation finished");
        return out;
    }
    const int W = (dims[0] + s.multipleOf - 1) / s.multipleOf * s.multipleOf;
    const int H = (dims[1] + s.multipleOf - 1) / s.multipleOf * s.multipleOf;
    // One slice a pass on the CPU: batches of 4 512 x 512 slices ran 3x slower a slice (activations
    // far beyond the caches; sagitta_bench --train).
    const int batch = dev.is_cuda() ? 32 : 1;
    const float pad = s.windowed ? float(s.mapLow) : float(volume.range()[0]);
    const std::uint8_t *rgb = volume.isColour() ? volume.data<std::uint8_t>() : nullptr;
    for (int k0 = 0; k0 < dims[2]; k0 += batch) {
        if (isCancelled(progress))
            throw Cancelled();
        reportProgress(progress, double(k0) / dims[2], "segmenting slice " + std::to_string(k0 + 1) + "/" + std::to_string(dims[2]));
        const int b = std::min(batch, dims[2] - k0);
        torch::Tensor x = torch::full({b, channels, H, W}, pad);
        auto xa = x.accessor<float, 4>();
        for (int s2 = 0; s2 < b; ++s2) {
            const std::size_t base = std::size_t(k0 + s2) * area;
            for (int j = 0; j < dims[1]; ++j)
                for (int i = 0; i < dims[0]; ++i) {
                    const std::size_t v = base + std::size_t(j) * std::size_t(dims[0]) + std::size_t(i);
                    if (rgb) {
                        for (int c = 0; c < 3; ++c)
                            xa[s2][c][j][i] = windowed(s, rgb[3 * v + std::size_t(c)]);
                    } else {
                        xa[s2][0][j][i] = windowed(s, volume.value(v));
                    }
                }
        }
        const torch::Tensor xd = x.to(dev);
        const torch::Tensor logits = run(m, "forward", xd);
        if (logits.dim() != 4 || logits.size(0) != b || logits.size(1) != std::int64_t(s.labels.size()) || logits.size(2) != H
            || logits.size(3) != W)
            throw Error(modelLabel(m.name) + ": gives " + shapeText(logits) + " for slices of " + shapeText(x)
                        + "; a segmentation model gives [slices, labels, rows, cols]");
        torch::Tensor p = torch::softmax(logits.to(torch::kFloat32), 1);
        if (s.mirroring) {
            for (const std::vector<std::int64_t> &dims : {std::vector<std::int64_t>{3}, {2}, {2, 3}})
                p = p + torch::softmax(run(m, "forward", xd.flip(dims)).to(torch::kFloat32), 1).flip(dims);
            p = p / 4;
        }
        const torch::Tensor cls = p.argmax(1).to(torch::kUInt8).cpu().contiguous();
        const torch::Tensor entropy = (-(p * torch::log(p.clamp_min(1e-30f))).sum(1) * float(255.0 / logK))
                                          .round()
                                          .clamp(0, 255)
                                          .to(torch::kUInt8)
                                          .cpu()
                                          .contiguous();
        const std::uint8_t *c = cls.data_ptr<std::uint8_t>(), *e = entropy.data_ptr<std::uint8_t>();
        for (int s2 = 0; s2 < b; ++s2)
            for (int j = 0; j < dims[1]; ++j) {
                const std::size_t from = (std::size_t(s2) * std::size_t(H) + std::size_t(j)) * std::size_t(W);
                const std::size_t to = std::size_t(k0 + s2) * area + std::size_t(j) * std::size_t(dims[0]);
                std::copy(c + from, c + from + dims[0], out.mask.begin() + std::ptrdiff_t(to));
                std::copy(e + from, e + from + dims[0], out.uncertainty.begin() + std::ptrdiff_t(to));
            }
    }
    reportProgress(progress, 1.0, "segmentation finished");
    return out;
}

Classification classifyImage(const Model &model, const GreyImage &image, Device device, ProgressSink *progress, int explainClass,
                             const std::string &modality)
{
    const Model::Impl &m = model.impl();
    const ModelSpec &s = m.spec;
    if (s.task != "classify")
        throw Error(modelLabel(m.name) + " is a " + s.task + " model; classification needs a classify model");
    if (s.channels != 1)
        throw Error(modelLabel(m.name) + " takes colour (3-channel) images; this image is grey");
    if (image.cols < 1 || image.rows < 1 || image.values.size() != std::size_t(image.cols) * std::size_t(image.rows))
        throw Error("the image must hold cols x rows values");
    if ((s.cols && s.cols != image.cols) || (s.rows && s.rows != image.rows))
        throw Error(modelLabel(m.name) + " takes " + std::to_string(s.cols) + " x " + std::to_string(s.rows) + " images, not "
                    + std::to_string(image.cols) + " x " + std::to_string(image.rows));
    checkModality(s, m.name, modality);
    const int k = int(s.labels.size());
    if (explainClass < -1 || explainClass >= k)
        throw Error(modelLabel(m.name) + " has " + std::to_string(k) + " classes; class " + std::to_string(explainClass)
                    + " cannot be explained");
    if (isCancelled(progress))
        throw Cancelled();
    const torch::Device dev = placed(m, device);
    torch::Tensor x = torch::empty({1, 1, image.rows, image.cols});
    float *xp = x.data_ptr<float>();
    for (std::size_t v = 0; v < image.values.size(); ++v)
        xp[v] = windowed(s, image.values[v]);
    x = x.to(dev);

    Classification out;
    out.labels = s.labels;
    torch::Tensor logits, features;
    if (m.explainable) {
        torch::AutoGradMode grad(true);
        {
            torch::NoGradGuard noGrad;
            features = run(m, "features", x);
        }
        if (features.dim() != 4)
            throw Error(modelLabel(m.name) + ": features gives " + shapeText(features) + ", not a feature map [1, K, h, w]");
        features = features.detach().requires_grad_(true);
        logits = run(m, "head", features);
    } else {
        torch::NoGradGuard noGrad;
        logits = run(m, "forward", x);
    }
    if (logits.dim() != 2 || logits.size(0) != 1 || logits.size(1) != k)
        throw Error(modelLabel(m.name) + ": gives " + shapeText(logits) + "; a classifier with " + std::to_string(k) + " labels gives [1, "
                    + std::to_string(k) + "]");
    const torch::Tensor p = torch::softmax(logits.detach().to(torch::kFloat64), 1).cpu();
    for (int c = 0; c < k; ++c)
        out.probabilities.push_back(p[0][c].item<double>());
    out.predicted = int(std::max_element(out.probabilities.begin(), out.probabilities.end()) - out.probabilities.begin());
    out.heatMapClass = explainClass < 0 ? out.predicted : explainClass;
    if (m.explainable) {
        torch::AutoGradMode grad(true);
        logits[0][out.heatMapClass].backward();
        const torch::Tensor g = features.grad();
        torch::Tensor cam = torch::relu((g.mean({2, 3}, true) * features.detach()).sum(1, true));
        cam = torch::nn::functional::interpolate(
                  cam, torch::nn::functional::InterpolateFuncOptions()
                           .size(std::vector<std::int64_t>{image.rows, image.cols})
                           .mode(torch::kBilinear)
                           .align_corners(false))
                  .clamp_min(0);
        const float peak = cam.max().item<float>();
        if (peak > 0)
            cam = cam / peak;
        cam = cam.to(torch::kFloat32).cpu().contiguous();
        out.heatMap.assign(cam.data_ptr<float>(), cam.data_ptr<float>() + cam.numel());
    }
    reportProgress(progress, 1.0, "classification finished");
    return out;
}

double segmenterInferenceMs(int side, int slices, int threads, int baseChannels)
{
    if (threads > 0)
        torch::set_num_threads(threads);
    torch::manual_seed(1);
    detail::UNet2d net(baseChannels);
    const json sidecar{{"task", "segment"}, {"model", "unet2d"}, {"labels", {"background", "lesion"}}, {"base_channels", baseChannels},
                       {"input", {{"channels", 1}, {"multiple_of", 8}}},
                       {"window", {{"centre", 40}, {"width", 400}, {"maps_to", {-1, 1}}}}};
    const Model model = Model::load("libtorch-archive", detail::moduleBytes(*net), sidecar.dump(), "bench");
    Geometry g;
    g.dims = {side, side, slices};
    Volume volume(g, ScalarType::Int16);
    std::int16_t *v = volume.data<std::int16_t>();
    std::mt19937 rng(1);
    for (std::size_t i = 0; i < volume.voxelCount(); ++i)
        v[i] = std::int16_t(int(rng() % 400) - 100);
    Geometry one = g;
    one.dims[2] = 1;
    segmentVolume(model, Volume(one, ScalarType::Int16), Device::Cpu); // warm-up
    const auto start = std::chrono::steady_clock::now();
    segmentVolume(model, volume, Device::Cpu);
    return detail::secondsSince(start) * 1000.0;
}

double classifierInferenceMs(int threads)
{
    if (threads > 0)
        torch::set_num_threads(threads);
    torch::manual_seed(1);
    detail::Cnn2Impl net(28, 28, 10);
    const json sidecar{{"task", "classify"}, {"model", "cnn2"}, {"classes", 10}, {"input", {{"channels", 1}, {"rows", 28}, {"cols", 28}}}};
    const Model model = Model::load("libtorch-archive", detail::moduleBytes(net), sidecar.dump(), "bench");
    GreyImage image;
    image.cols = image.rows = 28;
    image.values.assign(28 * 28, 100.0f);
    classifyImage(model, image, Device::Cpu); // warm-up
    const auto start = std::chrono::steady_clock::now();
    const int runs = 20;
    for (int r = 0; r < runs; ++r)
        classifyImage(model, image, Device::Cpu);
    return detail::secondsSince(start) * 1000.0 / runs;
}

} // namespace sagitta::core::ml
