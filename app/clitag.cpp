// `sagitta text annotate FILE --tagger MODEL`: spans of the rules and lexicon, plus the tagger's
// spans that overlap none of theirs (source "tagger"). MODEL is a weights file with its sidecar
// (MODEL.json unless --sidecar) or, with --project, the id of a project model of task "tag".
#include "app/clitag.h"

#include "core/base/error.h"
#include "core/ml/tagger.h"
#include "core/project/project.h"
#include "core/text/encoding.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace sagitta {
namespace app {

int runTagCommand(const std::vector<std::string> &args)
{
    constexpr const char *usage =
        "usage: sagitta text annotate FILE --tagger MODEL.pt|ID [--project P] [--sidecar MODEL.json] [--lang en|zh] [--json]";
    std::string file, tagger, project, sidecar, lang;
    bool asJson = false;
    for (std::size_t n = 1; n < args.size(); ++n) {
        auto value = [&]() -> std::string {
            if (n + 1 >= args.size())
                throw core::Error(args[n] + " needs a value\n" + usage);
            return args[++n];
        };
        if (args[n] == "--json")
            asJson = true;
        else if (args[n] == "--tagger")
            tagger = value();
        else if (args[n] == "--project")
            project = value();
        else if (args[n] == "--sidecar")
            sidecar = value();
        else if (args[n] == "--lang")
            lang = value();
        else if (file.empty() && args[n].rfind("--", 0) != 0)
            file = args[n];
        else
            throw core::Error("unexpected argument " + args[n] + "\n" + usage);
    }
    if (args.empty() || args[0] != "annotate" || file.empty() || tagger.empty())
        throw core::Error(usage);
    if (file.size() > 6 && file.compare(file.size() - 6, 6, ".jsonl") == 0)
        throw core::Error(file + ": --tagger annotates one note file; a .jsonl batch is not supported with it yet");
    if (!lang.empty() && lang != "en" && lang != "zh")
        throw core::Error("--lang must be en or zh");
    core::ml::TagModel model = [&] {
        if (project.empty())
            return core::ml::TagModel::loadFiles(tagger, sidecar);
        std::int64_t id = 0;
        try {
            std::size_t used = 0;
            id = std::stoll(tagger, &used);
            if (used != tagger.size())
                throw std::invalid_argument(tagger);
        } catch (const std::exception &) {
            throw core::Error("--tagger with --project takes a model id, not '" + tagger + "'");
        }
        auto p = core::Project::open(project);
        const auto record = p->trainingStore().model(id);
        if (!record)
            throw core::Error(project + ": no model " + tagger);
        return core::ml::TagModel::load(record->weights, record->sidecarJson, project + ": model " + tagger);
    }();
    std::string encoding;
    int replaced = 0;
    const std::string content = core::text::readTextFile(file, &encoding, &replaced);
    if (replaced > 0)
        std::cerr << "sagitta: " << file << ": " << replaced << " byte(s) valid in no supported encoding were replaced by U+FFFD\n";
    const core::text::Annotator annotator(core::text::languageOf(lang, content));
    const std::vector<core::text::Span> spans = core::ml::annotateWithTagger(annotator, model, content);
    if (asJson) {
        nlohmann::json out{{"file", file}, {"encoding", encoding}, {"language", core::text::languageCode(annotator.language())}};
        out["spans"] = nlohmann::json::array();
        for (const core::text::Span &s : spans)
            out["spans"].push_back({{"start", s.start}, {"end", s.end}, {"type", s.type}, {"text", s.text}, {"source", s.source},
                                    {"negated", s.negated}, {"uncertain", s.uncertain}});
        std::cout << out.dump(1) << std::endl;
    } else {
        for (const core::text::Span &s : spans)
            std::cout << s.start << "-" << s.end << "\t" << s.type << "\t" << s.text << (s.source == "tagger" ? "\ttagger" : "")
                      << (s.negated ? "\tnegated" : "") << (s.uncertain ? "\tuncertain" : "") << "\n";
    }
    std::cout.flush();
    return 0;
}

} // namespace app
} // namespace sagitta
