#pragma once
// `sagitta train ...`: a training run recorded in the project (clitrain.cpp). It runs in the
// sagitta-train program, which `sagitta train` starts, so only training loads LibTorch.
#include <string>
#include <vector>

namespace sagitta {
namespace app {

int runTrainCommand(const std::vector<std::string> &args);

} // namespace app
} // namespace sagitta
