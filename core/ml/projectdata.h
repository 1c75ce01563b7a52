#pragma once
// The project's labelled series as training cases: every series with a segment of the given
// name that has voxels, read through the series loader with its label map. Plain C++ (no torch).
#include "core/ml/datasets.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sagitta::core::ml {

class ProjectCases : public CaseSource {
public:
    // Opens its own read-only connection to the project (use it from any one thread) and lists
    // the series whose segment named segmentName (case-sensitive) has at least one voxel.
    // Throws core::Error naming the project when it cannot be opened.
    ProjectCases(const std::string &projectPath, const std::string &segmentName = "Lesion");
    std::size_t size() const override { return m_entries.size(); }
    // A hash of the series' patient ID (its study UID when it has none): the ID itself never leaves.
    std::string patientKey(std::size_t index) const override { return m_entries.at(index).patientKey; }
    Case load(std::size_t index) const override;
    std::int64_t seriesId(std::size_t index) const { return m_entries.at(index).seriesId; }

private:
    struct Entry {
        std::int64_t seriesId = 0;
        std::string patientKey;
        int label = 0;
    };
    std::string m_path;
    std::vector<Entry> m_entries;
};

} // namespace sagitta::core::ml
