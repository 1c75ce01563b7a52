#pragma once
// Training data in plain C++ (no torch): sets of small 8-bit images with class labels, and
// volumes with a lesion mask read case by case through CaseSource, so a trainer runs on the
// project's series (projectdata.h) or on volumes a test builds in memory.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sagitta::core::ml {

// n images of rows x cols 8-bit pixels, row-major, one after another, with a label each.
struct ImageSet {
    int rows = 0, cols = 0;
    std::vector<std::uint8_t> pixels; // size() * rows * cols
    std::vector<std::uint8_t> labels; // 0..classes-1
    std::vector<std::string> classNames;
    std::size_t size() const { return labels.size(); }
    int classes() const; // classNames.size(), else 1 + the largest label
};

// Reads an IDX image file and its label file (gzip-compressed or plain, as MNIST ships them).
// Throws core::Error naming the file for a missing, truncated or malformed file or counts that
// do not match.
ImageSet readIdx(const std::string &imagesPath, const std::string &labelsPath);

// Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist unless dir is given):
// 60,000 training and 10,000 test images of 28x28 with the ten class names.
struct TrainTestSets {
    ImageSet train, test;
};
inline constexpr const char *kFashionMnistDir = "/usr/share/datasets/fashion-mnist";
TrainTestSets loadFashionMnist(const std::string &dir = kFashionMnistDir);

// One volume with its target mask on the same grid, voxel (i, j, k) at i + dims[0] * (j + dims[1] * k).
struct Case {
    std::string patientKey;          // splits group by it; not shown (may be derived from PHI)
    std::string name;                // for messages and reports (no patient data)
    std::array<int, 3> dims{0, 0, 0};
    std::array<double, 3> spacing{1, 1, 1};
    std::string modality;            // DICOM modality (CT, MR, ...); empty when unknown
    std::vector<float> image;        // real values (HU for CT)
    std::vector<std::uint8_t> mask;  // 1 inside the target, 0 elsewhere
};

// Cases read one at a time (a project's series are loaded on demand). Thread: the caller's.
class CaseSource {
public:
    virtual ~CaseSource() = default;
    virtual std::size_t size() const = 0;
    virtual std::string patientKey(std::size_t index) const = 0;
    // Throws core::Error naming the case when it cannot be read.
    virtual Case load(std::size_t index) const = 0;
};

class InMemoryCases : public CaseSource {
public:
    explicit InMemoryCases(std::vector<Case> cases) : m_cases(std::move(cases)) {}
    std::size_t size() const override { return m_cases.size(); }
    std::string patientKey(std::size_t index) const override { return m_cases.at(index).patientKey; }
    Case load(std::size_t index) const override { return m_cases.at(index); }

private:
    std::vector<Case> m_cases;
};

} // namespace sagitta::core::ml
