#pragma once
// Models in and out of the project as files: a TorchScript archive (.pt, what PyTorch's
// torch.jit.load reads and torch.jit.save writes) beside a JSON sidecar (.json; its fields are
// described in inference.h). Plain C++ (no torch header).
#include "core/project/training.h"

#include <string>

namespace sagitta::core::ml {

struct ModelFiles {
    std::string modelPath;   // <folder>/<base>.pt
    std::string sidecarPath; // <folder>/<base>.json
};

// Writes a model as TorchScript + sidecar into folder (created when missing), both through a
// temporary file and a rename. A model trained here (libtorch-archive) is turned into
// TorchScript (see models.h); a TorchScript model is written as it was imported. A tagger
// (task "tag") has no TorchScript form: its .pt is the LibTorch archive it was stored as, and
// its sidecar says "format": "libtorch-archive" (importModel takes it back). The sidecar
// is the stored one with "format": "torchscript" and "exported_from" (the model's name and
// stored format) added. base: file name without extension (empty: the model's name with
// characters other than letters, digits, '-', '_' and '.' replaced by '_').
// Throws core::Error naming the model or the file.
ModelFiles exportModel(const std::string &format, const std::string &weights, const std::string &sidecarJson,
                       const std::string &name, const std::string &folder, const std::string &base = {});
// A model as Project::model(id) returns it (with weights); base defaults to "model-<id>".
ModelFiles exportModel(const ModelRecord &record, const std::string &folder, const std::string &base = {});

// What Project::addModel stores for an imported model.
struct ImportedModel {
    std::string name;        // the model file's name without extension
    std::string task;        // from the sidecar
    std::string format = "torchscript"; // "libtorch-archive" for a tagger
    std::string weights;     // the TorchScript archive's bytes
    std::string sidecarJson;
};

// Reads a TorchScript file and its sidecar (default: modelPath with the extension .json) and
// checks them as Model::load does (valid sidecar; the archive loads; forward on a small input
// the sidecar allows gives the shape its task and labels call for; a tagger's archive loads as
// TagModel::load takes it). Throws core::Error naming the file and the problem.
ImportedModel importModel(const std::string &modelPath, const std::string &sidecarPath = {});

} // namespace sagitta::core::ml
