#include "core/project/notesimport.h"

#include "core/base/error.h"
#include "core/project/importer.h"
#include "core/project/project.h"

#include <algorithm>
#include <chrono>

namespace sagitta::core {

NotesImportReport importNotesFile(Project &project, const std::string &path, const text::NoteColumns &columns,
                                  ProgressSink *progress)
{
    text::NoteReader reader(path, columns);
    const std::vector<EntityType> types = project.noteStore().entityTypes();
    NotesImportReport report;
    // Batches sized so that a commit holds the write lock for 15-40 ms (start small: the first
    // batch also measures the machine): a stroke saved meanwhile waits no longer than that.
    std::size_t batchSize = 64;
    constexpr std::size_t kMinBatch = 8, kMaxBatch = 2048;
    reportProgress(progress, 0.0, "reading notes");
    while (true) {
        if (isCancelled(progress))
            throw Cancelled();
        const std::vector<Note> notes = reader.next(batchSize, std::size_t(4) << 20);
        if (notes.empty())
            break;
        const std::vector<std::vector<text::Span>> spans = proposeSpans(notes, types);
        const auto start = std::chrono::steady_clock::now();
        const std::vector<NoteImport> done = project.noteStore().importNotes(notes, spans);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        for (const NoteImport &r : done) {
            switch (r.kind) {
            case NoteImport::Kind::Added: ++report.added; break;
            case NoteImport::Kind::Updated: ++report.updated; break;
            case NoteImport::Kind::Unchanged: ++report.unchanged; break;
            case NoteImport::Kind::Kept: ++report.kept; break;
            }
        }
        if (ms > 40.0 && batchSize > kMinBatch)
            batchSize = std::max(kMinBatch, batchSize / 2);
        else if (ms < 15.0 && notes.size() == batchSize)
            batchSize = std::min(kMaxBatch, batchSize * 2);
        reportProgress(progress, 0.98 * reader.fraction(), std::to_string(report.notes()) + " note(s) read");
    }
    report.linked = std::size_t(project.noteStore().linkNotesByPatient());
    report.problems = reader.problems();
    report.problemCount = reader.problemCount();
    reportProgress(progress, 1.0, "notes imported");
    return report;
}

} // namespace sagitta::core
