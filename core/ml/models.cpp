#include "core/ml/models.h"

#include "core/base/error.h"

namespace sagitta::core::ml::detail {

namespace {

// No batch norm: the U-Net trains on crops around lesions and segments whole slices, whose
// feature statistics differ; running statistics from the crops suppressed lesions on whole
// slices (held-out Dice near 0 while the training loss fell). Without it train and inference
// compute the same function.
torch::nn::Sequential convBlock(int in, int out, bool groupNorm)
{
    using namespace torch::nn;
    if (groupNorm)
        return Sequential(Conv2d(Conv2dOptions(in, out, 3).padding(1)), GroupNorm(GroupNormOptions(4, out)), ReLU(ReLUOptions(true)),
                          Conv2d(Conv2dOptions(out, out, 3).padding(1)), GroupNorm(GroupNormOptions(4, out)), ReLU(ReLUOptions(true)));
    return Sequential(Conv2d(Conv2dOptions(in, out, 3).padding(1)), ReLU(ReLUOptions(true)),
                      Conv2d(Conv2dOptions(out, out, 3).padding(1)), ReLU(ReLUOptions(true)));
}

// 3D: no norm either (see above): a group norm over a patch centred on a lesion and over a
// whole slab of mostly air normalises differently, and the held-out Dice of whole volumes stayed
// near 0.2 while the training loss fell.
torch::nn::Sequential convBlock3d(int in, int out)
{
    using namespace torch::nn;
    return Sequential(Conv3d(Conv3dOptions(in, out, 3).padding(1)), ReLU(ReLUOptions(true)),
                      Conv3d(Conv3dOptions(out, out, 3).padding(1)), ReLU(ReLUOptions(true)));
}

} // namespace

UNet3dImpl::UNet3dImpl(int c)
    : enc1(convBlock3d(1, c)), enc2(convBlock3d(c, 2 * c)), bottom(convBlock3d(2 * c, 4 * c)),
      up2(torch::nn::ConvTranspose3dOptions(4 * c, 2 * c, 2).stride(2)), dec2(convBlock3d(4 * c, 2 * c)),
      up1(torch::nn::ConvTranspose3dOptions(2 * c, c, 2).stride(2)), dec1(convBlock3d(2 * c, c)),
      head(torch::nn::Conv3dOptions(c, 2, 1))
{
    register_module("enc1", enc1);
    register_module("enc2", enc2);
    register_module("bottom", bottom);
    register_module("up2", up2);
    register_module("dec2", dec2);
    register_module("up1", up1);
    register_module("dec1", dec1);
    register_module("head", head);
}

torch::Tensor UNet3dImpl::forward(const torch::Tensor &x)
{
    const torch::Tensor e1 = enc1->forward(x);
    const torch::Tensor e2 = enc2->forward(torch::max_pool3d(e1, 2));
    const torch::Tensor b = bottom->forward(torch::max_pool3d(e2, 2));
    torch::Tensor d = dec2->forward(torch::cat({up2(b), e2}, 1));
    d = dec1->forward(torch::cat({up1(d), e1}, 1));
    return head(d);
}

const std::string &unet3dScript()
{
    static const std::string source = R"(
def block(self, x, w0, b0, w1, b1):
    x = torch.relu(torch.conv3d(x, w0, b0, [1, 1, 1], [1, 1, 1]))
    return torch.relu(torch.conv3d(x, w1, b1, [1, 1, 1], [1, 1, 1]))

def forward(self, x):
    e1 = self.block(x, self.enc1_0_weight, self.enc1_0_bias, self.enc1_2_weight, self.enc1_2_bias)
    e2 = self.block(torch.max_pool3d(e1, [2, 2, 2]), self.enc2_0_weight, self.enc2_0_bias, self.enc2_2_weight, self.enc2_2_bias)
    b = self.block(torch.max_pool3d(e2, [2, 2, 2]), self.bottom_0_weight, self.bottom_0_bias, self.bottom_2_weight, self.bottom_2_bias)
    d = torch.cat([torch.conv_transpose3d(b, self.up2_weight, self.up2_bias, [2, 2, 2]), e2], 1)
    d = self.block(d, self.dec2_0_weight, self.dec2_0_bias, self.dec2_2_weight, self.dec2_2_bias)
    d = torch.cat([torch.conv_transpose3d(d, self.up1_weight, self.up1_bias, [2, 2, 2]), e1], 1)
    d = self.block(d, self.dec1_0_weight, self.dec1_0_bias, self.dec1_2_weight, self.dec1_2_bias)
    return torch.conv3d(d, self.head_weight, self.head_bias)
)";
    return source;
}

