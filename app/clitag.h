#pragma once
// `sagitta text annotate FILE --tagger MODEL ...`: the rules and lexicon plus a trained entity
// tagger (clitag.cpp). It runs in sagitta-train (LibTorch), which `sagitta` starts for it.
#include <string>
#include <vector>

namespace sagitta {
namespace app {

// args: annotate FILE --tagger MODEL.pt|ID [--project P] [--sidecar MODEL.json] [--lang en|zh] [--json]
int runTagCommand(const std::vector<std::string> &args);

} // namespace app
} // namespace sagitta
