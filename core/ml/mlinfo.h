#pragma once
#include <string>

namespace sagitta::core::ml {

// Version of the LibTorch headers Sagitta was built against, e.g. "1.13.0".
std::string torchVersion();

} // namespace sagitta::core::ml