UNet2dImpl::UNet2dImpl(int c, bool g)
    : enc1(convBlock(1, c, g)), enc2(convBlock(c, 2 * c, g)), enc3(convBlock(2 * c, 4 * c, g)), bottom(convBlock(4 * c, 8 * c, g)),
      up3(torch::nn::ConvTranspose2dOptions(8 * c, 4 * c, 2).stride(2)), dec3(convBlock(8 * c, 4 * c, g)),
      up2(torch::nn::ConvTranspose2dOptions(4 * c, 2 * c, 2).stride(2)), dec2(convBlock(4 * c, 2 * c, g)),
      up1(torch::nn::ConvTranspose2dOptions(2 * c, c, 2).stride(2)), dec1(convBlock(2 * c, c, g)),
      head(torch::nn::Conv2dOptions(c, 2, 1))
{
    register_module("enc1", enc1);
    register_module("enc2", enc2);
    register_module("enc3", enc3);
    register_module("bottom", bottom);
    register_module("up3", up3);
    register_module("dec3", dec3);
    register_module("up2", up2);
    register_module("dec2", dec2);
    register_module("up1", up1);
    register_module("dec1", dec1);
    register_module("head", head);
}

torch::Tensor UNet2dImpl::forward(const torch::Tensor &x)
{
    const torch::Tensor e1 = enc1->forward(x);
    const torch::Tensor e2 = enc2->forward(torch::max_pool2d(e1, 2));
    const torch::Tensor e3 = enc3->forward(torch::max_pool2d(e2, 2));
    const torch::Tensor b = bottom->forward(torch::max_pool2d(e3, 2));
    torch::Tensor d = dec3->forward(torch::cat({up3(b), e3}, 1));
    d = dec2->forward(torch::cat({up2(d), e2}, 1));
    d = dec1->forward(torch::cat({up1(d), e1}, 1));
    return head(d);
}

const std::string &unet2dScript(bool groupNorm)
{
    // One template, the block written out for each variant (Sequential indices: conv 0, norm 1,
    // conv 3, norm 4 with group norm; conv 0, conv 2 without).
    static const std::string tail = R"(
def forward(self, x):
    e1 = self.block(x, self.enc1_0_weight, self.enc1_0_bias, self.enc1_C_weight, self.enc1_C_bias, NORM(enc1))
    e2 = self.block(torch.max_pool2d(e1, [2, 2]), self.enc2_0_weight, self.enc2_0_bias, self.enc2_C_weight, self.enc2_C_bias, NORM(enc2))
    e3 = self.block(torch.max_pool2d(e2, [2, 2]), self.enc3_0_weight, self.enc3_0_bias, self.enc3_C_weight, self.enc3_C_bias, NORM(enc3))
    b = self.block(torch.max_pool2d(e3, [2, 2]), self.bottom_0_weight, self.bottom_0_bias, self.bottom_C_weight, self.bottom_C_bias, NORM(bottom))
    d = torch.cat([torch.conv_transpose2d(b, self.up3_weight, self.up3_bias, [2, 2]), e3], 1)
    d = self.block(d, self.dec3_0_weight, self.dec3_0_bias, self.dec3_C_weight, self.dec3_C_bias, NORM(dec3))
    d = torch.cat([torch.conv_transpose2d(d, self.up2_weight, self.up2_bias, [2, 2]), e2], 1)
    d = self.block(d, self.dec2_0_weight, self.dec2_0_bias, self.dec2_C_weight, self.dec2_C_bias, NORM(dec2))
    d = torch.cat([torch.conv_transpose2d(d, self.up1_weight, self.up1_bias, [2, 2]), e1], 1)
    d = self.block(d, self.dec1_0_weight, self.dec1_0_bias, self.dec1_C_weight, self.dec1_C_bias, NORM(dec1))
    return torch.conv2d(d, self.head_weight, self.head_bias)
)";
    auto expand = [](bool g) {
        std::string s = g ? R"(
def block(self, x, w0, b0, w1, b1, n0w, n0b, n1w, n1b):
    x = torch.relu(torch.group_norm(torch.conv2d(x, w0, b0, [1, 1], [1, 1]), 4, n0w, n0b, 1e-5))
    return torch.relu(torch.group_norm(torch.conv2d(x, w1, b1, [1, 1], [1, 1]), 4, n1w, n1b, 1e-5))
)"
                           : R"(
