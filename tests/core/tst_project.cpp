// Tests core/project: the SQLite project file. Labels round-trip through a real file; damaged,
// foreign and newer files are refused and left untouched; the audit log is append-only.
#include "core/base/error.h"
#include "core/dicom/synthetic.h"
#include "core/labels/brush.h"
#include "core/labels/labeleditor.h"
#include "core/labels/logical.h"
#include "core/labels/terminology.h"
#include "core/project/demo.h"
#include "core/project/importer.h"
#include "core/project/labelsaver.h"
#include "core/project/noteexport.h"
#include "core/text/unicode.h"

#include <nlohmann/json.hpp>
#include "core/project/project.h"

#include <QCryptographicHash>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>
#include <set>
#include <thread>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace sagitta::core;

namespace {

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

SeriesRecord fakeSeries()
{
    SeriesRecord r;
    r.seriesUid = "1.2.826.0.1.3680043.2.1";
    r.modality = "CT";
    r.geometry.dims = {70, 50, 40};
    r.geometry.spacing = {0.5, 0.5, 2.0};
    r.files = {"/data/a.dcm", "/data/b.dcm"};
    r.warnings = {"irregular slice spacing"};
    return r;
}


// Two volumes hold the same voxels: type, grid and every byte.
bool sameVoxels(const Volume &a, const Volume &b)
{
    return a.type() == b.type() && a.geometry().dims == b.geometry().dims && a.bytes() == b.bytes()
           && std::memcmp(a.raw(), b.raw(), a.bytes()) == 0;
}

bool runPython(const QString &script, const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("/usr/bin/python3"), QStringList{QStringLiteral("-c"), script} + args);
    const bool ok = p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    if (!ok)
        qWarning("%s", p.readAll().constData()); // needs python3-pydicom (installer/packages.txt)
    return ok;
}

// A signed 16-bit CT written by pydicom: 48 x 40 x 4, intercept -1024, shuffled names.
const char *kPydicomSeries = R"(
import sys, numpy as np, pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
out = sys.argv[1]
series, study = generate_uid(), generate_uid()
for k in range(4):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.2'
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(out, {}, file_meta=meta, preamble=b'\0' * 128)
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.Modality = study, series, 'CT'
    ds.ImagePositionPatient, ds.ImageOrientationPatient, ds.PixelSpacing = [0, 0, 2.0 * k], [1, 0, 0, 0, 1, 0], [0.5, 0.5]
    ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.PhotometricInterpretation = 40, 48, 1, 'MONOCHROME2'
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
    ds.RescaleIntercept, ds.RescaleSlope = -1024, 1
    j, i = np.mgrid[0:40, 0:48]
    ds.PixelData = ((i * 31 + j * 17 + k * 101) % 3000 - 100).astype('<i2').tobytes()
    ds.save_as('%s/%08x' % (out, (k * 2654435761) % 2**32), write_like_original=False)
)";

// Rewrites one file with a longer header (the pixel data move) and other values.
const char *kPydicomChange = R"(
import sys, numpy as np, pydicom
ds = pydicom.dcmread(sys.argv[1])
ds.ImageComments = 'changed after import ' * 7
ds.PixelData = (ds.pixel_array.astype('<i2') // 2 + 7).astype('<i2').tobytes()
ds.save_as(sys.argv[1], write_like_original=False)
)";
} // namespace

