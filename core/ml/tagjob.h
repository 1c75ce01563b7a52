#pragma once
// A tagger training run on a project's notes (issue 10/13), recorded like runRecordedTraining:
// the run's row, one row per epoch and the model (task "tag"). Plain C++ (no torch header).
#include "core/ml/tagger.h"
#include "core/ml/trainingjob.h"

namespace sagitta::core {
class Project;
}

namespace sagitta::core::ml {

// The project's notes as tagger sentences (split as the annotator splits them; group: the note).
// A note with spans accepted or added by people gives those at weight 1; a note with only the
// engine's proposals (author NoteStore::kEngineAuthor or "sagitta:...", not rejected) gives those at
// weight 0.3; a note with neither is left out. Only the five concept types count.
std::vector<TagSentence> projectTagSentences(const Project &project);

// request.task must be "tag". Throws core::Error naming the project when it has no usable spans.
TrainingOutcome runRecordedTagTraining(const TrainingRequest &request, ProgressSink *progress = nullptr,
                                       MetricSink *metrics = nullptr);

} // namespace sagitta::core::ml
