#include "core/dicom/anonymize.h"

#include "core/base/atomicfile.h"
#include "core/base/error.h"
#include "core/base/sha256.h"
#include "core/text/deid.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>

namespace sagitta::embedded {
const std::map<std::string, std::string_view> &dicomResources();
}

namespace sagitta::core::dicom {

namespace fs = std::filesystem;

const std::vector<ProfileEntry> &confidentialityProfile()
{
    static const std::vector<ProfileEntry> table = [] {
        std::vector<ProfileEntry> t;
        std::istringstream in(std::string(embedded::dicomResources().at("ps3.15_basic_profile.tsv")));
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty() || line[0] == '#')
                continue;
            ProfileEntry e;
            unsigned g = 0, el = 0;
            char action = 0, option = 0;
            char name[128] = {};
            if (std::sscanf(line.c_str(), "%4x,%4x\t%c\t%c\t%127[^\n]", &g, &el, &action, &option, name) < 4)
                throw Error("ps3.15_basic_profile.tsv: bad line: " + line);
            e.group = static_cast<unsigned short>(g);
            e.element = static_cast<unsigned short>(el);
            e.action = action;
            e.option = option;
            e.name = name;
            t.push_back(e);
        }
        return t;
    }();
    return table;
}

namespace {

const std::map<DcmTagKey, const ProfileEntry *> &profileByTag()
{
    static const std::map<DcmTagKey, const ProfileEntry *> map = [] {
        std::map<DcmTagKey, const ProfileEntry *> m;
        for (const ProfileEntry &e : confidentialityProfile())
            m[DcmTagKey(e.group, e.element)] = &e;
        return m;
    }();
    return map;
}

std::string stringOf(DcmElement *e)
{
    OFString v;
    e->getOFStringArray(v);
    return std::string(v.c_str(), v.size());
}

std::string str(DcmItem &item, const DcmTagKey &tag)
{
    OFString v;
    item.findAndGetOFStringArray(tag, v);
    return std::string(v.c_str(), v.size());
}

std::size_t maxLength(DcmEVR vr)
{
    switch (vr) {
    case EVR_SH: return 16;
    case EVR_LO: return 64;
    case EVR_ST: return 1024;
    case EVR_LT: return 10240;
    case EVR_PN: return 64;
    default: return 65534;
    }
}

// A dummy value of the element's kind (never an original value).
std::string dummy(DcmEVR vr)
{
    switch (vr) {
    case EVR_DA: return "19000101";
    case EVR_TM: return "000000";
    case EVR_DT: return "19000101000000";
    case EVR_IS:
    case EVR_DS:
    case EVR_US:
    case EVR_SS:
    case EVR_UL:
    case EVR_SL:
    case EVR_FL:
    case EVR_FD: return "0";
    case EVR_CS: return "ANONYMIZED";
    default: return "ANONYMIZED";
    }
}

} // namespace

DicomAnonymizer::DicomAnonymizer(AnonymizeOptions options) : m_options(std::move(options))
{
    if (m_options.secret.empty()) {
        std::random_device rd;
        for (int i = 0; i < 8; ++i)
            m_options.secret += std::to_string(rd()) + ":";
    }
}

std::string DicomAnonymizer::mapUid(const std::string &uid)
{
    if (uid.empty())
        return uid;
    const auto digest = sha256(m_options.secret + "|uid|" + uid);
    unsigned __int128 n = 0;
    for (int i = 0; i < 16; ++i)
        n = (n << 8) | digest[std::size_t(i)];
    std::string digits;
    do {
        digits += char('0' + int(n % 10));
        n /= 10;
    } while (n != 0);
    std::reverse(digits.begin(), digits.end());
    return "2.25." + digits;
}

int DicomAnonymizer::dateShiftDays(const std::string &patientKey) const
{
    const auto digest = sha256(m_options.secret + "|date|" + patientKey);
    return -30 - int(((unsigned(digest[0]) << 8) | digest[1]) % 366);
}

std::string DicomAnonymizer::shiftDate(const std::string &da, int days) const
{
    if (da.size() < 8 || !std::all_of(da.begin(), da.begin() + 8, [](char c) { return c >= '0' && c <= '9'; }))
        return std::string();
    std::tm t{};
    t.tm_year = std::stoi(da.substr(0, 4)) - 1900;
    t.tm_mon = std::stoi(da.substr(4, 2)) - 1;
    t.tm_mday = std::stoi(da.substr(6, 2)) + days;
    t.tm_hour = 12;
    timegm(&t);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday);
    return std::string(buf) + da.substr(8);
}

