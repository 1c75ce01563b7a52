#include "core/base/progress.h"

namespace sagitta::core {

void AtomicProgress::report(double fraction, const std::string &message)
{
    m_fraction = fraction;
    if (!message.empty()) {
        std::lock_guard<std::mutex> lock(m_messageMutex);
        m_message = message;
    }
}

std::string AtomicProgress::message() const
{
    std::lock_guard<std::mutex> lock(m_messageMutex);
    return m_message;
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
