// Tests core/labels/morphology.h: smoothing and margin of a segment, exact voxels against a
// brute-force ellipsoid kernel (anisotropic spacing), through LabelEdit.
#include "core/labels/morphology.h"

#include <QtTest>

#include <random>

using namespace sagitta::core;

namespace {

const std::array<int, 3> kDims{40, 36, 70}; // two slabs of 32 slices and a partial third
const Vec3 kSpacing{0.7, 0.9, 1.5};

using Dense = std::vector<std::uint8_t>;

std::size_t at(int i, int j, int k) { return (std::size_t(k) * kDims[1] + j) * kDims[0] + i; }
bool inside(int i, int j, int k) { return i >= 0 && j >= 0 && k >= 0 && i < kDims[0] && j < kDims[1] && k < kDims[2]; }

std::vector<std::array<int, 3>> kernel(double r)
{
    std::vector<std::array<int, 3>> out;
    const double r2 = r * r * (1 + 1e-6);
    for (int dk = -10; dk <= 10; ++dk)
        for (int dj = -10; dj <= 10; ++dj)
            for (int di = -10; di <= 10; ++di) {
                const double x = di * kSpacing[0], y = dj * kSpacing[1], z = dk * kSpacing[2];
                if (x * x + y * y + z * z <= r2)
                    out.push_back({di, dj, dk});
            }
    return out;
}

// Brute force: 0 dilate, 1 erode, 2 majority; kernel voxels outside the volume are ignored.
Dense reference(const Dense &in, double r, int op)
{
    const auto ker = kernel(r);
    Dense out(in.size());
    for (int k = 0; k < kDims[2]; ++k)
        for (int j = 0; j < kDims[1]; ++j)
            for (int i = 0; i < kDims[0]; ++i) {
                int on = 0, total = 0;
                for (const auto &o : ker) {
                    const int a = i + o[0], b = j + o[1], c = k + o[2];
                    if (!inside(a, b, c))
                        continue;
                    ++total;
                    on += in[at(a, b, c)];
                }
                const std::uint8_t self = in[at(i, j, k)];
                if (op == 0)
                    out[at(i, j, k)] = on > 0;
                else if (op == 1)
                    out[at(i, j, k)] = on == total;
                else
                    out[at(i, j, k)] = 2 * on > total ? 1 : 2 * on < total ? 0 : self;
            }
    return out;
}

// Label 3: two ellipsoids, a thin plate, a pinhole, specks; label 4 beside them.
LabelMap scene()
{
    LabelMap m(kDims);
    std::mt19937 rng(11);
    std::uniform_int_distribution<int> ri(0, kDims[0] - 1), rj(0, kDims[1] - 1), rk(0, kDims[2] - 1);
    for (int k = 0; k < kDims[2]; ++k)
        for (int j = 0; j < kDims[1]; ++j)
            for (int i = 0; i < kDims[0]; ++i) {
                const double a = std::pow((i - 12) / 8.0, 2) + std::pow((j - 14) / 9.0, 2) + std::pow((k - 30) / 6.0, 2);
                const double b = std::pow((i - 28) / 6.0, 2) + std::pow((j - 20) / 5.0, 2) + std::pow((k - 45) / 9.0, 2);
                if (a <= 1 || b <= 1 || (k == 60 && i >= 5 && i < 30 && j >= 5 && j < 30))
                    m.set(i, j, k, 3);
                else if (i >= 30 && j < 8 && k < 20)
                    m.set(i, j, k, 4);
            }
    m.set(12, 14, 30, 0); // a pinhole
    for (int n = 0; n < 60; ++n)
        m.set(ri(rng), rj(rng), rk(rng), 3);
    m.set(39, 35, 69, 3); // a speck in the far corner (edge voxels)
    return m;
}

Dense dense(const LabelMap &m, std::uint8_t label)
{
    Dense d(std::size_t(kDims[0]) * kDims[1] * kDims[2]);
    for (int k = 0; k < kDims[2]; ++k)
        for (int j = 0; j < kDims[1]; ++j)
            for (int i = 0; i < kDims[0]; ++i)
                d[at(i, j, k)] = m.at(i, j, k) == label;
    return d;
}

// The label map expected when label 3 becomes `want` (others overwritten where it grows).
void compareResult(const LabelMap &before, const LabelMap &after, const Dense &want)
{
    int mismatches = 0;
    for (int k = 0; k < kDims[2]; ++k)
        for (int j = 0; j < kDims[1]; ++j)
            for (int i = 0; i < kDims[0]; ++i) {
                const std::uint8_t old = before.at(i, j, k);
                const std::uint8_t expected = want[at(i, j, k)] ? 3 : (old == 3 ? 0 : old);
                if (after.at(i, j, k) != expected && mismatches++ < 5)
                    qWarning("voxel %d %d %d: %d, expected %d", i, j, k, after.at(i, j, k), expected);
            }
    QCOMPARE(mismatches, 0);
}

} // namespace