def block(self, x, w0, b0, w1, b1):
    x = torch.relu(torch.conv2d(x, w0, b0, [1, 1], [1, 1]))
    return torch.relu(torch.conv2d(x, w1, b1, [1, 1], [1, 1]))
)";
        std::string t = tail;
        for (std::size_t at; (at = t.find("_C_")) != std::string::npos;)
            t.replace(at, 3, g ? "_3_" : "_2_");
        for (std::size_t at; (at = t.find("NORM(")) != std::string::npos;) {
            const std::size_t end = t.find(')', at);
            const std::string m = t.substr(at + 5, end - at - 5);
            const std::string args = g ? "self." + m + "_1_weight, self." + m + "_1_bias, self." + m + "_4_weight, self." + m + "_4_bias" : "";
            // Without norm the trailing ", NORM(x)" goes with its comma.
            if (g)
                t.replace(at, end - at + 1, args);
            else
                t.replace(at - 2, end - at + 3, "");
        }
        return s + t;
    };
    static const std::string plain = expand(false), grouped = expand(true);
    return groupNorm ? grouped : plain;
}

Cnn2Impl::Cnn2Impl(int rows, int cols, int classes)
    : conv1(torch::nn::Conv2dOptions(1, 32, 3).padding(1)), conv2(torch::nn::Conv2dOptions(32, 64, 3).padding(1)),
      fc1(64 * (rows / 4) * (cols / 4), 128), fc2(128, classes)
{
    register_module("conv1", conv1);
    register_module("conv2", conv2);
    register_module("fc1", fc1);
    register_module("fc2", fc2);
}

torch::Tensor Cnn2Impl::features(const torch::Tensor &x)
{
    return torch::relu(conv2(torch::max_pool2d(torch::relu(conv1(x)), 2)));
}

torch::Tensor Cnn2Impl::head(const torch::Tensor &f)
{
    return fc2(torch::relu(fc1(torch::max_pool2d(f, 2).flatten(1))));
}

torch::jit::Module Cnn2Impl::toScript()
{
    static const std::string source = R"(
def features(self, x):
    x = torch.max_pool2d(torch.relu(torch.conv2d(x, self.conv1_weight, self.conv1_bias, [1, 1], [1, 1])), [2, 2])
    return torch.relu(torch.conv2d(x, self.conv2_weight, self.conv2_bias, [1, 1], [1, 1]))

def head(self, f):
    x = torch.max_pool2d(f, [2, 2]).flatten(1)
    x = torch.relu(torch.linear(x, self.fc1_weight, self.fc1_bias))
    return torch.linear(x, self.fc2_weight, self.fc2_bias)

def forward(self, x):
    return self.head(self.features(x))
)";
    return scripted(*this, "Cnn2", source);
}

namespace {

// conv3x3 - BN - ReLU - conv3x3 - BN, plus the input (through a strided 1x1 conv + BN when the
// shape changes), then ReLU.
struct BasicBlockImpl : torch::nn::Module {
    BasicBlockImpl(int in, int out, int stride)
        : conv1(torch::nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false)), bn1(out),
          conv2(torch::nn::Conv2dOptions(out, out, 3).padding(1).bias(false)), bn2(out), downsample(in != out || stride != 1)
    {
        register_module("conv1", conv1);
        register_module("bn1", bn1);
        register_module("conv2", conv2);
        register_module("bn2", bn2);
        if (downsample) {
            shortcut = torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1).stride(stride).bias(false));
            shortcutNorm = torch::nn::BatchNorm2d(out);
            register_module("shortcut", shortcut);
            register_module("shortcut_bn", shortcutNorm);
        }
    }
    torch::Tensor forward(const torch::Tensor &x)
    {
        torch::Tensor y = bn2(conv2(torch::relu(bn1(conv1(x)))));
        return torch::relu(y + (downsample ? shortcutNorm(shortcut(x)) : x));
    }
    torch::nn::Conv2d conv1;
    torch::nn::BatchNorm2d bn1;
    torch::nn::Conv2d conv2;
    torch::nn::BatchNorm2d bn2;
    bool downsample;
    torch::nn::Conv2d shortcut{nullptr};
    torch::nn::BatchNorm2d shortcutNorm{nullptr};
};
TORCH_MODULE(BasicBlock);

} // namespace

