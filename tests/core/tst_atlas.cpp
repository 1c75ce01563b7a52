// Real atlas label maps (Debian's mricron-data: AAL, Brodmann, JHU white matter, AICHA) as the
// labels of a real DICOM series: the MNI template ch2 written by DCMTK, imported into a
// project; each atlas imported through the NIfTI label import (names from MRIcron's .nii.txt),
// exported as NIfTI and as DICOM SEG and imported back. Every voxel is compared with the atlas
// file as niftilib reads it, through the grids' affines (the atlas stores its voxels in RAS
// order, the series in DICOM's). The package is required: without it this test fails.
#include "core/base/error.h"
#include "core/dicom/synthetic.h"
#include "core/io/labelnifti.h"
#include "core/io/nifti.h"
#include "core/project/importer.h"
#include "core/project/labelexchange.h"

#include <nifti1.h>

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace sagitta::core;

namespace {

const std::string templates = "/usr/share/mricron/templates/";

bool haveMricronData()
{
    return QFile::exists(QString::fromStdString(templates + "ch2.nii.gz"))
           && QFile::exists(QString::fromStdString(templates + "aal.nii.gz"));
}

Vec3 lps(double x, double y, double z) { return {-x, -y, z}; }

// Writes a NIfTI image as a CT series (one file per slice, DCMTK) on exactly its grid: the
// same voxel centres, stored in DICOM's order (rows top-down, slices along the normal).
// value(n) gives the HU written for the file's voxel value n.
void writeAsDicom(const io::NiftiVolume &nv, const std::string &dir, const std::string &description,
                  const std::function<double(double)> &value)
{
    const io::Affine &a = nv.affine;
    auto column = [&](int c) { return Vec3{a[std::size_t(c)], a[std::size_t(4 + c)], a[std::size_t(8 + c)]}; };
    auto length = [](const Vec3 &v) { return std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]); };
    const Vec3 a0 = column(0), a1 = column(1), a2 = column(2);
    const double s0 = length(a0), s1 = length(a1), s2 = length(a2);
    const Vec3 u = lps(a0[0] / s0, a0[1] / s0, a0[2] / s0);     // along a row: the file's i
    const Vec3 w = lps(-a1[0] / s1, -a1[1] / s1, -a1[2] / s1);  // down a column: the file's j reversed
    const Vec3 n = {u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]};
    const Vec3 d = lps(a2[0] / s2, a2[1] / s2, a2[2] / s2);
    const bool along = n[0] * d[0] + n[1] * d[1] + n[2] * d[2] > 0; // else slices run against the file's k
    const int ny = nv.dims[1], nz = nv.dims[2];
    auto fileK = [=](int k) { return along ? k : nz - 1 - k; };
    dicom::SyntheticSpec spec;
    spec.dims = nv.dims;
    spec.spacing = {s0, s1, s2};
    spec.orientation = {u[0], u[1], u[2], w[0], w[1], w[2]};
    const double j0 = ny - 1, k0 = fileK(0);
    spec.origin = lps(a[1] * j0 + a[2] * k0 + a[3], a[5] * j0 + a[6] * k0 + a[7], a[9] * j0 + a[10] * k0 + a[11]);
    spec.patientName = "MNI^TEMPLATE";
    spec.patientId = "SAGITTA-ATLAS";
    spec.studyDescription = "MNI template (mricron-data)";
    spec.seriesDescription = description;
    spec.values = [&nv, ny, fileK, value](int i, int j, int k) { return value(nv.at(i, ny - 1 - j, fileK(k))); };
    dicom::writeSyntheticSeries(dir, spec);
}

// The atlas voxel (in the file's index) at the centre of series voxel (i, j, k), by the
// series' geometry and the atlas' affine (inverted here in double).
struct AtlasLookup {
    io::NiftiVolume atlas;
    Geometry g;
    std::array<double, 12> inv{};

