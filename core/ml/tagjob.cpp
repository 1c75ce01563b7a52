#include "core/ml/tagjob.h"
#include "core/ml/trainingjob.h"

#include "core/base/error.h"
#include "core/project/project.h"
#include "core/text/entityscore.h"
#include "core/text/tokenizer.h"
#include "core/text/unicode.h"

#include <nlohmann/json.hpp>

#include <chrono>

namespace sagitta::core::ml {

namespace {

bool isConcept(const std::string &type)
{
    for (const char *t : text::entityTypes())
        if (type == t)
            return true;
    return false;
}

bool byEngine(const std::string &author)
{
    const std::string e = NoteStore::kEngineAuthor;
    return author == e || author.rfind(e + ":", 0) == 0;
}


} // namespace

std::vector<TagSentence> projectTagSentences(const Project &project)
{
    std::vector<TagSentence> out;
    const NoteStore &store = project.noteStore();
    for (const Note &note : store.notes()) {
        std::vector<text::Span> people, engine;
        for (const text::Span &s : store.spans(note.id)) {
            if (!isConcept(s.type) || s.status == "rejected")
                continue;
            if (byEngine(s.author))
                engine.push_back(s);
            else if (s.status == "accepted")
                people.push_back(s);
        }
        if (people.empty() && engine.empty())
            continue;
        const std::vector<text::Span> &spans = people.empty() ? engine : people;
        const double weight = people.empty() ? 0.3 : 1.0;
        const std::u32string s = text::toU32(note.text);
        for (const text::Range &r : text::splitSentences(s)) {
            TagSentence t;
            t.text = text::toUtf8(std::u32string_view(s).substr(std::size_t(r.start), std::size_t(r.end - r.start)));
            t.group = std::to_string(note.id);
            t.weight = weight;
            for (const text::Span &sp : spans)
                if (sp.start >= r.start && sp.end <= r.end)
                    t.spans.push_back({sp.start - r.start, sp.end - r.start, sp.type});
            out.push_back(std::move(t));
        }
    }
    return out;
}

TrainingOutcome runRecordedTagTraining(const TrainingRequest &request, ProgressSink *progress, MetricSink *metrics)
{
    using nlohmann::json;
    if (request.task != "tag")
        throw Error("the task must be tag, not '" + request.task + "'");
    TrainOptions options = request.options;
    options.device = resolveDevice(options.device);
    auto project = Project::open(request.projectPath);
    project->setBusyTimeout(120000);
    std::unique_ptr<ProjectCheckpointStore> checkpoint;
    useProjectCheckpoint(request, *project, checkpoint, options);
    const std::vector<TagSentence> sentences = projectTagSentences(*project);
    std::size_t spans = 0;
    for (const TagSentence &s : sentences)
        spans += s.spans.size();
    if (spans == 0)
        throw Error(request.projectPath + ": no entity spans (accepted by people or proposed by the engine) to train the tagger on");
    TagOptions tag;
    json params{{"epochs", options.epochs}, {"batch", options.batchSize}, {"lr", options.learningRate},
                {"seed", options.seed}, {"threads", options.threads}, {"optimizer", "adam"},
                {"sentences", sentences.size()}, {"spans", spans}, {"held_out_fraction", tag.heldOutFraction}};
    const std::string model = "charcnn-bilstm";
    TrainingOutcome out;
    out.metricName = "entity F1";
    out.runId = project->trainingStore().beginTrainingRun("tag", model, params.dump(), deviceName(options.device));
    RecordingSink sink(*project, out.runId, metrics);
    const auto start = std::chrono::steady_clock::now();
    try {
        out.result = trainTagger(sentences, options, tag, progress, &sink);
    } catch (const std::exception &e) {
        project->trainingStore().finishTrainingRun(out.runId, "failed", json{{"error", e.what()}}.dump());
        throw;
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const TrainResult &r = out.result;
    json summary{{"run", out.runId}, {"task", "tag"}, {"model", model}, {"device", r.device},
                 {"parameters", r.parameters}, {"epochs", r.history.size()}, {"entity_f1", r.metric},
                 {"train_items", r.trainItems}, {"test_items", r.testItems}, {"seconds", out.seconds},
                 {"status", r.cancelled ? "cancelled" : "finished"}};
    finishRecordedRun(*project, "tag", model, summary.dump(), out);
    return out;
}

} // namespace sagitta::core::ml
