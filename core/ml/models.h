#pragma once
// Private to core/ml (includes torch): the networks trained here, and their TorchScript twins.
//
// LibTorch 1.13 cannot script or trace a C++ torch::nn::Module (pytorch/pytorch#26086,
// #16263): TorchScript only comes from Python. So each network here also has its forward
// written as TorchScript source; scripted() builds a torch::jit::Module from a trained module's
// parameters and buffers ('.' in their names becomes '_') and that source. The result is a
// real TorchScript module: inference runs every model through it (trained here or imported
// from PyTorch, one code path), and exportModel saves it where PyTorch's torch.jit.load
// reads it. Classifiers define features(x) (the last convolutional feature map) and head(f)
// (the rest, to logits) beside forward = head(features(x)): what Grad-CAM needs.
#include <torch/script.h>
#include <torch/torch.h>

#include <string>

namespace sagitta::core::ml::detail {

// Four levels (c, 2c, 4c, 8c channels); input sides must be multiples of 8. Output: 2 logits
// per pixel (background, lesion). groupNorm: each convolution is followed by a group norm
// (4 groups; per image, so crops and whole slices are normalised alike), else nothing.
struct UNet2dImpl : torch::nn::Module {
    explicit UNet2dImpl(int c, bool groupNorm = false);
    torch::Tensor forward(const torch::Tensor &x);
    torch::nn::Sequential enc1, enc2, enc3, bottom;
    torch::nn::ConvTranspose2d up3;
    torch::nn::Sequential dec3;
    torch::nn::ConvTranspose2d up2;
    torch::nn::Sequential dec2;
    torch::nn::ConvTranspose2d up1;
    torch::nn::Sequential dec1;
    torch::nn::Conv2d head;
};
TORCH_MODULE(UNet2d);

// Three levels (c, 2c, 4c channels) of 3x3x3 convolutions, each followed by a ReLU (no norm,
// as the 2D U-Net); input sides must be multiples of 4. Input [N, 1, D, H, W],
// output 2 logits per voxel.
struct UNet3dImpl : torch::nn::Module {
    explicit UNet3dImpl(int c);
    torch::Tensor forward(const torch::Tensor &x);
    torch::nn::Sequential enc1, enc2, bottom;
    torch::nn::ConvTranspose3d up2;
    torch::nn::Sequential dec2;
    torch::nn::ConvTranspose3d up1;
    torch::nn::Sequential dec1;
    torch::nn::Conv3d head;
};
TORCH_MODULE(UNet3d);

// An image classifier: logits = head(features(x)), features the last convolutional map.
struct ClassifierNet : torch::nn::Module {
    virtual torch::Tensor features(const torch::Tensor &x) = 0;
    virtual torch::Tensor head(const torch::Tensor &f) = 0;
    torch::Tensor forward(const torch::Tensor &x) { return head(features(x)); }
    // Its TorchScript twin (see scripted()).
    virtual torch::jit::Module toScript() = 0;
};

// The classic CNN: conv(32)+pool, conv(64)+pool, dense(128), dense(classes). Logits.
struct Cnn2Impl : ClassifierNet {
    Cnn2Impl(int rows, int cols, int classes);
    torch::Tensor features(const torch::Tensor &x) override; // conv2 after ReLU, before its pool
    torch::Tensor head(const torch::Tensor &f) override;
    torch::jit::Module toScript() override;
    torch::nn::Conv2d conv1, conv2;
    torch::nn::Linear fc1, fc2;
};

// A ResNet-18-like network for small grey images: a 3x3 stem (width w, no max pool), four
// stages of two basic residual blocks (w, 2w, 4w, 8w channels; stride 2 from the second
// stage on), batch norm, global average pool, dense(classes). Features: the last stage.
struct ResNet18Impl : ClassifierNet {
    ResNet18Impl(int width, int classes);
    torch::Tensor features(const torch::Tensor &x) override;
    torch::Tensor head(const torch::Tensor &f) override;
    torch::jit::Module toScript() override;
    int width;
    torch::nn::Conv2d stem;
    torch::nn::BatchNorm2d stemNorm;
    torch::nn::ModuleList blocks;
    torch::nn::Linear fc;
};

// A classifier named by a sidecar's "model": cnn2 (rows and cols fixed) or resnet18 (width).
// Throws core::Error for another name.
std::shared_ptr<ClassifierNet> makeClassifier(const std::string &name, int rows, int cols, int classes, int width);

// The TorchScript source of each network above (the methods of a module whose attributes are
// the C++ module's parameters and buffers, '.' replaced by '_').
const std::string &unet2dScript(bool groupNorm = false);
const std::string &unet3dScript();

// A TorchScript module holding module's parameters and buffers (copied to the CPU, no
// gradient) with the methods of source. className names its type (e.g. "UNet2d").
torch::jit::Module scripted(torch::nn::Module &module, const std::string &className, const std::string &source);

} // namespace sagitta::core::ml::detail
