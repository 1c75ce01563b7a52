#include "core/io/labelnifti.h"

#include "core/base/atomicfile.h"
#include "core/base/error.h"
#include "core/io/filesink.h"

#include <nifti1.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

using nlohmann::json;

namespace sagitta::core::io {

namespace {

std::string colorText(std::uint32_t rgb)
{
    char text[8];
    std::snprintf(text, sizeof text, "#%06x", unsigned(rgb & 0xffffff));
    return text;
}

bool parseColor(const std::string &text, std::uint32_t &rgb)
{
    if (text.size() != 7 || text[0] != '#')
        return false;
    char *end = nullptr;
    const unsigned long v = std::strtoul(text.c_str() + 1, &end, 16);
    if (end != text.c_str() + 7)
        return false;
    rgb = std::uint32_t(v);
    return true;
}

std::string readText(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<Segment> readJsonSidecar(const std::string &path)
{
    std::vector<Segment> out;
    json j;
    try {
        j = json::parse(readText(path));
    } catch (const std::exception &e) {
        throw Error(path + ": not a label description (" + e.what() + ")");
    }
    if (!j.is_array())
        throw Error(path + ": not a label description (expected a list of {label, name, color})");
    for (const json &e : j) {
        if (!e.is_object() || !e.contains("label") || !e["label"].is_number_integer())
            throw Error(path + ": every entry needs an integer \"label\"");
        const int label = e["label"].get<int>();
        if (label < 1 || label > 255)
            throw Error(path + ": label " + std::to_string(label) + " is outside 1..255");
        Segment s;
        s.label = std::uint8_t(label);
        s.name = e.value("name", "Label " + std::to_string(label));
        s.rgb = defaultSegmentColor(label - 1);
        if (e.contains("color") && e["color"].is_string() && !parseColor(e["color"].get<std::string>(), s.rgb))
            throw Error(path + ": color of label " + std::to_string(label) + " is not #rrggbb");
        out.push_back(std::move(s));
    }
    return out;
}

// ITK-SNAP: IDX R G B A VIS MSH "LABEL", '#' comments; index 0 is the clear label.
std::vector<Segment> readItkSnapLabels(const std::string &path)
{
    std::vector<Segment> out;
    std::istringstream in(readText(path));
    std::string line;
    while (std::getline(in, line)) {
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#')
            continue;
        std::istringstream fields(line);
        int idx = 0, r = 0, g = 0, b = 0;
        if (!(fields >> idx >> r >> g >> b))
            throw Error(path + ": cannot read the line \"" + line.substr(0, 60) + "\"");
        if (idx == 0)
            continue;
        if (idx < 1 || idx > 255)
            throw Error(path + ": label " + std::to_string(idx) + " is outside 1..255");
        Segment s;
        s.label = std::uint8_t(idx);
        s.rgb = std::uint32_t((std::clamp(r, 0, 255) << 16) | (std::clamp(g, 0, 255) << 8) | std::clamp(b, 0, 255));
        const auto q1 = line.find('"'), q2 = line.rfind('"');
        s.name = q1 != std::string::npos && q2 > q1 ? line.substr(q1 + 1, q2 - q1 - 1) : "Label " + std::to_string(idx);
        out.push_back(std::move(s));
    }
    return out;
}

bool exists(const std::string &path)
{
    std::ifstream in(path);
    return bool(in);
}

std::array<double, 3> apply(const Affine &a, double i, double j, double k)
{
    return {a[0] * i + a[1] * j + a[2] * k + a[3], a[4] * i + a[5] * j + a[6] * k + a[7], a[8] * i + a[9] * j + a[10] * k + a[11]};
}

std::string dimsText(const std::array<int, 3> &d)
{
    return std::to_string(d[0]) + "x" + std::to_string(d[1]) + "x" + std::to_string(d[2]);
}

} // namespace

std::string labelSidecarStem(const std::string &path)
{
    for (const char *ext : {".nii.gz", ".nii"})
        if (endsWith(path, ext))
            return path.substr(0, path.size() - std::char_traits<char>::length(ext));
    return path;
}

void writeLabelNifti(const LabelMap &labels, const Geometry &geometry, const std::vector<Segment> &segments,
                     const std::string &path)
{
    if (labels.dims() != geometry.dims)
        throw Error(path + ": the label map (" + dimsText(labels.dims()) + ") is not on the series' grid ("
                    + dimsText(geometry.dims) + ")");
    if (!endsWith(path, ".nii") && !endsWith(path, ".nii.gz"))
        throw Error(path + ": not a NIfTI file name (use .nii or .nii.gz)");
    std::vector<Segment> sorted = segments;
    std::sort(sorted.begin(), sorted.end(), [](const Segment &a, const Segment &b) { return a.label < b.label; });
    const std::string stem = labelSidecarStem(path);

    // Sidecars first: a failure there leaves no new label volume without its names.
    // More than one layer (overlapping segments): one volume per layer along the 4th dimension,
    // and each segment's entry names its volume ("layer", 0-based).
    const int layers = labels.layerCount();
    json described = json::array();
    for (const Segment &s : sorted) {
        json entry = {{"label", s.label}, {"name", s.name}, {"color", colorText(s.rgb)}};
        if (layers > 1)
            entry["layer"] = labels.layerOf(s.label);
        described.push_back(std::move(entry));
    }
    writeFileAtomically(stem + ".json", described.dump(2) + "\n");

    std::string snap = "################################################\n"
                       "# ITK-SnAP Label Description File (written by Sagitta)\n"
                       "# IDX   -R-  -G-  -B-  -A--  VIS MSH  LABEL\n"
                       "################################################\n"
                       "    0     0    0    0        0  0  0    \"Clear Label\"\n";
    for (const Segment &s : sorted) {
        std::string name = s.name;
        std::replace(name.begin(), name.end(), '"', '\'');
        char line[96];
        std::snprintf(line, sizeof line, "%5d %5u %4u %4u %8d %2d %2d    \"", int(s.label), unsigned((s.rgb >> 16) & 0xff),
                      unsigned((s.rgb >> 8) & 0xff), unsigned(s.rgb & 0xff), 1, 1, 1);
        snap += line + name + "\"\n";
    }
    writeFileAtomically(stem + ".label.txt", snap);

    const int nx = geometry.dims[0];
    writeNiftiVolumes(
        geometry, NIFTI_TYPE_UINT8, 1, layers,
        [&](int layer, int j, int k, void *row) {
            auto *out = static_cast<std::uint8_t *>(row);
            for (int i = 0; i < nx; ++i)
                out[i] = labels.at(i, j, k, layer);
        },
        path, layers > 1 ? "Sagitta labels, one volume per layer" : "Sagitta labels");
}

LabelFile readLabelNifti(const std::string &path, const Geometry &geometry)
{
    const NiftiVolume v = readNifti(path, true);
    if (v.volumes > LabelMap::kMaxLayers)
        throw Error(path + ": " + std::to_string(v.volumes) + " volumes, more than the " + std::to_string(LabelMap::kMaxLayers)
                    + " layers a label map holds; the labels were not imported");
    if (v.dims != geometry.dims)
        throw Error(path + ": its grid (" + dimsText(v.dims) + " voxels) does not match the series (" + dimsText(geometry.dims)
                    + " voxels); the labels were not imported");
    // Every corner of the grid where the series puts it, within a tenth of the smallest voxel edge
    // (the file holds the affine in single precision).
    const Affine expected = niftiAffine(geometry);
    const double tolerance = 0.1 * std::min({geometry.spacing[0], geometry.spacing[1], geometry.spacing[2]});
    double worst = 0;
    for (int corner = 0; corner < 8; ++corner) {
        const double i = (corner & 1) ? v.dims[0] - 1 : 0, j = (corner & 2) ? v.dims[1] - 1 : 0, k = (corner & 4) ? v.dims[2] - 1 : 0;
        const auto a = apply(v.affine, i, j, k), b = apply(expected, i, j, k);
        worst = std::max(worst, std::hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]));
    }
    if (!(worst <= tolerance)) {
        char text[64];
        std::snprintf(text, sizeof text, "%.3g mm", worst);
        throw Error(path + ": its grid is placed differently from the series (a corner is " + text
                    + " away); the labels were not imported");
    }

