// `sagitta anonymize DIR OUT [--keep-dates]`: a de-identified copy of a DICOM folder (core/dicom/
// anonymize: PS3.15 Annex E Basic Profile, Retain Longitudinal Temporal Information, Clean
// Descriptors). Only counts and file paths are printed, never a value from the files.
#include "app/cli.h"

#include "core/base/error.h"
#include "core/dicom/anonymize.h"

#include <iostream>

namespace sagitta {
namespace app {

int runAnonymizeCommand(const std::vector<std::string> &args)
{
    std::vector<std::string> positional;
    core::dicom::AnonymizeOptions options;
    for (const std::string &a : args) {
        if (a == "--keep-dates")
            options.keepDates = true;
        else if (!a.empty() && a[0] == '-')
            throw core::Error("anonymize: unknown option " + a + " (usage: sagitta anonymize DIR OUT [--keep-dates])");
        else
            positional.push_back(a);
    }
    if (positional.size() != 2)
        throw core::Error("usage: sagitta anonymize DIR OUT [--keep-dates]");
    const core::dicom::AnonymizeReport report = core::dicom::anonymizeFolder(positional[0], positional[1], options);
    for (const std::string &s : report.skipped)
        std::cerr << "sagitta: skipped " << s << "\n";
    std::cout << report.written << " file" << (report.written == 1 ? "" : "s") << " de-identified into " << positional[1]
              << (options.keepDates ? " (dates kept)" : " (dates shifted)") << std::endl;
    return 0;
}

} // namespace app
} // namespace sagitta
