#include "core/dicom/invesalius.h"

#include "core/base/error.h"
#include "core/dicom/synthetic.h"

#include <archive.h>
#include <archive_entry.h>

#include <cstring>
#include <filesystem>
#include <memory>
#include <regex>

namespace sagitta::core::dicom {

namespace {

// The <array> of numbers that follows <key>name</key> in a plist.
std::vector<double> plistNumbers(const std::string &plist, const std::string &key)
{
    const auto at = plist.find("<key>" + key + "</key>");
    if (at == std::string::npos)
        return {};
    const auto end = plist.find("</array>", at);
    const std::string block = plist.substr(at, end == std::string::npos ? std::string::npos : end - at);
    std::vector<double> out;
    static const std::regex number("<(?:integer|real)>([-0-9.eE+]+)</(?:integer|real)>");
    for (auto it = std::sregex_iterator(block.begin(), block.end(), number); it != std::sregex_iterator(); ++it)
        out.push_back(std::stod((*it)[1].str()));
    return out;
}

std::string plistString(const std::string &plist, const std::string &key)
{
    const auto at = plist.find("<key>" + key + "</key>");
    if (at == std::string::npos)
        return {};
    const auto a = plist.find("<string>", at), b = plist.find("</string>", at);
    return a == std::string::npos || b == std::string::npos ? std::string() : plist.substr(a + 8, b - a - 8);
}

} // namespace

std::string invesaliusExample()
{
    const char *candidates[] = {"/usr/share/doc/invesalius-examples/examples/Cranium.inv3",
                                "/usr/share/invesalius/examples/Cranium.inv3"};
    for (const char *c : candidates)
        if (std::filesystem::exists(c))
            return c;
    return {};
}

std::vector<std::string> writeInvesaliusAsDicom(const std::string &inv3, const std::string &dir)
{
    std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
    archive_read_support_filter_all(a.get());
    archive_read_support_format_all(a.get());
    if (archive_read_open_filename(a.get(), inv3.c_str(), 1 << 16) != ARCHIVE_OK)
        throw Error(inv3 + ": " + archive_error_string(a.get()));
    std::string plist;
    std::vector<char> matrix;
    archive_entry *entry = nullptr;
    while (archive_read_next_header(a.get(), &entry) == ARCHIVE_OK) {
        const std::string name = archive_entry_pathname(entry);
        const bool isPlist = name.size() >= 10 && name.compare(name.size() - 10, 10, "main.plist") == 0;
        const bool isMatrix = name.size() >= 10 && name.compare(name.size() - 10, 10, "matrix.dat") == 0;
        if (!isPlist && !isMatrix)
            continue;
        std::vector<char> data(std::size_t(archive_entry_size(entry)));
        if (archive_read_data(a.get(), data.data(), data.size()) != la_ssize_t(data.size()))
            throw Error(inv3 + ": cannot read " + name);
        if (isPlist)
            plist.assign(data.begin(), data.end());
        else
            matrix = std::move(data);
    }
    const std::vector<double> shape = plistNumbers(plist, "shape"), spacing = plistNumbers(plist, "spacing");
    if (shape.size() != 3 || spacing.size() != 3 || plistString(plist, "dtype") != "int16")
        throw Error(inv3 + ": not an InVesalius project with an int16 matrix");
    const int nz = int(shape[0]), ny = int(shape[1]), nx = int(shape[2]);
    if (matrix.size() < std::size_t(nx) * std::size_t(ny) * std::size_t(nz) * 2)
        throw Error(inv3 + ": matrix.dat is shorter than its shape");
    auto voxels = std::make_shared<std::vector<char>>(std::move(matrix));
    SyntheticSpec spec;
    spec.dims = {nx, ny, nz};
    spec.spacing = {spacing[0], spacing[1], spacing[2]};
    spec.origin = {-nx * spacing[0] / 2, -ny * spacing[1] / 2, 0.0};
    spec.patientName = "INVESALIUS^CRANIUM";
    spec.patientId = "SAGITTA-DEMO-0002";
    spec.studyDescription = "InVesalius example CT (Cranium)";
    spec.seriesDescription = "Cranium CT (InVesalius example)";
    // InVesalius keeps image rows bottom-up (VTK's convention): row j of DICOM is row ny-1-j.
    spec.values = [voxels, nx, ny](int i, int j, int k) {
        std::int16_t v = 0;
        const std::size_t row = std::size_t(ny - 1 - j);
        std::memcpy(&v, voxels->data() + ((std::size_t(k) * std::size_t(ny) + row) * std::size_t(nx) + std::size_t(i)) * 2, 2);
        return double(v);
    };
    return writeSyntheticSeries(dir, spec);
}

} // namespace sagitta::core::dicom
