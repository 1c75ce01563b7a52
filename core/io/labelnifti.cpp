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

// MRIcron's atlas names (aal.nii.txt beside aal.nii.gz): "INDEX NAME [CODE]" per line, tab or
// space separated; index 0 is the background.
std::vector<Segment> readMricronLabels(const std::string &path)
{
    std::vector<Segment> out;
    std::istringstream in(readText(path));
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        int idx = 0;
        std::string name;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        if (!(fields >> idx >> name))
            throw Error(path + ": cannot read the line \"" + line.substr(0, 60) + "\" (expected an index and a name)");
        if (idx == 0)
            continue;
        if (idx < 1 || idx > 255)
            throw Error(path + ": label " + std::to_string(idx) + " is outside 1..255");
        Segment s;
        s.label = std::uint8_t(idx);
        s.name = name;
        s.rgb = defaultSegmentColor(idx - 1);
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

// Where the series' voxels lie in the file: series index s goes to file index
// f[r] = sign[r] * s[axis[r]] + offset[r]. Sagitta's own files store rows bottom-up (axis
// 0 1 2, signs + - +); other tools' files on the same grid may store any axis in either
// direction (an MNI atlas in RAS order) or in another order.
struct VoxelMap {
    std::array<int, 3> axis{0, 1, 2};
    std::array<int, 3> sign{1, 1, 1};
    std::array<int, 3> offset{0, 0, 0};
};

// The file's affine inverted (index from RAS mm); false when it is singular.
bool invert(const Affine &a, std::array<double, 12> &inv)
{
    const double m00 = a[0], m01 = a[1], m02 = a[2], m10 = a[4], m11 = a[5], m12 = a[6], m20 = a[8], m21 = a[9], m22 = a[10];
    const double det = m00 * (m11 * m22 - m12 * m21) - m01 * (m10 * m22 - m12 * m20) + m02 * (m10 * m21 - m11 * m20);
    if (!(std::abs(det) > 1e-12))
        return false;
    const double r[9] = {(m11 * m22 - m12 * m21) / det, (m02 * m21 - m01 * m22) / det, (m01 * m12 - m02 * m11) / det,
                         (m12 * m20 - m10 * m22) / det, (m00 * m22 - m02 * m20) / det, (m02 * m10 - m00 * m12) / det,
                         (m10 * m21 - m11 * m20) / det, (m01 * m20 - m00 * m21) / det, (m00 * m11 - m01 * m10) / det};
    for (int row = 0; row < 3; ++row) {
        for (int c = 0; c < 3; ++c)
            inv[std::size_t(row * 4 + c)] = r[row * 3 + c];
        inv[std::size_t(row * 4 + 3)] = -(r[row * 3] * a[3] + r[row * 3 + 1] * a[7] + r[row * 3 + 2] * a[11]);
    }
    return true;
}

// The voxel map that puts every corner of the series' grid within a tenth of the smallest
// voxel edge of where the file has it (the file holds its affine in single precision), or
// core::Error naming the file and how far off the grids are.
VoxelMap fileVoxels(const NiftiVolume &v, const Geometry &geometry, const std::string &path)
{
    // Series index -> RAS: niftiAffine is for rows stored bottom-up, so flip j back.
    const Affine e = niftiAffine(geometry);
    const int ny = geometry.dims[1];
    Affine s = e;
    for (int r = 0; r < 3; ++r) {
        s[std::size_t(r * 4 + 1)] = -e[std::size_t(r * 4 + 1)];
        s[std::size_t(r * 4 + 3)] = e[std::size_t(r * 4 + 3)] + e[std::size_t(r * 4 + 1)] * double(ny - 1);
    }
    VoxelMap map;
    map.sign = {1, -1, 1};
    map.offset = {0, ny - 1, 0};
    std::array<double, 12> inv{};
    if (invert(v.affine, inv)) {
        // File index per series index: inv * s; round it to a signed permutation.
        VoxelMap found;
        bool ok = true;
        std::array<bool, 3> used{};
        for (int r = 0; r < 3 && ok; ++r) {
            int axis = -1;
            for (int c = 0; c < 3; ++c) {
                double m = 0;
                for (int x = 0; x < 3; ++x)
                    m += inv[std::size_t(r * 4 + x)] * s[std::size_t(x * 4 + c)];
                if (std::abs(m) > 0.5) {
                    if (axis >= 0 || std::abs(std::abs(m) - 1) > 0.01)
                        ok = false;
                    axis = c;
                    found.sign[std::size_t(r)] = m > 0 ? 1 : -1;
                }
            }
            if (axis < 0 || used[std::size_t(axis)] || v.dims[std::size_t(r)] != geometry.dims[std::size_t(axis)]) {
                ok = false;
                break;
            }
            used[std::size_t(axis)] = true;
            found.axis[std::size_t(r)] = axis;
            double t = inv[std::size_t(r * 4 + 3)];
            for (int x = 0; x < 3; ++x)
                t += inv[std::size_t(r * 4 + x)] * s[std::size_t(x * 4 + 3)];
            found.offset[std::size_t(r)] = int(std::lround(t));
            // The grid must land on the file's voxels, not beside them.
            if (found.offset[std::size_t(r)] != (found.sign[std::size_t(r)] > 0 ? 0 : v.dims[std::size_t(r)] - 1))
                ok = false;
        }
        if (ok)
            map = found;
    }
    double worst = 0;
    for (int corner = 0; corner < 8; ++corner) {
        const std::array<int, 3> c{(corner & 1) ? geometry.dims[0] - 1 : 0, (corner & 2) ? geometry.dims[1] - 1 : 0,
                                   (corner & 4) ? geometry.dims[2] - 1 : 0};
        std::array<int, 3> f{};
        for (int r = 0; r < 3; ++r)
            f[std::size_t(r)] = map.sign[std::size_t(r)] * c[std::size_t(map.axis[std::size_t(r)])] + map.offset[std::size_t(r)];
        const auto a = apply(v.affine, f[0], f[1], f[2]), b = apply(s, c[0], c[1], c[2]);
        worst = std::max(worst, std::hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]));
    }
    const double tolerance = 0.1 * std::min({geometry.spacing[0], geometry.spacing[1], geometry.spacing[2]});
    if (!(worst <= tolerance)) {
        char text[64];
        std::snprintf(text, sizeof text, "%.3g mm", worst);
        throw Error(path + ": its grid is placed differently from the series (a corner is " + text
                    + " away); the labels were not imported");
    }
    for (int r = 0; r < 3; ++r)
        if (v.dims[std::size_t(r)] != geometry.dims[std::size_t(map.axis[std::size_t(r)])])
            throw Error(path + ": its grid (" + dimsText(v.dims) + " voxels) does not match the series ("
                        + dimsText(geometry.dims) + " voxels); the labels were not imported");
    return map;
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
    std::array<int, 3> fileDims = v.dims, seriesDims = geometry.dims;
    std::sort(fileDims.begin(), fileDims.end());
    std::sort(seriesDims.begin(), seriesDims.end());
    if (fileDims != seriesDims)
        throw Error(path + ": its grid (" + dimsText(v.dims) + " voxels) does not match the series (" + dimsText(geometry.dims)
                    + " voxels); the labels were not imported");
    const VoxelMap map = fileVoxels(v, geometry, path);

    LabelFile out;
    out.labels = LabelMap(geometry.dims);
    const int nx = geometry.dims[0], ny = geometry.dims[1], nz = geometry.dims[2];
    // Series voxel (i, j, k) is the file's voxel offset + i * step[0] + j * step[1] + k * step[2].
    std::array<std::ptrdiff_t, 3> step{};
    std::ptrdiff_t offset = 0;
    const std::array<std::ptrdiff_t, 3> stride{1, std::ptrdiff_t(v.dims[0]), std::ptrdiff_t(v.dims[0]) * v.dims[1]};
    for (int r = 0; r < 3; ++r) {
        step[std::size_t(map.axis[std::size_t(r)])] = map.sign[std::size_t(r)] * stride[std::size_t(r)];
        offset += map.offset[std::size_t(r)] * stride[std::size_t(r)];
    }
    std::array<bool, 256> present{};
    double largest = 0;
    std::array<int, 256> layerOf{};
    // A 4D file (as written for overlapping segments): volume t is layer t; a label value
    // lies in one volume only.
    const std::ptrdiff_t volumeSize = std::ptrdiff_t(v.dims[0]) * v.dims[1] * v.dims[2];
    for (int t = 0; t < v.volumes; ++t)
        for (int k = 0; k < nz; ++k)
            for (int j = 0; j < ny; ++j) {
                const std::ptrdiff_t row = t * volumeSize + offset + j * step[1] + k * step[2];
                for (int i = 0; i < nx; ++i) {
                    const double value = v.values[std::size_t(row + i * step[0])];
                    if (value == 0)
                        continue;
                    if (!(value >= 1 && value <= 255 && value == std::floor(value))) {
                        if (value > 255 && value == std::floor(value))
                            largest = std::max(largest, value);
                        else
                            throw Error(path + ": value " + std::to_string(value) + " at voxel (" + std::to_string(i) + ", "
                                        + std::to_string(j) + ", " + std::to_string(k)
                                        + ") is not a label (whole numbers 0..255); the labels were not imported");
                        continue;
                    }
                    const auto label = std::uint8_t(value);
                    if (present[label] && layerOf[label] != t)
                        throw Error(path + ": label value " + std::to_string(label) + " is in volumes "
                                    + std::to_string(layerOf[label]) + " and " + std::to_string(t)
                                    + " (a value names one segment, on one layer); the labels were not imported");
                    present[label] = true;
                    layerOf[label] = t;
                    out.labels.set(i, j, k, label, t);
                }
            }
    if (largest > 0) {
        // An atlas with more labels than one 8-bit map holds (AICHA: 384): say so in its terms.
        std::vector<double> values;
        for (double value : v.values)
            if (value > 0)
                values.push_back(value);
        std::sort(values.begin(), values.end());
        const auto distinct = std::size_t(std::unique(values.begin(), values.end()) - values.begin());
        char text[64];
        std::snprintf(text, sizeof text, "%.0f", largest);
        throw Error(path + ": label values up to " + text + " (" + std::to_string(distinct)
                    + " labels) do not fit a label map, which holds values 1..255; the labels were not imported");
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
    else if (exists(stem + ".nii.txt"))
        out.segments = readMricronLabels(stem + ".nii.txt");
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