    AtlasLookup(io::NiftiVolume v, const Geometry &geometry) : atlas(std::move(v)), g(geometry)
    {
        const io::Affine &a = atlas.affine;
        const double det = a[0] * (a[5] * a[10] - a[6] * a[9]) - a[1] * (a[4] * a[10] - a[6] * a[8])
                           + a[2] * (a[4] * a[9] - a[5] * a[8]);
        const double r[9] = {(a[5] * a[10] - a[6] * a[9]) / det, (a[2] * a[9] - a[1] * a[10]) / det,
                             (a[1] * a[6] - a[2] * a[5]) / det,  (a[6] * a[8] - a[4] * a[10]) / det,
                             (a[0] * a[10] - a[2] * a[8]) / det, (a[2] * a[4] - a[0] * a[6]) / det,
                             (a[4] * a[9] - a[5] * a[8]) / det,  (a[1] * a[8] - a[0] * a[9]) / det,
                             (a[0] * a[5] - a[1] * a[4]) / det};
        for (int row = 0; row < 3; ++row) {
            for (int c = 0; c < 3; ++c)
                inv[std::size_t(row * 4 + c)] = r[row * 3 + c];
            inv[std::size_t(row * 4 + 3)] = -(r[row * 3] * a[3] + r[row * 3 + 1] * a[7] + r[row * 3 + 2] * a[11]);
        }
    }

    // The atlas value there; fails the test (returns -1) when the centre is not on a voxel of the atlas.
    double at(int i, int j, int k) const
    {
        const Vec3 p = g.indexToPhysical({double(i), double(j), double(k)});
        const double ras[3] = {-p[0], -p[1], p[2]};
        int f[3];
        for (int r = 0; r < 3; ++r) {
            const double x = inv[std::size_t(r * 4)] * ras[0] + inv[std::size_t(r * 4 + 1)] * ras[1]
                             + inv[std::size_t(r * 4 + 2)] * ras[2] + inv[std::size_t(r * 4 + 3)];
            f[r] = int(std::lround(x));
            if (std::abs(x - f[r]) > 0.01 || f[r] < 0 || f[r] >= atlas.dims[std::size_t(r)])
                return -1;
        }
        return atlas.at(f[0], f[1], f[2]);
    }
};

// MRIcron's names: "INDEX NAME [CODE]" lines.
std::map<int, std::string> atlasNames(const std::string &txt)
{
    std::map<int, std::string> out;
    std::ifstream in(txt);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream f(line);
        int idx = 0;
        std::string name;
        if (f >> idx >> name && idx > 0)
            out[idx] = name;
    }
    return out;
}

// Every voxel of map is the atlas' value there, through the segment table (atlas value ->
// the segment of that name, or "Label N"); returns how many voxels differ.
std::size_t differences(const LabelMap &map, const std::vector<Segment> &segments, const AtlasLookup &atlas,
                        const std::map<int, std::string> &names, std::size_t *labelled = nullptr)
{
    std::map<std::string, int> labelOf;
    for (const Segment &s : segments)
        labelOf[s.name] = s.label;
    std::array<int, 65536> table;
    table.fill(-1);
    table[0] = 0;
    for (int v = 1; v < 65536; ++v) {
        const auto it = names.find(v);
        const std::string name = it != names.end() ? it->second : "Label " + std::to_string(v);
        const auto l = labelOf.find(name);
        if (l != labelOf.end())
            table[std::size_t(v)] = l->second;
    }
    std::size_t wrong = 0, n = 0;
    const auto &d = map.dims();
    for (int k = 0; k < d[2]; ++k)
        for (int j = 0; j < d[1]; ++j)
            for (int i = 0; i < d[0]; ++i) {
                const double v = atlas.at(i, j, k);
                const int expected = v >= 0 && v < 65536 ? table[std::size_t(v)] : -2;
                wrong += int(map.at(i, j, k)) != expected;
                n += map.at(i, j, k) != 0;
            }
    if (labelled)
        *labelled = n;
    return wrong;
}

QStringList dciodvfyErrors(const QString &file)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("dciodvfy"), {file});
    p.waitForFinished(300000);
    const QStringList report = QString::fromUtf8(p.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QStringList errors;
    for (const QString &line : report)
        if (line.startsWith(QStringLiteral("Error")))
            errors << line;
    if (report.isEmpty())
        errors << QStringLiteral("dciodvfy said nothing");
    return errors;
}

} // namespace

