#include "core/ml/modelfiles.h"

#include "core/base/atomicfile.h"
#include "core/base/error.h"
#include "core/ml/inference.h"
#include "core/ml/tagger.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace sagitta::core::ml {

namespace {

std::string safeBase(const std::string &name)
{
    std::string out;
    for (const char c : name)
        out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
    return out.empty() ? std::string("model") : out;
}

// The sidecar's task, or "" when it is not a JSON object with one.
std::string sidecarTask(const std::string &sidecarJson)
{
    const nlohmann::json j = nlohmann::json::parse(sidecarJson, nullptr, false);
    return j.is_object() && j.contains("task") && j["task"].is_string() ? j["task"].get<std::string>() : std::string();
}

std::string readAll(const std::string &path, const char *what)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path + ": cannot read the " + std::string(what));
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

ModelFiles exportModel(const std::string &format, const std::string &weights, const std::string &sidecarJson,
                       const std::string &name, const std::string &folder, const std::string &base)
{
    // A tagger has no TorchScript twin (its BiLSTM and hashing live in C++): it leaves as the
    // archive it was stored as, checked by loading it, and its sidecar says so.
    const bool tagger = sidecarTask(sidecarJson) == "tag";
    std::string bytes;
    if (tagger) {
        if (format != "libtorch-archive")
            throw Error(name + ": a tagger stored as '" + format + "' cannot be exported");
        TagModel::load(weights, sidecarJson, name);
        bytes = weights;
    } else {
        bytes = Model::load(format, weights, sidecarJson, name).torchScriptBytes();
    }
    nlohmann::json sidecar = nlohmann::json::parse(sidecarJson);
    sidecar["format"] = tagger ? "libtorch-archive" : "torchscript";
    sidecar["exported_from"] = {{"name", name}, {"format", format}};
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec)
        throw Error(folder + ": cannot create the folder (" + ec.message() + ")");
    const std::string stem = base.empty() ? safeBase(name) : base;
    ModelFiles files{(fs::path(folder) / (stem + ".pt")).string(), (fs::path(folder) / (stem + ".json")).string()};
    writeFileAtomically(files.modelPath, bytes);
    writeFileAtomically(files.sidecarPath, sidecar.dump(2) + "\n");
    return files;
}

ModelFiles exportModel(const ModelRecord &record, const std::string &folder, const std::string &base)
{
    if (record.weights.empty())
        throw Error("model " + std::to_string(record.id) + " ('" + record.name + "') was read without its weights");
    return exportModel(record.format, record.weights, record.sidecarJson, record.name, folder,
                       base.empty() ? "model-" + std::to_string(record.id) : base);
}

ImportedModel importModel(const std::string &modelPath, const std::string &sidecarPath)
{
    const std::string sidecar = sidecarPath.empty() ? fs::path(modelPath).replace_extension(".json").string() : sidecarPath;
    ImportedModel out;
    out.name = fs::path(modelPath).stem().string();
    out.weights = readAll(modelPath, "model");
    out.sidecarJson = readAll(sidecar, "model's sidecar (JSON)");
    try {
        if (sidecarTask(out.sidecarJson) == "tag") { // a tagger exported by Sagitta (see exportModel)
            TagModel::load(out.weights, out.sidecarJson, out.name);
            out.task = "tag";
            out.format = "libtorch-archive";
        } else {
            const Model model = Model::load(out.format, out.weights, out.sidecarJson, out.name);
            out.task = model.spec().task;
        }
    } catch (const Error &e) {
        throw Error(modelPath + ": " + e.what());
    }
    return out;
}

} // namespace sagitta::core::ml
