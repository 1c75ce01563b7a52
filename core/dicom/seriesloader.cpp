#include "core/dicom/seriesloader.h"

#include "core/base/error.h"
#include "core/dicom/codecs.h"
#include "core/dicom/dcmattr.h"
#include "core/dicom/dcmread.h"
#include "core/dicom/jpeg2000.h"
#include "core/dicom/seriesgeometry.h"

#include <dcmtk/dcmdata/dcpxitem.h>

#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <future>
#include <limits>
#include <map>
#include <mutex>
#include <set>

#include <fcntl.h>
#include <unistd.h>

namespace sagitta::core::dicom {

namespace {

struct SliceInfo {
    double slope = 1, intercept = 0;
    bool isSigned = false;
    std::int64_t min = 0, max = 0; // stored values
};

struct PixelLayout {
    int rows = 0, columns = 0, frames = 1, samplesPerPixel = 1;
    int bitsAllocated = 16, bitsStored = 16, highBit = 15, pixelRepresentation = 0;
    double slope = 1, intercept = 0;
};

PixelLayout readLayout(DcmDataset *ds)
{
    PixelLayout p;
    p.rows = attrInt(ds, DCM_Rows, 0);
    p.columns = attrInt(ds, DCM_Columns, 0);
    p.frames = std::max(1, attrInt(ds, DCM_NumberOfFrames, 1));
    p.samplesPerPixel = attrInt(ds, DCM_SamplesPerPixel, 1);
    p.bitsAllocated = attrInt(ds, DCM_BitsAllocated, 16);
    p.bitsStored = attrInt(ds, DCM_BitsStored, p.bitsAllocated);
    p.highBit = attrInt(ds, DCM_HighBit, p.bitsStored - 1);
    p.pixelRepresentation = attrInt(ds, DCM_PixelRepresentation, 0);
    p.slope = attrDouble(ds, DCM_RescaleSlope, 1.0);
    if (p.slope == 0.0)
        p.slope = 1.0;
    p.intercept = attrDouble(ds, DCM_RescaleIntercept, 0.0);
    return p;
}

// Fragments of encapsulated pixel data, the Basic Offset Table first.
std::vector<std::vector<std::uint8_t>> fragmentsOf(DcmPixelData *pixels)
{
    DcmPixelSequence *seq = encapsulatedPixels(pixels);
    std::vector<std::vector<std::uint8_t>> items;
    for (unsigned long i = 0; i < seq->card(); ++i) {
        DcmPixelItem *item = nullptr;
        Uint8 *bytes = nullptr;
        if (seq->getItem(item, i).bad() || !item)
            throw Error("broken pixel data fragment " + std::to_string(i));
        const Uint32 length = item->getLength();
        if (length > 0 && (item->getUint8Array(bytes).bad() || !bytes))
            throw Error("unreadable pixel data fragment " + std::to_string(i));
        items.emplace_back(bytes, bytes + length);
    }
    return items;
}

bool integral(double x) { return std::abs(x - std::round(x)) < 1e-6; }

// Grey native little-endian pixel data the header scan found: read at its offset, no parse.
bool readsNatively(const DicomFileInfo &file)
{
    return file.pixelOffset > 0 && !file.floatPixels && file.samplesPerPixel == 1 && file.photometric != "PALETTE COLOR"
           && (file.bitsAllocated == 8 || file.bitsAllocated == 16 || file.bitsAllocated == 32);
}

// Decodes stored values of one frame into 16-bit raw slots (bits reinterpreted later).
template<typename In>
void unpack(const In *src, std::uint16_t *dst, std::size_t n, const PixelLayout &p, SliceInfo &info)
{
    const int shift = std::max(0, p.highBit + 1 - p.bitsStored);
    const std::uint32_t mask = p.bitsStored >= 32 ? 0xffffffffu : ((1u << p.bitsStored) - 1u);
    const bool isSigned = p.pixelRepresentation == 1;
    const std::uint32_t signBit = 1u << (p.bitsStored - 1);
    std::int64_t mn = std::numeric_limits<std::int64_t>::max(), mx = std::numeric_limits<std::int64_t>::min();
    for (std::size_t i = 0; i < n; ++i) {
        std::uint32_t raw = (std::uint32_t(src[i]) >> shift) & mask;
        std::int64_t value = raw;
        if (isSigned && (raw & signBit))
            value = std::int64_t(raw) - (std::int64_t(1) << p.bitsStored);
        dst[i] = std::uint16_t(value & 0xffff);
        mn = std::min(mn, value);
        mx = std::max(mx, value);
    }
    info.isSigned = isSigned;
    info.min = std::min(info.min, mn);
    info.max = std::max(info.max, mx);
}

// Stored bits straight to final int16 values in one pass; only when slope and intercept are
// integral and small enough for int32 arithmetic (checked by the caller). Returns false when a
// rescaled value of this frame does not fit int16 (the caller then takes the general path):
// decided by the values present, not by the range BitsStored allows, so that a signed 16-bit CT
// with intercept -1024 stays here.
template<typename In>
bool unpackDirect(const In *src, std::int16_t *dst, std::size_t n, const PixelLayout &p, std::int32_t &lo, std::int32_t &hi)
{
    const int shift = std::max(0, p.highBit + 1 - p.bitsStored);
    const std::uint32_t mask = (1u << p.bitsStored) - 1u;
    const std::int32_t slope = std::int32_t(std::lround(p.slope)), intercept = std::int32_t(std::lround(p.intercept));
    lo = std::numeric_limits<std::int32_t>::max();
    hi = std::numeric_limits<std::int32_t>::min();
    if (p.pixelRepresentation == 1 && shift == 0 && p.bitsStored == int(8 * sizeof(In)) && slope == 1) {
        // Signed stored values filling their word (CT): sign-extend and add the intercept.
        using Signed = std::make_signed_t<In>;
        for (std::size_t i = 0; i < n; ++i) {
            const std::int32_t v = std::int32_t(Signed(src[i])) + intercept;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            dst[i] = std::int16_t(v);
        }
    } else if (p.pixelRepresentation == 1) {
        const std::int32_t signBit = std::int32_t(1) << (p.bitsStored - 1);
        for (std::size_t i = 0; i < n; ++i) {
            const std::int32_t raw = std::int32_t((std::uint32_t(src[i]) >> shift) & mask);
            const std::int32_t v = ((raw ^ signBit) - signBit) * slope + intercept; // sign-extend
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            dst[i] = std::int16_t(v);
        }
    } else if (shift == 0 && slope == 1) {
        for (std::size_t i = 0; i < n; ++i) {
            const std::int32_t v = std::int32_t(std::uint32_t(src[i]) & mask) + intercept;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            dst[i] = std::int16_t(v);
        }
    } else {
        for (std::size_t i = 0; i < n; ++i) {
            const std::int32_t v = std::int32_t((std::uint32_t(src[i]) >> shift) & mask) * slope + intercept;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            dst[i] = std::int16_t(v);
        }
    }
    return n == 0 || (lo >= -32768 && hi <= 32767);
}

// 32-bit stored integers (BitsStored <= 32, sign-extended when signed) kept as 32-bit raw
// slots (int32 bits when signed, uint32 otherwise), with the slice's stored range.
void unpackRaw32(const std::uint32_t *src, std::uint32_t *dst, std::size_t n, const PixelLayout &p, SliceInfo &info)
{
    const int bits = std::clamp(p.bitsStored, 1, 32), shift = std::max(0, p.highBit + 1 - bits);
    const std::uint64_t mask = (std::uint64_t(1) << bits) - 1u;
    std::int64_t mn = std::numeric_limits<std::int64_t>::max(), mx = std::numeric_limits<std::int64_t>::min();
    for (std::size_t i = 0; i < n; ++i) {
        std::int64_t v = std::int64_t((std::uint64_t(src[i]) >> shift) & mask);
        if (p.pixelRepresentation == 1 && (v >> (bits - 1)) & 1)
            v -= std::int64_t(1) << bits;
        dst[i] = std::uint32_t(v);
        mn = std::min(mn, v);
        mx = std::max(mx, v);
    }
    info.isSigned = p.pixelRepresentation == 1;
    info.min = std::min(info.min, mn);
    info.max = std::max(info.max, mx);
}

template<typename In>
void unpackWide(const In *src, float *dst, std::size_t n, const PixelLayout &p)
{
    for (std::size_t i = 0; i < n; ++i)
        dst[i] = float(double(src[i]) * p.slope + p.intercept);
}

// The files of a stack, each with the slices (indices into SeriesInfo::files) it provides.
using FileGroups = std::vector<std::pair<std::string, std::vector<int>>>;

// Runs body(n) for every file group over the cores. body throws core::Error naming the file on
// failure. Without `failed` the first failure stops the rest and is rethrown; with it, each
// failing file is listed there with its reason and the others go on. A cancel from the sink
// is thrown as core::Cancelled.
template<typename Body>
void forEachFile(const FileGroups &groups, ProgressSink *progress, std::vector<FileProblem> *failed, Body body)
{
    const std::size_t count = groups.size();
    std::mutex errorMutex;
    std::string firstError;
    std::vector<std::string> reasons(count);
    std::atomic<bool> stop{false};
    std::atomic<std::size_t> done{0};
    const auto each = [&](std::size_t n) {
        if (stop.load())
            return;
        try {
            body(n);
        } catch (const std::exception &e) { // e.g. bad_alloc for absurd sizes: name the file
            const std::string &path = groups[n].first;
            std::string message = e.what();
            if (failed) {
                // One line per file: the reason without the path the message starts with.
                if (message.compare(0, path.size() + 2, path + ": ") == 0)
                    message.erase(0, path.size() + 2);
                reasons[n] = message.empty() ? std::string("cannot be decoded") : message;
            } else {
                std::lock_guard<std::mutex> lock(errorMutex);
                if (firstError.empty())
                    firstError = dynamic_cast<const Error *>(&e) ? message : path + ": " + message;
                stop = true;
                return;
            }
        }
        const std::size_t d = ++done;
        if (progress) {
            progress->report(double(d) / double(count), "decoding slices");
            if (progress->cancelled())
                stop = true;
        }
    };
    // One file (a first slice on screen) on this thread: no pool to start for it.
    if (count == 1)
        each(0);
    else
        tbb::parallel_for(std::size_t(0), count, each);
    if (!firstError.empty())
        throw Error(firstError);
    if (stop.load())
        throw Cancelled();
    if (failed)
        for (std::size_t n = 0; n < count; ++n)
            if (!reasons[n].empty())
                failed->push_back({groups[n].first, reasons[n]});
}

// YBR_FULL (PS3.3 C.7.6.3.1.2) to RGB, in place on interleaved 8-bit samples.
void ybrFullToRgb(std::uint8_t *p, std::size_t pixels)
{
    for (std::size_t i = 0; i < pixels; ++i, p += 3) {
        const double y = p[0], cb = p[1] - 128.0, cr = p[2] - 128.0;
        p[0] = std::uint8_t(std::clamp(std::lround(y + 1.402 * cr), 0L, 255L));
        p[1] = std::uint8_t(std::clamp(std::lround(y - 0.344136 * cb - 0.714136 * cr), 0L, 255L));
        p[2] = std::uint8_t(std::clamp(std::lround(y + 1.772 * cb), 0L, 255L));
    }
}

bool isColourFile(const DicomFileInfo &f)
{
    return f.samplesPerPixel == 3 || f.photometric == "PALETTE COLOR";
}

// Colour series: RGB, YBR_FULL(_422), YBR_PARTIAL, palette colour, planar or interleaved, any
// transfer syntax DCMTK decodes go through DCMTK's image module (dcmimage), which converts them
// to interleaved 8-bit RGB; JPEG 2000 frames come from OpenJPEG (which undoes the component
// transform of YBR_RCT/YBR_ICT itself).
Volume loadColourSeries(const SeriesInfo &series, const FileGroups &groups, ProgressSink *progress,
                        std::vector<FileProblem> *failed)
{
    const Geometry &g = series.geometry;
    const std::size_t sliceVoxels = std::size_t(g.dims[0]) * std::size_t(g.dims[1]);
    Volume vol(g, ScalarType::Rgb24, false);
    std::uint8_t *const voxels = vol.data<std::uint8_t>(); // one revision, taken before the threads
    forEachFile(groups, progress, failed, [&](std::size_t n) {
        const std::string &path = groups[n].first;
        const DicomFileInfo &info = series.files[std::size_t(groups[n].second.front())];
        DcmFileFormat ff;
        const DicomRead read = readDicomFile(ff, path, true, false);
        if (read.status.bad())
            throw Error(path + ": cannot read: " + read.status.text());
        DcmDataset *ds = ff.getDataset();
        const PixelLayout p = readLayout(ds);
        if (p.rows != g.dims[1] || p.columns != g.dims[0])
            throw Error(path + ": image size differs from the rest of the series");
        if (isJpeg2000Uid(info.transferSyntaxUid)) {
            if (p.samplesPerPixel != 3 || p.bitsAllocated != 8)
                throw Error(path + ": JPEG 2000 colour is read for 8-bit RGB/YBR images only, not " + info.photometric);
            DcmElement *element = nullptr;
            if (ds->findAndGetElement(DCM_PixelData, element).bad() || !element)
                throw Error(path + ": no pixel data");
            const auto frames = splitFrames(fragmentsOf(OFstatic_cast(DcmPixelData *, element)), p.frames);
            for (const int z : groups[n].second) {
                const int f = series.files[std::size_t(z)].frame;
                if (std::size_t(f) >= frames.size())
                    throw Error(path + ": frame " + std::to_string(f + 1) + " has no JPEG 2000 data");
                std::vector<std::uint8_t> decoded;
                decodeJpeg2000(frames[std::size_t(f)].data(), frames[std::size_t(f)].size(), {p.rows, p.columns, 3, 8}, decoded);
                if (info.photometric == "YBR_FULL")
                    ybrFullToRgb(decoded.data(), sliceVoxels);
                std::copy(decoded.begin(), decoded.end(), voxels + std::size_t(z) * sliceVoxels * 3);
            }
            return;
        }
        std::vector<int> frames;
        std::vector<std::uint8_t *> out;
        for (const int z : groups[n].second) {
            frames.push_back(series.files[std::size_t(z)].frame);
            out.push_back(voxels + std::size_t(z) * sliceVoxels * 3);
        }
        try {
            decodeColourFrames(ff, int(read.pixelXfer), frames.data(), frames.size(), sliceVoxels * 3, out.data());
        } catch (const Error &e) {
            throw Error(path + ": " + e.what());
        }
    });
    if (failed && !failed->empty())
        return {}; // the caller takes those files out and loads again
    return vol;
}

// Float Pixel Data (7FE0,0008) and Double Float Pixel Data (7FE0,0009), e.g. parametric maps:
// the values are real already.
void copyFloatFrames(const std::string &path, DcmElement *element, const std::vector<int> &slices,
                     const SeriesInfo &series, std::size_t sliceVoxels, float *volume)
{
    const bool isDouble = element->getTag() == DCM_DoubleFloatPixelData;
    const std::size_t count = element->getLength() / (isDouble ? 8 : 4);
    Float32 *floats = nullptr;
    Float64 *doubles = nullptr;
    if (isDouble ? element->getFloat64Array(doubles).bad() || !doubles : element->getFloat32Array(floats).bad() || !floats)
        throw Error(path + ": unreadable float pixel data");
    for (const int z : slices) {
        const DicomFileInfo &entry = series.files[std::size_t(z)];
        const std::size_t first = std::size_t(entry.frame) * sliceVoxels;
        if (first + sliceVoxels > count)
            throw Error(path + ": float pixel data is shorter than frame " + std::to_string(entry.frame + 1));
        float *dst = volume + std::size_t(z) * sliceVoxels;
        for (std::size_t i = 0; i < sliceVoxels; ++i)
            dst[i] = float((isDouble ? doubles[first + i] : double(floats[first + i])) * entry.rescaleSlope
                           + entry.rescaleIntercept);
    }
}

// Where each slice's first pixel lies on the series grid (pixels along rows, columns): not 0
// for gantry tilt, where the grid is wider than the images. Empty when every slice starts at
// the grid's origin.
std::vector<std::array<double, 2>> sliceShifts(const SeriesInfo &series)
{
    const Geometry &g = series.geometry;
    std::vector<std::array<double, 2>> shifts;
    if (g.dims[2] < 2 && g.dims[0] == series.first().columns && g.dims[1] == series.first().rows)
        return shifts;
    bool any = false;
    const Vec3 row = g.axis(0), col = g.axis(1), normal = g.axis(2);
    for (const DicomFileInfo &f : series.files) {
        if (!f.hasPosition)
            return {};
        const Vec3 d{f.position[0] - g.origin[0], f.position[1] - g.origin[1], f.position[2] - g.origin[2]};
        const double along = dot(d, normal);
        const Vec3 off{d[0] - along * normal[0], d[1] - along * normal[1], d[2] - along * normal[2]};
        shifts.push_back({dot(off, row) / g.spacing[0], dot(off, col) / g.spacing[1]});
        any = any || std::abs(shifts.back()[0]) > 0.01 || std::abs(shifts.back()[1]) > 0.01;
    }
    if (!any)
        shifts.clear();
    return shifts;
}

// out(i, j, k) = in(i - du_k, j - dv_k, k) on the wider grid, bilinear; outside the slice the
// lowest value of the series.
template<typename T>
void resampleShifted(const T *in, int nx, int ny, T *out, int ox, int oy, int nz, double fill,
                     const std::vector<std::array<double, 2>> &shifts)
{
    tbb::parallel_for(0, nz, [&](int k) {
        const T *slice = in + std::size_t(k) * std::size_t(nx) * std::size_t(ny);
        T *dst = out + std::size_t(k) * std::size_t(ox) * std::size_t(oy);
        const double du = shifts[std::size_t(k)][0], dv = shifts[std::size_t(k)][1];
        auto at = [&](int i, int j) {
            return i < 0 || j < 0 || i >= nx || j >= ny ? fill : double(slice[std::size_t(j) * std::size_t(nx) + std::size_t(i)]);
        };
        for (int j = 0; j < oy; ++j)
            for (int i = 0; i < ox; ++i) {
                const double x = i - du, y = j - dv;
                const int x0 = int(std::floor(x)), y0 = int(std::floor(y));
                const double fx = x - x0, fy = y - y0;
                const double v = (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0))
                                 + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
                dst[std::size_t(j) * std::size_t(ox) + std::size_t(i)] = std::is_integral_v<T> ? T(std::lround(v)) : T(v);
            }
    });
}

Volume resampleShifted(const Volume &in, const Geometry &grid, const std::vector<std::array<double, 2>> &shifts)
{
    if (in.isColour())
        throw Error("colour images stacked with gantry tilt are not supported");
    Volume out(grid, in.type(), false);
    out.unit = in.unit;
    out.invertDisplay = in.invertDisplay;
    const double fill = in.range()[0];
    const int nx = in.dim(0), ny = in.dim(1), nz = in.dim(2), ox = grid.dims[0], oy = grid.dims[1];
    switch (in.type()) {
    case ScalarType::Int16: resampleShifted(in.data<std::int16_t>(), nx, ny, out.data<std::int16_t>(), ox, oy, nz, fill, shifts); break;
    case ScalarType::UInt16: resampleShifted(in.data<std::uint16_t>(), nx, ny, out.data<std::uint16_t>(), ox, oy, nz, fill, shifts); break;
    case ScalarType::Int32: resampleShifted(in.data<std::int32_t>(), nx, ny, out.data<std::int32_t>(), ox, oy, nz, fill, shifts); break;
    case ScalarType::Float32: resampleShifted(in.data<float>(), nx, ny, out.data<float>(), ox, oy, nz, fill, shifts); break;
    case ScalarType::Rgb24: break;
    }
    return out;
}

Volume loadSeriesUncorrected(const SeriesInfo &series, ProgressSink *progress, std::vector<FileProblem> *failed,
                             Volume *reuse = nullptr);

// loadSeries, with the files that fail listed in `failed` (when given) instead of thrown; then
// the volume returned is empty.
Volume loadSeriesChecked(const SeriesInfo &series, ProgressSink *progress, std::vector<FileProblem> *failed)
{
    const auto shifts = sliceShifts(series);
    if (shifts.empty())
        return loadSeriesUncorrected(series, progress, failed);
    // Gantry tilt: decode the images as stored, then place them on the series' wider grid.
    SeriesInfo asStored = series;
    asStored.geometry.dims[0] = series.first().columns;
    asStored.geometry.dims[1] = series.first().rows;
    Volume stored = loadSeriesUncorrected(asStored, progress, failed);
    if (failed && !failed->empty())
        return {};
    return resampleShifted(stored, series.geometry, shifts);
}

} // namespace

