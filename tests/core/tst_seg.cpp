// Tests core/dicom/seg: DICOM SEG export through dcmseg and import of BINARY and FRACTIONAL
// SEGs, on synthetic series written by DCMTK and on the real bone mask of Debian's
// invesalius-examples head CT. dciodvfy (dicom3tools) must find no error in an export.
#include "core/base/error.h"
#include "core/dicom/invesalius.h"
#include "core/dicom/seg.h"
#include "core/dicom/synthetic.h"
#include "core/project/importer.h"
#include "core/project/labelexchange.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace sagitta::core;

namespace {

// A synthetic series as the project records it.
SeriesRecord syntheticRecord(const QString &dir, dicom::SyntheticSpec spec)
{
    dicom::writeSyntheticSeries(dir.toStdString(), spec);
    const ImportReport report = scanForImport(dir.toStdString());
    if (report.series.size() != 1)
        throw Error("expected one series");
    return toRecord(report.series[0], report.scalarTypes[0]);
}

// Two segments on an odd grid, so that frames straddle byte boundaries.
LabelMap pattern(const std::array<int, 3> &d)
{
    LabelMap m(d);
    for (int k = 0; k < d[2]; ++k)
        for (int j = 0; j < d[1]; ++j)
            for (int i = 0; i < d[0]; ++i) {
                if ((i * 7 + j * 3 + k) % 5 == 0 && k != 1)
                    m.set(i, j, k, 1);
                else if (i > d[0] / 2 && j < d[1] / 2 && k >= 2)
                    m.set(i, j, k, 2);
            }
    return m;
}

std::vector<Segment> twoSegments()
{
    Segment a, b;
    a.label = 1;
    a.name = "Liver lesion";
    a.rgb = 0xe6194b;
    b.label = 2;
    b.name = "Bone";
    b.rgb = 0x3cb44b;
    return {a, b};
}

std::string datasetString(DcmItem *item, const DcmTagKey &tag)
{
    OFString v;
    item->findAndGetOFString(tag, v);
    return v.c_str();
}

// dciodvfy's report on a file: every line (it writes to stderr).
QStringList dciodvfy(const QString &file)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("dciodvfy"), {file});
    p.waitForFinished(60000);
    return QString::fromUtf8(p.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class TstSeg : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripIsExactWithIdentity()
    {
        QTemporaryDir dir;
        dicom::SyntheticSpec spec;
        spec.dims = {13, 7, 5};
        spec.spacing = {0.7, 0.9, 2.5};
        spec.orientation = {0, 1, 0, 0, 0, -1}; // sagittal
        const SeriesRecord r = syntheticRecord(dir.filePath(QStringLiteral("ct")), spec);
        const LabelMap labels = pattern(r.geometry.dims);
        const QString out = dir.filePath(QStringLiteral("labels.dcm"));
        dicom::SegExportOptions keep;
        keep.keepIdentity = true;
        dicom::writeSegmentation(labels, twoSegments(), segSource(r), out.toStdString(), keep);
        QVERIFY(dicom::isSegmentation(out.toStdString()));
        QVERIFY(!dicom::isSegmentation(r.files[0]));

        const dicom::SegHeader h = dicom::readSegmentationHeader(out.toStdString());
        QCOMPARE(h.referencedSeriesUid, r.seriesUid);
        QCOMPARE(h.frameOfReferenceUid, r.frameOfReferenceUid);
        const dicom::SegLabels back = dicom::readSegmentation(out.toStdString(), r.geometry, r.sopInstanceUids);
        QVERIFY(back.labels == labels);
        QCOMPARE(back.segments.size(), std::size_t(2));
        QCOMPARE(back.segments[0].name, std::string("Liver lesion"));
        QCOMPARE(back.segments[1].name, std::string("Bone"));
        // CIELab in 16 bits carries 8-bit RGB exactly.
        QCOMPARE(back.segments[0].rgb, 0xe6194bu);
        QCOMPARE(back.segments[1].rgb, 0x3cb44bu);
        QVERIFY(back.warnings.empty());

        DcmFileFormat ff;
        QVERIFY(ff.loadFile(out.toStdString().c_str()).good());
        DcmDataset *ds = ff.getDataset();
        QCOMPARE(datasetString(ds, DCM_PatientName), spec.patientName);
        QCOMPARE(datasetString(ds, DCM_StudyInstanceUID), r.studyUid);
        // Coded terminology from the name.
        DcmItem *segment = nullptr;
        QVERIFY(ds->findAndGetSequenceItem(DCM_SegmentSequence, segment, 1).good());
        DcmItem *type = nullptr;
        QVERIFY(segment->findAndGetSequenceItem(DCM_SegmentedPropertyTypeCodeSequence, type, 0).good());
        QCOMPARE(datasetString(type, DCM_CodeValue), std::string("272673000"));
        // Every frame derives from a slice of the source series.
        DcmSequenceOfItems *frames = nullptr;
        QVERIFY(ds->findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, frames).good());
        QVERIFY(frames->card() > 0);
        for (unsigned long f = 0; f < frames->card(); ++f) {
            DcmItem *derivation = nullptr, *source = nullptr;
            QVERIFY(frames->getItem(f)->findAndGetSequenceItem(DCM_DerivationImageSequence, derivation, 0).good());
            QVERIFY(derivation->findAndGetSequenceItem(DCM_SourceImageSequence, source, 0).good());
            const std::string uid = datasetString(source, DCM_ReferencedSOPInstanceUID);
            QVERIFY(std::find(r.sopInstanceUids.begin(), r.sopInstanceUids.end(), uid) != r.sopInstanceUids.end());
        }
    }

    // Overlapping segments (a lesion inside its organ, on layer 1 of the map) export each from
    // its own layer and come back exactly, on the same layers; through the project as well.
    void overlappingSegmentsRoundTripExactly()
    {
        QTemporaryDir dir;
        dicom::SyntheticSpec spec;
        spec.dims = {13, 7, 5};
        const SeriesRecord r = syntheticRecord(dir.filePath(QStringLiteral("ct")), spec);
        LabelMap labels(r.geometry.dims);
        std::uint64_t organ = 0, lesion = 0, shared = 0;
        for (int k = 0; k < 5; ++k)
            for (int j = 0; j < 7; ++j)
                for (int i = 0; i < 13; ++i) {
                    const bool inOrgan = i >= 2 && i < 11 && j >= 1 && j < 6 && k >= 1;
                    const bool inLesion = i >= 4 && i < 8 && j >= 2 && j < 5 && k >= 2 && k < 4;
                    if (inOrgan)
                        labels.set(i, j, k, 1, 0), ++organ;
                    if (inLesion)
                        labels.set(i, j, k, 2, 1), ++lesion;
                    shared += inOrgan && inLesion;
                }
        labels.setLayerOf(2, 1);
        QCOMPARE(shared, lesion); // all of the lesion lies in the organ
        std::vector<Segment> segs = twoSegments();
        segs[0].name = "Liver";
        segs[1].name = "Liver lesion";
        const QString out = dir.filePath(QStringLiteral("overlap.dcm"));
        dicom::writeSegmentation(labels, segs, segSource(r), out.toStdString());
        const dicom::SegLabels back = dicom::readSegmentation(out.toStdString(), r.geometry, r.sopInstanceUids);
        QVERIFY(back.labels == labels);
        QCOMPARE(back.labels.count(1), organ);
        QCOMPARE(back.labels.count(2), lesion);
        QCOMPARE(back.segments[0].layer, 0);
        QCOMPARE(back.segments[1].layer, 1);
        QCOMPARE(back.warnings.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(back.warnings[0]).startsWith(QString::number(shared) + QStringLiteral(" voxel(s)")),
                 back.warnings[0].c_str());
        // The lesion's frames (segment 2) are exactly its voxels: 2 slices of 4 x 3.
        DcmFileFormat ff;
        QVERIFY(ff.loadFile(out.toStdString().c_str()).good());
        long frames = 0;
        QVERIFY(ff.getDataset()->findAndGetLongInt(DCM_NumberOfFrames, frames).good());
        QCOMPARE(frames, 4L + 2L); // organ on slices 1..4, lesion on 2..3

        // Through the project: the import keeps both, on their layers; the export is the same.
        auto p = Project::create(dir.filePath(QStringLiteral("p.sagitta")).toStdString());
        const std::int64_t id = p->seriesStore().addSeries(r);
        importLabels(*p, id, out.toStdString());
        QVERIFY(p->labelStore().loadLabelMap(id, r.geometry.dims) == labels);
        QCOMPARE(p->labelStore().segments(id)[1].layer, 1);
        const QString again = dir.filePath(QStringLiteral("again.dcm"));
        exportLabels(*p, id, again.toStdString());
        QVERIFY(dicom::readSegmentation(again.toStdString(), r.geometry, r.sopInstanceUids).labels == labels);
    }

    void exportIsDeidentifiedAndStillMapsByPosition()
    {
        QTemporaryDir dir;
        dicom::SyntheticSpec spec;
        spec.dims = {11, 9, 6};
        const SeriesRecord r = syntheticRecord(dir.filePath(QStringLiteral("ct")), spec);
        const LabelMap labels = pattern(r.geometry.dims);
        const QString out = dir.filePath(QStringLiteral("deid.dcm"));
        dicom::writeSegmentation(labels, twoSegments(), segSource(r), out.toStdString());

        DcmFileFormat ff;
        QVERIFY(ff.loadFile(out.toStdString().c_str()).good());
        DcmDataset *ds = ff.getDataset();
        QCOMPARE(datasetString(ds, DCM_PatientName), std::string());
        QCOMPARE(datasetString(ds, DCM_PatientID), std::string());
        QCOMPARE(datasetString(ds, DCM_PatientIdentityRemoved), std::string("YES"));
        QCOMPARE(datasetString(ds, DCM_StudyDate), std::string());
        QCOMPARE(datasetString(ds, DCM_StudyInstanceUID), dicom::deidentifiedUid(r.studyUid));
        QCOMPARE(datasetString(ds, DCM_FrameOfReferenceUID), dicom::deidentifiedUid(r.frameOfReferenceUid));
        QVERIFY(dicom::deidentifiedUid(r.studyUid).size() <= 64);
        QVERIFY(dicom::deidentifiedUid(r.studyUid) != dicom::deidentifiedUid(r.seriesUid));
        // Referenced series and instances remapped the same way everywhere.
        DcmItem *series = nullptr;
        QVERIFY(ds->findAndGetSequenceItem(DCM_ReferencedSeriesSequence, series, 0).good());
        QCOMPARE(datasetString(series, DCM_SeriesInstanceUID), dicom::deidentifiedUid(r.seriesUid));
        DcmItem *instance = nullptr;
        QVERIFY(series->findAndGetSequenceItem(DCM_ReferencedInstanceSequence, instance, 0).good());
        std::vector<std::string> remapped;
        for (const std::string &u : r.sopInstanceUids)
            remapped.push_back(dicom::deidentifiedUid(u));
        QVERIFY(std::find(remapped.begin(), remapped.end(), datasetString(instance, DCM_ReferencedSOPInstanceUID)) != remapped.end());
        // No original UID anywhere in the file.
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(!bytes.contains(QByteArray::fromStdString(r.studyUid)));
        QVERIFY(!bytes.contains(QByteArray::fromStdString(r.sopInstanceUids[0])));
        QVERIFY(!bytes.contains(QByteArray::fromStdString(spec.patientId)));

        // The UIDs match no slice now: frames map by position, still exactly.
        const dicom::SegLabels back = dicom::readSegmentation(out.toStdString(), r.geometry, r.sopInstanceUids);
        QVERIFY(back.labels == labels);
        // Nor does a shifted grid take them.
        Geometry shifted = r.geometry;
        shifted.origin[2] += 0.5 * shifted.spacing[2];
        QVERIFY_THROWS_EXCEPTION(Error, dicom::readSegmentation(out.toStdString(), shifted, {}));
    }

    void dciodvfyFindsNoError()
    {
        const QString tool = QStandardPaths::findExecutable(QStringLiteral("dciodvfy"));
        QVERIFY2(!tool.isEmpty(), "dciodvfy (Debian package dicom3tools, installer/packages.txt) is missing");
        QTemporaryDir dir;
        dicom::SyntheticSpec spec;
        spec.dims = {24, 20, 6};
        const SeriesRecord r = syntheticRecord(dir.filePath(QStringLiteral("ct")), spec);
        for (bool keep : {false, true}) {
            const QString out = dir.filePath(keep ? QStringLiteral("keep.dcm") : QStringLiteral("deid.dcm"));
            dicom::SegExportOptions options;
            options.keepIdentity = keep;
            options.creator = "tester";
            dicom::writeSegmentation(pattern(r.geometry.dims), twoSegments(), segSource(r), out.toStdString(), options);
            const QStringList report = dciodvfy(out);
            QVERIFY2(!report.isEmpty(), "dciodvfy said nothing");
            QStringList errors;
            for (const QString &line : report)
                if (line.startsWith(QStringLiteral("Error")))
                    errors << line;
            QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
        }
        // Overlapping segments (segment 2 on layer 1, over segment 1) are a valid SEG too.
        LabelMap overlap = pattern(r.geometry.dims);
        for (int k = 0; k < r.geometry.dims[2]; ++k)
            for (int i = 0; i < r.geometry.dims[0]; ++i)
                if (overlap.at(i, 3, k) == 2)
                    overlap.set(i, 3, k, 0); // 2 leaves layer 0...
        overlap.moveLabel(2, 1);
        for (int k = 0; k < r.geometry.dims[2]; ++k)
            for (int i = 0; i < r.geometry.dims[0]; ++i)
                overlap.set(i, 3, k, 2, 1); // ...and crosses segment 1 on layer 1
        const QString out = dir.filePath(QStringLiteral("overlap.dcm"));
        dicom::writeSegmentation(overlap, twoSegments(), segSource(r), out.toStdString());
        QStringList errors;
        for (const QString &line : dciodvfy(out))
            if (line.startsWith(QStringLiteral("Error")))
                errors << line;
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
        QVERIFY(dicom::readSegmentation(out.toStdString(), r.geometry, r.sopInstanceUids).labels.count(2) > 0);
    }

    void fractionalWithoutPerFrameGroups()
    {
        // A FRACTIONAL SEG as another tool might write it: shared groups only, one frame per
        // slice in slice order, values against MaximumFractionalValue 200.
        QTemporaryDir dir;
        dicom::SyntheticSpec spec;
        spec.dims = {5, 4, 3};
        const SeriesRecord r = syntheticRecord(dir.filePath(QStringLiteral("ct")), spec);
        DcmFileFormat ff;
        DcmDataset *ds = ff.getDataset();
        ds->putAndInsertString(DCM_SOPClassUID, "1.2.840.10008.5.1.4.1.1.66.4");
        ds->putAndInsertString(DCM_SOPInstanceUID, dicom::newUid().c_str());
        ds->putAndInsertString(DCM_SegmentationType, "FRACTIONAL");
        ds->putAndInsertUint16(DCM_MaximumFractionalValue, 200);
        ds->putAndInsertUint16(DCM_Rows, 4);
        ds->putAndInsertUint16(DCM_Columns, 5);
        ds->putAndInsertString(DCM_NumberOfFrames, "3");
        ds->putAndInsertUint16(DCM_BitsAllocated, 8);
        DcmItem *segment = nullptr;
        ds->findOrCreateSequenceItem(DCM_SegmentSequence, segment, 0);
        segment->putAndInsertUint16(DCM_SegmentNumber, 1);
        segment->putAndInsertString(DCM_SegmentLabel, "Fraction");
        std::vector<Uint8> pixels(5 * 4 * 3);
        LabelMap expected(r.geometry.dims);
        for (int k = 0; k < 3; ++k)
            for (int j = 0; j < 4; ++j)
                for (int i = 0; i < 5; ++i) {
                    const Uint8 v = Uint8((i * 53 + j * 31 + k * 17) % 201);
                    pixels[std::size_t((k * 4 + j) * 5 + i)] = v;
                    if (v >= 100)
                        expected.set(i, j, k, 1);
                }
        ds->putAndInsertUint8Array(DCM_PixelData, pixels.data(), pixels.size());
        const QString out = dir.filePath(QStringLiteral("fractional.dcm"));
        QVERIFY(ff.saveFile(out.toStdString().c_str(), EXS_LittleEndianExplicit).good());
        const dicom::SegLabels back = dicom::readSegmentation(out.toStdString(), r.geometry, r.sopInstanceUids);
        QVERIFY(back.labels.count(1) > 0);
        QVERIFY(back.labels == expected);
        QCOMPARE(back.segments[0].name, std::string("Fraction"));
    }

    void wrongFramesAreRefused()
    {
        QTemporaryDir dir;
        dicom::SyntheticSpec spec;
        spec.dims = {8, 6, 4};
        const SeriesRecord r = syntheticRecord(dir.filePath(QStringLiteral("ct")), spec);
        const QString out = dir.filePath(QStringLiteral("a.dcm"));
        dicom::writeSegmentation(pattern(r.geometry.dims), twoSegments(), segSource(r), out.toStdString());
        Geometry other = r.geometry;
        other.dims = {8, 7, 4};
        try {
            dicom::readSegmentation(out.toStdString(), other, r.sopInstanceUids);
            QFAIL("a SEG on another grid was taken");
        } catch (const Error &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(out), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, dicom::readSegmentation(r.files[0], r.geometry, {}));
    }

    void realBoneMaskRoundTrip()
    {
        const std::string cranium = dicom::invesaliusExample();
        if (cranium.empty())
            QSKIP("Debian's invesalius-examples is not installed");
        QTemporaryDir dir;
        dicom::writeInvesaliusAsDicom(cranium, dir.filePath(QStringLiteral("ct")).toStdString());
        const ImportReport report = scanForImport(dir.filePath(QStringLiteral("ct")).toStdString());
        QCOMPARE(report.series.size(), std::size_t(1));
        const SeriesRecord r = toRecord(report.series[0], report.scalarTypes[0]);
        const std::vector<dicom::InvesaliusMask> masks = dicom::readInvesaliusMasks(cranium);
        QVERIFY(!masks.empty());
        const dicom::InvesaliusMask &bone = masks[0]; // thresholded at 226..3071 HU
        QCOMPARE(bone.dims, r.geometry.dims);
        LabelMap labels(r.geometry.dims);
        std::size_t n = 0;
        for (int k = 0; k < bone.dims[2]; ++k)
            for (int j = 0; j < bone.dims[1]; ++j)
                for (int i = 0; i < bone.dims[0]; ++i, ++n)
                    if (bone.voxels[n])
                        labels.set(i, j, k, 1);
        QVERIFY(labels.count(1) > 400000);
        Segment s;
        s.label = 1;
        s.name = "Bone";
        s.rgb = bone.rgb;
        const QString out = dir.filePath(QStringLiteral("bone.dcm"));
        dicom::writeSegmentation(labels, {s}, segSource(r), out.toStdString());
        const dicom::SegLabels back = dicom::readSegmentation(out.toStdString(), r.geometry, r.sopInstanceUids);
        QVERIFY(back.labels == labels);
        QCOMPARE(back.segments[0].rgb, bone.rgb);
    }
};

QTEST_GUILESS_MAIN(TstSeg)
#include "tst_seg.moc"
