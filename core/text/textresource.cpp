#include "core/text/textresource.h"

namespace sagitta::core::text {

std::string_view textResource(const std::string &name)
{
    const auto &res = embedded::textResources();
    const auto it = res.find(name);
    return it == res.end() ? std::string_view() : it->second;
}

} // namespace sagitta::core::text