std::string DicomAnonymizer::cleanText(const std::string &text, const Context &context, std::size_t max) const
{
    std::string in = text;
    for (const auto &[value, tag] : context.known) {
        // Case-insensitive (ASCII) search for the value.
        std::string lowerIn = in, lowerValue = value;
        for (char &c : lowerIn)
            c = char(std::tolower(static_cast<unsigned char>(c)));
        for (char &c : lowerValue)
            c = char(std::tolower(static_cast<unsigned char>(c)));
        for (std::size_t at = lowerIn.find(lowerValue); at != std::string::npos; at = lowerIn.find(lowerValue, at + tag.size())) {
            in.replace(at, value.size(), tag);
            lowerIn.replace(at, value.size(), tag);
        }
    }
    std::string out = text::deidentify(in, context.patientKey).text;
    if (out.size() > max) {
        out.resize(max);
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xc0) == 0x80) // a cut UTF-8 sequence
            out.pop_back();
        if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xc0)
            out.pop_back();
    }
    return out;
}

void DicomAnonymizer::process(DcmItem &item, const Context &context)
{
    const int shift = context.shift;
    std::vector<DcmTagKey> remove;
    const auto &profile = profileByTag();
    for (unsigned long i = 0; i < item.card(); ++i) {
        DcmElement *e = item.getElement(i);
        const DcmTagKey key = e->getTag().getXTag();
        const DcmEVR vr = e->ident();
        const Uint16 g = key.getGroup();
        if (key.isPrivate() || (g >= 0x5000 && g <= 0x50ff) || (g >= 0x6000 && g <= 0x60ff && key.getElement() != 0)) {
            remove.push_back(key); // private tags, curves, overlays
            continue;
        }
        const auto found = profile.find(key);
        char action = found == profile.end() ? 'K' : found->second->action;
        if (found != profile.end() && found->second->option == 'T')
            action = 'K';
        if (found != profile.end() && found->second->option == 'C')
            action = context.cleanable ? 'C' : 'X';
        if (action == 'X') {
            remove.push_back(key);
            continue;
        }
        if (vr == EVR_SQ) {
            auto *sq = static_cast<DcmSequenceOfItems *>(e);
            if (action == 'Z') {
                sq->clear();
                continue;
            }
            for (unsigned long n = 0; n < sq->card(); ++n)
                process(*sq->getItem(n), context);
            continue;
        }
        switch (action) {
        case 'Z': e->clear(); break;
        case 'D': e->putString(dummy(vr).c_str()); break;
        case 'U': {
            std::string v = stringOf(e), mapped;
            std::size_t at = 0;
            for (;;) {
                const std::size_t bs = v.find('\\', at);
                mapped += mapUid(v.substr(at, bs == std::string::npos ? std::string::npos : bs - at));
                if (bs == std::string::npos)
                    break;
                mapped += '\\';
                at = bs + 1;
            }
            e->putString(mapped.c_str());
            break;
        }
        case 'C': {
            const std::string v = stringOf(e);
            if (!v.empty())
                e->putString(cleanText(v, context, maxLength(vr)).c_str());
            break;
        }
        default: break;
        }
        // Dates that stay are shifted (Retain Longitudinal Temporal Information, Modified Dates).
        if ((vr == EVR_DA || vr == EVR_DT) && shift != 0 && e->getLength() > 0) {
            const std::string v = stringOf(e);
            const std::string moved = shiftDate(v, shift);
            if (moved.empty() || v.find('\\') != std::string::npos || v.find('-') != std::string::npos)
                e->clear(); // ranges and partial dates cannot be shifted faithfully
            else
                e->putString(moved.c_str());
        }
    }
    for (const DcmTagKey &key : remove)
        item.findAndDeleteElement(key, OFFalse, OFFalse);
}

