#include "core/ml/proposaljob.h"

#include "core/base/error.h"
#include "core/labels/labelmap.h"
#include "core/labels/segment.h"
#include "core/ml/inference.h"
#include "core/ml/tagger.h"
#include "core/project/importer.h"
#include "core/project/project.h"

#include <algorithm>
#include <chrono>
#include <set>

namespace sagitta::core::ml {

ProposalOutcome proposeLabels(const ProposalRequest &request, ProgressSink *progress)
{
    const auto started = std::chrono::steady_clock::now();
    auto project = Project::open(request.projectPath);
    const std::optional<ModelRecord> record = project->trainingStore().model(request.modelId);
    if (!record)
        throw Error(request.projectPath + ": no model " + std::to_string(request.modelId) + " in the project");
    if (record->task != "segment")
        throw Error("model " + std::to_string(request.modelId) + " ('" + record->name + "') is a " + record->task
                    + " model: only a segmentation model proposes labels for a series");
    const std::optional<SeriesRecord> series = project->seriesStore().seriesById(request.seriesId);
    if (!series)
        throw Error(request.projectPath + ": no series " + std::to_string(request.seriesId) + " in the project");

    const Model model = Model::load(record->format, record->weights, record->sidecarJson, record->name);
    ScaledProgress loading(progress, 0.0, 0.2);
    reportProgress(progress, 0.0, "loading the series");
    const Volume volume = loadRecordedSeries(*series, &loading);
    ScaledProgress running(progress, 0.2, 0.95);
    const Device device = resolveDevice(request.device);
    const Segmentation seg = segmentVolume(model, volume, device, &running, series->modality);
    if (isCancelled(progress))
        throw Cancelled();
    reportProgress(progress, 0.95, "storing the proposal");

    ProposalOutcome out;
    out.seriesId = request.seriesId;
    out.modelId = request.modelId;
    out.modelName = record->name;
    out.labels = seg.labels;
    out.device = deviceName(device);
    out.voxels.assign(std::max<std::size_t>(seg.labels.size(), 2), 0);
    const std::array<int, 3> dims = seg.dims;
    LabelMap map(dims), uncertainty(dims);
    double uncertaintySum = 0;
    std::uint64_t foreground = 0;
    std::size_t v = 0;
    for (int k = 0; k < dims[2]; ++k)
        for (int j = 0; j < dims[1]; ++j)
            for (int i = 0; i < dims[0]; ++i, ++v) {
                const std::uint8_t c = seg.mask[v];
                if (c < out.voxels.size())
                    ++out.voxels[c];
                const std::uint8_t u = seg.uncertainty.empty() ? 0 : seg.uncertainty[v];
                if (c != 0) {
                    map.set(i, j, k, c);
                    uncertaintySum += u / 255.0;
                    ++foreground;
                }
                if (u > 127)
                    ++out.uncertainVoxels;
                if (u != 0)
                    uncertainty.set(i, j, k, u);
            }
    out.meanUncertainty = foreground ? uncertaintySum / double(foreground) : 0.0;
    std::vector<Segment> segments;
    for (std::size_t c = 1; c < seg.labels.size() && c < 256; ++c) {
        Segment s;
        s.seriesId = request.seriesId;
        s.label = std::uint8_t(c);
        s.name = seg.labels[c];
        s.rgb = defaultSegmentColor(int(c - 1));
        segments.push_back(s);
    }
    project->labelStore().storeProposal(request.seriesId, request.modelId, map, segments, uncertainty);
    reportProgress(progress, 1.0, "proposal stored");
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return out;
}

SpanProposalOutcome proposeSpans(const SpanProposalRequest &request, ProgressSink *progress)
{
    const auto started = std::chrono::steady_clock::now();
    auto project = Project::open(request.projectPath);
    const std::optional<ModelRecord> record = project->trainingStore().model(request.modelId);
    if (!record)
        throw Error(request.projectPath + ": no model " + std::to_string(request.modelId) + " in the project");
    if (record->task != "tag")
        throw Error("model " + std::to_string(request.modelId) + " ('" + record->name + "') is a " + record->task
                    + " model: only a tagger (task tag) proposes spans for notes");
    const TagModel model = TagModel::load(record->weights, record->sidecarJson, "model " + std::to_string(request.modelId));
    std::vector<Note> notes = project->noteStore().notes();
    if (!request.noteIds.empty()) {
        const std::set<std::int64_t> wanted(request.noteIds.begin(), request.noteIds.end());
        for (const std::int64_t id : wanted)
            if (std::none_of(notes.begin(), notes.end(), [id](const Note &n) { return n.id == id; }))
                throw Error(request.projectPath + ": no note " + std::to_string(id) + " in the project");
        notes.erase(std::remove_if(notes.begin(), notes.end(), [&wanted](const Note &n) { return !wanted.count(n.id); }),
                    notes.end());
    }
    SpanProposalOutcome out;
    out.modelId = request.modelId;
    out.modelName = record->name;
    // Batches of notes, each stored in its own transaction: a cancel keeps what was stored.
    constexpr std::size_t kBatch = 64;
    for (std::size_t from = 0; from < notes.size(); from += kBatch) {
        if (isCancelled(progress))
            throw Cancelled();
        reportProgress(progress, double(from) / double(notes.size()),
                       "tagging note " + std::to_string(from + 1) + "/" + std::to_string(notes.size()));
        const std::size_t to = std::min(notes.size(), from + kBatch);
        std::vector<std::int64_t> ids;
        std::vector<std::vector<text::Span>> spans;
        for (std::size_t n = from; n < to; ++n) {
            std::vector<text::Span> found = model.tag(notes[n].text);
            for (text::Span &s : found)
                s.details["model"] = std::to_string(request.modelId);
            out.spans += found.size();
            ids.push_back(notes[n].id);
            spans.push_back(std::move(found));
        }
        out.added += std::size_t(project->noteStore().addProposals(ids, spans));
        out.notes += to - from;
    }
    reportProgress(progress, 1.0, "spans proposed");
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return out;
}

} // namespace sagitta::core::ml
