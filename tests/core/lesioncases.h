#pragma once
// Small synthetic lesion cases for the trainer and inference tests (tst_ml, tst_inference): a
// 48x48 noisy body disk (40 HU), optionally a brighter organ (70 HU), and one or two spherical
// lesions, bright (130 HU) or dark (-10 HU), of radius 3 to 6 voxels. The same seed gives the
// same case.
#include "core/ml/datasets.h"

#include <array>
#include <random>
#include <string>
#include <vector>

namespace sagitta::testing {

struct LesionCaseShape {
    int depth = 12;
    float noiseSigma = 10;
    double centreSpread = 6; // lesion centres lie in slices 3 to 3 + centreSpread
    bool organ = true;
    std::array<double, 3> spacing{1, 1, 1};
};

inline core::ml::Case makeLesionCase(unsigned seed, const std::string &patient, const LesionCaseShape &shape = {})
{
    core::ml::Case c;
    c.patientKey = patient;
    c.name = "case " + std::to_string(seed);
    c.dims = {48, 48, shape.depth};
    c.spacing = shape.spacing;
    const std::size_t n = std::size_t(48 * 48 * shape.depth);
    c.image.resize(n);
    c.mask.resize(n);
    std::mt19937 rng(seed);
    std::normal_distribution<float> noise(0, shape.noiseSigma);
    std::uniform_real_distribution<double> u(0, 1);
    struct Ball {
        double x, y, z, r;
        float hu;
    };
    std::vector<Ball> balls;
    const int count = 1 + int(u(rng) * 2);
    for (int b = 0; b < count; ++b)
        balls.push_back({14 + u(rng) * 20, 14 + u(rng) * 20, 3 + u(rng) * shape.centreSpread, 3 + u(rng) * 3,
                         u(rng) < 0.5 ? 130.f : -10.f});
    std::size_t v = 0;
    for (int k = 0; k < shape.depth; ++k)
        for (int j = 0; j < 48; ++j)
            for (int i = 0; i < 48; ++i, ++v) {
                const double dx = i - 23.5, dy = j - 23.5;
                float hu = dx * dx + dy * dy < 22 * 22 ? 40.f : -1000.f;
                if (shape.organ && (dx - 6) * (dx - 6) + dy * dy < 64)
                    hu = 70.f;
                for (const Ball &b : balls)
                    if ((i - b.x) * (i - b.x) + (j - b.y) * (j - b.y) + (k - b.z) * (k - b.z) <= b.r * b.r) {
                        hu = b.hu;
                        c.mask[v] = 1;
                    }
                c.image[v] = hu + noise(rng);
            }
    return c;
}

} // namespace sagitta::testing
