#include "core/project/labelsaver.h"

#include "core/project/project.h"

namespace sagitta::core {

LabelSaver::LabelSaver(Project &project, std::int64_t seriesId, const LabelMap &map, std::string author)
    : m_project(project), m_seriesId(seriesId), m_map(map), m_author(std::move(author))
{
}

bool LabelSaver::save(const std::vector<int> &chunks)
{
    if (m_pending.empty() && !chunks.empty())
        m_since = std::chrono::steady_clock::now();
    m_pending.insert(chunks.begin(), chunks.end());
    if (m_pending.empty())
        return true;
    try {
        m_project.labelStore().saveLabelChunks(m_seriesId, m_map, std::vector<int>(m_pending.begin(), m_pending.end()),
                                                m_author);
    } catch (const std::exception &e) {
        m_lastError = e.what();
        return false;
    }
    m_pending.clear();
    m_lastError.clear();
    return true;
}

double LabelSaver::pendingSeconds() const
{
    if (m_pending.empty())
        return 0.0;
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_since).count();
}

} // namespace sagitta::core
