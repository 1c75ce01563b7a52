#include "core/base/progress.h"

namespace sagitta::core {

void AtomicProgress::report(double fraction, const std::string &)
{
    m_fraction = fraction;
}

void ScaledProgress::report(double fraction, const std::string &message)
{
    if (m_parent)
        m_parent->report(m_from + (m_to - m_from) * fraction, message);
}

bool ScaledProgress::cancelled() const
{
    return m_parent && m_parent->cancelled();
}

} // namespace sagitta::core
