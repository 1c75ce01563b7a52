#include "core/dicom/seriesgeometry.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

namespace sagitta::core::dicom {

namespace {

Vec3 unit(const Vec3 &v)
{
    const double n = norm(v);
    return n > 0 ? Vec3{v[0] / n, v[1] / n, v[2] / n} : v;
}

Vec3 rowCosines(const DicomFileInfo &f) { return unit({f.orientation[0], f.orientation[1], f.orientation[2]}); }
Vec3 colCosines(const DicomFileInfo &f) { return unit({f.orientation[3], f.orientation[4], f.orientation[5]}); }

std::string format(const char *fmt, double a, double b = 0.0)
{
    char buf[160];
    std::snprintf(buf, sizeof buf, fmt, a, b);
    return buf;
}

// Key that separates stacks within one series: orientation (to ~0.06 degrees), image size,
// and for multi-frame files the file itself.
std::string stackKey(const DicomFileInfo &f)
{
    std::string key = f.seriesInstanceUid + "|" + std::to_string(f.rows) + "x" + std::to_string(f.columns);
    if (f.hasOrientation) {
        char buf[128];
        const Vec3 r = rowCosines(f), c = colCosines(f);
        std::snprintf(buf, sizeof buf, "|%.3f,%.3f,%.3f,%.3f,%.3f,%.3f", r[0], r[1], r[2], c[0], c[1], c[2]);
        key += buf;
    }
    if (f.echoNumber > 0)
        key += "|echo" + std::to_string(f.echoNumber);
    if (f.temporalPosition > 0)
        key += "|t" + std::to_string(f.temporalPosition);
    return key;
}

std::string splitWarning(int stacks)
{
    return "series split into " + std::to_string(stacks) + " stacks by orientation, image size, echo or time point";
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0.0;
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
    return v[v.size() / 2];
}

} // namespace

std::string SeriesInfo::label() const
{
    if (files.empty())
        return "(empty)";
    const DicomFileInfo &f = files.front();
    std::string s = f.modality.empty() ? std::string("OT") : f.modality;
    s += " " + std::to_string(f.seriesNumber);
    if (!f.seriesDescription.empty())
        s += ": " + f.seriesDescription;
    if (stackIndex > 0)
        s += " [" + std::to_string(stackIndex) + "]";
    return s;
}

void computeGeometry(SeriesInfo &s)
{
    auto &files = s.files;
    s.warnings.clear(); // all of them come from here: computing again gives the same list
    const DicomFileInfo &f0 = files.front();
    Geometry &g = s.geometry;
    const bool spatial = std::all_of(files.begin(), files.end(),
                                     [](const DicomFileInfo &f) { return f.hasPosition && f.hasOrientation; });
    const Vec3 row = rowCosines(f0), col = colCosines(f0);
    const Vec3 normal = unit(cross(row, col));
    if (spatial) {
        std::stable_sort(files.begin(), files.end(), [&](const DicomFileInfo &a, const DicomFileInfo &b) {
            const double da = dot(a.position, normal), db = dot(b.position, normal);
            if (std::abs(da - db) > 1e-4)
                return da < db;
            return std::tie(a.instanceNumber, a.path, a.frame) < std::tie(b.instanceNumber, b.path, b.frame);
        });
    } else {
        std::stable_sort(files.begin(), files.end(), [](const DicomFileInfo &a, const DicomFileInfo &b) {
            return std::tie(a.instanceNumber, a.path, a.frame) < std::tie(b.instanceNumber, b.path, b.frame);
        });
        s.warnings.push_back("no patient position/orientation: slices ordered by InstanceNumber");
    }

    const DicomFileInfo &first = files.front();
    g.dims = {first.columns, first.rows, int(files.size())};
    g.origin = first.hasPosition ? first.position : Vec3{0, 0, 0};
    g.direction = {row[0], col[0], normal[0], row[1], col[1], normal[1], row[2], col[2], normal[2]};
    double dz = first.spacingBetweenSlices > 0 ? first.spacingBetweenSlices
                                                : (first.sliceThickness > 0 ? first.sliceThickness : 1.0);
    if (spatial && files.size() > 1) {
        std::vector<double> gaps;
        int duplicates = 0;
        for (std::size_t n = 1; n < files.size(); ++n) {
            const double gap = dot(files[n].position, normal) - dot(files[n - 1].position, normal);
            if (gap < 1e-4)
                ++duplicates;
            else
                gaps.push_back(gap);
        }
        if (duplicates > 0)
            s.warnings.push_back(std::to_string(duplicates) + " slice(s) share a position with another slice");
        if (!gaps.empty()) {
            dz = median(gaps);
            const auto [mn, mx] = std::minmax_element(gaps.begin(), gaps.end());
            const double tol = std::max(0.05 * dz, 1e-3);
            if (*mx - dz > tol || dz - *mn > tol) {
                s.warnings.push_back(format("irregular slice spacing: %.3g to %.3g mm", *mn, *mx));
                int missing = 0;
                for (double gap : gaps)
                    if (gap > 1.5 * dz)
                        missing += int(std::lround(gap / dz)) - 1;
                if (missing > 0)
                    s.warnings.push_back(std::to_string(missing) + " slice(s) appear to be missing");
            }
        }
        // Slices not stacked along their normal: gantry tilt or a sheared acquisition.
        const Vec3 &p0 = files.front().position, &p1 = files.back().position;
        const Vec3 d{p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]};
        const double along = dot(d, normal);
        const Vec3 off{d[0] - along * normal[0], d[1] - along * normal[1], d[2] - along * normal[2]};
        if (norm(d) > 0 && norm(off) > 1e-3 * norm(d) + 1e-3) {
            s.warnings.push_back(format("slices are sheared (gantry tilt of %.2f degrees): resampled onto an orthogonal grid",
                                        std::atan2(norm(off), std::abs(along)) * 180.0 / M_PI));
            // The grid grows in-plane to hold every slice where it really is (no data lost).
            double u0 = 0, u1 = 0, v0 = 0, v1 = 0;
            for (const DicomFileInfo &f : files) {
                const Vec3 e{f.position[0] - p0[0], f.position[1] - p0[1], f.position[2] - p0[2]};
                const double du = dot(e, row) / first.pixelSpacing[1], dv = dot(e, col) / first.pixelSpacing[0];
                u0 = std::min(u0, du);
                u1 = std::max(u1, du);
                v0 = std::min(v0, dv);
                v1 = std::max(v1, dv);
            }
            const int left = int(std::ceil(-u0 - 1e-3)), top = int(std::ceil(-v0 - 1e-3));
            g.dims[0] += left + int(std::ceil(u1 - 1e-3));
            g.dims[1] += top + int(std::ceil(v1 - 1e-3));
            for (int c = 0; c < 3; ++c)
                g.origin[std::size_t(c)] -= left * first.pixelSpacing[1] * row[std::size_t(c)]
                                            + top * first.pixelSpacing[0] * col[std::size_t(c)];
        }
    }
    g.spacing = {first.pixelSpacing[1], first.pixelSpacing[0], dz};
    if (!first.hasPixelSpacing)
        s.warnings.push_back("no PixelSpacing: 1 mm pixels assumed");
    if (s.stackCount > 1)
        s.warnings.push_back(splitWarning(s.stackCount));
}

