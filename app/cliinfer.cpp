// `sagitta infer` and `sagitta models` (see cliinfer.h).
#include "app/cliinfer.h"

#include "core/base/error.h"
#include "core/ml/modelfiles.h"
#include "core/ml/proposaljob.h"
#include "core/project/project.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <map>
#include <set>

using nlohmann::json;

namespace sagitta {
namespace app {

namespace {

constexpr const char *kInferUsage =
    "usage: sagitta infer --project P --model ID --series ID_OR_UID [--device cpu|cuda|auto] [--json]\n"
    "       sagitta infer --project P --model ID --notes [--note ID] [--json]   (a tagger: spans as proposals)";
constexpr const char *kModelsUsage = "usage: sagitta models list --project P [--json]\n"
                                     "       sagitta models export --project P --model ID --out DIR\n"
                                     "       sagitta models import --project P MODEL.pt [--sidecar MODEL.json]";

struct Parsed {
    std::map<std::string, std::string> options;
    std::vector<std::string> positional;
};

Parsed parseArgs(const std::vector<std::string> &args, std::size_t from, const std::set<std::string> &valued,
                 const std::set<std::string> &switches, const char *usage)
{
    Parsed p;
    for (std::size_t n = from; n < args.size(); ++n) {
        if (valued.count(args[n])) {
            if (n + 1 >= args.size())
                throw core::Error(args[n] + " needs a value\n" + usage);
            p.options[args[n]] = args[n + 1];
            ++n;
        } else if (switches.count(args[n])) {
            p.options[args[n]] = "";
        } else if (!args[n].empty() && args[n][0] == '-') {
            throw core::Error("unknown argument '" + args[n] + "'\n" + usage);
        } else {
            p.positional.push_back(args[n]);
        }
    }
    if (!p.options.count("--project"))
        throw core::Error(std::string("--project is needed\n") + usage);
    return p;
}

std::int64_t modelId(const Parsed &p, const char *usage)
{
    const auto it = p.options.find("--model");
    if (it == p.options.end())
        throw core::Error(std::string("--model ID is needed\n") + usage);
    try {
        std::size_t used = 0;
        const long long id = std::stoll(it->second, &used);
        if (used == it->second.size() && id > 0)
            return id;
    } catch (const std::exception &) {
    }
    throw core::Error("--model needs a model id (sagitta models list shows them), not '" + it->second + "'");
}

int inferNotes(const Parsed &p)
{
    core::ml::SpanProposalRequest request;
    request.projectPath = p.options.at("--project");
    request.modelId = modelId(p, kInferUsage);
    if (p.options.count("--note")) {
        const std::string &id = p.options.at("--note");
        std::size_t used = 0;
        long long note = 0;
        try {
            note = std::stoll(id, &used);
        } catch (const std::exception &) {
        }
        if (note <= 0 || used != id.size())
            throw core::Error("--note needs a note id (sagitta text list shows them), not '" + id + "'");
        request.noteIds.push_back(note);
    }
    const core::ml::SpanProposalOutcome out = core::ml::proposeSpans(request);
    if (p.options.count("--json"))
        std::cout << json{{"model", out.modelId}, {"notes", out.notes}, {"spans", out.spans},
                          {"added", out.added}, {"seconds", out.seconds}, {"status", "proposed"}}
                         .dump()
                  << std::endl;
    else
        std::printf("model %lld tagged %zu note(s): %zu span(s), %zu new proposal(s); %.1f s\n"
                    "(accept or reject them in the window)\n",
                    static_cast<long long>(out.modelId), out.notes, out.spans, out.added, out.seconds);
    return 0;
}

} // namespace

int runInferCommand(const std::vector<std::string> &args)
{
    const Parsed p = parseArgs(args, 0, {"--project", "--model", "--series", "--device", "--note"}, {"--json", "--notes"},
                               kInferUsage);
    if (!p.positional.empty())
        throw core::Error("unexpected '" + p.positional.front() + "'\n" + kInferUsage);
    if (p.options.count("--notes") == p.options.count("--series"))
        throw core::Error(std::string("give either --series or --notes\n") + kInferUsage);
    if (p.options.count("--notes"))
        return inferNotes(p);
    if (p.options.count("--note"))
        throw core::Error(std::string("--note goes with --notes\n") + kInferUsage);
    core::ml::ProposalRequest request;
    request.projectPath = p.options.at("--project");
    request.modelId = modelId(p, kInferUsage);
    request.device = core::ml::parseDevice(p.options.count("--device") ? p.options.at("--device") : "auto");
    {
        auto project = core::Project::open(request.projectPath, core::Project::Access::ReadOnly);
        const std::optional<std::int64_t> id = project->seriesStore().findSeries(p.options.at("--series"));
        if (!id)
            throw core::Error(request.projectPath + ": no series " + p.options.at("--series")
                              + " (give its id or SeriesInstanceUID; sagitta info lists them)");
        request.seriesId = *id;
    }
    const core::ml::ProposalOutcome out = core::ml::proposeLabels(request);
    if (p.options.count("--json")) {
        json voxels = json::object();
        for (std::size_t c = 1; c < out.labels.size() && c < out.voxels.size(); ++c)
            voxels[out.labels[c]] = out.voxels[c];
        std::cout << json{{"series", out.seriesId},     {"model", out.modelId},
                          {"voxels", voxels},           {"uncertain_voxels", out.uncertainVoxels},
                          {"mean_uncertainty", out.meanUncertainty}, {"seconds", out.seconds},
                          {"device", out.device},       {"status", "proposed"}}
                         .dump()
                  << std::endl;
    } else {
        std::printf("model %lld proposed for series %lld:", static_cast<long long>(out.modelId),
                    static_cast<long long>(out.seriesId));
        for (std::size_t c = 1; c < out.labels.size() && c < out.voxels.size(); ++c)
            std::printf(" %s %llu voxels", out.labels[c].c_str(), static_cast<unsigned long long>(out.voxels[c]));
        std::printf("; %llu uncertain; %.1f s on %s\n(accept or reject it in the window or with sagitta labels accept|reject)\n",
                    static_cast<unsigned long long>(out.uncertainVoxels), out.seconds, out.device.c_str());
    }
    return 0;
}

int runModelsCommand(const std::vector<std::string> &args)
{
    if (args.empty())
        throw core::Error(kModelsUsage);
    const std::string what = args.front();
    if (what == "list") {
        const Parsed p = parseArgs(args, 1, {"--project"}, {"--json"}, kModelsUsage);
        auto project = core::Project::open(p.options.at("--project"), core::Project::Access::ReadOnly);
        for (const core::ModelRecord &m : project->trainingStore().models()) {
            if (p.options.count("--json"))
                std::cout << json{{"id", m.id},         {"name", m.name},     {"task", m.task}, {"format", m.format},
                                  {"run", m.runId},     {"created", m.createdAt}}
                                 .dump()
                          << std::endl;
            else
                std::printf("%lld\t%s\t%s\t%s\t%s\n", static_cast<long long>(m.id), m.task.c_str(), m.format.c_str(),
                            m.createdAt.c_str(), m.name.c_str());
        }
        return 0;
    }
    if (what == "export") {
        const Parsed p = parseArgs(args, 1, {"--project", "--model", "--out"}, {}, kModelsUsage);
        if (!p.options.count("--out"))
            throw core::Error(std::string("--out DIR is needed\n") + kModelsUsage);
        const std::int64_t id = modelId(p, kModelsUsage);
        auto project = core::Project::open(p.options.at("--project"), core::Project::Access::ReadOnly);
        const std::optional<core::ModelRecord> record = project->trainingStore().model(id);
        if (!record)
            throw core::Error(p.options.at("--project") + ": no model " + std::to_string(id) + " in the project");
        const core::ml::ModelFiles files = core::ml::exportModel(*record, p.options.at("--out"));
        std::printf("%s\n%s\n", files.modelPath.c_str(), files.sidecarPath.c_str());
        return 0;
    }
    if (what == "import") {
        const Parsed p = parseArgs(args, 1, {"--project", "--sidecar"}, {}, kModelsUsage);
        if (p.positional.size() != 1)
            throw core::Error(std::string("give one TorchScript file\n") + kModelsUsage);
        // Checked (sidecar, archive, one forward pass) before anything is stored.
        const core::ml::ImportedModel model = core::ml::importModel(
            p.positional.front(), p.options.count("--sidecar") ? p.options.at("--sidecar") : std::string());
        auto project = core::Project::open(p.options.at("--project"));
        const std::int64_t id = project->trainingStore().addModel(0, model.name, model.task, model.weights,
                                                                  model.sidecarJson, model.format);
        std::printf("model %lld imported (%s, %s)\n", static_cast<long long>(id), model.task.c_str(), model.name.c_str());
        return 0;
    }
    throw core::Error("unknown models command '" + what + "'\n" + kModelsUsage);
}

} // namespace app
} // namespace sagitta