Volume loadSeries(const SeriesInfo &series, ProgressSink *progress)
{
    return loadSeriesChecked(series, progress, nullptr);
}

bool streamSeriesInt16(const SeriesInfo &series, const SlabSink &sink, ProgressSink *progress)
{
    const Geometry &g = series.geometry;
    const int nz = g.dims[2];
    if (series.files.empty() || int(series.files.size()) != nz || !sliceShifts(series).empty())
        return false;
    for (const DicomFileInfo &f : series.files)
        if (isColourFile(f) || f.floatPixels || f.bitsAllocated > 16 || !integral(f.rescaleSlope) || !integral(f.rescaleIntercept))
            return false;
    // Slabs of about 4 MB (little fresh memory: its first touch is slow on virtual machines),
    // decoded over the cores into two memories in turn: the sink takes one slab on its own
    // thread (the write of a file) while the next one is decoded into the other.
    const std::size_t sliceBytes = std::size_t(g.dims[0]) * std::size_t(g.dims[1]) * 2;
    const int per = int(std::clamp<std::size_t>((std::size_t(4) << 20) / std::max<std::size_t>(sliceBytes, 1), 1, 256));
    Volume slabs[2];
    std::future<void> sinking; // the previous slab's sink call; get() passes on what it threw
    int turn = 0;
    for (int k0 = 0; k0 < nz; k0 += per, turn ^= 1) {
        SeriesInfo part;
        part.geometry = g;
        part.geometry.dims[2] = std::min(per, nz - k0);
        part.files.assign(series.files.begin() + k0, series.files.begin() + k0 + part.geometry.dims[2]);
        ScaledProgress stage(progress, double(k0) / double(nz), double(k0 + part.geometry.dims[2]) / double(nz));
        std::vector<FileProblem> failed;
        Volume &slab = slabs[turn];
        try {
            slab = loadSeriesUncorrected(part, progress ? &stage : nullptr, &failed, &slab);
        } catch (...) {
            if (sinking.valid())
                sinking.wait(); // the other slab is still being read
            throw;
        }
        if (sinking.valid())
            sinking.get();
        if (!failed.empty() || slab.type() != ScalarType::Int16)
            return false; // a file that does not decode, or values beyond int16: the whole volume decides
        sinking = std::async(std::launch::async, [&sink, &slab, k0] { sink(k0, slab); });
    }
    if (sinking.valid())
        sinking.get();
    return true;
}

