#pragma once
// LabelSaver: every edit of a label map reaches the project file, also when it cannot be
// written at once (another program holds the write lock, the disk is full for a while). The
// chunks that could not be saved are kept and written again on the next save or retry, always
// with the map's current content, so nothing is dropped and a later edit never loses an earlier
// one. Thread: the project's (one thread).
#include "core/labels/labelmap.h"

#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace sagitta::core {

class Project;

class LabelSaver {
public:
    // The map must outlive the saver. It is saved as author's label map (LabelStore: '' is the
    // current user's).
    LabelSaver(Project &project, std::int64_t seriesId, const LabelMap &map, std::string author = {});

    // Adds chunks to save and tries to write everything pending in one transaction. Returns
    // true when nothing is pending afterwards; on failure the chunks stay pending and
    // lastError() says why (core::Busy and core::Error alike: both are retried).
    bool save(const std::vector<int> &chunks);
    bool retry() { return save({}); }

    bool pending() const { return !m_pending.empty(); }
    std::size_t pendingChunks() const { return m_pending.size(); }
    // Seconds since the oldest change that is not in the file yet (0 when none is pending).
    double pendingSeconds() const;
    const std::string &lastError() const { return m_lastError; }
    std::int64_t seriesId() const { return m_seriesId; }

private:
    Project &m_project;
    std::int64_t m_seriesId;
    const LabelMap &m_map;
    std::string m_author;
    std::set<int> m_pending;
    std::chrono::steady_clock::time_point m_since;
    std::string m_lastError;
};

} // namespace sagitta::core