    LabelFile out;
    out.labels = LabelMap(geometry.dims);
    const int nx = v.dims[0], ny = v.dims[1], nz = v.dims[2];
    std::array<bool, 256> present{};
    std::array<int, 256> layerOf{};
    // A 4D file (as written for overlapping segments): volume t is layer t; a label value
    // lies in one volume only.
    for (int t = 0; t < v.volumes; ++t)
        for (int k = 0; k < nz; ++k)
            for (int j = 0; j < ny; ++j)
                for (int i = 0; i < nx; ++i) {
                    const double value = v.at(i, ny - 1 - j, k, t); // rows stored bottom-up
                    if (value == 0)
                        continue;
                    if (!(value >= 1 && value <= 255 && value == std::floor(value)))
                        throw Error(path + ": value " + std::to_string(value) + " at voxel (" + std::to_string(i) + ", "
                                    + std::to_string(j) + ", " + std::to_string(k)
                                    + ") is not a label (whole numbers 0..255); the labels were not imported");
                    const auto label = std::uint8_t(value);
                    if (present[label] && layerOf[label] != t)
                        throw Error(path + ": label value " + std::to_string(label) + " is in volumes "
                                    + std::to_string(layerOf[label]) + " and " + std::to_string(t)
                                    + " (a value names one segment, on one layer); the labels were not imported");
                    present[label] = true;
                    layerOf[label] = t;
                    out.labels.set(i, j, k, label, t);
                }
    for (int label = 1; label < 256; ++label)
        if (present[std::size_t(label)])
            out.labels.setLayerOf(std::uint8_t(label), layerOf[std::size_t(label)]);
    out.labels.trimLayers();

    const std::string stem = labelSidecarStem(path);
    if (exists(stem + ".json"))
        out.segments = readJsonSidecar(stem + ".json");
    else if (exists(stem + ".label.txt"))
        out.segments = readItkSnapLabels(stem + ".label.txt");
    std::map<int, Segment> byLabel;
    for (Segment &s : out.segments)
        byLabel[s.label] = std::move(s);
    for (int label = 1; label < 256; ++label)
        if (present[std::size_t(label)] && !byLabel.count(label)) {
            Segment s;
            s.label = std::uint8_t(label);
            s.name = "Label " + std::to_string(label);
            s.rgb = defaultSegmentColor(label - 1);
            byLabel[label] = s;
        }
    out.segments.clear();
    for (auto &[label, s] : byLabel) {
        s.layer = out.labels.layerOf(s.label);
        out.segments.push_back(std::move(s));
    }
    return out;
}

} // namespace sagitta::core::io