void DicomAnonymizer::anonymize(DcmItem &dataset, const std::string &what)
{
    OFString burned;
    if (dataset.findAndGetOFString(DCM_BurnedInAnnotation, burned).good() && burned == "YES")
        throw Error(what + ": Burned In Annotation is YES (identity may be drawn in the pixels); refused, nothing written");
    // Text is cleaned as UTF-8; a character set DCMTK cannot convert leaves descriptions removed.
    Context context;
    OFString charset;
    context.cleanable = dataset.findAndGetOFStringArray(DCM_SpecificCharacterSet, charset).bad() || charset.empty()
                        || charset == "ISO_IR 192";
    if (!context.cleanable && dataset.ident() == EVR_dataset)
        context.cleanable = static_cast<DcmDataset &>(dataset).convertToUTF8().good();
    const std::string patientId = str(dataset, DCM_PatientID);
    const std::string patientName = str(dataset, DCM_PatientName);
    context.patientKey = patientId + "|" + patientName;
    context.shift = m_options.keepDates ? 0 : dateShiftDays(context.patientKey);
    const struct {
        DcmTagKey tag;
        const char *replacement;
        bool split; // person names: each component alone too
    } identifying[] = {{DCM_PatientName, "[NAME]", true},         {DCM_PatientID, "[ID]", false},
                       {DCM_RETIRED_OtherPatientIDs, "[ID]", false}, {DCM_AccessionNumber, "[ID]", false},
                       {DCM_PatientBirthDate, "[DATE]", false},   {DCM_ReferringPhysicianName, "[NAME]", true},
                       {DCM_PerformingPhysicianName, "[NAME]", true}, {DCM_OperatorsName, "[NAME]", true},
                       {DCM_OtherPatientNames, "[NAME]", true}, {DCM_PatientBirthName, "[NAME]", true},
                       {DCM_PatientMotherBirthName, "[NAME]", true}, {DCM_InstitutionName, "[HOSPITAL]", false},
                       {DCM_InstitutionAddress, "[ADDRESS]", false}, {DCM_PatientAddress, "[ADDRESS]", false},
                       {DCM_StationName, "[ID]", false},          {DCM_DeviceSerialNumber, "[ID]", false},
                       {DCM_StudyID, "[ID]", false}};
    for (const auto &id : identifying) {
        const std::string value = str(dataset, id.tag);
        std::vector<std::string> parts{value};
        if (id.split) {
            std::string part;
            for (char c : value + "^") {
                if (c == '^' || c == '=' || c == ' ' || c == '\\' || c == ',') {
                    parts.push_back(part);
                    part.clear();
                } else {
                    part += c;
                }
            }
        }
        for (const std::string &p : parts)
            if (p.size() >= 2 && p.find_first_not_of(' ') != std::string::npos)
                context.known.emplace_back(p, id.replacement);
    }
    // Longer values first, so that a whole name goes before its parts.
    std::stable_sort(context.known.begin(), context.known.end(),
                     [](const auto &a, const auto &b) { return a.first.size() > b.first.size(); });
    process(dataset, context);

    dataset.putAndInsertString(DCM_PatientIdentityRemoved, "YES");
    dataset.putAndInsertString(DCM_DeidentificationMethod,
                               m_options.keepDates ? "PS3.15 E.1 Basic Profile\\Retain Full Dates\\Clean Descriptors (Sagitta)"
                                                   : "PS3.15 E.1 Basic Profile\\Retain Modified Dates\\Clean Descriptors (Sagitta)");
    dataset.putAndInsertString(DCM_LongitudinalTemporalInformationModified, m_options.keepDates ? "UNMODIFIED" : "MODIFIED");
    dataset.findAndDeleteElement(DCM_DeidentificationMethodCodeSequence);
    const struct {
        const char *value, *meaning;
    } codes[] = {{"113100", "Basic Application Confidentiality Profile"},
                 {m_options.keepDates ? "113106" : "113107",
                  m_options.keepDates ? "Retain Longitudinal Temporal Information Full Dates Option"
                                      : "Retain Longitudinal Temporal Information Modified Dates Option"},
                 {"113105", "Clean Descriptors Option"}};
    for (const auto &c : codes) {
        DcmItem *code = nullptr;
        if (dataset.findOrCreateSequenceItem(DCM_DeidentificationMethodCodeSequence, code, -2).bad() || !code)
            throw Error(what + ": cannot write the De-identification Method Code Sequence");
        code->putAndInsertString(DCM_CodeValue, c.value);
        code->putAndInsertString(DCM_CodingSchemeDesignator, "DCM");
        code->putAndInsertString(DCM_CodeMeaning, c.meaning);
    }
}

