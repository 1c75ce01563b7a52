#pragma once
// Notes from a file into the project, streamed: the file is read in batches (memory bounded
// whatever its size), each batch gets the engine's proposals and is committed in one short
// transaction (the write lock is never held for long, so the main window's saves get in
// between). A killed import keeps the batches it committed; a re-run finds those notes again
// by their source key and adds no copies. Bad lines are reported with their number and the
// good ones still come in.
#include "core/base/progress.h"
#include "core/text/noteimport.h"

#include <cstddef>
#include <string>
#include <vector>

namespace sagitta::core {

class Project;

struct NotesImportReport {
    std::size_t added = 0, updated = 0, unchanged = 0, kept = 0;
    std::size_t linked = 0;              // new links to series of the same patient
    std::vector<std::string> problems;   // "FILE:LINE: reason" (the first 1000)
    std::size_t problemCount = 0;        // all of them
    std::size_t notes() const { return added + updated + unchanged + kept; }
};

// Throws core::Error for a file that cannot be read at all (and core::Cancelled when the sink
// cancels: the batches committed so far stay). Thread: the project's; open a Project of
// your own on a worker thread.
NotesImportReport importNotesFile(Project &project, const std::string &path, const text::NoteColumns &columns = {},
                                  ProgressSink *progress = nullptr);

} // namespace sagitta::core
