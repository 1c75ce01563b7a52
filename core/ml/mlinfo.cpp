#include "core/ml/mlinfo.h"

#include <torch/version.h>

namespace sagitta::core::ml {

std::string torchVersion()
{
    return TORCH_VERSION;
}

} // namespace sagitta::core::ml
