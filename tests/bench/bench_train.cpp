// sagitta_bench --train: training throughput of the classic CNN (28x28, batch 64) and the 2D
// U-Net (256x256, batch 8) on the CPU, beside the same models, batch and optimizer in PyTorch
// (Debian's python3-torch, tests/bench/torch_peer.py) with the same thread count, in one run;
// and inference through core/ml/inference.h: segmentVolume for one 512x512 slice and a
// 512x512x500 volume (mask + uncertainty), classifyImage with Grad-CAM for one image.
#include "core/ml/mlinfo.h"
#include "core/ml/train.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace sagitta::bench {

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Images per second from the PyTorch peer, or -1 when python3-torch is missing.
double peer(const std::string &model, int threads)
{
    const std::string cmd = "/usr/bin/python3 " SAGITTA_BENCH_DIR "/torch_peer.py " + model + " " + std::to_string(threads) + " 2>&1";
    std::unique_ptr<FILE, int (*)(FILE *)> pipe(popen(cmd.c_str(), "r"), pclose);
    if (!pipe)
        return -1;
    std::array<char, 512> line{};
    double value = -1;
    while (std::fgets(line.data(), int(line.size()), pipe.get())) {
        char name[64];
        double v = 0;
        if (std::sscanf(line.data(), "%63s %lf", name, &v) == 2 && model == name)
            value = v;
    }
    return value;
}

void row(const char *what, double ours, double theirs)
{
    if (theirs > 0)
        std::printf("%-46s %10.1f img/s   PyTorch %10.1f img/s   ratio %.2fx\n", what, ours, theirs, ours / theirs);
    else
        std::printf("%-46s %10.1f img/s   PyTorch: not available (apt-get install python3-torch)\n", what, ours);
}

} // namespace

void trainBench(int threads)
{
    using namespace sagitta::core::ml;
    std::printf("\n== Training (LibTorch %s, CPU, %d threads; median of 3) ==\n", torchVersion().c_str(), threads);
    std::vector<double> cnn, cnnPeer, unet, unetPeer;
    for (int r = 0; r < 3; ++r) { // interleaved, so both see the same machine load
        cnn.push_back(classifierTrainingThroughput(64, 100, threads));
        cnnPeer.push_back(peer("cnn2", threads));
        unet.push_back(segmenterTrainingThroughput(256, 8, 5, threads, 8));
        unetPeer.push_back(peer("unet2d", threads));
    }
    row("train classic CNN 28x28, batch 64", median(cnn), median(cnnPeer));
    row("train 2D U-Net (8 base ch.) 256x256, batch 8", median(unet), median(unetPeer));
    std::vector<double> slice, volume;
    for (int r = 0; r < 3; ++r)
        slice.push_back(segmenterInferenceMs(512, 1, threads, 8));
    std::printf("%-46s %10.1f ms\n", "segmentVolume (U-Net), one 512x512 slice", median(slice));
    // 500 slices take minutes on 2 cores: 50 are timed and the figure scaled (slices are independent).
    const double vol = segmenterInferenceMs(512, 50, threads, 8) * 10.0;
    std::printf("%-46s %10.1f s (50 slices timed, x10)\n", "segmentVolume (U-Net), 512x512x500 volume", vol / 1000.0);
    std::vector<double> cls;
    for (int r = 0; r < 3; ++r)
        cls.push_back(classifierInferenceMs(threads));
    std::printf("%-46s %10.2f ms\n", "classifyImage (CNN + Grad-CAM), one 28x28", median(cls));
}

} // namespace sagitta::bench
