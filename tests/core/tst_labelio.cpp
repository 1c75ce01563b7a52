// Tests core/io/labelnifti (label maps as NIfTI with sidecars) and the project's label
// exchange: LabelStore::replaceLabels / mergeLabels (one transaction) and verify().
#include "core/base/error.h"
#include "core/dicom/invesalius.h"
#include "core/dicom/seriesloader.h"
#include "core/dicom/synthetic.h"
#include "core/io/labelnifti.h"
#include "core/io/nifti.h"
#include "core/project/importer.h"
#include "core/project/labelexchange.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace sagitta::core;

namespace {

Geometry obliqueGrid()
{
    Geometry g;
    g.dims = {11, 7, 5};
    g.spacing = {0.8, 0.6, 2.5};
    g.origin = {-30, 12.5, 40};
    const double c = std::cos(0.3), s = std::sin(0.3);
    g.direction = {c, 0, s, 0, 1, 0, -s, 0, c}; // columns: row, column, normal
    return g;
}

LabelMap pattern(const std::array<int, 3> &d)
{
    LabelMap m(d);
    for (int k = 0; k < d[2]; ++k)
        for (int j = 0; j < d[1]; ++j)
            for (int i = 0; i < d[0]; ++i)
                m.set(i, j, k, std::uint8_t((i + 2 * j + 3 * k) % 4 == 0 ? 1 : (i > 6 && j < 3 ? 3 : 0)));
    return m;
}

std::vector<Segment> segments()
{
    Segment a, b;
    a.label = 1;
    a.name = "Lesion \"A\"";
    a.rgb = 0x123456;
    b.label = 3;
    b.name = "Liver";
    b.rgb = 0xabcdef;
    return {a, b};
}

std::string readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string();
}

SeriesRecord fakeRecord(const Geometry &g)
{
    SeriesRecord r;
    r.seriesUid = "1.2.826.0.1.3680043.2.99";
    r.modality = "CT";
    r.geometry = g;
    for (int k = 0; k < g.dims[2]; ++k)
        r.files.push_back("/data/" + std::to_string(k) + ".dcm");
    return r;
}

} // namespace

