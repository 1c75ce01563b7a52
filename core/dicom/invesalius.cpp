#include "core/dicom/invesalius.h"

#include "core/base/error.h"
#include "core/dicom/synthetic.h"

#include <archive.h>
#include <archive_entry.h>
#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <type_traits>

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

namespace {

// libarchive, opened on first use: reading an InVesalius project is rare, and the library
// with what it loads (libxml2, ICU, nettle and five compressors) cost every program that links
// it about 8 ms of CPU at start.
struct ArchiveApi {
    decltype(&archive_read_new) readNew = nullptr;
    decltype(&archive_read_free) readFree = nullptr;
    decltype(&archive_read_support_filter_all) supportFilterAll = nullptr;
    decltype(&archive_read_support_format_all) supportFormatAll = nullptr;
    decltype(&archive_read_open_filename) openFilename = nullptr;
    decltype(&archive_error_string) errorString = nullptr;
    decltype(&archive_read_next_header) nextHeader = nullptr;
    decltype(&archive_entry_pathname) entryPathname = nullptr;
    decltype(&archive_entry_size) entrySize = nullptr;
    decltype(&archive_read_data) readData = nullptr;
};

const ArchiveApi &archiveApi()
{
    static const ArchiveApi api = [] {
        void *lib = ::dlopen(SAGITTA_LIBARCHIVE_SONAME, RTLD_NOW | RTLD_LOCAL);
        if (!lib)
            throw Error(std::string("cannot read InVesalius projects without libarchive: ") + ::dlerror());
        ArchiveApi a;
        const auto bind = [lib](auto &fn, const char *name) {
            fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(::dlsym(lib, name));
            if (!fn)
                throw Error(std::string(SAGITTA_LIBARCHIVE_SONAME " lacks ") + name);
        };
        bind(a.readNew, "archive_read_new");
        bind(a.readFree, "archive_read_free");
        bind(a.supportFilterAll, "archive_read_support_filter_all");
        bind(a.supportFormatAll, "archive_read_support_format_all");
        bind(a.openFilename, "archive_read_open_filename");
        bind(a.errorString, "archive_error_string");
        bind(a.nextHeader, "archive_read_next_header");
        bind(a.entryPathname, "archive_entry_pathname");
        bind(a.entrySize, "archive_entry_size");
        bind(a.readData, "archive_read_data");
        return a;
    }();
    return api;
}

// The archive's entries whose base name passes want, by base name.
std::map<std::string, std::vector<char>> readEntries(const std::string &inv3, const std::function<bool(const std::string &)> &want)
{
    const ArchiveApi &api = archiveApi();
    std::unique_ptr<archive, decltype(&archive_read_free)> a(api.readNew(), api.readFree);
    api.supportFilterAll(a.get());
    api.supportFormatAll(a.get());
    if (api.openFilename(a.get(), inv3.c_str(), 1 << 16) != ARCHIVE_OK)
        throw Error(inv3 + ": " + api.errorString(a.get()));
    std::map<std::string, std::vector<char>> out;
    archive_entry *entry = nullptr;
    while (api.nextHeader(a.get(), &entry) == ARCHIVE_OK) {
        std::string name = api.entryPathname(entry);
        name = name.substr(name.rfind('/') == std::string::npos ? 0 : name.rfind('/') + 1);
        if (!want(name))
            continue;
        std::vector<char> data(std::size_t(api.entrySize(entry)));
        if (api.readData(a.get(), data.data(), data.size()) != la_ssize_t(data.size()))
            throw Error(inv3 + ": cannot read " + name);
        out[name] = std::move(data);
    }
    return out;
}

} // namespace

std::vector<std::string> writeInvesaliusAsDicom(const std::string &inv3, const std::string &dir)
{
    auto entries = readEntries(inv3, [](const std::string &n) { return n == "main.plist" || n == "matrix.dat"; });
    const std::string plist(entries["main.plist"].begin(), entries["main.plist"].end());
    std::vector<char> matrix = std::move(entries["matrix.dat"]);
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

std::vector<InvesaliusMask> readInvesaliusMasks(const std::string &inv3)
{
    auto entries = readEntries(inv3, [](const std::string &n) { return n == "main.plist" || n.rfind("mask_", 0) == 0; });
    const std::string plist(entries["main.plist"].begin(), entries["main.plist"].end());
    const std::vector<double> shape = plistNumbers(plist, "shape");
    if (shape.size() != 3)
        throw Error(inv3 + ": not an InVesalius project");
    const int nz = int(shape[0]), ny = int(shape[1]), nx = int(shape[2]);
    std::vector<InvesaliusMask> out;
    for (int index = 0;; ++index) {
        const std::string base = "mask_" + std::to_string(index);
        const auto meta = entries.find(base + ".plist");
        const auto data = entries.find(base + ".dat");
        if (meta == entries.end() || data == entries.end())
            break;
        const std::string mp(meta->second.begin(), meta->second.end());
        const std::vector<double> maskShape = plistNumbers(mp, "mask_shape");
        if (maskShape.size() != 3 || int(maskShape[0]) != nz + 1 || int(maskShape[1]) != ny + 1 || int(maskShape[2]) != nx + 1)
            throw Error(inv3 + ": " + base + " is not on the image's grid");
        const std::size_t mx = std::size_t(nx) + 1, my = std::size_t(ny) + 1;
        if (data->second.size() < mx * my * (std::size_t(nz) + 1))
            throw Error(inv3 + ": " + base + ".dat is shorter than its shape");
        InvesaliusMask m;
        m.name = plistString(mp, "name");
        const std::vector<double> colour = plistNumbers(mp, "colour");
        if (colour.size() == 3)
            for (double c : colour)
                m.rgb = (m.rgb << 8) | std::uint32_t(std::lround(std::clamp(c, 0.0, 1.0) * 255.0));
        const std::vector<double> threshold = plistNumbers(mp, "threshold_range");
        if (threshold.size() == 2)
            m.threshold = {threshold[0], threshold[1]};
        m.dims = {nx, ny, nz};
        m.voxels.resize(std::size_t(nx) * std::size_t(ny) * std::size_t(nz));
        const auto *src = reinterpret_cast<const std::uint8_t *>(data->second.data());
        for (int k = 0; k < nz; ++k)
            for (int j = 0; j < ny; ++j) {
                // Skip the bookkeeping slice, row and column; rows bottom-up as in matrix.dat.
                const std::uint8_t *row = src + ((std::size_t(k) + 1) * my + std::size_t(ny - j)) * mx + 1;
                std::uint8_t *dst = m.voxels.data() + (std::size_t(k) * std::size_t(ny) + std::size_t(j)) * std::size_t(nx);
                for (int i = 0; i < nx; ++i)
                    dst[i] = row[i] >= 127 ? 1 : 0;
            }
        out.push_back(std::move(m));
    }
    return out;
}

} // namespace sagitta::core::dicom