class TstMorphology : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void distanceTransformIsExact()
    {
        // One feature voxel; the squared distances are the exact anisotropic ones.
        Dense m(5 * 4 * 3, 0);
        m[(1 * 4 + 2) * 5 + 3] = 1; // (3, 2, 1)
        const auto d2 = squaredDistanceMm(m, {5, 4, 3}, {0.5, 2.0, 3.0}, 1);
        for (int k = 0; k < 3; ++k)
            for (int j = 0; j < 4; ++j)
                for (int i = 0; i < 5; ++i) {
                    const double x = (i - 3) * 0.5, y = (j - 2) * 2.0, z = (k - 1) * 3.0;
                    QCOMPARE(d2[std::size_t((k * 4 + j) * 5 + i)], float(x * x + y * y + z * z));
                }
        QVERIFY(squaredDistanceMm(Dense(8, 0), {2, 2, 2}, {1, 1, 1}, 1)[5] >= 1e30f); // no feature
    }

    void marginOfOneVoxel()
    {
        // 2 mm with spacing (1, 1, 2): 13 voxels in plane (i^2 + j^2 <= 4) and one above and below.
        LabelMap m({20, 20, 20});
        m.set(10, 10, 10, 1);
        LabelEdit edit(m);
        QCOMPARE(marginLabel(edit, 1, {1, 1, 2}, 2.0), std::size_t(14));
        edit.finish();
        QCOMPARE(m.count(1), std::uint64_t(15));
        QCOMPARE(int(m.at(12, 10, 10)), 1);
        QCOMPARE(int(m.at(11, 11, 10)), 1);
        QCOMPARE(int(m.at(12, 11, 10)), 0);
        QCOMPARE(int(m.at(10, 10, 11)), 1);
        QCOMPARE(int(m.at(11, 10, 11)), 0);
        QCOMPARE(int(m.at(10, 10, 12)), 0);
        // Shrinking by 1 mm keeps the voxels farther than 1 mm from the background: the centre
        // and its four in-plane neighbours (nearest background diagonal, sqrt 2 mm away).
        QCOMPARE(marginLabel(edit, 1, {1, 1, 2}, -1.0), std::size_t(10));
        edit.finish();
        QCOMPARE(m.count(1), std::uint64_t(5));
        QCOMPARE(int(m.at(11, 10, 10)), 1);
        QCOMPARE(int(m.at(10, 9, 10)), 1);
        QCOMPARE(int(m.at(11, 11, 10)), 0);
        QCOMPARE(int(m.at(12, 10, 10)), 0);
        QCOMPARE(int(m.at(10, 10, 11)), 0);
    }

    void marginMatchesBruteForce_data()
    {
        QTest::addColumn<double>("margin");
        QTest::newRow("grow 2.5 mm") << 2.5;
        QTest::newRow("grow 1.5 mm (one slice)") << 1.5;
        QTest::newRow("shrink 1.6 mm") << -1.6;
    }
    void marginMatchesBruteForce()
    {
        QFETCH(double, margin);
        const LabelMap before = scene();
        LabelMap m = before;
        LabelEdit edit(m);
        marginLabel(edit, 3, kSpacing, margin);
        const LabelDelta delta = edit.finish();
        const Dense in = dense(before, 3);
        compareResult(before, m, margin > 0 ? reference(in, margin, 0) : reference(in, -margin, 1));
        delta.apply(m, false);
        QVERIFY(m == before);
    }

    void smoothingMatchesBruteForce_data()
    {
        QTest::addColumn<int>("method");
        QTest::addColumn<double>("radius");
        QTest::newRow("median 1.6 mm") << int(SmoothingMethod::Median) << 1.6;
        QTest::newRow("opening 1.6 mm") << int(SmoothingMethod::Opening) << 1.6;
        QTest::newRow("closing 1.6 mm") << int(SmoothingMethod::Closing) << 1.6;
        QTest::newRow("closing 3 mm") << int(SmoothingMethod::Closing) << 3.0;
    }
    void smoothingMatchesBruteForce()
    {
        QFETCH(int, method);
        QFETCH(double, radius);
        const LabelMap before = scene();
        LabelMap m = before;
        LabelEdit edit(m);
        const std::size_t changed = smoothLabel(edit, 3, kSpacing, SmoothingMethod(method), radius);
        QVERIFY(changed > 0);
        edit.finish();
        const Dense in = dense(before, 3);
        Dense want;
        switch (SmoothingMethod(method)) {
        case SmoothingMethod::Median: want = reference(in, radius, 2); break;
        case SmoothingMethod::Opening: want = reference(reference(in, radius, 1), radius, 0); break;
        case SmoothingMethod::Closing: want = reference(reference(in, radius, 0), radius, 1); break;
        }
        compareResult(before, m, want);
        if (SmoothingMethod(method) != SmoothingMethod::Opening)
            QCOMPARE(int(m.at(12, 14, 30)), 3); // the pinhole is filled
        if (SmoothingMethod(method) != SmoothingMethod::Closing)
            QCOMPARE(int(m.at(39, 35, 69)), 0); // the corner speck is gone
    }

    void lockedAndOtherSegmentsAreKept()
    {
        const LabelMap before = scene();
        LabelMap m = before;
        EditMask mask;
        mask.locked[4] = true;
        LabelEdit edit(m, nullptr, mask);
        marginLabel(edit, 3, kSpacing, 3.0);
        edit.finish();
        QCOMPARE(m.count(4), before.count(4));
        QVERIFY(m.count(3) > before.count(3));
        // A locked segment is not smoothed at all.
        LabelMap n = before;
        mask.locked[3] = true;
        LabelEdit none(n, nullptr, mask);
        QCOMPARE(smoothLabel(none, 3, kSpacing, SmoothingMethod::Median, 2.0), std::size_t(0));
        QVERIFY(n == before);
    }
};

QTEST_GUILESS_MAIN(TstMorphology)
#include "tst_morphology.moc"
