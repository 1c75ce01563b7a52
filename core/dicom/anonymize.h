#pragma once
// De-identification of DICOM files after DICOM PS3.15 Annex E: the Basic Application Level
// Confidentiality Profile with the Retain Longitudinal Temporal Information with Modified Dates
// option (every date shifted by a number of days fixed per patient and run; keepDates keeps them)
// and the Clean Descriptors option (descriptions go through the text de-identifier). The
// profile's table is data (resources/dicom/ps3.15_basic_profile.tsv). UIDs are remapped to
// 2.25.<128 bits of SHA-256 of a per-run secret and the UID>, so references between the files of
// one run stay consistent; private tags, curves and overlays are removed; Patient Identity
// Removed, De-identification Method and its code sequence are written. A file whose Burned In
// Annotation is YES is refused (its pixels may show identity).
#include "core/base/progress.h"

#include <string>
#include <vector>

class DcmItem;

namespace sagitta::core::dicom {

struct AnonymizeOptions {
    bool keepDates = false; // Retain Longitudinal Temporal Information with Full Dates instead
    std::string secret;     // fixes the UID map and the date shifts; empty: random per run
};

struct ProfileEntry {
    unsigned short group = 0, element = 0;
    char action = 'X';  // D Z X K C U
    char option = '-';  // T: kept under the temporal option, C: cleaned under Clean Descriptors
    std::string name;
};

// The profile's table, parsed from the embedded TSV.
const std::vector<ProfileEntry> &confidentialityProfile();

// One run: the UID map and the date shifts it hands out stay the same for every file it treats.
class DicomAnonymizer {
public:
    explicit DicomAnonymizer(AnonymizeOptions options = {});
    // De-identifies a dataset in place (the file meta information is the caller's). Throws
    // core::Error naming `what` when the Burned In Annotation is YES.
    void anonymize(DcmItem &dataset, const std::string &what);
    std::string mapUid(const std::string &uid);
    // YYYYMMDD moved by the patient's shift; empty when it is not such a date.
    std::string shiftDate(const std::string &da, int days) const;
    int dateShiftDays(const std::string &patientKey) const;

private:
    struct Context {
        int shift = 0;
        std::string patientKey;
        bool cleanable = true;
        // Values of the dataset's own identifying attributes (name parts, IDs, institution, ...),
        // removed from free text before the text de-identifier looks at it.
        std::vector<std::pair<std::string, std::string>> known; // value, replacement tag
    };
    void process(DcmItem &item, const Context &context);
    std::string cleanText(const std::string &text, const Context &context, std::size_t maxLength) const;

    AnonymizeOptions m_options;
};

struct AnonymizeReport {
    int written = 0;
    std::vector<std::string> skipped; // "path: reason" for files left out (not DICOM, DICOMDIR)
};

// Writes a de-identified copy of every DICOM file under inDir into outDir (created if needed),
// each to a temporary name then renamed, named by its new SOP Instance UID. Every file is
// checked first: a Burned In Annotation YES stops the run before anything is written.
AnonymizeReport anonymizeFolder(const std::string &inDir, const std::string &outDir, const AnonymizeOptions &options = {},
                                ProgressSink *progress = nullptr);

} // namespace sagitta::core::dicom
