#pragma once
// A model's labels for a series, stored as a proposal (kept apart from people's labels until
// someone accepts it), as `sagitta infer` and the Training dock's "Propose labels" run it.
// Plain C++ (no torch header). Opens its own connection to the project, so a worker thread
// runs it while the GUI's connection reads (WAL).
#include "core/base/progress.h"
#include "core/ml/train.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sagitta::core::ml {

struct ProposalRequest {
    std::string projectPath;
    std::int64_t modelId = 0;
    std::int64_t seriesId = 0;
    Device device = Device::Auto;
};

struct ProposalOutcome {
    std::int64_t seriesId = 0, modelId = 0;
    std::string modelName;
    std::vector<std::string> labels;          // the model's classes (0: background)
    std::vector<std::uint64_t> voxels;        // per class, as proposed
    std::uint64_t uncertainVoxels = 0;        // entropy above half its maximum
    double meanUncertainty = 0;               // over the voxels proposed as foreground, 0..1
    double seconds = 0;
    std::string device;
};

// Runs the project's model modelId (a segmentation model) over series seriesId and stores the
// result with its per-voxel uncertainty as the model's proposal for the series (replacing an
// earlier one of the same model). Throws core::Error naming the model or series when either is
// missing, the model is not a segmentation model, or it refuses the series (another modality,
// colour, size); core::Cancelled when progress asks. Nothing is stored then.
ProposalOutcome proposeLabels(const ProposalRequest &request, ProgressSink *progress = nullptr);

struct SpanProposalRequest {
    std::string projectPath;
    std::int64_t modelId = 0;
    std::vector<std::int64_t> noteIds; // empty: every note of the project
};

struct SpanProposalOutcome {
    std::int64_t modelId = 0;
    std::string modelName;
    std::size_t notes = 0;         // notes tagged
    std::size_t spans = 0;         // spans the model found
    std::size_t added = 0;         // of them new to the project (not already there with that extent and type)
    double seconds = 0;
};

// Runs the project's tagger modelId (task "tag") over its notes and stores what it finds as
// proposals (source "tagger", details "model": the id; author "sagitta:tagger"), beside the
// rules' proposals and people's spans, for a person to accept or reject as any other. A span a
// note already has (same extent and type, whatever its status) is not added again, so a re-run
// adds only what is missing. Throws core::Error naming the model or note when either is missing
// or the model is not a tagger; core::Cancelled when progress asks (the notes stored by then stay:
// each batch is its own transaction).
SpanProposalOutcome proposeSpans(const SpanProposalRequest &request, ProgressSink *progress = nullptr);

} // namespace sagitta::core::ml
