#pragma once
// Import: folder -> series (scanned and decoded, off the GUI thread) -> project records
// (on the project's thread). Only references and header facts go into the project.
#include "core/dicom/dicomindex.h"
#include "core/project/project.h"

namespace sagitta::core {

// What an import found. Per series: its files (series[i].paths(), in slice order), modality,
// description and the rest of the header facts (series[i].first()), label(), geometry and
// warnings. Every file seen is in a series or in problems; a file left out of a series that
// imported is in both (in problems, and named in that series' warnings).
struct ImportReport {
    std::vector<dicom::SeriesInfo> series;         // decoded successfully (the good slices)
    std::vector<std::string> scalarTypes;          // per series, as decoded or as the headers say
    std::vector<dicom::FileProblem> problems;      // files skipped and series that failed
    std::size_t filesSeen = 0;
};

// Scans dir and proves every series loads: a grey series of native pixel data the scan found
// whole in each file by its headers (no pixel is read; its type is the loader's first choice,
// int16 for integers of up to 16 bits, see dicom::loadSeries), any other by decoding it once.
// A file whose pixels cannot be decoded is left out of its series (see
// dicom::loadReadableSlices) and listed in problems ("left out of its series: reason"); only a series of which no slice decodes is not imported,
// each of its files then listed ("series not imported: reason"). Throws core::Error when dir
// is not a folder and core::Cancelled when cancelled. Thread: any (touches no project).
ImportReport scanForImport(const std::string &dir, ProgressSink *progress = nullptr);

// Records the report's series in the project, one transaction each (a series already in the
// project is updated in place, see SeriesStore::importSeries). Returns one entry per series of the
// report, in its order; a series that could not be written (a full disk) has id 0 and the
// reason in message, and the others are still tried. Links notes of the same patient.
std::vector<SeriesImport> recordSeries(Project &project, const ImportReport &report);
// recordSeries, returning the ids of the series in the project; throws core::Error with the
// first failure after recording all that could be.
std::vector<std::int64_t> recordImport(Project &project, const ImportReport &report);

SeriesRecord toRecord(const dicom::SeriesInfo &info, const std::string &scalarType);

// Loads the voxels of a recorded series from its files: the slices that decoded at import
// (files left out then are not in the record). Throws core::Error naming the file when one is
// missing or broken. Thread: any.
Volume loadRecordedSeries(const SeriesRecord &record, ProgressSink *progress = nullptr);

// The middle slice of a recorded series as a one-slice volume (for thumbnails). Thread: any.
Volume loadMiddleSlice(const SeriesRecord &record);
// Slice `index` (in slice order) of a recorded series as a one-slice volume; throws core::Error
// when the series has fewer slices or the file cannot be read. Thread: any.
Volume loadRecordedSlice(const SeriesRecord &record, std::size_t index);

// The engine's proposals for each note (English or Chinese by the note's language, or by
// its text when unknown), with the project's own entity types and their terms. Spread over
// the cores; throws core::Cancelled when the sink cancels. Thread: any.
std::vector<std::vector<text::Span>> proposeSpans(const std::vector<Note> &notes, const std::vector<EntityType> &types,
                                                  ProgressSink *progress = nullptr);
// An annotator for one language with the project's entity types added.
std::unique_ptr<text::Annotator> makeAnnotator(text::Language language, const std::vector<EntityType> &types);

} // namespace sagitta::core