ResNet18Impl::ResNet18Impl(int w, int classes)
    : width(w), stem(torch::nn::Conv2dOptions(1, w, 3).padding(1).bias(false)), stemNorm(w), fc(8 * w, classes)
{
    register_module("stem", stem);
    register_module("stem_bn", stemNorm);
    int in = w;
    for (int stage = 0; stage < 4; ++stage) {
        const int out = w << stage;
        for (int b = 0; b < 2; ++b) {
            blocks->push_back(BasicBlock(in, out, stage > 0 && b == 0 ? 2 : 1));
            in = out;
        }
    }
    register_module("blocks", blocks);
    register_module("fc", fc);
}

torch::Tensor ResNet18Impl::features(const torch::Tensor &x)
{
    torch::Tensor y = torch::relu(stemNorm(stem(x)));
    for (const auto &b : *blocks)
        y = b->as<BasicBlock>()->forward(y);
    return y;
}

torch::Tensor ResNet18Impl::head(const torch::Tensor &f)
{
    return fc(f.mean({2, 3}));
}

torch::jit::Module ResNet18Impl::toScript()
{
    // Written out block by block from the module's own structure (names as in scripted()).
    auto bn = [](const std::string &p, const std::string &x) {
        return "torch.batch_norm(" + x + ", self." + p + "_weight, self." + p + "_bias, self." + p + "_running_mean, self." + p
               + "_running_var, False, 0.1, 1e-05, True)";
    };
    auto conv = [](const std::string &p, const std::string &x, int stride, int pad) {
        const std::string s = std::to_string(stride), q = std::to_string(pad);
        return "torch.conv2d(" + x + ", self." + p + "_weight, None, [" + s + ", " + s + "], [" + q + ", " + q + "])";
    };
    std::string src = "\ndef features(self, x):\n    y = torch.relu(" + bn("stem_bn", conv("stem", "x", 1, 1)) + ")\n";
    for (std::size_t i = 0; i < blocks->size(); ++i) {
        const auto block = (*blocks)[i]->as<BasicBlock>();
        const std::string p = "blocks_" + std::to_string(i) + "_";
        const int stride = int(block->conv1->options.stride()->at(0));
        src += "    z = torch.relu(" + bn(p + "bn1", conv(p + "conv1", "y", stride, 1)) + ")\n";
        src += "    z = " + bn(p + "bn2", conv(p + "conv2", "z", 1, 1)) + "\n";
        src += "    y = torch.relu(z + " + (block->downsample ? bn(p + "shortcut_bn", conv(p + "shortcut", "y", stride, 0)) : std::string("y"))
               + ")\n";
    }
    src += "    return y\n\ndef head(self, f):\n    return torch.linear(f.mean([2, 3]), self.fc_weight, self.fc_bias)\n"
           "\ndef forward(self, x):\n    return self.head(self.features(x))\n";
    return scripted(*this, "ResNet18", src);
}

std::shared_ptr<ClassifierNet> makeClassifier(const std::string &name, int rows, int cols, int classes, int width)
{
    if (name == "cnn2")
        return std::make_shared<Cnn2Impl>(rows, cols, classes);
    if (name == "resnet18")
        return std::make_shared<ResNet18Impl>(width, classes);
    throw Error("unknown classifier '" + name + "' (cnn2 or resnet18)");
}

torch::jit::Module scripted(torch::nn::Module &module, const std::string &className, const std::string &source)
{
    auto attributeName = [](std::string name) {
        std::replace(name.begin(), name.end(), '.', '_');
        return name;
    };
    torch::jit::Module out(c10::QualifiedName("__torch__.sagitta." + className));
    for (const auto &p : module.named_parameters(true))
        out.register_parameter(attributeName(p.key()), p.value().detach().cpu().clone(), false);
    for (const auto &b : module.named_buffers(true))
        out.register_buffer(attributeName(b.key()), b.value().detach().cpu().clone());
    out.define(source);
    out.eval();
    return out;
}

} // namespace sagitta::core::ml::detail
