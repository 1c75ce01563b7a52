#pragma once
// `sagitta infer ...` (a model's proposal for a series) and `sagitta models ...` (list, export
// as TorchScript + sidecar, import one trained in PyTorch): cliinfer.cpp. They run in the
// sagitta-train program beside `sagitta train`, so only it loads LibTorch.
#include <string>
#include <vector>

namespace sagitta {
namespace app {

int runInferCommand(const std::vector<std::string> &args);
int runModelsCommand(const std::vector<std::string> &args);

} // namespace app
} // namespace sagitta
