#include "core/ml/metrics.h"

#include "core/base/error.h"
#include "core/labels/morphology.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sagitta::core::ml {

double diceScore(const std::vector<std::uint8_t> &a, const std::vector<std::uint8_t> &b)
{
    if (a.size() != b.size())
        throw Error("Dice: the two masks differ in size");
    std::size_t inter = 0, sum = 0;
    for (std::size_t v = 0; v < a.size(); ++v) {
        const bool x = a[v] != 0, y = b[v] != 0;
        inter += x && y;
        sum += std::size_t(x) + std::size_t(y);
    }
    return sum == 0 ? 1.0 : 2.0 * double(inter) / double(sum);
}

namespace {

// The 95th percentile (linear interpolation between order statistics, numpy's default).
double percentile95(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const double at = 0.95 * double(v.size() - 1);
    const std::size_t lo = std::size_t(at), hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (v[hi] - v[lo]) * (at - double(lo));
}

} // namespace

double hausdorff95(const std::vector<std::uint8_t> &a, const std::vector<std::uint8_t> &b, const std::array<int, 3> &dims,
                   const Vec3 &spacing)
{
    const std::size_t n = std::size_t(dims[0]) * std::size_t(dims[1]) * std::size_t(dims[2]);
    if (a.size() != n || b.size() != n)
        throw Error("HD95: the masks must hold dims[0] x dims[1] x dims[2] voxels");
    // The box holding both masks: the distances between their voxels do not depend on the rest.
    std::array<int, 3> lo{dims[0], dims[1], dims[2]}, hi{-1, -1, -1};
    bool anyA = false, anyB = false;
    std::size_t v = 0;
    for (int k = 0; k < dims[2]; ++k)
        for (int j = 0; j < dims[1]; ++j)
            for (int i = 0; i < dims[0]; ++i, ++v) {
                if (!a[v] && !b[v])
                    continue;
                anyA = anyA || a[v];
                anyB = anyB || b[v];
                lo = {std::min(lo[0], i), std::min(lo[1], j), std::min(lo[2], k)};
                hi = {std::max(hi[0], i), std::max(hi[1], j), std::max(hi[2], k)};
            }
    if (!anyA && !anyB)
        return 0.0;
    if (!anyA || !anyB)
        return std::numeric_limits<double>::quiet_NaN();
    const std::array<int, 3> box{hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1};
    const std::size_t m = std::size_t(box[0]) * std::size_t(box[1]) * std::size_t(box[2]);
    // Surface voxels of each mask inside the box.
    auto surface = [&](const std::vector<std::uint8_t> &mask) {
        std::vector<std::uint8_t> s(m, 0);
        auto in = [&](int i, int j, int k) {
            return i >= 0 && j >= 0 && k >= 0 && i < dims[0] && j < dims[1] && k < dims[2]
                   && mask[(std::size_t(k) * std::size_t(dims[1]) + std::size_t(j)) * std::size_t(dims[0]) + std::size_t(i)];
        };
        std::size_t w = 0;
        for (int k = lo[2]; k <= hi[2]; ++k)
            for (int j = lo[1]; j <= hi[1]; ++j)
                for (int i = lo[0]; i <= hi[0]; ++i, ++w)
                    if (in(i, j, k)
                        && (!in(i - 1, j, k) || !in(i + 1, j, k) || !in(i, j - 1, k) || !in(i, j + 1, k) || !in(i, j, k - 1)
                            || !in(i, j, k + 1)))
                        s[w] = 1;
        return s;
    };
    const std::vector<std::uint8_t> sa = surface(a), sb = surface(b);
    const std::vector<float> toA = squaredDistanceMm(sa, box, spacing, 1), toB = squaredDistanceMm(sb, box, spacing, 1);
    std::vector<double> ab, ba;
    for (std::size_t w = 0; w < m; ++w) {
        if (sa[w])
            ab.push_back(std::sqrt(double(toB[w])));
        if (sb[w])
            ba.push_back(std::sqrt(double(toA[w])));
    }
    return std::max(percentile95(std::move(ab)), percentile95(std::move(ba)));
}

double rocAuc(std::vector<double> positives, std::vector<double> negatives)
{
    if (positives.empty() || negatives.empty())
        return std::numeric_limits<double>::quiet_NaN();
    // U = sum over positive ranks - P(P+1)/2 with tied ranks averaged, in one sorted pass.
    struct Item {
        double score;
        bool positive;
    };
    std::vector<Item> items;
    items.reserve(positives.size() + negatives.size());
    for (const double s : positives)
        items.push_back({s, true});
    for (const double s : negatives)
        items.push_back({s, false});
    std::sort(items.begin(), items.end(), [](const Item &x, const Item &y) { return x.score < y.score; });
    double rankSum = 0;
    for (std::size_t i = 0; i < items.size();) {
        std::size_t j = i;
        std::size_t pos = 0;
        while (j < items.size() && items[j].score == items[i].score)
            pos += items[j++].positive;
        const double rank = (double(i + 1) + double(j)) / 2.0; // the average of ranks i+1 .. j
        rankSum += rank * double(pos);
        i = j;
    }
    const double p = double(positives.size()), q = double(negatives.size());
    return (rankSum - p * (p + 1) / 2) / (p * q);
}

std::vector<double> rocAucPerClass(const std::vector<double> &probabilities, const std::vector<int> &truth, int classes)
{
    if (classes < 1 || probabilities.size() != truth.size() * std::size_t(classes))
        throw Error("ROC AUC: the probabilities must hold one row of class scores per item");
    std::vector<double> out;
    for (int c = 0; c < classes; ++c) {
        std::vector<double> pos, neg;
        for (std::size_t n = 0; n < truth.size(); ++n)
            (truth[n] == c ? pos : neg).push_back(probabilities[n * std::size_t(classes) + std::size_t(c)]);
        out.push_back(rocAuc(std::move(pos), std::move(neg)));
    }
    return out;
}

double meanDefined(const std::vector<double> &values)
{
    double sum = 0;
    int n = 0;
    for (const double v : values)
        if (!std::isnan(v)) {
            sum += v;
            ++n;
        }
    return n ? sum / n : std::numeric_limits<double>::quiet_NaN();
}

} // namespace sagitta::core::ml
