// Tests core/dicom/anonymize (DICOM PS3.15 Annex E, Basic Profile with Retain Longitudinal
// Temporal Information and Clean Descriptors): a small CT series written by DCMTK carries
// identifying values in the patient, study, equipment and free-text attributes, a private tag and
// a reference between its files; after anonymizeFolder no byte sequence of any of those values
// is left in any output file, UIDs stay consistent, and dciodvfy (dicom3tools; the test fails
// without it) finds no error that the input did not already have.
#include "core/base/error.h"
#include "core/dicom/anonymize.h"
#include "core/dicom/synthetic.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <set>

using namespace sagitta::core;

namespace {

// Errors dciodvfy reports on a file, values left out so that input and output compare.
QSet<QString> dciodvfyErrors(const QString &file)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("dciodvfy"), {file});
    p.waitForFinished(60000);
    QSet<QString> errors;
    for (const QString &line : QString::fromUtf8(p.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        if (line.startsWith(QLatin1String("Error")))
            errors.insert(line);
    return errors;
}

std::string str(DcmItem *item, const DcmTagKey &tag)
{
    OFString v;
    item->findAndGetOFStringArray(tag, v);
    return v.c_str();
}

struct Series {
    QStringList files;
    std::vector<std::string> sopUids;
    std::string studyUid, seriesUid, forUid;
};

// Three slices with identifying values everywhere the profile looks, and slice 1 referring to
// slice 0.
Series writeIdentified(const QString &dir)
{
    dicom::SyntheticSpec spec;
    spec.dims = {16, 12, 3};
    spec.patientName = "KOWALCZYK^ZOFIA";
    spec.patientId = "MRN77341952";
    spec.studyDescription = "CT chest for Zofia Kowalczyk";
    spec.seriesDescription = "Seen by Dr. Blackwood";
    Series s;
    spec.studyUid = s.studyUid = dicom::newUid();
    spec.seriesUid = s.seriesUid = dicom::newUid();
    spec.frameOfReferenceUid = s.forUid = dicom::newUid();
    for (const std::string &f : dicom::writeSyntheticSeries(dir.toStdString(), spec))
        s.files << QString::fromStdString(f);
    for (int n = 0; n < s.files.size(); ++n) {
        DcmFileFormat ff;
        if (ff.loadFile(s.files[n].toStdString().c_str()).bad())
            throw Error("cannot read back the synthetic series");
        ff.loadAllDataIntoMemory();
        DcmDataset *ds = ff.getDataset();
        ds->putAndInsertString(DCM_PatientBirthDate, "19530417");
        ds->putAndInsertString(DCM_PatientSex, "F");
        ds->putAndInsertString(DCM_AccessionNumber, "ACC99887766");
        ds->putAndInsertString(DCM_InstitutionName, "Larkspur Memorial Hospital");
        ds->putAndInsertString(DCM_InstitutionAddress, "12 Quillfeather Lane");
        ds->putAndInsertString(DCM_ReferringPhysicianName, "BLACKWOOD^HENRIETTA");
        ds->putAndInsertString(DCM_OperatorsName, "THISTLEDOWN^QUENTIN");
        ds->putAndInsertString(DCM_StationName, "CTSTATION7731");
        ds->putAndInsertString(DCM_DeviceSerialNumber, "SN88231456");
        ds->putAndInsertString(DCM_RETIRED_OtherPatientIDs, "OPID55219");
        ds->putAndInsertString(DCM_PatientAddress, "48 Wrenfield Road");
        ds->putAndInsertString(DCM_StudyDate, "20210304");
        ds->putAndInsertString(DCM_SeriesDate, "20210304");
        ds->putAndInsertString(DCM_StudyID, "STUDY4471");
        ds->putAndInsertString(DCM_ImageComments, "Zofia Kowalczyk, MRN 77341952, called 617-555-0142");
        ds->putAndInsertString(DcmTag(0x0029, 0x0010, EVR_LO), "ACME PRIVATE");
        ds->putAndInsertString(DcmTag(0x0029, 0x1010, EVR_LO), "PRIVSECRET8823");
        if (n == 1) {
            DcmItem *ref = nullptr;
            ds->findOrCreateSequenceItem(DCM_ReferencedImageSequence, ref, -2);
            ref->putAndInsertString(DCM_ReferencedSOPClassUID, UID_CTImageStorage);
            ref->putAndInsertString(DCM_ReferencedSOPInstanceUID, s.sopUids[0].c_str());
        }
        s.sopUids.push_back(str(ds, DCM_SOPInstanceUID));
        if (ff.saveFile(s.files[n].toStdString().c_str(), EXS_LittleEndianExplicit).bad())
            throw Error("cannot rewrite the synthetic series");
    }
    return s;
}

} // namespace