class TstLabelIo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void niftiRoundTripWithSidecars()
    {
        QTemporaryDir dir;
        const Geometry g = obliqueGrid();
        const LabelMap labels = pattern(g.dims);
        const QString out = dir.filePath(QStringLiteral("labels.nii.gz"));
        io::writeLabelNifti(labels, g, segments(), out.toStdString());
        const io::LabelFile back = io::readLabelNifti(out.toStdString(), g);
        QVERIFY(back.labels == labels);
        QCOMPARE(back.segments.size(), std::size_t(2));
        QCOMPARE(back.segments[0].name, std::string("Lesion \"A\""));
        QCOMPARE(back.segments[1].label, std::uint8_t(3));
        QCOMPARE(back.segments[1].rgb, 0xabcdefu);
        const auto sidecar = nlohmann::json::parse(readText(dir.filePath(QStringLiteral("labels.json"))));
        QCOMPARE(sidecar.size(), std::size_t(2));
        QCOMPARE(sidecar[1]["color"].get<std::string>(), std::string("#abcdef"));
        QCOMPARE(sidecar[1]["label"].get<int>(), 3);
        const std::string snap = readText(dir.filePath(QStringLiteral("labels.label.txt")));
        QVERIFY(snap.find("    3   171  205  239") != std::string::npos);
        QVERIFY(snap.find("\"Liver\"") != std::string::npos);
        // Without the JSON, ITK-SNAP's file names the segments (its quotes became apostrophes).
        QVERIFY(QFile::remove(dir.filePath(QStringLiteral("labels.json"))));
        const io::LabelFile snapOnly = io::readLabelNifti(out.toStdString(), g);
        QCOMPARE(snapOnly.segments[0].name, std::string("Lesion 'A'"));
        QCOMPARE(snapOnly.segments[0].rgb, 0x123456u);
        // Without either: "Label N".
        QVERIFY(QFile::remove(dir.filePath(QStringLiteral("labels.label.txt"))));
        QCOMPARE(io::readLabelNifti(out.toStdString(), g).segments[1].name, std::string("Label 3"));
    }

    // Overlapping segments cannot share one 3D volume: two layers become a 4D file with one
    // volume per layer, the sidecar naming each segment's volume; read back exactly, and through
    // the project (replace) the segments keep their layers.
    void overlappingSegmentsAsVolumesPerLayer()
    {
        QTemporaryDir dir;
        const Geometry g = obliqueGrid();
        LabelMap labels = pattern(g.dims); // 1 and 3 on layer 0
        std::uint64_t lesion = 0;
        for (int k = 1; k < 4; ++k)
            for (int j = 1; j < 5; ++j)
                for (int i = 5; i < 10; ++i, ++lesion)
                    labels.set(i, j, k, 2, 1); // over both
        labels.setLayerOf(2, 1);
        std::vector<Segment> three = segments();
        Segment l;
        l.label = 2;
        l.name = "Lesion in the liver";
        l.rgb = 0xff8800;
        three.push_back(l);
        const QString out = dir.filePath(QStringLiteral("layers.nii"));
        io::writeLabelNifti(labels, g, three, out.toStdString());
        const io::NiftiVolume raw = io::readNifti(out.toStdString(), true);
        QCOMPARE(raw.volumes, 2);
        QVERIFY_THROWS_EXCEPTION(Error, io::readNifti(out.toStdString())); // not a 3D file
        double inSecond = 0;
        for (int k = 0; k < g.dims[2]; ++k)
            for (int j = 0; j < g.dims[1]; ++j)
                for (int i = 0; i < g.dims[0]; ++i) {
                    QCOMPARE(raw.at(i, g.dims[1] - 1 - j, k, 0), double(labels.at(i, j, k, 0)));
                    inSecond += raw.at(i, j, k, 1) == 2;
                }
        QCOMPARE(inSecond, double(lesion));
        const auto sidecar = nlohmann::json::parse(readText(dir.filePath(QStringLiteral("layers.json"))));
        QCOMPARE(sidecar.size(), std::size_t(3));
        QCOMPARE(sidecar[0]["layer"].get<int>(), 0);
        QCOMPARE(sidecar[1]["label"].get<int>(), 2);
        QCOMPARE(sidecar[1]["layer"].get<int>(), 1);
        const io::LabelFile back = io::readLabelNifti(out.toStdString(), g);
        QVERIFY(back.labels == labels);
        QCOMPARE(back.segments[1].layer, 1);

        auto p = Project::create(dir.filePath(QStringLiteral("p.sagitta")).toStdString());
        const std::int64_t id = p->seriesStore().addSeries(fakeRecord(g));
        const LabelImport in = importLabels(*p, id, out.toStdString());
        QCOMPARE(in.voxels, labels.count(1) + labels.count(2) + labels.count(3));
        QVERIFY(p->labelStore().loadLabelMap(id, g.dims) == labels);
        QCOMPARE(p->labelStore().segments(id)[1].layer, 1);
        QVERIFY(p->verify().empty());
        // Merged on top of itself: every voxel is labelled already, so the copies go to layers
        // of their own and what was there stays as it was.
        const LabelImport merged = p->labelStore().mergeLabels(id, labels, three, "NIfTI");
        QCOMPARE(merged.voxels, in.voxels);
        QCOMPARE(merged.voxelsOverlapping, in.voxels);
        QCOMPARE(merged.voxelsKept, std::uint64_t(0));
        const LabelMap twice = p->labelStore().loadLabelMap(id, g.dims);
        QVERIFY(twice.layerCount() > labels.layerCount());
        for (const Segment &s : merged.segments) {
            QVERIFY(s.layer >= labels.layerCount());
            QCOMPARE(twice.count(s.label), labels.count(s.label - 3)); // 1, 2, 3 came back as 4, 5, 6
        }
        for (std::uint8_t v : {1, 2, 3})
            QCOMPARE(twice.count(v), labels.count(v));
        QVERIFY(p->verify().empty());
        // A one-layer map stays a 3D file without "layer" in its sidecar.
        io::writeLabelNifti(pattern(g.dims), g, segments(), out.toStdString());
        QCOMPARE(io::readNifti(out.toStdString()).volumes, 1);
        QVERIFY(!nlohmann::json::parse(readText(dir.filePath(QStringLiteral("layers.json"))))[0].contains("layer"));
    }

    void overlaysTheConvertedImage()
    {
        // Same header geometry as writeNifti's image, voxel for voxel in the same place.
        QTemporaryDir dir;
        const Geometry g = obliqueGrid();
        Volume image(g, ScalarType::Int16);
        auto *v = image.data<std::int16_t>();
        for (std::size_t n = 0; n < image.voxelCount(); ++n)
            v[n] = std::int16_t(n);
        const LabelMap labels = pattern(g.dims);
        io::writeNifti(image, dir.filePath(QStringLiteral("image.nii")).toStdString());
        io::writeLabelNifti(labels, g, segments(), dir.filePath(QStringLiteral("labels.nii")).toStdString());
        const io::NiftiVolume a = io::readNifti(dir.filePath(QStringLiteral("image.nii")).toStdString());
        const io::NiftiVolume b = io::readNifti(dir.filePath(QStringLiteral("labels.nii")).toStdString());
        QCOMPARE(b.datatype, 2); // NIFTI_TYPE_UINT8
        QCOMPARE(a.dims, b.dims);
        QCOMPARE(a.affine, b.affine);
        for (int k = 0; k < g.dims[2]; ++k)
            for (int j = 0; j < g.dims[1]; ++j)
                for (int i = 0; i < g.dims[0]; ++i) {
                    // The stored voxel holding image voxel (i, j, k) holds its label too.
                    const int n = int(a.at(i, j, k));
                    const int ii = n % g.dims[0], jj = (n / g.dims[0]) % g.dims[1], kk = n / (g.dims[0] * g.dims[1]);
                    QCOMPARE(int(b.at(i, j, k)), int(labels.at(ii, jj, kk)));
                }
    }

    void mismatchedGridIsRefused()
    {
        QTemporaryDir dir;
        const Geometry g = obliqueGrid();
        const QString out = dir.filePath(QStringLiteral("labels.nii"));
        io::writeLabelNifti(pattern(g.dims), g, segments(), out.toStdString());
        Geometry moved = g;
        moved.origin[0] += 0.5; // more than a tenth of a voxel
        Geometry bigger = g;
        bigger.dims[2] += 1;
        for (const Geometry &other : {moved, bigger}) {
            try {
                io::readLabelNifti(out.toStdString(), other);
                QFAIL("a label file on another grid was taken");
            } catch (const Error &e) {
                QVERIFY2(QString::fromUtf8(e.what()).startsWith(out), e.what());
                QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("not imported")), e.what());
            }
        }
        Geometry nudged = g;
        nudged.origin[0] += 0.01; // within tolerance
        QVERIFY(io::readLabelNifti(out.toStdString(), nudged).labels == pattern(g.dims));
    }

    void otherAxisOrdersAreTheSameGrid()
    {
        // The same voxels stored with columns and rows swapped and the slices reversed (as
        // other tools store atlases, e.g. in RAS order): read back onto the series' grid exactly.
        QTemporaryDir dir;
        const Geometry g = obliqueGrid();
        const LabelMap labels = pattern(g.dims);
        Geometry other;
        other.dims = {g.dims[1], g.dims[0], g.dims[2]};
        other.spacing = {g.spacing[1], g.spacing[0], g.spacing[2]};
        const Vec3 last = g.indexToPhysical({0, 0, double(g.dims[2] - 1)});
        other.origin = last;
        for (int r = 0; r < 3; ++r) {
            other.direction[std::size_t(r * 3 + 0)] = g.direction[std::size_t(r * 3 + 1)];
            other.direction[std::size_t(r * 3 + 1)] = g.direction[std::size_t(r * 3 + 0)];
            other.direction[std::size_t(r * 3 + 2)] = -g.direction[std::size_t(r * 3 + 2)];
        }
        LabelMap stored(other.dims);
        for (int k = 0; k < g.dims[2]; ++k)
            for (int j = 0; j < g.dims[1]; ++j)
                for (int i = 0; i < g.dims[0]; ++i)
                    stored.set(j, i, g.dims[2] - 1 - k, labels.at(i, j, k));
        const QString out = dir.filePath(QStringLiteral("swapped.nii.gz"));
        io::writeLabelNifti(stored, other, segments(), out.toStdString());
        const io::LabelFile back = io::readLabelNifti(out.toStdString(), g);
        QVERIFY(back.labels == labels);
        QCOMPARE(back.segments.size(), std::size_t(2));
        // Half a voxel off along the swapped axis: refused.
        Geometry shifted = other;
        for (int r = 0; r < 3; ++r)
            shifted.origin[std::size_t(r)] += 0.5 * other.spacing[0] * other.direction[std::size_t(r * 3)];
        io::writeLabelNifti(stored, shifted, segments(), out.toStdString());
        try {
            io::readLabelNifti(out.toStdString(), g);
            QFAIL("a grid half a voxel off was taken");
        } catch (const Error &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("placed differently")), e.what());
        }
    }

    void mricronAtlasNames()
    {
        // MRIcron's atlas names beside the file (aal.nii.txt): "INDEX NAME [CODE]".
        QTemporaryDir dir;
        const Geometry g = obliqueGrid();
        const QString out = dir.filePath(QStringLiteral("atlas.nii.gz"));
        io::writeLabelNifti(pattern(g.dims), g, segments(), out.toStdString());
        QVERIFY(QFile::remove(dir.filePath(QStringLiteral("atlas.json"))));
        QVERIFY(QFile::remove(dir.filePath(QStringLiteral("atlas.label.txt"))));
        {
            std::ofstream names(dir.filePath(QStringLiteral("atlas.nii.txt")).toStdString());
            names << "0\tUnclassified\n1 Precentral_L 2001\n3\tCaudate_R\n";
        }
        const io::LabelFile back = io::readLabelNifti(out.toStdString(), g);
        QCOMPARE(back.segments.size(), std::size_t(2));
        QCOMPARE(back.segments[0].name, std::string("Precentral_L"));
        QCOMPARE(back.segments[1].name, std::string("Caudate_R"));
    }

    void replaceIsOneTransaction()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.sagitta"));
        const Geometry g = obliqueGrid();
        std::int64_t id = 0;
        LabelMap before(g.dims);
        {
            auto p = Project::create(path.toStdString());
            id = p->seriesStore().addSeries(fakeRecord(g));
            const Segment old = p->labelStore().addSegment(id, "Old", 0x111111);
            before.set(1, 1, 1, old.label);
            p->labelStore().saveLabelChunks(id, before, {before.chunkOf(1, 1, 1)});
        }
        // The import's last statement (its audit row) fails: nothing of it may stay.
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db,
                              "CREATE TRIGGER kill_import BEFORE INSERT ON audit_log WHEN NEW.action = 'labels.import'"
                              " BEGIN SELECT RAISE(ABORT, 'killed'); END",
                              nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        {
            auto p = Project::open(path.toStdString());
            QVERIFY_THROWS_EXCEPTION(Error, p->labelStore().replaceLabels(id, pattern(g.dims), segments(), "NIfTI"));
            QVERIFY(p->labelStore().loadLabelMap(id, g.dims) == before);
            QCOMPARE(p->labelStore().segments(id).size(), std::size_t(1));
            QCOMPARE(p->labelStore().segments(id)[0].name, std::string("Old"));
        }
        QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "DROP TRIGGER kill_import", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
        auto p = Project::open(path.toStdString());
        const std::int64_t oldId = p->labelStore().segments(id)[0].id;
        const LabelImport done = p->labelStore().replaceLabels(id, pattern(g.dims), segments(), "NIfTI");
        QVERIFY(p->labelStore().loadLabelMap(id, g.dims) == pattern(g.dims));
        const std::vector<Segment> now = p->labelStore().segments(id);
        QCOMPARE(now.size(), std::size_t(2));
        QCOMPARE(now[0].id, oldId); // label 1 kept its row, with the new name
        QCOMPARE(now[0].name, std::string("Lesion \"A\""));
        QCOMPARE(now[1].label, std::uint8_t(3));
        QCOMPARE(done.voxels, pattern(g.dims).count(1) + pattern(g.dims).count(3));
        // A value no segment describes is refused before anything is written.
        LabelMap stray = pattern(g.dims);
        stray.set(0, 0, 0, 9);
        QVERIFY_THROWS_EXCEPTION(Error, p->labelStore().replaceLabels(id, stray, segments(), "NIfTI"));
        QVERIFY(p->labelStore().loadLabelMap(id, g.dims) == pattern(g.dims));
        QVERIFY(p->verify().empty());
    }

    void mergeAddsWithFreeLabels()
    {
        QTemporaryDir dir;
        const Geometry g = obliqueGrid();
        auto p = Project::create(dir.filePath(QStringLiteral("p.sagitta")).toStdString());
        const std::int64_t id = p->seriesStore().addSeries(fakeRecord(g));
        const Segment mine = p->labelStore().addSegment(id, "Mine", 0x222222); // label 1
        LabelMap current(g.dims);
        current.set(0, 0, 0, 1); // (0,0,0) is labelled 1 in pattern() too
        current.set(10, 6, 4, 1);
        p->labelStore().saveLabelChunks(id, current, {0});
        const LabelMap in = pattern(g.dims);
        const LabelImport merged = p->labelStore().mergeLabels(id, in, segments(), "NIfTI");
        QCOMPARE(merged.segments.size(), std::size_t(2));
        QCOMPARE(int(merged.segments[0].label), 2); // 1 is taken: imported 1 -> 2, 3 -> 3
        QCOMPARE(int(merged.segments[1].label), 3);
        // (0,0,0) is labelled in both: the imported segment there goes to a layer of its own.
        QCOMPARE(merged.voxelsOverlapping, std::uint64_t(1));
        QCOMPARE(merged.voxelsKept, std::uint64_t(0));
        QCOMPARE(merged.segments[0].layer, 1);
        QCOMPARE(merged.segments[1].layer, 0);
        const LabelMap after = p->labelStore().loadLabelMap(id, g.dims);
        for (int k = 0; k < g.dims[2]; ++k)
            for (int j = 0; j < g.dims[1]; ++j)
                for (int i = 0; i < g.dims[0]; ++i) {
                    QCOMPARE(after.holds(i, j, k, 1), current.at(i, j, k) == 1);
                    QCOMPARE(after.holds(i, j, k, 2), in.at(i, j, k) == 1);
                    QCOMPARE(after.holds(i, j, k, 3), in.at(i, j, k) == 3);
                }
        QCOMPARE(p->labelStore().segments(id)[0].id, mine.id);
        QCOMPARE(p->labelStore().segments(id).size(), std::size_t(3));
    }

    void verifyNamesWhatIsWrong()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.sagitta"));
        Geometry g = obliqueGrid();
        g.dims[0] = 40; // two chunks
        {
            auto p = Project::create(path.toStdString());
            const std::int64_t id = p->seriesStore().addSeries(fakeRecord(g));
            p->labelStore().replaceLabels(id, pattern(g.dims), segments(), "NIfTI");
            QVERIFY(p->verify().empty());
        }
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db,
                              "UPDATE label_chunks SET data = x'78da0102' WHERE chunk = 1;"
                              "INSERT INTO label_chunks(map_id, chunk, data) VALUES (1, 510, x'00');" // 2 chunks x 255 layers
                              // chunk 0 again, as layer 1's: its label 1 is on layer 0
                              "INSERT INTO label_chunks(map_id, chunk, data) SELECT map_id, 2, data FROM label_chunks WHERE chunk = 0;"
                              "DELETE FROM segments WHERE label = 3;",
                              nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        auto p = Project::open(path.toStdString(), Project::Access::ReadOnly);
        const QString user = QString::fromStdString(Project::currentUser());
        const std::vector<std::string> problems = p->verify();
        QString all;
        for (const std::string &s : problems)
            all += QString::fromStdString(s) + QLatin1Char('\n');
        QVERIFY2(all.contains(QStringLiteral("label chunk 1 of series 1 (") + user + QStringLiteral("): damaged")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("label chunk 510 of series 1 (") + user + QStringLiteral("): index out of range")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("voxel(s) hold label value 3, which no segment describes")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("voxel(s) of layer 1 hold label value 3, which no segment describes")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("voxel(s) of layer 1 hold label value 1, but its segment is on layer 0")), qPrintable(all));
        QCOMPARE(problems.size(), std::size_t(5));
    }

    void realBoneMaskNiftiRoundTrip()
    {
        const std::string cranium = dicom::invesaliusExample();
        if (cranium.empty())
            QSKIP("Debian's invesalius-examples is not installed");
        QTemporaryDir dir;
        dicom::writeInvesaliusAsDicom(cranium, dir.filePath(QStringLiteral("ct")).toStdString());
        const ImportReport report = scanForImport(dir.filePath(QStringLiteral("ct")).toStdString());
        QCOMPARE(report.series.size(), std::size_t(1));
        const Volume ct = dicom::loadSeries(report.series[0]);
        const Geometry &g = ct.geometry();
        const dicom::InvesaliusMask bone = dicom::readInvesaliusMasks(cranium).at(0);
        QCOMPARE(bone.dims, g.dims);
        QVERIFY(bone.threshold[0] >= 200);
        LabelMap labels(g.dims);
        std::size_t n = 0, outside = 0;
        for (int k = 0; k < g.dims[2]; ++k)
            for (int j = 0; j < g.dims[1]; ++j)
                for (int i = 0; i < g.dims[0]; ++i, ++n)
                    if (bone.voxels[n]) {
                        labels.set(i, j, k, 1);
                        // The mask lies on the CT as drawn: inside its threshold range.
                        const double hu = ct.value(i, j, k);
                        outside += hu < bone.threshold[0] || hu > bone.threshold[1];
                    }
        QVERIFY(labels.count(1) > 400000);
        QCOMPARE(outside, std::size_t(0));
        Segment s;
        s.name = "Bone";
        s.rgb = bone.rgb;
        const QString out = dir.filePath(QStringLiteral("bone.nii.gz"));
        io::writeLabelNifti(labels, g, {s}, out.toStdString());
        const io::LabelFile back = io::readLabelNifti(out.toStdString(), g);
        QVERIFY(back.labels == labels);
        QCOMPARE(back.segments.at(0).name, std::string("Bone"));
    }
};

QTEST_GUILESS_MAIN(TstLabelIo)
#include "tst_labelio.moc"