class TstAtlas : public QObject {
    Q_OBJECT

    QTemporaryDir dir;
    std::unique_ptr<Project> project;
    std::int64_t ch2Series = 0;
    std::map<std::string, std::int64_t> atlasSeries;

    // A series on the atlas' own grid (its values as the image), for atlases not on ch2's grid.
    std::int64_t seriesOnGridOf(const std::string &atlas)
    {
        if (!atlasSeries.count(atlas)) {
            const std::string out = dir.filePath(QString::fromStdString("dicom-" + atlas)).toStdString();
            writeAsDicom(io::readNifti(templates + atlas + ".nii.gz"), out, atlas + " grid", [](double v) { return 10 * v; });
            atlasSeries[atlas] = recordImport(*project, scanForImport(out)).at(0);
        }
        return atlasSeries[atlas];
    }

    // NIfTI only; and SEG; and SEG checked by dciodvfy (minutes for AAL's 4,000 frames: not there).
    enum class Check { Nifti, Seg, SegVerified };

    void roundTrip(std::int64_t series, const std::string &atlas, std::size_t labels, Check check)
    {
        const std::string file = templates + atlas + ".nii.gz";
        const SeriesRecord r = *project->seriesStore().seriesById(series);
        const AtlasLookup lookup(io::readNifti(file), r.geometry);
        const std::map<int, std::string> names = atlasNames(templates + atlas + ".nii.txt");

        // In: the atlas as the series' label map, named by its .nii.txt.
        const LabelImport in = importLabels(*project, series, file);
        QCOMPARE(in.segments.size(), labels);
        const std::vector<Segment> segments = project->labelStore().segments(series);
        QCOMPARE(segments.size(), labels);
        for (const Segment &s : segments)
            if (names.count(s.label))
                QCOMPARE(s.name, names.at(s.label));
        const LabelMap map = project->labelStore().loadLabelMap(series, r.geometry.dims);
        std::size_t labelled = 0;
        QCOMPARE(differences(map, segments, lookup, names, &labelled), std::size_t(0));
        QVERIFY(labelled > 10000);
        QCOMPARE(in.voxels, std::uint64_t(labelled));

        // Out as NIfTI (the convert file's layout, not the atlas'): same voxels in the same
        // places, same names; and back in.
        const std::string nii = dir.filePath(QString::fromStdString(atlas + "-out.nii.gz")).toStdString();
        exportLabels(*project, series, nii);
        const AtlasLookup exported(io::readNifti(nii), r.geometry);
        const io::LabelFile sidecar = io::readLabelNifti(nii, r.geometry);
        QVERIFY(sidecar.labels == map);
        std::map<int, std::string> exportedNames;
        for (const Segment &s : sidecar.segments)
            exportedNames[s.label] = s.name;
        QCOMPARE(differences(map, segments, exported, exportedNames), std::size_t(0));
        importLabels(*project, series, nii);
        QVERIFY(project->labelStore().loadLabelMap(series, r.geometry.dims) == map);
        QCOMPARE(project->labelStore().segments(series).size(), labels);

        if (check == Check::Nifti)
            return;
        // Out as DICOM SEG (de-identified by default), valid to dciodvfy, and back in.
        const std::string dcm = dir.filePath(QString::fromStdString(atlas + "-out.dcm")).toStdString();
        exportLabels(*project, series, dcm);
        if (check == Check::SegVerified) {
            const QStringList errors = dciodvfyErrors(QString::fromStdString(dcm));
            QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
        }
        importLabels(*project, series, dcm);
        const LabelMap back = project->labelStore().loadLabelMap(series, r.geometry.dims);
        const std::vector<Segment> backSegments = project->labelStore().segments(series);
        QCOMPARE(backSegments.size(), labels);
        QCOMPARE(differences(back, backSegments, lookup, names), std::size_t(0));
        for (const Segment &s : backSegments)
            if (names.count(s.label))
                QCOMPARE(s.name, names.at(s.label));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(haveMricronData(), "Debian's mricron-data (installer/packages.txt) is missing: /usr/share/mricron/templates");
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("dciodvfy")).isEmpty(),
                 "dciodvfy (Debian package dicom3tools, installer/packages.txt) is missing");
        QVERIFY(dir.isValid());
        project = Project::create(dir.filePath(QStringLiteral("atlas.sagitta")).toStdString());
        // The T1 template as a real DICOM series, read back voxel for voxel.
        const io::NiftiVolume ch2 = io::readNifti(templates + "ch2.nii.gz");
        const std::string out = dir.filePath(QStringLiteral("dicom-ch2")).toStdString();
        writeAsDicom(ch2, out, "ch2 T1 template", [](double v) { return v; });
        const std::vector<std::int64_t> ids = recordImport(*project, scanForImport(out));
        QCOMPARE(ids.size(), std::size_t(1));
        ch2Series = ids[0];
        const SeriesRecord r = *project->seriesStore().seriesById(ch2Series);
        QCOMPARE(r.geometry.dims, (std::array<int, 3>{181, 217, 181}));
        const Volume image = loadRecordedSeries(r);
        const AtlasLookup lookup(ch2, r.geometry);
        std::size_t wrong = 0;
        for (int k = 0; k < 181; ++k)
            for (int j = 0; j < 217; ++j)
                for (int i = 0; i < 181; ++i)
                    wrong += image.value(i, j, k) != lookup.at(i, j, k);
        QCOMPARE(wrong, std::size_t(0));
    }

    void aal() { roundTrip(ch2Series, "aal", 116, Check::Seg); }

    // Brodmann's 41 labels run to 48: the SEG numbers them 1..41, the names map them back.
    void brodmann() { roundTrip(ch2Series, "brodmann", 41, Check::SegVerified); }

    // JHU names run to 103 characters, beyond SEG's 64-character SegmentLabel.
    void jhuWhiteMatter()
    {
        roundTrip(seriesOnGridOf("JHU-WhiteMatter-labels-1mm"), "JHU-WhiteMatter-labels-1mm", 48, Check::SegVerified);
    }

    // AICHA (the mricron-data version: 192 labels, 2 mm) stores x from right to left.
    void aicha() { roundTrip(seriesOnGridOf("AICHAmc"), "AICHAmc", 192, Check::Nifti); }

    void moreLabelsThanAMapHolds()
    {
        // AICHA's regions left and right apart (as the 384-region AICHA has them): values beyond
        // 255 and more labels than one 8-bit map holds.
        const std::int64_t series = seriesOnGridOf("AICHAmc");
        const SeriesRecord r = *project->seriesStore().seriesById(series);
        const AtlasLookup lookup(io::readNifti(templates + "AICHAmc.nii.gz"), r.geometry);
        const std::string file = dir.filePath(QStringLiteral("aicha384.nii.gz")).toStdString();
        const int nx = r.geometry.dims[0];
        std::set<int> values;
        io::writeNiftiGrid(
            r.geometry, NIFTI_TYPE_INT16, 2,
            [&](int j, int k, void *row) {
                auto *out = static_cast<std::int16_t *>(row);
                for (int i = 0; i < nx; ++i) {
                    const double v = lookup.at(i, j, k);
                    out[i] = std::int16_t(v > 0 && i < nx / 2 ? v + 192 : v);
                    if (out[i] > 0)
                        values.insert(out[i]);
                }
            },
            file);
        QVERIFY(values.size() > 255);
        QVERIFY(*values.rbegin() > 255);
        const LabelMap before = project->labelStore().loadLabelMap(series, r.geometry.dims);
        try {
            importLabels(*project, series, file);
            QFAIL("a 384-label atlas became an 8-bit label map");
        } catch (const Error &e) {
            const QString what = QString::fromUtf8(e.what());
            QVERIFY2(what.startsWith(QString::fromStdString(file)), e.what());
            QVERIFY2(what.contains(QStringLiteral("(%1 labels)").arg(values.size())), e.what());
            QVERIFY2(what.contains(QStringLiteral("not imported")), e.what());
        }
        QVERIFY(project->labelStore().loadLabelMap(series, r.geometry.dims) == before);
        QVERIFY(project->verify().empty());
    }
};

QTEST_GUILESS_MAIN(TstAtlas)
#include "tst_atlas.moc"