class TstProject : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createAndReopenKeepsEverything()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("p.sagitta")).toStdString();
        std::int64_t seriesId = 0;
        LabelMap painted({70, 50, 40});
        {
            auto p = Project::create(path);
            QCOMPARE(p->schemaVersion(), Project::kSchemaVersion);
            seriesId = p->seriesStore().addSeries(fakeSeries());
            const Segment a = p->labelStore().addSegment(seriesId, "Tumour", 0xff0000);
            const Segment b = p->labelStore().addSegment(seriesId, "Oedema", 0x00ff00);
            QCOMPARE(int(a.label), 1);
            QCOMPARE(int(b.label), 2);
            Geometry g;
            g.dims = {70, 50, 40};
            BrushStroke s1(painted, g, {SliceAxis::Axial, 20}, {6.0, BrushMode::Paint, 1});
            s1.addPoint(10, 10);
            s1.addPoint(60, 40);
            const LabelDelta d1 = s1.finish();
            p->labelStore().saveLabelChunks(seriesId, painted, d1.chunkIndices());
            BrushStroke s2(painted, g, {SliceAxis::Coronal, 25}, {3.0, BrushMode::Paint, 2});
            s2.addPoint(35, 5);
            s2.addPoint(35, 35);
            p->labelStore().saveLabelChunks(seriesId, painted, s2.finish().chunkIndices());
        }
        auto p = Project::open(path);
        const auto series = p->seriesStore().series();
        QCOMPARE(int(series.size()), 1);
        QCOMPARE(series[0].geometry.dims, (std::array<int, 3>{70, 50, 40}));
        QCOMPARE(series[0].files, (std::vector<std::string>{"/data/a.dcm", "/data/b.dcm"}));
        QCOMPARE(series[0].warnings.size(), std::size_t(1));
        const auto segs = p->labelStore().segments(seriesId);
        QCOMPARE(int(segs.size()), 2);
        QCOMPARE(segs[0].name, std::string("Tumour"));
        const LabelMap loaded = p->labelStore().loadLabelMap(seriesId, {70, 50, 40});
        QVERIFY(loaded == painted);
        QVERIFY(loaded.count(1) > 100);
        QVERIFY(loaded.count(2) > 50);
    }

    // Overlapping segments: a lesion painted inside its organ with others kept goes to layer 1;
    // the file keeps that layer (chunks and the segment's layer) and the undo that removes it.
    void layersSurviveReopenAndUndo()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("p.sagitta")).toStdString();
        const SeriesRecord r = fakeSeries();
        std::int64_t id = 0;
        LabelMap map(r.geometry.dims);
        LabelMap organOnly;
        {
            auto p = Project::create(path);
            id = p->seriesStore().addSeries(r);
            const Segment organ = p->labelStore().addSegment(id, "Liver", 0x00ff00);
            const Segment lesion = p->labelStore().addSegment(id, "Lesion", 0xff0000);
            LabelEditor editor(map, r.geometry);
            LabelSaver saver(*p, id, map);
            editor.setListener([&](const LabelChange &c) { QVERIFY(saver.save(c.chunks)); });
            editor.beginStroke({SliceAxis::Axial, 20}, {8.0, BrushMode::Paint, organ.label}, 20, 20);
            editor.endStroke();
            organOnly = map;
            EditMask keep;
            keep.overwriteOthers = false;
            editor.setMask(keep);
            editor.beginStroke({SliceAxis::Axial, 20}, {2.0, BrushMode::Paint, lesion.label}, 20, 20);
            editor.endStroke();
            QCOMPARE(map.layerCount(), 2);
            QCOMPARE(map.count(organ.label), organOnly.count(organ.label));
            const LabelMap layered = map;
            QCOMPARE(p->labelStore().segments(id)[1].layer, 1); // saved with the chunks
            editor.undo();
            QCOMPARE(p->labelStore().segments(id)[1].layer, 0);
            QVERIFY(p->labelStore().loadLabelMap(id, r.geometry.dims) == organOnly);
            editor.redo();
            QVERIFY(p->labelStore().loadLabelMap(id, r.geometry.dims) == layered);
        }
        {
            auto p = Project::open(path);
            const LabelMap loaded = p->labelStore().loadLabelMap(id, r.geometry.dims);
            QVERIFY(loaded == map);
            QCOMPARE(loaded.layerCount(), 2);
            QCOMPARE(p->labelStore().segments(id)[0].layer, 0);
            QCOMPARE(p->labelStore().segments(id)[1].layer, 1);
            QVERIFY(p->verify().empty());
            // Undo on the reopened map: back to one layer, saved as such.
            LabelMap reopened = loaded;
            LabelEditor editor(reopened, r.geometry);
            LabelSaver saver(*p, id, reopened);
            editor.setListener([&](const LabelChange &c) { QVERIFY(saver.save(c.chunks)); });
            // (the history is the session's: the reopened editor undoes by erasing the lesion)
            LabelEdit erase = editor.edit();
            QVERIFY(logicalOperation(erase, LogicalOp::Clear, 2) > 0);
            QVERIFY(erase.moveToLayer(2, 0));
            editor.apply(erase.finish());
            QCOMPARE(reopened.layerCount(), 1);
            QVERIFY(reopened == organOnly);
        }
        auto p = Project::open(path);
        QVERIFY(p->labelStore().loadLabelMap(id, r.geometry.dims) == organOnly);
        QCOMPARE(p->labelStore().segments(id)[1].layer, 0);
        QVERIFY(p->verify().empty());
    }

    // A project of schema 8 (before layers) opens with every segment on layer 0, its labels as
    // they were.
    void schema8ProjectOpensOnLayerZero()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("p.sagitta")).toStdString();
        const SeriesRecord r = fakeSeries();
        std::int64_t id = 0;
        LabelMap map(r.geometry.dims);
        {
            auto p = Project::create(path);
            id = p->seriesStore().addSeries(r);
            p->labelStore().addSegment(id, "Tumour", 0xff0000);
            p->labelStore().addSegment(id, "Oedema", 0x00ff00);
            for (int k = 0; k < 40; ++k)
                map.set(k, 10, k, std::uint8_t(1 + k % 2));
            std::vector<int> all(std::size_t(map.chunkCount()));
            std::iota(all.begin(), all.end(), 0);
            p->labelStore().saveLabelChunks(id, map, all);
        }
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        // Back to schema 8: one label map per series (keyed by it), no layer column, none of the
        // later tables.
        QCOMPARE(sqlite3_exec(db, R"(
            CREATE TABLE lm8 (series_id INTEGER PRIMARY KEY REFERENCES series(id) ON DELETE CASCADE,
                nx INTEGER NOT NULL, ny INTEGER NOT NULL, nz INTEGER NOT NULL, chunk_edge INTEGER NOT NULL,
                status TEXT NOT NULL DEFAULT 'draft');
            INSERT INTO lm8 SELECT series_id, nx, ny, nz, chunk_edge, status FROM label_maps;
            CREATE TABLE lc8 (series_id INTEGER NOT NULL REFERENCES lm8(series_id) ON DELETE CASCADE, chunk INTEGER NOT NULL,
                data BLOB NOT NULL, PRIMARY KEY (series_id, chunk)) WITHOUT ROWID;
            INSERT INTO lc8 SELECT m.series_id, c.chunk, c.data FROM label_chunks c JOIN label_maps m ON m.id = c.map_id;
            CREATE TABLE sg8 (id INTEGER PRIMARY KEY, series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
                label INTEGER NOT NULL, name TEXT NOT NULL, color INTEGER NOT NULL, created_at TEXT NOT NULL DEFAULT '',
                opacity REAL NOT NULL DEFAULT 0.5, visible INTEGER NOT NULL DEFAULT 1, locked INTEGER NOT NULL DEFAULT 0,
                category TEXT NOT NULL DEFAULT '', type TEXT NOT NULL DEFAULT '', UNIQUE (series_id, label));
            INSERT INTO sg8 SELECT g.id, m.series_id, g.label, g.name, g.color, g.created_at, g.opacity, g.visible, g.locked,
                g.category, g.type FROM segments g JOIN label_maps m ON m.id = g.map_id;
            CREATE TABLE cm8 (id INTEGER PRIMARY KEY, series_id INTEGER NOT NULL REFERENCES lm8(series_id) ON DELETE CASCADE,
                at TEXT NOT NULL DEFAULT '', user TEXT NOT NULL, text TEXT NOT NULL);
            DROP TABLE label_comments; DROP TABLE uncertainty_chunks; DROP TABLE label_chunks; DROP TABLE segments;
            DROP TABLE label_maps;
            ALTER TABLE lm8 RENAME TO label_maps; ALTER TABLE lc8 RENAME TO label_chunks; ALTER TABLE sg8 RENAME TO segments;
            ALTER TABLE cm8 RENAME TO label_comments;
            DROP TABLE models; DROP TABLE training_metrics; DROP TABLE training_runs;
            DROP TRIGGER audit_log_chain; DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;
            CREATE TABLE al8 (id INTEGER PRIMARY KEY, at TEXT NOT NULL DEFAULT '', user TEXT NOT NULL, action TEXT NOT NULL,
                detail TEXT NOT NULL DEFAULT '');
            INSERT INTO al8 SELECT id, at, user, action, detail FROM audit_log; DROP TABLE audit_log;
            ALTER TABLE al8 RENAME TO audit_log;
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'append-only'); END;
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'append-only'); END;
            PRAGMA user_version = 8)",
                              nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        auto p = Project::open(path);
        QCOMPARE(p->schemaVersion(), Project::kSchemaVersion);
        const auto segments = p->labelStore().segments(id);
        QCOMPARE(segments.size(), std::size_t(2));
        QCOMPARE(segments[0].layer, 0);
        QCOMPARE(segments[1].layer, 0);
        const LabelMap loaded = p->labelStore().loadLabelMap(id, r.geometry.dims);
        QCOMPARE(loaded.layerCount(), 1);
        QVERIFY(loaded == map);
        QVERIFY(p->verify().empty());
        // The map from before authors is ownerless until someone changes it.
        QCOMPARE(p->labelStore().labelMaps(id).size(), std::size_t(1));
        QCOMPARE(p->labelStore().labelMaps(id)[0].author, std::string());
        p->labelStore().saveLabelChunks(id, loaded, {0});
        QCOMPARE(p->labelStore().labelMaps(id)[0].author, Project::currentUser());
        QVERIFY(p->labelStore().loadLabelMap(id, r.geometry.dims) == map);
    }

    void erasingToEmptyDeletesChunks()
    {
        QTemporaryDir dir;
        auto p = Project::create(dir.filePath(QStringLiteral("p.sagitta")).toStdString());
        const auto id = p->seriesStore().addSeries(fakeSeries());
        LabelMap m({70, 50, 40});
        m.set(1, 1, 1, 3);
        p->labelStore().saveLabelChunks(id, m, {0});
        QCOMPARE(p->labelStore().loadLabelMap(id, m.dims()).count(3), std::uint64_t(1));
        m.set(1, 1, 1, 0);
        p->labelStore().saveLabelChunks(id, m, {0});
        QVERIFY(p->labelStore().loadLabelMap(id, m.dims()) == LabelMap(m.dims()));
    }

    void relativePathsBelowTheProject()
    {
        QTemporaryDir dir;
        const QString projectPath = dir.filePath(QStringLiteral("p.sagitta"));
        auto p = Project::create(projectPath.toStdString());
        SeriesRecord r = fakeSeries();
        r.files = {dir.filePath(QStringLiteral("dicom/x.dcm")).toStdString()};
        p->seriesStore().addSeries(r);
        p.reset();
        // Move the whole folder: the reference still resolves.
        QTemporaryDir other;
        const QString moved = other.filePath(QStringLiteral("moved"));
        QVERIFY(QDir().rename(dir.path(), moved));
        auto q = Project::open((moved + QStringLiteral("/p.sagitta")).toStdString());
        QCOMPARE(QString::fromStdString(q->seriesStore().series()[0].files[0]), moved + QStringLiteral("/dicom/x.dcm"));
        QDir().rename(moved, dir.path());
    }

    void refusesForeignDamagedAndNewerFiles()
    {
        QTemporaryDir dir;
        // Not a database at all.
        const QString text = dir.filePath(QStringLiteral("text.sagitta"));
        QFile t(text);
        QVERIFY(t.open(QIODevice::WriteOnly));
        t.write(QByteArray(4096, 'x'));
        t.close();
        const QByteArray before = fileHash(text);
        try {
            Project::open(text.toStdString());
            QFAIL("opened a text file");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find(text.toStdString()) != std::string::npos, e.what());
        }
        QCOMPARE(fileHash(text), before);

        // A SQLite database of another application.
        const QString foreign = dir.filePath(QStringLiteral("other.db"));
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(foreign.toUtf8().constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
        const QByteArray foreignBefore = fileHash(foreign);
        try {
            Project::open(foreign.toStdString());
            QFAIL("opened a foreign database");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find("not a Sagitta project") != std::string::npos, e.what());
        }
        QCOMPARE(fileHash(foreign), foreignBefore);

        // A project from a newer Sagitta.
        const QString newer = dir.filePath(QStringLiteral("newer.sagitta"));
        Project::create(newer.toStdString()).reset();
        QCOMPARE(sqlite3_open(newer.toUtf8().constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
        const QByteArray newerBefore = fileHash(newer);
        try {
            Project::open(newer.toStdString());
            QFAIL("opened a newer project");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find("newer Sagitta") != std::string::npos, e.what());
        }
        QCOMPARE(fileHash(newer), newerBefore);

        QVERIFY_THROWS_EXCEPTION(Error, Project::open(dir.filePath(QStringLiteral("missing.sagitta")).toStdString()));
        QVERIFY_THROWS_EXCEPTION(Error, Project::create(newer.toStdString())); // never overwrites
    }

    // Importing a folder again keeps the series' identity and everything people made on it
    // (it used to delete and re-insert the row: the cascade took segments, labels and
    // measurements); new files of the same series add slices and the labels move along.
    // Import keeps where each slice's native pixels lie and how they are stored, so a slice is
    // one read; the voxels are those DCMTK's path gives (files written by DCMTK and by pydicom);
    // compressed slices and files changed since import go through DCMTK.
    void storedPixelPlacementReadsAsDcmtk()
    {
        QTemporaryDir dir;
        const QString dcmtk = dir.filePath(QStringLiteral("dcmtk")), rle = dir.filePath(QStringLiteral("rle")),
                      py = dir.filePath(QStringLiteral("pydicom"));
        dicom::SyntheticSpec s;
        s.dims = {40, 32, 5};
        s.signedPixels = true;
        s.shuffledNames = true;
        dicom::writeSyntheticSeries(dcmtk.toStdString(), s);
        s.syntax = dicom::TransferSyntax::Rle;
        s.seriesUid.clear();
        dicom::writeSyntheticSeries(rle.toStdString(), s);
        QVERIFY(QDir().mkpath(py));
        QVERIFY(runPython(QString::fromUtf8(kPydicomSeries), {py}));
        auto p = Project::create(dir.filePath(QStringLiteral("p.sagitta")).toStdString());
        for (const QString &folder : {dcmtk, rle, py})
            QCOMPARE(recordImport(*p, scanForImport(folder.toStdString())).size(), std::size_t(1));
        const std::vector<SeriesRecord> all = p->seriesStore().series();
        QCOMPARE(all.size(), std::size_t(3));
        int native = 0, compressed = 0;
        for (const SeriesRecord &r : all) {
            QCOMPARE(r.pixels.size(), r.files.size());
            const bool isRle = r.files[0].find("/rle/") != std::string::npos;
            for (const SlicePixels &sp : r.pixels) {
                QCOMPARE(sp.pixelOffset > 0, !isRle);
                QVERIFY(sp.fileSize > 0);
                QCOMPARE(sp.bitsAllocated, 16);
            }
            (isRle ? compressed : native) += 1;
            SeriesRecord viaDcmtk = r; // no stored placement: every header read again
            viaDcmtk.pixels.clear();
            for (std::size_t n = 0; n < r.files.size(); ++n) {
                const Volume fast = loadRecordedSlice(r, n), slow = loadRecordedSlice(viaDcmtk, n);
                QVERIFY2(sameVoxels(fast, slow), r.files[n].c_str());
                QCOMPARE(fast.unit, slow.unit);
            }
            QVERIFY(sameVoxels(loadRecordedSeries(r), loadRecordedSeries(viaDcmtk)));
        }
        QCOMPARE(native, 2);
        QCOMPARE(compressed, 1);

        // A file changed after import (its pixel data moved and hold other values): read through
        // DCMTK, so the voxels are the file's new ones, not the bytes at the old offset.
        const SeriesRecord r = *std::find_if(all.begin(), all.end(), [](const SeriesRecord &x) {
            return x.files[0].find("/pydicom/") != std::string::npos;
        });
        const Volume before = loadRecordedSlice(r, 2);
        QVERIFY(runPython(QString::fromUtf8(kPydicomChange), {QString::fromStdString(r.files[2])}));
        const Volume after = loadRecordedSlice(r, 2);
        SeriesRecord viaDcmtk = r;
        viaDcmtk.pixels.clear();
        QVERIFY(sameVoxels(after, loadRecordedSlice(viaDcmtk, 2)));
        QVERIFY(!sameVoxels(after, before));
        const std::size_t corner = 0;
        QCOMPARE(after.value(corner), std::floor((before.value(corner) + 1024) / 2) + 7 - 1024);
        QVERIFY(sameVoxels(loadRecordedSeries(r), loadRecordedSeries(viaDcmtk)));
        // Importing again records the file as it is now: the fast path again, same voxels.
        QCOMPARE(recordImport(*p, scanForImport(py.toStdString())).size(), std::size_t(1));
        const SeriesRecord again = *p->seriesStore().seriesById(r.id);
        QCOMPARE(again.pixels.size(), again.files.size());
        QVERIFY(again.pixels[2].fileSize != r.pixels[2].fileSize);
        QVERIFY(sameVoxels(loadRecordedSlice(again, 2), after));
    }

    // A project from before the stored placement (no rows in slice_pixels) still opens and
    // loads its series through DCMTK.
    void seriesWithoutStoredPixelsLoad()
    {
        QTemporaryDir dir;
        dicom::SyntheticSpec s;
        s.dims = {24, 20, 3};
        dicom::writeSyntheticSeries(dir.filePath(QStringLiteral("in")).toStdString(), s);
        const std::string path = dir.filePath(QStringLiteral("p.sagitta")).toStdString();
        std::int64_t id = 0;
        Volume expected;
        {
            auto p = Project::create(path);
            id = recordImport(*p, scanForImport(dir.filePath(QStringLiteral("in")).toStdString()))[0];
            expected = loadRecordedSeries(*p->seriesStore().seriesById(id));
        }
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "DROP TABLE slice_pixels; PRAGMA user_version = 12", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
        auto p = Project::open(path);
        QCOMPARE(p->schemaVersion(), Project::kSchemaVersion);
        const SeriesRecord r = *p->seriesStore().seriesById(id);
        QVERIFY(r.pixels.empty());
        QVERIFY(sameVoxels(loadRecordedSeries(r), expected));
        QCOMPARE(loadRecordedSlice(r, 1).value(std::size_t(5)), expected.value(5, 0, 1));
    }

    void reimportKeepsSeriesAndWork()
    {
        QTemporaryDir dir;
        dicom::SyntheticSpec s;
        s.dims = {40, 32, 10};
        s.spacing = {1.0, 1.0, 2.0};
        s.origin = {0, 0, -20};
        s.seriesUid = dicom::newUid();
        s.studyUid = dicom::newUid();
        s.frameOfReferenceUid = dicom::newUid();
        const QString folder = dir.filePath(QStringLiteral("in"));
        dicom::writeSyntheticSeries(folder.toStdString(), s);
        const std::string path = dir.filePath(QStringLiteral("p.sagitta")).toStdString();
        auto p = Project::create(path);
        const std::vector<std::int64_t> ids = recordImport(*p, scanForImport(folder.toStdString()));
        QCOMPARE(ids.size(), std::size_t(1));
        const std::int64_t id = ids[0];
        p->labelStore().addSegment(id, "Lesion", 0xff0000);
        p->labelStore().addSegment(id, "Organ", 0x00ff00);
        LabelMap labels({40, 32, 10});
        labels.set(5, 6, 7, 1);
        labels.set(30, 20, 2, 2);
        p->labelStore().saveLabelChunks(id, labels, {0, 1});
        Measurement m;
        m.seriesId = id;
        m.kind = "ruler";
        m.planeAxis = 2;
        m.slice = 7;
        m.points = {1, 2, 3, 4};
        m.resultJson = "{}";
        p->labelStore().addMeasurement(m);
        Measurement c = m;
        c.planeAxis = 1; // coronal: v runs along k
        c.slice = 5;
        c.points = {1, 7, 3, 8};
        p->labelStore().addMeasurement(c);

        // The same folder again: nothing changes, nothing is lost.
        std::vector<SeriesImport> again = recordSeries(*p, scanForImport(folder.toStdString()));
        QCOMPARE(again.size(), std::size_t(1));
        QCOMPARE(again[0].id, id);
        QCOMPARE(int(again[0].kind), int(SeriesImport::Kind::Unchanged));
        QCOMPARE(p->labelStore().segments(id).size(), std::size_t(2));
        QVERIFY(p->labelStore().loadLabelMap(id, {40, 32, 10}) == labels);
        QCOMPARE(p->labelStore().measurements(id).size(), std::size_t(2));
        // Strokes saved after the re-import still reach the file (no foreign-key failure).
        labels.set(1, 1, 1, 1);
        p->labelStore().saveLabelChunks(id, labels, {0});

        // Two more slices of the same series, before the first: the grid grows by 2 at k = 0.
        dicom::SyntheticSpec more = s;
        more.dims = {40, 32, 2};
        more.origin = {0, 0, -24};
        dicom::writeSyntheticSeries(dir.filePath(QStringLiteral("in/more")).toStdString(), more);
        again = recordSeries(*p, scanForImport(folder.toStdString()));
        QCOMPARE(again[0].id, id);
        QCOMPARE(int(again[0].kind), int(SeriesImport::Kind::Extended));
        QVERIFY2(again[0].message.find("2 slice(s) added") != std::string::npos, again[0].message.c_str());
        const SeriesRecord grown = *p->seriesStore().seriesById(id);
        QCOMPARE(grown.geometry.dims, (std::array<int, 3>{40, 32, 12}));
        QCOMPARE(grown.files.size(), std::size_t(12));
        const LabelMap moved = p->labelStore().loadLabelMap(id, grown.geometry.dims);
        QCOMPARE(int(moved.at(5, 6, 9)), 1);
        QCOMPARE(int(moved.at(30, 20, 4)), 2);
        QCOMPARE(int(moved.at(1, 1, 3)), 1);
        QCOMPARE(moved.count(1), std::uint64_t(2));
        const std::vector<Measurement> ms = p->labelStore().measurements(id);
        QCOMPARE(ms[0].slice, 9);
        QCOMPARE(ms[1].slice, 5);
        QCOMPARE(ms[1].points[1], 9.0);
        QCOMPARE(ms[1].points[3], 10.0);
        QCOMPARE(p->labelStore().segments(id).size(), std::size_t(2));

        // Files whose grid no longer fits (other spacing) are reported, never applied.
        SeriesRecord other = grown;
        other.geometry.spacing = {0.5, 0.5, 2.0};
        const SeriesImport kept = p->seriesStore().importSeries(other);
        QCOMPARE(kept.id, id);
        QCOMPARE(int(kept.kind), int(SeriesImport::Kind::Kept));
        QVERIFY(kept.message.find("kept as imported") != std::string::npos);
        QCOMPARE(p->seriesStore().seriesById(id)->geometry.spacing, grown.geometry.spacing);
        QCOMPARE(p->labelStore().loadLabelMap(id, grown.geometry.dims).count(1), std::uint64_t(2));
    }

    // A crash while a project is being created never leaves a file at its path that is refused
    // from then on: it is built under another name and renamed when complete. Children are
    // killed at random moments of Project::create.
    void killedCreateLeavesNothingBehind()
    {
        QTemporaryDir dir;
        const auto t0 = std::chrono::steady_clock::now();
        Project::create(dir.filePath(QStringLiteral("timing.sagitta")).toStdString()).reset();
        const double createUs = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
        std::mt19937 random(7);
        int absent = 0, complete = 0;
        for (int n = 0; n < 24; ++n) {
            const std::string path = dir.filePath(QStringLiteral("p%1.sagitta").arg(n)).toStdString();
            const pid_t child = fork();
            if (child == 0) {
                try {
                    Project::create(path);
                } catch (...) {
                }
                _exit(0);
            }
            std::this_thread::sleep_for(std::chrono::microseconds(
                std::uniform_int_distribution<int>(0, int(createUs * 1.2))(random)));
            kill(child, SIGKILL);
            waitpid(child, nullptr, 0);
            if (!QFileInfo::exists(QString::fromStdString(path))) {
                ++absent;
                // The same command works again.
                Project::create(path).reset();
            } else {
                ++complete;
            }
            auto p = Project::open(path); // never a half-made file
            QCOMPARE(p->schemaVersion(), Project::kSchemaVersion);
        }
        qInfo("create takes %.0f us; %d kills left no file, %d a complete project", createUs, absent, complete);
        QVERIFY(absent + complete == 24);
    }

    // Readers change nothing: no audit row, no migration, no WAL left behind; writes throw.
    void readOnlyOpenChangesNothing()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("p.sagitta")).toStdString();
        {
            auto p = Project::create(path);
            p->labelStore().addSegment(p->seriesStore().addSeries(fakeSeries()), "Lesion", 0xff0000);
        }
        const QByteArray before = fileHash(QString::fromStdString(path));
        const std::size_t auditRows = Project::open(path, Project::Access::ReadOnly)->auditLog().size();
        {
            auto p = Project::open(path, Project::Access::ReadOnly);
            QVERIFY(p->readOnly());
            QCOMPARE(p->seriesStore().series().size(), std::size_t(1));
            QCOMPARE(p->labelStore().segments(p->seriesStore().series()[0].id).size(), std::size_t(1));
            QVERIFY_THROWS_EXCEPTION(Error, p->labelStore().addSegment(p->seriesStore().series()[0].id, "Other", 0xff));
        }
        QCOMPARE(fileHash(QString::fromStdString(path)), before);
        // Opening for writing adds no row either: opening is not a change.
        Project::open(path).reset();
        QCOMPARE(Project::open(path, Project::Access::ReadOnly)->auditLog().size(), auditRows);
        QVERIFY(!Project::open(path, Project::Access::Auto)->readOnly());
    }

    // A stroke that finds the file locked by another writer is kept and saved on the retry,
    // with the map's content at that time; nothing is dropped.
    void busyLabelSavesAreKeptAndRetried()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("p.sagitta")).toStdString();
        auto p = Project::create(path);
        const std::int64_t id = p->seriesStore().addSeries(fakeSeries());
        p->setBusyTimeout(50);
        LabelMap map({70, 50, 40});
        LabelSaver saver(*p, id, map);
        sqlite3 *other = nullptr;
        QCOMPARE(sqlite3_open(path.c_str(), &other), SQLITE_OK);
        QCOMPARE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
        map.set(1, 1, 1, 1);
        QVERIFY(!saver.save({0}));
        QVERIFY(saver.pending());
        QVERIFY2(saver.lastError().find("busy") != std::string::npos, saver.lastError().c_str());
        map.set(40, 40, 1, 1); // a second stroke while the first waits
        QVERIFY(!saver.save({map.chunkOf(40, 40, 1)}));
        QCOMPARE(saver.pendingChunks(), std::size_t(2));
        QCOMPARE(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(other);
        QVERIFY(saver.retry());
        QVERIFY(!saver.pending());
        p.reset();
        QCOMPARE(Project::open(path)->labelStore().loadLabelMap(id, {70, 50, 40}).count(1), std::uint64_t(2));
    }

    // Segments carry what a segment editor shows (opacity, visibility, lock, coded meaning);
    // a removed segment comes back as it was; label maps have a review status with comments.
    void segmentPropertiesAndReview()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("p.sagitta")).toStdString();
        std::int64_t id = 0;
        Segment removed;
        {
            auto p = Project::create(path);
            id = p->seriesStore().addSeries(fakeSeries());
            const auto &terms = builtinTerminology();
            const auto mass = std::find_if(terms.begin(), terms.end(), [](const TerminologyEntry &e) { return e.type.meaning == "Mass"; });
            QVERIFY(mass != terms.end());
            Segment s = p->labelStore().addSegment(id, "Tumour", 0xff0000, mass->category, mass->type);
            s.opacity = 0.8;
            s.visible = false;
            s.locked = true;
            p->labelStore().updateSegment(s);
            removed = p->labelStore().addSegment(id, "Node", 0x00ff00);
            p->labelStore().removeSegment(removed.id);
            QCOMPARE(p->labelStore().segments(id).size(), std::size_t(1));
            const Segment back = p->labelStore().restoreSegment(removed);
            QCOMPARE(back.id, removed.id);
            QCOMPARE(int(back.label), int(removed.label));
            p->labelStore().addTerminologyEntry({{"SCT", "123037004", "Anatomical Structure"}, {"99SAG", "1", "Pancreatic duct"}, 0x123456});
            QCOMPARE(p->labelStore().terminology().size(), terms.size() + 1);
            QCOMPARE(p->labelStore().labelMapStatus(id), std::string("draft"));
            p->labelStore().setLabelMapStatus(id, "submitted", "ready for review");
            p->labelStore().setLabelMapStatus(id, "rejected", "margin too wide on slice 12");
            QVERIFY_THROWS_EXCEPTION(Error, p->labelStore().setLabelMapStatus(id, "finished"));
            QVERIFY_THROWS_EXCEPTION(Error, p->labelStore().updateSegment(Segment{}));
        }
        auto p = Project::open(path, Project::Access::ReadOnly);
        const std::vector<Segment> segs = p->labelStore().segments(id);
        QCOMPARE(segs.size(), std::size_t(2));
        QCOMPARE(segs[0].opacity, 0.8);
        QVERIFY(!segs[0].visible);
        QVERIFY(segs[0].locked);
        QCOMPARE(segs[0].type.value, std::string("4147007"));
        QCOMPARE(segs[0].category.meaning, std::string("Morphologically Altered Structure"));
        QVERIFY(segs[1].visible && !segs[1].locked && segs[1].type.empty());
        QCOMPARE(segs[1].id, removed.id);
        QCOMPARE(p->labelStore().terminology().back().type.meaning, std::string("Pancreatic duct"));
        QCOMPARE(p->labelStore().labelMapStatus(id), std::string("rejected"));
        const auto comments = p->labelStore().labelComments(id);
        QCOMPARE(comments.size(), std::size_t(2));
        QCOMPARE(comments[1].text, std::string("margin too wide on slice 12"));
        QCOMPARE(comments[1].user, Project::currentUser());
        int reviews = 0;
        for (const AuditEntry &e : p->auditLog())
            reviews += e.action == "labels.review";
        QCOMPARE(reviews, 2);
    }

    void measurementsRoundTrip()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("p.sagitta")).toStdString();
        std::int64_t series = 0;
        {
            auto p = Project::create(path);
            series = p->seriesStore().addSeries(fakeSeries());
            Measurement m;
            m.seriesId = series;
            m.kind = "ellipse";
            m.planeAxis = 2;
            m.slice = 7;
            m.points = {1.5, 2.5, 10, 12};
            m.resultJson = R"({"area_mm2": 12.5, "mean": 40})";
            p->labelStore().addMeasurement(m);
        }
        auto p = Project::open(path);
        const auto all = p->labelStore().measurements(series);
        QCOMPARE(int(all.size()), 1);
        QCOMPARE(all[0].kind, std::string("ellipse"));
        QCOMPARE(all[0].slice, 7);
        QCOMPARE(all[0].points[1], 2.5);
        QVERIFY(all[0].resultJson.find("12.5") != std::string::npos);
        p->labelStore().removeMeasurement(all[0].id);
        QVERIFY(p->labelStore().measurements(series).empty());
    }

    void auditLogIsAppendOnly()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("p.sagitta")).toStdString();
        auto p = Project::create(path);
        const auto id = p->seriesStore().addSeries(fakeSeries());
        p->labelStore().addSegment(id, "Lesion", 0xff0000);
        const auto log = p->auditLog();
        QVERIFY(log.size() >= 3);
        QCOMPARE(log.front().action, std::string("project.create"));
        QCOMPARE(log.back().action, std::string("segment.add"));
        p.reset();
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        QVERIFY(sqlite3_exec(db, "DELETE FROM audit_log", nullptr, nullptr, nullptr) != SQLITE_OK);
        QVERIFY(sqlite3_exec(db, "UPDATE audit_log SET user = 'x'", nullptr, nullptr, nullptr) != SQLITE_OK);
        sqlite3_close(db);
    }

    // Notes list filters, review status, links to the patient's series, and entity types
    // users define; all through the real file.
    void notesFiltersLinksAndEntityTypes()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("notes.sagitta")).toStdString();
        auto p = Project::create(path);
        SeriesRecord r = fakeSeries();
        r.patientId = "P1";
        const std::int64_t seriesId = p->seriesStore().addSeries(r);
        Note a, b, c;
        a.patientId = "P1";
        a.title = "CT report";
        a.noteType = "Radiology";
        a.text = "No pneumonia. Small nodule in the right lung.";
        b.patientId = "P2";
        b.title = "Discharge";
        b.noteType = "Discharge summary";
        b.text = "Pneumonia treated with amoxicillin.";
        c.patientId = "P1";
        c.title = "Clinic letter";
        c.noteType = "Letter";
        c.text = "Mother had breast cancer.";
        p->noteStore().addNotes({a, b, c});
        const auto notes = p->noteStore().notes();
        QCOMPARE(int(notes.size()), 3);
        QCOMPARE(notes[0].reviewStatus, std::string("new"));
        // Notes of patient P1 are linked to P1's series on import.
        QCOMPARE(p->noteStore().seriesOfNote(notes[0].id), std::vector<std::int64_t>{seriesId});
        QVERIFY(p->noteStore().seriesOfNote(notes[1].id).empty());
        QCOMPARE(p->noteStore().notesOfSeries(seriesId), (std::vector<std::int64_t>{notes[0].id, notes[2].id}));
        p->noteStore().linkNoteToSeries(notes[1].id, seriesId);
        QCOMPARE(int(p->noteStore().notesOfSeries(seriesId).size()), 3);
        p->noteStore().unlinkNoteFromSeries(notes[1].id, seriesId);
        QCOMPARE(int(p->noteStore().notesOfSeries(seriesId).size()), 2);

        text::Annotator en(text::Language::English);
        for (const Note &n : notes)
            p->noteStore().addSpans(n.id, en.annotate(n.text), "proposed");
        NoteFilter f;
        f.entity = "pneumonia";
        QCOMPARE(p->noteStore().filterNotes(f), (std::vector<std::int64_t>{notes[0].id, notes[1].id}));
        f.affirmedOnly = true; // "No pneumonia" is negated
        QCOMPARE(p->noteStore().filterNotes(f), std::vector<std::int64_t>{notes[1].id});
        f = {};
        f.entity = "MEDICATION";
        QCOMPARE(p->noteStore().filterNotes(f), std::vector<std::int64_t>{notes[1].id});
        f.entity = "breast cancer";
        f.affirmedOnly = true; // about the mother
        QVERIFY(p->noteStore().filterNotes(f).empty());
        f = {};
        f.noteType = "Radiology";
        QCOMPARE(p->noteStore().filterNotes(f), std::vector<std::int64_t>{notes[0].id});
        f = {};
        f.text = "NODULE";
        QCOMPARE(p->noteStore().filterNotes(f), std::vector<std::int64_t>{notes[0].id});
        QCOMPARE(p->noteStore().noteTypes(), (std::vector<std::string>{"Discharge summary", "Letter", "Radiology"}));
        f = {};
        f.seriesId = seriesId; // the notes of patient P1, linked to P1's series
        QCOMPARE(p->noteStore().filterNotes(f), (std::vector<std::int64_t>{notes[0].id, notes[2].id}));

        // A person's decision starts the review; "done" is set by hand.
        p->noteStore().setSpanStatus(p->noteStore().spans(notes[1].id).front().id, "accepted");
        f = {};
        f.reviewStatus = "in progress";
        QCOMPARE(p->noteStore().filterNotes(f), std::vector<std::int64_t>{notes[1].id});
        p->noteStore().setNoteStatus(notes[1].id, "done");
        QCOMPARE(p->noteStore().notes()[1].reviewStatus, std::string("done"));
        QVERIFY_THROWS_EXCEPTION(Error, p->noteStore().setNoteStatus(notes[1].id, "finished"));
        QCOMPARE(p->noteStore().spanAuthors(), (std::vector<std::string>{NoteStore::kEngineAuthor, Project::currentUser()}));

        // Entity types of one's own: validated, stored with their terms.
        const EntityType device = p->noteStore().addEntityType("DEVICE", 0x40c0a0, {"pacemaker", "central line"});
        QVERIFY_THROWS_EXCEPTION(Error, p->noteStore().addEntityType("DEVICE", 0x112233, {}));
        QVERIFY_THROWS_EXCEPTION(Error, p->noteStore().addEntityType("PROBLEM", 0x112233, {}));
        QVERIFY_THROWS_EXCEPTION(Error, p->noteStore().addEntityType("bad name", 0x112233, {}));
        EntityType changed = device;
        changed.terms.push_back("stent");
        p->noteStore().updateEntityType(changed);
        p.reset();
        p = Project::open(path);
        const auto types = p->noteStore().entityTypes();
        QCOMPARE(int(types.size()), 1);
        QCOMPARE(types[0].name, std::string("DEVICE"));
        QCOMPARE(types[0].rgb, 0x40c0a0u);
        QCOMPARE(types[0].terms, (std::vector<std::string>{"pacemaker", "central line", "stent"}));
        // Imported annotations of another annotator keep that author.
        text::Span s;
        s.start = 0;
        s.end = 6;
        s.type = "PROBLEM";
        s.source = "person";
        p->noteStore().addSpans(notes[2].id, {s}, "accepted", "annotator-b");
        QCOMPARE(int(p->noteStore().spansBy(notes[2].id, "annotator-b").size()), 1);
    }

    // Export leaves PHI behind and moves the spans with the text; brat files of a second
    // annotator come back in under their name, and agreement compares the two.
    void exportImportAndAgreement()
    {
        QTemporaryDir dir;
        auto p = Project::create(dir.filePath(QStringLiteral("x.sagitta")).toStdString());
        Note n;
        n.patientId = "MRN 55501";
        n.title = "Admission";
        n.text = "Patient: John Smith. Seen on 03/14/2024. He denies chest pain. Started metformin 500 mg daily.";
        p->noteStore().addNotes({n});
        const std::int64_t id = p->noteStore().notes()[0].id;
        text::Annotator en(text::Language::English);
        p->noteStore().addSpans(id, en.annotate(n.text), "proposed");
        for (const text::Span &s : p->noteStore().spans(id))
            p->noteStore().setSpanStatus(s.id, "accepted");
        const std::string me = Project::currentUser();

        NoteExportOptions o;
        o.format = NoteFormat::Jsonl;
        o.path = dir.filePath(QStringLiteral("notes.jsonl")).toStdString();
        QCOMPARE(exportNotes(*p, o), 1);
        QFile f(QString::fromStdString(o.path));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray line = f.readAll();
        QVERIFY(!line.contains("Smith"));
        QVERIFY(!line.contains("03/14/2024"));
        QVERIFY(line.contains("[NAME]"));
        const nlohmann::json out = nlohmann::json::parse(line.toStdString());
        const std::string text = out["text"];
        int checked = 0;
        for (const auto &s : out["spans"]) { // offsets point at the same words in the new text
            const std::u32string t = text::toU32(text);
            const std::string at = text::toUtf8(t.substr(s["start"].get<std::size_t>(), s["end"].get<std::size_t>() - s["start"].get<std::size_t>()));
            QCOMPARE(at, s["text"].get<std::string>());
            checked += at == "chest pain" || at == "metformin";
        }
        QCOMPARE(checked, 2);

        // brat out (with PHI kept, as an annotation round would), a second annotator's copy in.
        o.format = NoteFormat::Brat;
        o.deidentify = false;
        o.path = dir.filePath(QStringLiteral("brat")).toStdString();
        QCOMPARE(exportNotes(*p, o), 1);
        const QString ann = dir.filePath(QStringLiteral("brat/note-%1.ann").arg(id));
        QVERIFY(QFile::exists(ann));
        std::vector<std::string> problems;
        QCOMPARE(importBratFolder(*p, o.path, "annotator-b", problems), 1);
        QVERIFY(problems.empty());
        AgreementReport same = authorAgreement(*p, me, "annotator-b");
        QCOMPARE(int(same.notes.size()), 1);
        QCOMPARE(same.exact.f1(), 1.0);
        QCOMPARE(same.kappa, 1.0);
        // A third annotator who missed the medication and a stray file that matches no note.
        const QString third = dir.filePath(QStringLiteral("third"));
        QDir().mkpath(third);
        QFile in(ann);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray kept;
        for (const QByteArray &l : in.readAll().split('\n'))
            if (!l.contains("metformin") && !l.startsWith('A') && !l.isEmpty())
                kept += l + '\n';
        QFile outAnn(third + QStringLiteral("/note-%1.ann").arg(id));
        QVERIFY(outAnn.open(QIODevice::WriteOnly));
        outAnn.write(kept);
        outAnn.close();
        QFile stray(third + QStringLiteral("/elsewhere.ann"));
        QVERIFY(stray.open(QIODevice::WriteOnly));
        stray.close();
        problems.clear();
        QCOMPARE(importBratFolder(*p, third.toStdString(), "annotator-c", problems), 1);
        QCOMPARE(int(problems.size()), 1);
        QVERIFY(problems[0].find("elsewhere.ann: no note named") != std::string::npos);
        const AgreementReport r = authorAgreement(*p, me, "annotator-c");
        QCOMPARE(r.exact.fp, 0);
        QVERIFY(r.exact.fn >= 1);
        QVERIFY(r.exact.recall() < 1.0);
        QVERIFY(r.kappa < 1.0);
    }

    void demoProjectHasSeriesSegmentAndNotes()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("demo.sagitta")).toStdString();
        createDemoProject(path, nullptr, false);
        auto p = Project::open(path);
        const auto series = p->seriesStore().series();
        QCOMPARE(int(series.size()), 17); // the demo CT and the 16 cases of the training set
        QCOMPARE(series[0].geometry.dims, (std::array<int, 3>{256, 256, 100}));
        QCOMPARE(series[0].patientName, std::string("DEMO^PATIENT"));
        QCOMPARE(series[0].modality, std::string("CT"));
        QCOMPARE(int(p->labelStore().segments(series[0].id).size()), 1);
        QVERIFY(p->noteStore().notes().size() >= 3);
        const Volume v = loadRecordedSeries(series[0]);
        QCOMPARE(v.type(), ScalarType::Int16);
        // Air, fat, soft tissue, lung and bone are all present.
        int air = 0, fat = 0, soft = 0, lung = 0, bone = 0;
        for (std::size_t n = 0; n < v.voxelCount(); n += 7) {
            const double hu = v.value(n);
            air += hu < -950;
            lung += hu > -900 && hu < -700;
            fat += hu > -150 && hu < -50;
            soft += hu > 0 && hu < 100;
            bone += hu > 500;
        }
        QVERIFY(air > 0 && fat > 0 && soft > 0 && lung > 0 && bone > 0);

        // The training set: one patient per case, every case with 1-3 labelled lesions; some
        // lesions are as dense as liver or soft tissue, so a threshold cannot find them.
        std::set<std::string> patients;
        int denseAsTissue = 0, lesions = 0;
        for (std::size_t n = 1; n < series.size(); ++n) {
            const SeriesRecord &r = series[n];
            QCOMPARE(r.geometry.dims, (std::array<int, 3>{128, 128, 64}));
            patients.insert(r.patientId);
            const std::vector<Segment> segments = p->labelStore().segments(r.id);
            QCOMPARE(int(segments.size()), 1);
            QCOMPARE(segments[0].name, std::string("Lesion"));
            const LabelMap labels = p->labelStore().loadLabelMap(r.id, r.geometry.dims);
            const std::uint64_t voxels = labels.count(segments[0].label);
            QVERIFY(voxels > 50);
            const Volume ct = loadRecordedSeries(r);
            double sum = 0;
            for (int k = 0; k < 64; ++k)
                for (int j = 0; j < 128; ++j)
                    for (int i = 0; i < 128; ++i)
                        if (labels.at(i, j, k))
                            sum += ct.value(i, j, k);
            const double mean = sum / double(voxels);
            denseAsTissue += mean > 0 && mean < 130;
            ++lesions;
        }
        QCOMPARE(int(patients.size()), 16);
        QVERIFY2(denseAsTissue >= 4, qPrintable(QString::number(denseAsTissue)));
        QCOMPARE(lesions, 16);
    }

    void trainingRunsMetricsAndModels()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("t.sagitta")).toStdString();
        auto p = Project::create(path);
        QCOMPARE(p->schemaVersion(), Project::kSchemaVersion);
        const std::int64_t run = p->trainingStore().beginTrainingRun("segment", "unet2d", R"({"epochs":2})", "cpu");
        {
            // A worker records epochs through its own connection while this one reads.
            auto worker = Project::open(path);
            for (int e = 1; e <= 2; ++e) {
                TrainingEpoch epoch;
                epoch.epoch = e;
                epoch.trainLoss = 1.0 / e;
                epoch.validLoss = 1.2 / e;
                epoch.metricName = "dice";
                epoch.metric = 0.4 * e;
                epoch.seconds = 3;
                worker->trainingStore().addTrainingEpoch(run, epoch);
                QCOMPARE(int(p->trainingStore().trainingEpochs(run).size()), e);
            }
            const std::int64_t model = worker->trainingStore().addModel(run, "unet", "segment", std::string("\0weights\0", 9), R"({"task":"segment"})");
            worker->trainingStore().finishTrainingRun(run, "finished", R"({"dice":0.8})");
            const std::optional<ModelRecord> m = p->trainingStore().model(model);
            QVERIFY(m);
            QCOMPARE(m->weights, std::string("\0weights\0", 9));
            QCOMPARE(m->runId, run);
            QCOMPARE(int(p->trainingStore().models().size()), 1);
            QVERIFY(p->trainingStore().models()[0].weights.empty());
        }
        const std::vector<TrainingEpoch> epochs = p->trainingStore().trainingEpochs(run);
        QCOMPARE(epochs[1].metric, 0.8);
        QCOMPARE(epochs[1].metricName, std::string("dice"));
        const std::optional<TrainingRun> r = p->trainingStore().trainingRun(run);
        QCOMPARE(r->status, std::string("finished"));
        QVERIFY(!r->endedAt.empty());
        QCOMPARE(r->resultJson, std::string(R"({"dice":0.8})"));
        QVERIFY_THROWS_EXCEPTION(Error, p->trainingStore().finishTrainingRun(run, "exploded", "{}"));
        QVERIFY_THROWS_EXCEPTION(Error, p->trainingStore().finishTrainingRun(run + 1, "failed", "{}"));
        QVERIFY_THROWS_EXCEPTION(Error, p->trainingStore().addModel(run, "empty", "segment", "", "{}"));
        int audited = 0;
        for (const AuditEntry &a : p->auditLog())
            audited += a.action == "training started" || a.action == "training finished" || a.action == "model saved";
        QCOMPARE(audited, 3);
        QVERIFY(p->verify().empty());
    }
};

QTEST_GUILESS_MAIN(TstProject)
#include "tst_project.moc"