Volume loadReadableSlices(SeriesInfo &series, std::vector<FileProblem> &skipped, ProgressSink *progress)
{
    std::vector<FileProblem> leftOut;
    std::size_t planesLeftOut = 0;
    // Each round takes out at least one file, so this ends; a file fails the same way each time,
    // so the second round normally succeeds.
    for (;;) {
        std::vector<FileProblem> failed;
        Volume volume = loadSeriesChecked(series, progress, &failed);
        if (failed.empty()) {
            if (!leftOut.empty()) {
                std::string warning = std::to_string(planesLeftOut) + " slice(s) could not be read and were left out:";
                for (std::size_t n = 0; n < leftOut.size(); ++n)
                    warning += (n ? ", " : " ") + leftOut[n].path + " (" + leftOut[n].reason + ")";
                series.warnings.push_back(warning);
            }
            skipped.insert(skipped.end(), leftOut.begin(), leftOut.end());
            return volume;
        }
        std::set<std::string> bad;
        for (const FileProblem &p : failed)
            bad.insert(p.path);
        const std::size_t before = series.files.size();
        series.files.erase(std::remove_if(series.files.begin(), series.files.end(),
                                          [&](const DicomFileInfo &f) { return bad.count(f.path) > 0; }),
                           series.files.end());
        planesLeftOut += before - series.files.size();
        leftOut.insert(leftOut.end(), failed.begin(), failed.end());
        if (series.files.empty()) {
            skipped.insert(skipped.end(), leftOut.begin(), leftOut.end());
            throw Error("no slice of the series could be read (" + std::to_string(leftOut.size()) + " file(s))");
        }
        computeGeometry(series); // from the slices that remain: gaps get their usual warnings
    }
}

