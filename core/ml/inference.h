#pragma once
// Running a model: segmentation of a volume (label mask + uncertainty) and classification of an
// image (class probabilities + Grad-CAM). Plain C++ (no torch header): app/, widgets/ and the
// command line include it freely.
//
// A Model comes from the project (ModelRecord's format, weights and sidecar JSON) or from files
// (a TorchScript .pt saved by PyTorch's torch.jit.save, or by exportModel, with its .json
// sidecar). Whatever its origin, it runs as TorchScript: a model trained here is turned into
// one when it is loaded (see models.h), so a model, its export and its re-import compute the
// same function.
//
// The sidecar (JSON object) says what the model takes and gives:
//   "task": "segment" | "classify"                                    (required)
//   "labels": ["background", "lesion"] | class names                  (required, >= 2)
//   "model": architecture name (unet2d, cnn2, ... or any text for TorchScript)
//   "input": {"channels": 1, "rows": R, "cols": C (fixed size; absent or 0: any),
//             "multiple_of": M (segment: slices are padded up to it), "modality": "CT",
//             "axis": "axial slices" (2D, the default) | "volume" (3D: see ModelSpec::volumetric)}
//   "window": {"centre": c, "width": w, "maps_to": [lo, hi]}: value -> clamp((v - (c - w/2)) / w,
//             0, 1) * (hi - lo) + lo; absent: values as they are
//   "spacing": [x, y, z] mm of the training data (information), "data": training data summary.
//   "test_time_mirroring": true: a segmentation is the mean softmax of the slices as they are and
//             mirrored (three flips), as the held-out evaluation of training computed it.
// A segmentation model's forward(x [N, C, H, W]) gives logits [N, labels, H, W]; a classifier's
// gives [N, labels]. A classifier may define features(x) -> [N, K, h, w] and head(f) -> logits
// with forward = head(features(x)); Grad-CAM needs them (without, the heat map is empty).
#include "core/base/progress.h"
#include "core/image/volume.h"
#include "core/ml/train.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sagitta::core::ml {

// What a model's sidecar says it takes (parsed and checked when the model is loaded).
struct ModelSpec {
    std::string task;                  // segment, classify
    std::string architecture;          // sidecar "model"
    std::vector<std::string> labels;   // one per output class
    int channels = 1;                  // 1 grey, 3 colour (RGB)
    int rows = 0, cols = 0;            // fixed input size; 0: any
    int multipleOf = 1;                // segment: height and width are padded up to a multiple
    std::string modality;              // empty: any
    bool windowed = false;             // window below is applied
    double windowCentre = 0, windowWidth = 1, mapLow = 0, mapHigh = 1;
    // segment: softmax averaged over the slice as it is and mirrored left-right, up-down and
    // both (sidecar "test_time_mirroring": true; what the held-out Dice of training measured)
    bool mirroring = false;
    // segment: a 3D network (sidecar input "axis": "volume"): forward(x [N, C, D, H, W]) gives
    // [N, labels, D, H, W]; volumes run in overlapping slabs along z, padded in every axis up to
    // multipleOf. Otherwise a 2D network over axial slices.
    bool volumetric = false;
    std::string sidecarJson;           // as stored
};

class Model {
public:
    // format: "libtorch-archive" (weights of a model trained here: torch::save archive bytes) or
    // "torchscript" (a TorchScript archive's bytes). name appears in every message about the
    // model. Throws core::Error naming the model when the sidecar is not valid JSON, lacks
    // task or labels, names an architecture this build cannot rebuild (libtorch-archive), or
    // when the weights do not load.
    static Model load(const std::string &format, const std::string &weights, const std::string &sidecarJson,
                      const std::string &name);
    // A TorchScript file and its sidecar (default: modelPath with the extension .json).
    static Model loadFiles(const std::string &modelPath, const std::string &sidecarPath = {});

    const std::string &name() const;
    const ModelSpec &spec() const;
    // The model as a TorchScript archive (bytes): what exportModel writes.
    std::string torchScriptBytes() const;

    struct Impl;
    const Impl &impl() const { return *m_impl; }

private:
    std::shared_ptr<Impl> m_impl;
};

// A voxel-wise segmentation of a volume, on its grid.
struct Segmentation {
    std::array<int, 3> dims{0, 0, 0};
    std::vector<std::uint8_t> mask;        // class index per voxel (0 background; 1 lesion for a 2-class model)
    std::vector<std::uint8_t> uncertainty; // softmax entropy / ln(classes) * 255, rounded: 0 certain, 255 uniform
    std::vector<std::string> labels;       // the model's, by class index
};

// Segments every axial slice (batches of slices, padded to the model's multiple). Refuses
// (core::Error naming the model and the problem) a model of another task, a colour volume for
// a grey model or the reverse, a slice size a fixed-size model does not take, and a volume of
// another modality than the model's (modality: the series' DICOM modality, empty when unknown:
// not checked). device: Auto is CUDA when present. Throws core::Cancelled when progress asks
// (checked between batches). Thread: the caller's; one call at a time per Model.
Segmentation segmentVolume(const Model &model, const Volume &volume, Device device = Device::Auto,
                           ProgressSink *progress = nullptr, const std::string &modality = {});

// One 2D image, row-major, values in the units the model's window expects (8-bit pixel values
// for an image set, HU for CT).
struct GreyImage {
    int cols = 0, rows = 0;
    std::vector<float> values; // cols * rows
};
// Axial slice k of a volume (luminance for colour).
GreyImage axialSlice(const Volume &volume, int k);

struct Classification {
    std::vector<double> probabilities;     // softmax, one per label
    std::vector<std::string> labels;
    int predicted = 0;                     // argmax
    // Grad-CAM of heatMapClass: ReLU of the feature maps weighted by the spatial mean of the
    // class score's gradient, bilinearly resized to the image (cols x rows, row-major) and
    // divided by its maximum: values in [0, 1], 1 at the peak (all 0 when nothing supports
    // the class). Empty when the model has no features/head methods.
    std::vector<float> heatMap;
    int heatMapClass = 0;
};

// Classifies one image and explains explainClass (-1: the predicted class). Refuses a model
// of another task, a size a fixed-size model does not take, an image of another modality
// and an explainClass out of range (core::Error naming the model). Throws core::Cancelled when
// progress asks before the work starts.
Classification classifyImage(const Model &model, const GreyImage &image, Device device = Device::Auto,
                             ProgressSink *progress = nullptr, int explainClass = -1, const std::string &modality = {});

} // namespace sagitta::core::ml
