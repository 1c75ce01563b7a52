#include "core/base/progress.h"

namespace sagitta::core {

void AtomicProgress::report(double fraction, const std::string &)
{
    m_fraction = fraction;
}

} // namespace sagitta::core
