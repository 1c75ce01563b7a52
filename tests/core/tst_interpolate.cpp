// Tests core/labels/interpolate.h: shape-based fill between slices, previewed then written
// through LabelEdit.
#include "core/labels/interpolate.h"

#include <QtTest>

#include <cmath>

using namespace sagitta::core;

namespace {

void disk(LabelMap &m, int k, double cx, double cy, double r, std::uint8_t v)
{
    for (int j = 0; j < m.dims()[1]; ++j)
        for (int i = 0; i < m.dims()[0]; ++i)
            if ((i - cx) * (i - cx) + (j - cy) * (j - cy) <= r * r)
                m.set(i, j, k, v);
}

int sliceCount(const LabelMap &m, int k, std::uint8_t v)
{
    int n = 0;
    for (int j = 0; j < m.dims()[1]; ++j)
        for (int i = 0; i < m.dims()[0]; ++i)
            n += m.at(i, j, k) == v;
    return n;
}

// Brute-force signed distance of an axial slice in mm (spacing su, sv), whole plane.
std::vector<double> bruteSigned(const LabelMap &m, int k, std::uint8_t v, double su, double sv)
{
    const int w = m.dims()[0], h = m.dims()[1];
    std::vector<double> out(std::size_t(w) * h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const bool in = m.at(x, y, k) == v;
            double best = 1e300;
            for (int b = 0; b < h; ++b)
                for (int a = 0; a < w; ++a)
                    if ((m.at(a, b, k) == v) != in)
                        best = std::min(best, std::hypot((a - x) * su, (b - y) * sv));
            out[std::size_t(y) * w + x] = in ? -best : best;
        }
    return out;
}

} // namespace

class TstInterpolate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void diskOfTenAndTwentyGiveFifteen()
    {
        Geometry g;
        g.dims = {64, 64, 12};
        g.spacing = {1.0, 1.0, 2.5};
        LabelMap m(g.dims);
        disk(m, 0, 32, 32, 10, 1);
        disk(m, 10, 32, 32, 20, 1);
        QCOMPARE(sliceCount(m, 0, 1), 317);  // lattice points with i^2 + j^2 <= 100
        QCOMPARE(sliceCount(m, 10, 1), 1257); // ... <= 400
        const LabelMap before = m;
        QCOMPARE(labelledSlices(m, 1, SliceAxis::Axial), (std::vector<int>{0, 10}));

        const LabelMap preview = fillBetweenSlicesPreview(m, g, 1, SliceAxis::Axial);
        QVERIFY(m == before); // a preview writes nothing
        QCOMPARE(sliceCount(preview, 0, 1), 0);
        QCOMPARE(sliceCount(preview, 10, 1), 0);
        QCOMPARE(sliceCount(preview, 11, 1), 0);
        // Slice 5, half way: exactly where the mean of the two signed distances is <= 0, and
        // that is the disk of radius 15 up to half a voxel.
        const auto da = bruteSigned(m, 0, 1, 1.0, 1.0), db = bruteSigned(m, 10, 1, 1.0, 1.0);
        int expected = 0;
        for (int j = 0; j < 64; ++j)
            for (int i = 0; i < 64; ++i) {
                const std::size_t n = std::size_t(j) * 64 + i;
                const bool in = 0.5 * da[n] + 0.5 * db[n] <= 0;
                expected += in;
                QCOMPARE(int(preview.at(i, j, 5)), in ? 1 : 0);
                const double rho = std::hypot(i - 32, j - 32);
                if (rho <= 14.5)
                    QVERIFY(in);
                if (rho > 15.5)
                    QVERIFY(!in);
            }
        QCOMPARE(sliceCount(preview, 5, 1), expected);
        QCOMPARE(expected, 709); // the lattice disk of radius 15
        for (int k = 1; k < 9; ++k) // grows slice by slice
            QVERIFY(sliceCount(preview, k, 1) < sliceCount(preview, k + 1, 1));
        QVERIFY(sliceCount(preview, 1, 1) > 317);

        LabelEdit edit(m);
        std::size_t previewVoxels = 0;
        for (int k = 0; k < 12; ++k)
            previewVoxels += std::size_t(sliceCount(preview, k, 1));
        QCOMPARE(applyPreview(edit, preview), previewVoxels);
        QVERIFY(!edit.finish().empty());
        for (int k = 1; k < 10; ++k)
            QCOMPARE(sliceCount(m, k, 1), sliceCount(preview, k, 1));
        // The outlines themselves are unchanged, voxel for voxel.
        for (int k : {0, 10})
            for (int j = 0; j < 64; ++j)
                for (int i = 0; i < 64; ++i)
                    QCOMPARE(m.at(i, j, k), before.at(i, j, k));
    }

    void outlinesThirtySlicesApartAlongColumns()
    {
        // Coronal: j is the slice axis; (u, v) = (i, k). The same rectangle on j = 2 and j = 32
        // fills every slice between with that rectangle; a smaller one on j = 40 fills 33..39.
        Geometry g;
        g.dims = {48, 44, 40};
        g.spacing = {0.8, 3.0, 1.2};
        LabelMap m(g.dims);
        auto rect = [&](int j, int i0, int i1, int k0, int k1) {
            for (int k = k0; k < k1; ++k)
                for (int i = i0; i < i1; ++i)
                    m.set(i, j, k, 2);
        };
        rect(2, 10, 30, 5, 25);
        rect(32, 10, 30, 5, 25);
        rect(40, 15, 20, 10, 15);
        m.set(0, 20, 0, 3); // another segment: ignored
        QCOMPARE(labelledSlices(m, 2, SliceAxis::Coronal), (std::vector<int>{2, 32, 40}));
        const LabelMap preview = fillBetweenSlicesPreview(m, g, 2, SliceAxis::Coronal);
        for (int j = 0; j < 44; ++j) {
            int n = 0;
            bool exact = true;
            for (int k = 0; k < 40; ++k)
                for (int i = 0; i < 48; ++i) {
                    const bool in = preview.at(i, j, k) == 2;
                    n += in;
                    exact &= in == (i >= 10 && i < 30 && k >= 5 && k < 25);
                }
            if (j > 2 && j < 32)
                QVERIFY2(exact, qPrintable(QString("slice %1").arg(j)));
            else if (j > 32 && j < 40)
                QVERIFY(n >= 25 && n < 400); // between the 5 x 5 and the 20 x 20 outline
            else
                QCOMPARE(n, 0);
        }
    }

    void previewIsWrittenThroughTheMask()
    {
        Geometry g;
        g.dims = {40, 40, 8};
        LabelMap m(g.dims);
        disk(m, 0, 20, 20, 5, 1);
        disk(m, 6, 20, 20, 5, 1);
        m.set(20, 20, 3, 2); // a locked segment inside the gap
        const LabelMap preview = fillBetweenSlicesPreview(m, g, 1, SliceAxis::Axial);
        QCOMPARE(sliceCount(preview, 3, 1), 81); // the same disk: i^2 + j^2 <= 25
        EditMask mask;
        mask.locked[2] = true;
        LabelEdit edit(m, nullptr, mask);
        QCOMPARE(applyPreview(edit, preview), std::size_t(5 * 81 - 1));
        edit.finish();
        QCOMPARE(int(m.at(20, 20, 3)), 2);
        QCOMPARE(sliceCount(m, 3, 1), 80);
    }
};

QTEST_GUILESS_MAIN(TstInterpolate)
#include "tst_interpolate.moc"