namespace {

// reuse: memory of a volume with the same grid and type to decode into instead of a new one
// (slab after slab of a streamed series).
Volume loadSeriesUncorrected(const SeriesInfo &series, ProgressSink *progress, std::vector<FileProblem> *failed, Volume *reuse)
{
    // DCMTK (its logger, codecs and dictionary) only for files the native path does not read.
    if (std::any_of(series.files.begin(), series.files.end(), [](const DicomFileInfo &f) { return !readsNatively(f); }))
        initDcmtk();
    const Geometry &g = series.geometry;
    const int nx = g.dims[0], ny = g.dims[1], nz = g.dims[2];
    if (series.files.empty() || nx <= 0 || ny <= 0 || nz <= 0)
        throw Error("series has no image");
    if (int(series.files.size()) != nz)
        throw Error("series geometry does not match its image count");
    // The slices each file provides: one per frame it holds in this stack.
    std::map<std::string, std::vector<int>> slicesByFile;
    for (int z = 0; z < nz; ++z)
        slicesByFile[series.files[std::size_t(z)].path].push_back(z);
    const FileGroups groups(slicesByFile.begin(), slicesByFile.end());

    const std::size_t colourFiles = std::size_t(std::count_if(series.files.begin(), series.files.end(), isColourFile));
    if (colourFiles == series.files.size()) {
        if (double(g.voxelCount()) * 3.0 > 16.0 * 1024 * 1024 * 1024)
            throw Error(series.first().path + ": colour series is too large to load");
        return loadColourSeries(series, groups, progress, failed);
    }
    if (colourFiles > 0)
        throw Error(series.first().path + ": the series mixes colour and grey images");
    bool wide = false;
    for (const DicomFileInfo &f : series.files)
        if (f.bitsAllocated > 16)
            wide = true;

    const double bytesNeeded = double(g.voxelCount()) * (wide ? 4.0 : 2.0);
    if (bytesNeeded > 16.0 * 1024 * 1024 * 1024)
        throw Error(series.first().path + ": series of " + std::to_string(nx) + " x " + std::to_string(ny) + " x "
                    + std::to_string(nz) + " voxels is too large to load");
    // Fast path: integral rescale (small enough for int32 arithmetic) -- most CT and MR. Each
    // frame is unpacked straight into its final values in one pass while they fit int16; the
    // first frame whose values do not makes the whole series take the general path below.
    bool direct = !wide;
    for (const DicomFileInfo &f : series.files)
        direct = direct && integral(f.rescaleSlope) && integral(f.rescaleIntercept) && std::abs(f.rescaleSlope) <= 16384.0
                 && std::abs(f.rescaleIntercept) <= 1073741824.0;
    // 32-bit integers: stored bits first, then exact int32 values when the rescaled range of the
    // data fits, float otherwise (as 16-bit data below).
    bool wideInt = wide;
    for (const DicomFileInfo &f : series.files)
        wideInt = wideInt && !f.floatPixels && f.bitsAllocated == 32;
    const ScalarType decodeType = wideInt ? ScalarType::Int32 : wide ? ScalarType::Float32 : ScalarType::Int16;
    Volume vol = reuse && reuse->type() == decodeType && reuse->geometry().dims == g.dims ? std::move(*reuse)
                                                                                         : Volume(g, decodeType, false);
    vol.geometry() = g;
    const std::size_t sliceVoxels = std::size_t(nx) * std::size_t(ny);
    std::vector<SliceInfo> slices(static_cast<std::size_t>(nz), SliceInfo{});
    std::atomic<bool> overflow{false};

    // One frame of stored values (host byte order, bitsAllocated wide) to slice z of the volume.
    auto storeFrame = [&](int z, const std::uint8_t *frame, const PixelLayout &p) {
        const DicomFileInfo &entry = series.files[std::size_t(z)];
        SliceInfo &info = slices[std::size_t(z)];
        // Per-frame rescale (functional groups) was read with the header.
        PixelLayout fp = p;
        fp.slope = entry.rescaleSlope;
        fp.intercept = entry.rescaleIntercept;
        info.slope = fp.slope;
        info.intercept = fp.intercept;
        const std::size_t offset = std::size_t(z) * sliceVoxels;
        if (direct) {
            std::int16_t *dst = vol.data<std::int16_t>() + offset;
            std::int32_t lo = 0, hi = 0;
            const bool fits = p.bitsAllocated == 16 ? unpackDirect(reinterpret_cast<const std::uint16_t *>(frame), dst, sliceVoxels, fp, lo, hi)
                                                    : unpackDirect(frame, dst, sliceVoxels, fp, lo, hi);
            if (!fits)
                overflow = true;
            info.min = lo; // final values here (the direct path does not rescale again)
            info.max = hi;
        } else if (wideInt) {
            unpackRaw32(reinterpret_cast<const std::uint32_t *>(frame), vol.data<std::uint32_t>() + offset, sliceVoxels, p, info);
        } else if (wide) {
            float *dst = vol.data<float>() + offset;
            if (p.bitsAllocated == 32 && p.pixelRepresentation == 1)
                unpackWide(reinterpret_cast<const std::int32_t *>(frame), dst, sliceVoxels, fp);
            else if (p.bitsAllocated == 32)
                unpackWide(reinterpret_cast<const std::uint32_t *>(frame), dst, sliceVoxels, fp);
            else if (p.bitsAllocated == 16) {
                std::vector<std::uint16_t> tmp(sliceVoxels);
                SliceInfo scratch;
                unpack(reinterpret_cast<const std::uint16_t *>(frame), tmp.data(), sliceVoxels, p, scratch);
                for (std::size_t i = 0; i < sliceVoxels; ++i) {
                    const double stored = p.pixelRepresentation == 1 ? double(std::int16_t(tmp[i])) : double(tmp[i]);
                    dst[i] = float(stored * fp.slope + fp.intercept);
                }
            } else {
                for (std::size_t i = 0; i < sliceVoxels; ++i)
                    dst[i] = float(double(frame[i]) * fp.slope + fp.intercept);
            }
        } else {
            std::uint16_t *dst = vol.data<std::uint16_t>() + offset;
            if (p.bitsAllocated == 16)
                unpack(reinterpret_cast<const std::uint16_t *>(frame), dst, sliceVoxels, p, info);
            else
                unpack(frame, dst, sliceVoxels, p, info);
        }
    };

    // Native little-endian frames at the offset the header scan found: read with pread through a
    // buffer of one frame, no second parse of the file.
    auto readNativeFile = [&](std::size_t n, const DicomFileInfo &file) {
        PixelLayout p;
        p.rows = file.rows;
        p.columns = file.columns;
        p.frames = file.frames;
        p.samplesPerPixel = file.samplesPerPixel;
        p.bitsAllocated = file.bitsAllocated;
        p.bitsStored = file.bitsStored;
        p.highBit = file.highBit;
        p.pixelRepresentation = file.pixelRepresentation;
        if (p.rows != ny || p.columns != nx)
            throw Error(file.path + ": image size differs from the rest of the series");
        if (p.bitsStored < 1 || p.bitsStored > p.bitsAllocated)
            throw Error(file.path + ": invalid BitsStored " + std::to_string(p.bitsStored));
        const std::size_t frameBytes = sliceVoxels * std::size_t(p.bitsAllocated / 8);
        // 16-bit frames into 16-bit voxels are read straight into their slice and unpacked in
        // place (element by element): no copy, no buffer whose fresh pages fault once more.
        const bool inPlace = p.bitsAllocated == 16 && !wide;
        thread_local std::unique_ptr<std::uint8_t[]> bufferMemory;
        thread_local std::size_t bufferSize = 0;
        if (!inPlace && bufferSize < frameBytes) {
            bufferMemory.reset(new std::uint8_t[frameBytes]); // read into: no zero fill
            bufferSize = frameBytes;
        }
        const int fd = ::open(file.path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            throw Error(file.path + ": cannot read: " + std::strerror(errno));
        struct Closer {
            int fd;
            ~Closer() { ::close(fd); }
        } closer{fd};
        for (const int z : groups[n].second) {
            const int f = series.files[std::size_t(z)].frame;
            if (f >= p.frames)
                throw Error(file.path + ": frame " + std::to_string(f + 1) + " is missing");
            std::size_t done = 0;
            const off_t at = off_t(file.pixelOffset + std::uint64_t(f) * frameBytes);
            std::uint8_t *target = inPlace ? reinterpret_cast<std::uint8_t *>(vol.data<std::uint16_t>() + std::size_t(z) * sliceVoxels)
                                           : bufferMemory.get();
            while (done < frameBytes) {
                const ssize_t got = ::pread(fd, target + done, frameBytes - done, at + off_t(done));
                if (got < 0 && errno == EINTR)
                    continue;
                if (got < 0)
                    throw Error(file.path + ": cannot read: " + std::strerror(errno));
                if (got == 0)
                    throw Error(file.path + ": the pixel data ends early (the file changed since it was scanned?)");
                done += std::size_t(got);
            }
            storeFrame(z, target, p);
        }
    };

    auto decodeFile = [&](std::size_t n) {
        const DicomFileInfo &file = series.files[std::size_t(groups[n].second.front())];
        if (readsNatively(file))
            return readNativeFile(n, file);
        DcmFileFormat ff;
        const DicomRead read = readDicomFile(ff, file.path, true, false);
        if (read.status.bad())
            throw Error(file.path + ": cannot read: " + read.status.text());
        DcmDataset *ds = ff.getDataset();
        const PixelLayout p = readLayout(ds);
        if (p.rows != ny || p.columns != nx)
            throw Error(file.path + ": image size differs from the rest of the series");
        DcmElement *floatPixels = nullptr;
        if ((ds->findAndGetElement(DCM_FloatPixelData, floatPixels).good()
             || ds->findAndGetElement(DCM_DoubleFloatPixelData, floatPixels).good())
            && floatPixels) {
            if (!wide)
                throw Error(file.path + ": float pixel data with BitsAllocated " + std::to_string(p.bitsAllocated));
            return copyFloatFrames(file.path, floatPixels, groups[n].second, series, sliceVoxels, vol.data<float>());
        }
        if (p.bitsAllocated != 8 && p.bitsAllocated != 16 && p.bitsAllocated != 32)
            throw Error(file.path + ": unsupported BitsAllocated " + std::to_string(p.bitsAllocated));
        if (p.bitsStored < 1 || p.bitsStored > p.bitsAllocated)
            throw Error(file.path + ": invalid BitsStored " + std::to_string(p.bitsStored));
        DcmElement *element = nullptr;
        if (ds->findAndGetElement(DCM_PixelData, element).bad() || !element)
            throw Error(file.path + ": no pixel data");
        auto *pixels = OFstatic_cast(DcmPixelData *, element);
        Uint32 frameSize = 0;
        if (pixels->getUncompressedFrameSize(ds, frameSize).bad() || frameSize == 0)
            throw Error(file.path + ": cannot determine the frame size");
        const std::size_t needed = sliceVoxels * std::size_t(p.bitsAllocated / 8);
        if (frameSize < needed)
            throw Error(file.path + ": frame smaller than Rows x Columns");
        if (frameSize > needed * 4 + 16)
            throw Error(file.path + ": pixel attributes are inconsistent (frame of " + std::to_string(frameSize) + " bytes)");
        std::vector<std::uint8_t> buffer;
        // Native 16-bit data is used in place (DCMTK has it in host byte order already).
        const bool encapsulated = DcmXfer(read.pixelXfer).isEncapsulated();
        const Uint16 *native = nullptr;
        if (!encapsulated && p.bitsAllocated == 16 && p.samplesPerPixel == 1) {
            Uint16 *words = nullptr;
            if (pixels->getUint16Array(words).good() && words
                && std::size_t(pixels->getLength()) >= std::size_t(p.frames) * needed)
                native = words;
        }
        if (!native)
            buffer.resize(frameSize + (frameSize & 1u));
        // JPEG 2000 / HTJ2K: DCMTK only parses the fragments, OpenJPEG decodes them.
        const bool j2k = isJpeg2000Uid(file.transferSyntaxUid);
        std::vector<std::vector<std::uint8_t>> j2kFrames;
        if (j2k) {
            try {
                j2kFrames = splitFrames(fragmentsOf(pixels), p.frames);
            } catch (const std::exception &e) {
                throw Error(file.path + ": " + e.what());
            }
        }
        for (const int z : groups[n].second) {
            const int f = series.files[std::size_t(z)].frame;
            if (f >= p.frames)
                throw Error(file.path + ": frame " + std::to_string(f + 1) + " is missing");
            const std::uint8_t *frame = buffer.data();
            if (native) {
                frame = reinterpret_cast<const std::uint8_t *>(native + std::size_t(f) * sliceVoxels);
            } else if (j2k) {
                if (std::size_t(f) >= j2kFrames.size())
                    throw Error(file.path + ": frame " + std::to_string(f + 1) + " has no JPEG 2000 data");
                try {
                    std::vector<std::uint8_t> decoded;
                    decodeJpeg2000(j2kFrames[std::size_t(f)].data(), j2kFrames[std::size_t(f)].size(),
                                   {p.rows, p.columns, p.samplesPerPixel, p.bitsAllocated}, decoded);
                    std::copy(decoded.begin(), decoded.begin() + std::ptrdiff_t(std::min(decoded.size(), buffer.size())),
                              buffer.begin());
                } catch (const std::exception &e) {
                    throw Error(file.path + ": frame " + std::to_string(f + 1) + ": " + e.what());
                }
            } else {
                Uint32 startFragment = 0; // DCMTK locates the frame's first fragment
                OFString colorModel;
                const OFCondition st = pixels->getUncompressedFrame(ds, Uint32(f), startFragment, buffer.data(),
                                                                    Uint32(buffer.size()), colorModel, nullptr);
                if (st.bad())
                    throw Error(file.path + ": cannot decode frame " + std::to_string(f + 1) + ": " + st.text());
            }
            storeFrame(z, frame, p);
        }
    };
    auto resetSlices = [&] {
        for (auto &s : slices) {
            s = SliceInfo{};
            s.min = std::numeric_limits<std::int64_t>::max();
            s.max = std::numeric_limits<std::int64_t>::min();
        }
    };
    resetSlices();
    forEachFile(groups, progress, failed, decodeFile);
    if (failed && !failed->empty())
        return {}; // the caller takes those files out and loads again
    if (direct && overflow) {
        // Values beyond int16: decode again keeping the stored values, then choose the type.
        direct = false;
        resetSlices();
        forEachFile(groups, progress, failed, decodeFile);
        if (failed && !failed->empty())
            return {};
    }

    const DicomFileInfo &f0 = series.first();
    vol.invertDisplay = f0.photometric == "MONOCHROME1";
    vol.unit = f0.modality == "CT" ? "HU" : "";
    if (direct) {
        // Every value was seen as it was written: the range comes with the volume.
        std::int64_t lo = std::numeric_limits<std::int64_t>::max(), hi = std::numeric_limits<std::int64_t>::min();
        bool everySlice = true;
        for (const SliceInfo &s : slices) {
            everySlice = everySlice && s.min <= s.max;
            lo = std::min(lo, s.min);
            hi = std::max(hi, s.max);
        }
        if (everySlice && !slices.empty())
            vol.setKnownRange(double(lo), double(hi));
    }
    if (direct || (wide && !wideInt))
        return vol;

    // Choose the narrowest exact type for the rescaled values and convert in place.
    bool exact = true;
    double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
    for (const SliceInfo &s : slices) {
        if (s.min > s.max)
            continue; // slice never filled (cannot happen unless frames are missing)
        exact = exact && integral(s.slope) && integral(s.intercept);
        const double a = double(s.min) * s.slope + s.intercept, b = double(s.max) * s.slope + s.intercept;
        lo = std::min({lo, a, b});
        hi = std::max({hi, a, b});
    }
    // Raw slots to values, element by element (in place when out is vol's own memory).
    auto convertFrom = [&](const auto *raw, auto *out) {
        using T = std::remove_pointer_t<decltype(out)>;
        using Raw = std::remove_cv_t<std::remove_pointer_t<decltype(raw)>>;
        using SignedRaw = std::make_signed_t<Raw>;
        tbb::parallel_for(0, nz, [&](int z) {
            const SliceInfo &s = slices[std::size_t(z)];
            const std::size_t base = std::size_t(z) * sliceVoxels;
            for (std::size_t i = 0; i < sliceVoxels; ++i) {
                const Raw r = raw[base + i];
                const double stored = s.isSigned ? double(SignedRaw(r)) : double(r);
                out[base + i] = T(stored * s.slope + s.intercept);
            }
        });
    };
    if (wideInt) {
        const std::uint32_t *raw = vol.data<std::uint32_t>();
        if (exact && lo >= -2147483648.0 && hi <= 2147483647.0) {
            vol.reinterpretAs(ScalarType::Int32);
            convertFrom(raw, vol.data<std::int32_t>());
        } else {
            vol.reinterpretAs(ScalarType::Float32);
            convertFrom(raw, vol.data<float>());
        }
        return vol;
    }
    auto convert = [&](auto *out) { convertFrom(static_cast<const std::uint16_t *>(vol.raw()), out); };
    if (exact && lo >= -32768.0 && hi <= 32767.0) {
        vol.reinterpretAs(ScalarType::Int16);
        convert(vol.data<std::int16_t>());
        return vol;
    }
    if (exact && lo >= 0.0 && hi <= 65535.0) {
        vol.reinterpretAs(ScalarType::UInt16);
        convert(vol.data<std::uint16_t>());
        return vol;
    }
    Volume out(g, ScalarType::Float32);
    out.invertDisplay = vol.invertDisplay;
    out.unit = vol.unit;
    convert(out.data<float>());
    return out;
}

} // namespace

} // namespace sagitta::core::dicom