class TstAnonymize : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void profileTableIsData()
    {
        const auto &table = dicom::confidentialityProfile();
        QVERIFY(table.size() > 200);
        int uids = 0;
        for (const auto &e : table) {
            QVERIFY(std::string("DZXKCU").find(e.action) != std::string::npos);
            uids += e.action == 'U';
        }
        QVERIFY(uids >= 25);
    }

    void noIdentifierLeftAndDciodvfyClean()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("dciodvfy")).isEmpty())
            QFAIL("dciodvfy (Debian package dicom3tools) is not installed");
        QTemporaryDir dir;
        const QString in = dir.filePath(QStringLiteral("in")), out = dir.filePath(QStringLiteral("out"));
        const Series s = writeIdentified(in);
        QFile junk(in + QStringLiteral("/notes.txt"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not DICOM");
        junk.close();

        dicom::AnonymizeOptions options;
        options.secret = "test";
        const dicom::AnonymizeReport report = dicom::anonymizeFolder(in.toStdString(), out.toStdString(), options);
        QCOMPARE(report.written, 3);
        QCOMPARE(int(report.skipped.size()), 1);
        const QStringList outputs = QDir(out).entryList({QStringLiteral("*.dcm")}, QDir::Files);
        QCOMPARE(outputs.size(), 3);
        QVERIFY(QDir(out).entryList({QStringLiteral("*.part")}, QDir::Files).isEmpty());

        std::vector<std::string> identifying = {"KOWALCZYK", "ZOFIA", "Kowalczyk", "Zofia", "MRN77341952", "77341952", "19530417",
                                                "ACC99887766", "Larkspur", "Quillfeather", "BLACKWOOD", "Blackwood", "HENRIETTA",
                                                "THISTLEDOWN", "QUENTIN", "CTSTATION7731", "SN88231456", "OPID55219", "Wrenfield",
                                                "20210304", "STUDY4471", "617-555-0142", "ACME PRIVATE", "PRIVSECRET8823",
                                                s.studyUid, s.seriesUid, s.forUid};
        identifying.insert(identifying.end(), s.sopUids.begin(), s.sopUids.end());

        QSet<QString> inputErrors;
        for (const QString &f : s.files)
            inputErrors += dciodvfyErrors(f);
        std::set<std::string> seriesUids, studyDates;
        std::map<std::string, std::string> referenced; // output file -> referenced SOP instance
        std::set<std::string> outputSops;
        for (const QString &name : outputs) {
            const QString path = out + QLatin1Char('/') + name;
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            for (const std::string &v : identifying)
                QVERIFY2(!bytes.contains(QByteArray::fromStdString(v)), (name.toStdString() + " still holds " + v).c_str());
            const QSet<QString> introduced = dciodvfyErrors(path) - inputErrors;
            QVERIFY2(introduced.isEmpty(), qPrintable(QStringList(introduced.values()).join(QLatin1Char('\n'))));

            DcmFileFormat ff;
            QVERIFY(ff.loadFile(path.toStdString().c_str()).good());
            DcmDataset *ds = ff.getDataset();
            QCOMPARE(str(ds, DCM_PatientIdentityRemoved), std::string("YES"));
            QVERIFY(!str(ds, DCM_DeidentificationMethod).empty());
            DcmItem *code = nullptr;
            QVERIFY(ds->findAndGetSequenceItem(DCM_DeidentificationMethodCodeSequence, code, 0).good());
            QCOMPARE(str(code, DCM_CodeValue), std::string("113100"));
            QVERIFY(ds->tagExists(DCM_PatientName)); // type 2: present, empty
            QVERIFY(str(ds, DCM_PatientName).empty());
            QVERIFY(!ds->tagExists(DCM_InstitutionName));
            QVERIFY(!ds->tagExists(DcmTagKey(0x0029, 0x1010)));
            const std::string sop = str(ds, DCM_SOPInstanceUID);
            QVERIFY(sop.rfind("2.25.", 0) == 0);
            QCOMPARE(str(ff.getMetaInfo(), DCM_MediaStorageSOPInstanceUID), sop);
            QCOMPARE(name.toStdString(), sop + ".dcm");
            outputSops.insert(sop);
            seriesUids.insert(str(ds, DCM_SeriesInstanceUID));
            studyDates.insert(str(ds, DCM_StudyDate));
            // The description is cleaned, not dropped: the clinical words stay.
            QVERIFY(str(ds, DCM_StudyDescription).find("CT chest") != std::string::npos);
            DcmItem *ref = nullptr;
            if (ds->findAndGetSequenceItem(DCM_ReferencedImageSequence, ref, 0).good())
                referenced[sop] = str(ref, DCM_ReferencedSOPInstanceUID);
        }
        QCOMPARE(int(seriesUids.size()), 1);
        QCOMPARE(int(studyDates.size()), 1);
        const std::string shifted = *studyDates.begin();
        QCOMPARE(int(shifted.size()), 8);
        QVERIFY(shifted < "20210204" && shifted > "20200201"); // 30 to 395 days earlier
        QCOMPARE(int(referenced.size()), 1);
        QVERIFY(outputSops.count(referenced.begin()->second)); // the reference follows the remapped UID
    }

    void keepDatesKeepsThem()
    {
        QTemporaryDir dir;
        const QString in = dir.filePath(QStringLiteral("in")), out = dir.filePath(QStringLiteral("out"));
        writeIdentified(in);
        dicom::AnonymizeOptions options;
        options.keepDates = true;
        dicom::anonymizeFolder(in.toStdString(), out.toStdString(), options);
        const QStringList outputs = QDir(out).entryList({QStringLiteral("*.dcm")}, QDir::Files);
        QVERIFY(!outputs.isEmpty());
        DcmFileFormat ff;
        QVERIFY(ff.loadFile((out + QLatin1Char('/') + outputs[0]).toStdString().c_str()).good());
        QCOMPARE(str(ff.getDataset(), DCM_StudyDate), std::string("20210304"));
        QCOMPARE(str(ff.getDataset(), DCM_PatientBirthDate), std::string());
        QCOMPARE(str(ff.getDataset(), DCM_LongitudinalTemporalInformationModified), std::string("UNMODIFIED"));
    }

    void burnedInAnnotationIsRefused()
    {
        QTemporaryDir dir;
        const QString in = dir.filePath(QStringLiteral("in")), out = dir.filePath(QStringLiteral("out"));
        const Series s = writeIdentified(in);
        DcmFileFormat ff;
        QVERIFY(ff.loadFile(s.files[2].toStdString().c_str()).good());
        ff.loadAllDataIntoMemory();
        ff.getDataset()->putAndInsertString(DCM_BurnedInAnnotation, "YES");
        QVERIFY(ff.saveFile(s.files[2].toStdString().c_str(), EXS_LittleEndianExplicit).good());
        try {
            dicom::anonymizeFolder(in.toStdString(), out.toStdString());
            QFAIL("a Burned In Annotation YES was accepted");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find(s.files[2].toStdString()) != std::string::npos, e.what());
            QVERIFY(std::string(e.what()).find("Burned In Annotation") != std::string::npos);
        }
        QVERIFY(!QDir(out).exists() || QDir(out).entryList(QDir::Files).isEmpty()); // nothing written
    }
};

QTEST_GUILESS_MAIN(TstAnonymize)
#include "tst_anonymize.moc"