AnonymizeReport anonymizeFolder(const std::string &inDir, const std::string &outDir, const AnonymizeOptions &options,
                                ProgressSink *progress)
{
    std::error_code ec;
    if (!fs::is_directory(inDir, ec))
        throw Error(inDir + ": not a folder");
    std::vector<std::string> files;
    for (auto it = fs::recursive_directory_iterator(inDir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file())
            files.push_back(it->path().string());
    if (ec)
        throw Error(inDir + ": cannot list: " + ec.message());
    std::sort(files.begin(), files.end());

    // First pass, headers only: what is DICOM, and nothing refused before anything is written.
    AnonymizeReport report;
    std::vector<std::string> dicom;
    for (std::size_t n = 0; n < files.size(); ++n) {
        if (isCancelled(progress))
            throw Cancelled();
        reportProgress(progress, 0.2 * double(n) / double(files.size()), "checking files");
        DcmFileFormat ff;
        if (ff.loadFile(files[n].c_str(), EXS_Unknown, EGL_noChange, 4096).bad()) {
            report.skipped.push_back(files[n] + ": not a DICOM file");
            continue;
        }
        OFString sopClass, sopInstance, mediaClass, burned;
        ff.getMetaInfo()->findAndGetOFString(DCM_MediaStorageSOPClassUID, mediaClass);
        if (mediaClass == UID_MediaStorageDirectoryStorage) {
            report.skipped.push_back(files[n] + ": DICOMDIR (not copied: it repeats the patient's data)");
            continue;
        }
        DcmDataset *ds = ff.getDataset();
        if (ds->findAndGetOFString(DCM_SOPClassUID, sopClass).bad() || ds->findAndGetOFString(DCM_SOPInstanceUID, sopInstance).bad()) {
            report.skipped.push_back(files[n] + ": not a DICOM file (no SOP Class or Instance UID)");
            continue;
        }
        if (ds->findAndGetOFString(DCM_BurnedInAnnotation, burned).good() && burned == "YES")
            throw Error(files[n] + ": Burned In Annotation is YES (identity may be drawn in the pixels); refused, nothing written");
        dicom.push_back(files[n]);
    }
    if (dicom.empty())
        throw Error(inDir + ": no DICOM files found");

    fs::create_directories(outDir, ec);
    if (ec)
        throw Error(outDir + ": cannot create: " + ec.message());
    DicomAnonymizer anonymizer(options);
    for (std::size_t n = 0; n < dicom.size(); ++n) {
        if (isCancelled(progress))
            throw Cancelled();
        reportProgress(progress, 0.2 + 0.8 * double(n) / double(dicom.size()), "de-identifying");
        DcmFileFormat ff;
        if (ff.loadFile(dicom[n].c_str()).bad())
            throw Error(dicom[n] + ": cannot read as DICOM");
        ff.loadAllDataIntoMemory();
        DcmDataset *ds = ff.getDataset();
        anonymizer.anonymize(*ds, dicom[n]);
        OFString sop;
        ds->findAndGetOFString(DCM_SOPInstanceUID, sop);
        DcmMetaInfo *meta = ff.getMetaInfo();
        meta->findAndDeleteElement(DCM_SourceApplicationEntityTitle);
        meta->findAndDeleteElement(DCM_SendingApplicationEntityTitle);
        meta->findAndDeleteElement(DCM_ReceivingApplicationEntityTitle);
        meta->findAndDeleteElement(DCM_PrivateInformationCreatorUID);
        meta->findAndDeleteElement(DCM_PrivateInformation);
        const std::string target = (fs::path(outDir) / (std::string(sop.c_str()) + ".dcm")).string();
        const std::string temp = target + ".part";
        const OFCondition c =
            ff.saveFile(temp.c_str(), ds->getOriginalXfer(), EET_ExplicitLength, EGL_recalcGL, EPD_noChange, 0, 0, EWM_createNewMeta);
        if (c.bad()) {
            fs::remove(temp, ec);
            throw Error(target + ": cannot write: " + c.text());
        }
        if (std::rename(temp.c_str(), target.c_str()) != 0) {
            fs::remove(temp, ec);
            throw Error(target + ": cannot rename the written file into place");
        }
        ++report.written;
    }
    syncFolder(outDir);
    reportProgress(progress, 1.0, "de-identified");
    return report;
}

} // namespace sagitta::core::dicom