std::vector<SeriesInfo> assembleSeries(std::vector<DicomFileInfo> files)
{
    std::map<std::string, std::vector<DicomFileInfo>> stacks;
    for (auto &f : files)
        stacks[stackKey(f)].push_back(std::move(f));

    std::vector<SeriesInfo> out;
    for (auto &entry : stacks) {
        SeriesInfo s;
        s.files = std::move(entry.second);
        computeGeometry(s);
        out.push_back(std::move(s));
    }
    // Stable, readable order; number the stacks of split series.
    std::sort(out.begin(), out.end(), [](const SeriesInfo &a, const SeriesInfo &b) {
        const auto &x = a.first(), &y = b.first();
        return std::tie(x.patientId, x.studyInstanceUid, x.seriesNumber, x.seriesInstanceUid, x.path)
               < std::tie(y.patientId, y.studyInstanceUid, y.seriesNumber, y.seriesInstanceUid, y.path);
    });
    std::map<std::string, int> perUid;
    for (auto &s : out)
        ++perUid[s.first().seriesInstanceUid];
    std::map<std::string, int> seen;
    for (auto &s : out) {
        const std::string &uid = s.first().seriesInstanceUid;
        if (perUid[uid] > 1) {
            s.stackIndex = ++seen[uid];
            s.stackCount = perUid[uid];
            s.warnings.push_back(splitWarning(s.stackCount));
        }
    }
    return out;
}

} // namespace sagitta::core::dicom
