#include "core/dicom/synthetic.h"

#include "core/base/error.h"
#include "core/dicom/codecs.h"
#include "core/dicom/jpeg2000.h"

#include <dcmtk/dcmdata/dcpxitem.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcrlerp.h>
#include <dcmtk/dcmdata/dctk.h>

#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <numeric>
#include <random>

namespace fs = std::filesystem;

namespace sagitta::core::dicom {

const char *transferSyntaxName(TransferSyntax s)
{
    switch (s) {
    case TransferSyntax::ImplicitLittle: return "implicit-little";
    case TransferSyntax::ExplicitLittle: return "explicit-little";
    case TransferSyntax::ExplicitBig: return "explicit-big";
    case TransferSyntax::Deflated: return "deflated";
    case TransferSyntax::JpegBaseline: return "jpeg-baseline";
    case TransferSyntax::JpegExtended: return "jpeg-extended";
    case TransferSyntax::JpegLossless: return "jpeg-lossless";
    case TransferSyntax::JpegLsLossless: return "jpeg-ls-lossless";
    case TransferSyntax::JpegLsNearLossless: return "jpeg-ls-near-lossless";
    case TransferSyntax::Rle: return "rle";
    case TransferSyntax::Jpeg2000Lossless: return "jpeg2000-lossless";
    case TransferSyntax::Jpeg2000: return "jpeg2000";
    case TransferSyntax::Htj2kLossless: return "htj2k-lossless";
    }
    return "?";
}

bool isLossless(TransferSyntax s)
{
    return s != TransferSyntax::JpegBaseline && s != TransferSyntax::JpegExtended
           && s != TransferSyntax::JpegLsNearLossless && s != TransferSyntax::Jpeg2000;
}

double SyntheticSpec::rescaleSlope() const { return bitsAllocated == 8 ? 16.0 : 1.0; }
double SyntheticSpec::rescaleIntercept(int k) const
{
    return (signedPixels ? 0.0 : -1024.0) + (varyRescale ? 8.0 * (k % 3) : 0.0);
}
Vec3 SyntheticSpec::sliceNormal() const
{
    const Vec3 n = cross({orientation[0], orientation[1], orientation[2]},
                         {orientation[3], orientation[4], orientation[5]});
    const double len = norm(n);
    return {n[0] / len, n[1] / len, n[2] / len};
}

namespace {

// Deterministic noise: a hash of the voxel index to an approximately normal value (sd 1).
double noise(unsigned seed, int i, int j, int k)
{
    std::uint64_t h = 1469598103934665603ull ^ seed;
    for (std::uint64_t v : {std::uint64_t(i), std::uint64_t(j), std::uint64_t(k)}) {
        h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
        h *= 1099511628211ull;
    }
    double sum = 0;
    for (int n = 0; n < 4; ++n) {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdull;
        h ^= h >> 29;
        sum += double(h & 0xffff) / 65535.0;
    }
    return (sum - 2.0) * std::sqrt(3.0); // sum of 4 uniforms: mean 2, variance 1/3
}

bool inEllipse(double x, double y, double cx, double cy, double rx, double ry)
{
    const double dx = (x - cx) / rx, dy = (y - cy) / ry;
    return dx * dx + dy * dy <= 1.0;
}

struct Blob {
    double x, y, z;  // fractions: x, y in [-1, 1], z in [0, 1]
    double radiusMm;
    double hu;
};

const Blob kLesions[] = {
    {-0.40, -0.05, 0.68, 7.0, 30.0},   // solid nodule in the right lung: high contrast
    {0.42, -0.12, 0.74, 9.0, -450.0},  // ground-glass nodule in the left lung: subtle
    {-0.36, 0.02, 0.28, 12.0, 95.0},   // enhancing liver lesion: low contrast
};

} // namespace

int syntheticLesionAt(const SyntheticSpec &s, int i, int j, int k)
{
    // Millimetres from the volume's centre line, as the default blobs measure them.
    const double x = ((i + 0.5) / s.dims[0] * 2.0 - 1.0) * s.dims[0] * s.spacing[0] / 2.0;
    const double y = ((j + 0.5) / s.dims[1] * 2.0 - 1.0) * s.dims[1] * s.spacing[1] / 2.0;
    const double z = (k + 0.5) / s.dims[2] * s.dims[2] * s.spacing[2];
    int found = 0;
    for (std::size_t n = 0; n < s.lesions.size(); ++n) {
        const SyntheticLesion &l = s.lesions[n];
        const double cx = l.centre[0] * s.dims[0] * s.spacing[0] / 2.0, cy = l.centre[1] * s.dims[1] * s.spacing[1] / 2.0;
        const double cz = l.centre[2] * s.dims[2] * s.spacing[2];
        auto inside = [&](double ox, double oy, double scale) {
            const double dx = (x - cx - ox) / (l.radiiMm[0] * scale), dy = (y - cy - oy) / (l.radiiMm[1] * scale);
            const double dz = (z - cz) / (l.radiiMm[2] * scale);
            return dx * dx + dy * dy + dz * dz <= 1.0;
        };
        if (inside(0, 0, 1.0) || (l.lobe > 0 && inside(l.lobe * l.radiiMm[0], l.lobe * l.radiiMm[1], 0.7)))
            found = int(n) + 1;
    }
    return found;
}

double phantomHu(const SyntheticSpec &s, int i, int j, int k)
{
    if (s.values)
        return s.values(i, j, k);
    const double x = (i + 0.5) / s.dims[0] * 2.0 - 1.0;
    const double y = (j + 0.5) / s.dims[1] * 2.0 - 1.0;
    const double z = (k + 0.5) / s.dims[2];
    const double halfW = s.dims[0] * s.spacing[0] / 2.0, halfH = s.dims[1] * s.spacing[1] / 2.0;
    const double depth = s.dims[2] * s.spacing[2];

    double hu = -1000.0; // air
    const bool chest = z > 0.45;
    if (inEllipse(x, y, 0.0, 0.02, 0.86, 0.66)) {
        hu = -100.0; // subcutaneous fat
        if (inEllipse(x, y, 0.0, 0.02, 0.80, 0.60)) {
            hu = 40.0; // soft tissue
            if (chest) {
                if (inEllipse(x, y, -0.38, -0.05, 0.30, 0.40) || inEllipse(x, y, 0.38, -0.05, 0.30, 0.40))
                    hu = -850.0; // lungs
                if (inEllipse(x, y, 0.08, -0.12, 0.20, 0.18) && z < 0.8)
                    hu = 45.0; // heart
            } else {
                if (inEllipse(x, y, -0.34, 0.0, 0.34, 0.36))
                    hu = 60.0; // liver
                if (inEllipse(x, y, 0.30, 0.30, 0.09, 0.14) || inEllipse(x, y, -0.30, 0.30, 0.09, 0.14))
                    hu = 150.0 * (z > 0.15 ? 1.0 : 0.0) + 30.0; // kidneys
            }
            if (inEllipse(x, y, 0.06, 0.28, 0.06, 0.06))
                hu = 180.0; // aorta with contrast
            if (inEllipse(x, y, 0.0, 0.46, 0.10, 0.09))
                hu = inEllipse(x, y, 0.0, 0.43, 0.035, 0.035) ? 20.0 : 700.0; // vertebra, canal
        }
    }
    if (s.customLesions) {
        if (const int lesion = syntheticLesionAt(s, i, j, k))
            hu = s.lesions[std::size_t(lesion - 1)].hu;
    } else {
        for (const Blob &b : kLesions) {
            const double dx = (x - b.x) * halfW, dy = (y - b.y) * halfH, dz = (z - b.z) * depth;
            if (dx * dx + dy * dy + dz * dz <= b.radiusMm * b.radiusMm)
                hu = b.hu;
        }
    }
    if (hu > -1000.0)
        hu += 12.0 * noise(s.seed, i, j, k);
    return hu;
}

int storedValue(const SyntheticSpec &s, int i, int j, int k)
{
    const double v = (phantomHu(s, i, j, k) - s.rescaleIntercept(k)) / s.rescaleSlope();
    long long lo = 0, hi = 4095;
    if (s.bitsAllocated == 8)
        hi = 255;
    else if (s.bitsAllocated == 32) {
        lo = s.signedPixels ? -2147483648LL : 0;
        hi = s.signedPixels ? 2147483647LL : 4294967295LL;
    } else if (s.signedPixels) {
        lo = -32768;
        hi = 32767;
    }
    return int(std::clamp(std::llround(v), lo, hi)); // 32-bit unsigned: the same bits
}

std::array<std::uint8_t, 3> expectedRgb(const SyntheticSpec &s, int i, int j, int k)
{
    const auto grey = std::uint8_t(std::clamp((phantomHu(s, i, j, k) + 1000.0) / 8.0, 0.0, 255.0));
    if (s.colour == SyntheticColour::Palette) // the palette written by the generator
        return {grey, std::uint8_t(255 - grey), std::uint8_t((grey * 7) & 0xff)};
    return {grey, std::uint8_t(i * 255 / std::max(1, s.dims[0] - 1)), std::uint8_t(j * 255 / std::max(1, s.dims[1] - 1))};
}

double expectedValue(const SyntheticSpec &s, int i, int j, int k)
{
    if (s.floatPixels)
        return double(float(phantomHu(s, i, j, k)));
    return storedValue(s, i, j, k) * s.rescaleSlope() + s.rescaleIntercept(k);
}

std::string newUid()
{
    char buf[100];
    dcmGenerateUniqueIdentifier(buf, SITE_INSTANCE_UID_ROOT);
    return buf;
}

namespace {

E_TransferSyntax toDcmtk(TransferSyntax s)
{
    switch (s) {
    case TransferSyntax::ImplicitLittle: return EXS_LittleEndianImplicit;
    case TransferSyntax::ExplicitLittle: return EXS_LittleEndianExplicit;
    case TransferSyntax::ExplicitBig: return EXS_BigEndianExplicit;
    case TransferSyntax::Deflated: return EXS_DeflatedLittleEndianExplicit;
    case TransferSyntax::JpegBaseline: return EXS_JPEGProcess1;
    case TransferSyntax::JpegExtended: return EXS_JPEGProcess2_4;
    case TransferSyntax::JpegLossless: return EXS_JPEGProcess14SV1;
    case TransferSyntax::JpegLsLossless: return EXS_JPEGLSLossless;
    case TransferSyntax::JpegLsNearLossless: return EXS_JPEGLSLossy;
    case TransferSyntax::Rle: return EXS_RLELossless;
    case TransferSyntax::Jpeg2000Lossless: return EXS_JPEG2000LosslessOnly;
    case TransferSyntax::Jpeg2000: return EXS_JPEG2000;
    case TransferSyntax::Htj2kLossless: return EXS_JPEG2000LosslessOnly; // relabelled on save
    }
    return EXS_LittleEndianExplicit;
}

std::unique_ptr<DcmRepresentationParameter> encoderParams(TransferSyntax s)
{
    switch (s) {
    case TransferSyntax::JpegBaseline:
    case TransferSyntax::JpegExtended: return codecEncoderParam(0);
    case TransferSyntax::JpegLossless: return codecEncoderParam(1);
    case TransferSyntax::JpegLsLossless: return codecEncoderParam(2);
    case TransferSyntax::JpegLsNearLossless: return codecEncoderParam(3);
    case TransferSyntax::Rle: return std::make_unique<DcmRLERepresentationParameter>();
    default: return nullptr;
    }
}

std::string decimal(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    if (std::string(buf).size() > 16) // DS holds at most 16 characters
        std::snprintf(buf, sizeof buf, "%.8g", v);
    return buf;
}

std::string decimals(std::initializer_list<double> values)
{
    std::string out;
    for (double v : values) {
        if (!out.empty())
            out += "\\";
        out += decimal(std::abs(v) < 1e-12 ? 0.0 : v);
    }
    return out;
}

void check(const OFCondition &c, const std::string &what)
{
    if (c.bad())
        throw Error(what + ": " + c.text());
}

} // namespace

namespace {

Vec3 slicePosition(const SyntheticSpec &s, int k)
{
    const Vec3 n = s.sliceNormal();
    const double shift = k * s.tiltShift * s.spacing[1]; // mm along the column direction
    const auto &o = s.orientation;
    return {s.origin[0] + k * s.spacing[2] * n[0] + shift * o[3], s.origin[1] + k * s.spacing[2] * n[1] + shift * o[4],
            s.origin[2] + k * s.spacing[2] * n[2] + shift * o[5]};
}

void putString(DcmItem *item, const DcmTagKey &tag, const std::string &v)
{
    check(item->putAndInsertString(tag, v.c_str()), "cannot set attribute");
}

// Patient, study, series and image pixel attributes shared by every file of the series.
void putCommon(DcmDataset *ds, const SyntheticSpec &s, const char *sopClass)
{
    const auto &o = s.orientation;
    putString(ds, DCM_SpecificCharacterSet, "ISO_IR 100");
    putString(ds, DCM_SOPClassUID, sopClass);
    putString(ds, DCM_SOPInstanceUID, newUid());
    putString(ds, DCM_StudyInstanceUID, s.studyUid);
    putString(ds, DCM_SeriesInstanceUID, s.seriesUid);
    putString(ds, DCM_FrameOfReferenceUID, s.frameOfReferenceUid);
    putString(ds, DCM_PatientName, s.patientName);
    putString(ds, DCM_PatientID, s.patientId);
    putString(ds, DCM_PatientBirthDate, "19700101");
    putString(ds, DCM_PatientSex, "O");
    putString(ds, DCM_StudyDate, "20260101");
    putString(ds, DCM_StudyTime, "120000");
    putString(ds, DCM_StudyID, "1");
    putString(ds, DCM_AccessionNumber, "SAGDEMO1");
    putString(ds, DCM_StudyDescription, s.studyDescription);
    putString(ds, DCM_SeriesDescription, s.seriesDescription);
    putString(ds, DCM_Modality, "CT");
    putString(ds, DCM_Manufacturer, "Sagitta synthetic phantom");
    putString(ds, DCM_SeriesNumber, std::to_string(s.seriesNumber));
    putString(ds, DCM_ImageOrientationPatient, decimals({o[0], o[1], o[2], o[3], o[4], o[5]}));
    putString(ds, DCM_PixelSpacing, decimals({s.spacing[1], s.spacing[0]}));
    putString(ds, DCM_SliceThickness, decimal(s.spacing[2]));
    putString(ds, DCM_RescaleType, "HU");
    putString(ds, DCM_WindowCenter, "40");
    putString(ds, DCM_WindowWidth, "400");
    check(ds->putAndInsertUint16(DCM_Rows, Uint16(s.dims[1])), "Rows");
    check(ds->putAndInsertUint16(DCM_Columns, Uint16(s.dims[0])), "Columns");
    if (s.colour != SyntheticColour::None || s.floatPixels) {
        for (const DcmTagKey &tag : {DCM_RescaleType, DCM_WindowCenter, DCM_WindowWidth})
            delete ds->remove(tag);
    }
    if (s.floatPixels) { // Floating Point Image Pixel module: no BitsStored, HighBit, PixelRepresentation
        putString(ds, DCM_PhotometricInterpretation, "MONOCHROME2");
        check(ds->putAndInsertUint16(DCM_SamplesPerPixel, 1), "SamplesPerPixel");
        check(ds->putAndInsertUint16(DCM_BitsAllocated, 32), "BitsAllocated");
        return;
    }
    if (s.colour != SyntheticColour::None) {
        putString(ds, DCM_Modality, "OT");
        const bool palette = s.colour == SyntheticColour::Palette;
        static const char *names[] = {"MONOCHROME2", "RGB", "RGB", "YBR_FULL", "YBR_FULL_422", "PALETTE COLOR"};
        putString(ds, DCM_PhotometricInterpretation, names[int(s.colour)]);
        check(ds->putAndInsertUint16(DCM_SamplesPerPixel, palette ? 1 : 3), "SamplesPerPixel");
        if (!palette)
            check(ds->putAndInsertUint16(DCM_PlanarConfiguration, s.colour == SyntheticColour::RgbPlanar ? 1 : 0),
                  "PlanarConfiguration");
        check(ds->putAndInsertUint16(DCM_BitsAllocated, 8), "BitsAllocated");
        check(ds->putAndInsertUint16(DCM_BitsStored, 8), "BitsStored");
        check(ds->putAndInsertUint16(DCM_HighBit, 7), "HighBit");
        check(ds->putAndInsertUint16(DCM_PixelRepresentation, 0), "PixelRepresentation");
        if (palette) { // 256 entries of 16 bits: red = index, green = 255 - index, blue = 7 * index mod 256
            std::vector<Uint16> red(256), green(256), blue(256);
            for (int x = 0; x < 256; ++x) {
                red[std::size_t(x)] = Uint16(x * 257);
                green[std::size_t(x)] = Uint16((255 - x) * 257);
                blue[std::size_t(x)] = Uint16(((x * 7) & 0xff) * 257);
            }
            const Uint16 descriptor[3] = {256, 0, 16};
            const std::pair<DcmTagKey, DcmTagKey> tables[] = {
                {DCM_RedPaletteColorLookupTableDescriptor, DCM_RedPaletteColorLookupTableData},
                {DCM_GreenPaletteColorLookupTableDescriptor, DCM_GreenPaletteColorLookupTableData},
                {DCM_BluePaletteColorLookupTableDescriptor, DCM_BluePaletteColorLookupTableData}};
            const std::vector<Uint16> *data[] = {&red, &green, &blue};
            for (int c = 0; c < 3; ++c) {
                check(ds->putAndInsertUint16Array(tables[c].first, descriptor, 3), "palette descriptor");
                check(ds->putAndInsertUint16Array(tables[c].second, data[c]->data(), 256), "palette data");
            }
        }
        return;
    }
    putString(ds, DCM_PhotometricInterpretation, "MONOCHROME2");
    check(ds->putAndInsertUint16(DCM_SamplesPerPixel, 1), "SamplesPerPixel");
    const int bitsStored = s.bitsAllocated == 8 ? 8 : s.bitsAllocated == 32 ? 32 : (s.signedPixels ? 16 : 12);
    check(ds->putAndInsertUint16(DCM_BitsAllocated, Uint16(s.bitsAllocated)), "BitsAllocated");
    check(ds->putAndInsertUint16(DCM_BitsStored, Uint16(bitsStored)), "BitsStored");
    check(ds->putAndInsertUint16(DCM_HighBit, Uint16(bitsStored - 1)), "HighBit");
    check(ds->putAndInsertUint16(DCM_PixelRepresentation, s.signedPixels ? 1 : 0), "PixelRepresentation");
}

// Stored values of slices [k0, k1) in frame order, as the bytes of PixelData.
std::vector<Uint8> colourBytes(const SyntheticSpec &s, int k0, int k1)
{
    const int nx = s.dims[0], ny = s.dims[1];
    const std::size_t n = std::size_t(nx) * std::size_t(ny);
    const bool palette = s.colour == SyntheticColour::Palette;
    std::vector<Uint8> out;
    out.reserve(n * (palette ? 1 : 3) * std::size_t(k1 - k0));
    auto ybr = [](const std::array<std::uint8_t, 3> &c) { // PS3.3 C.7.6.3.1.2, YBR_FULL
        const double r = c[0], g = c[1], b = c[2];
        auto clamp8 = [](double v) { return Uint8(std::clamp(std::lround(v), 0L, 255L)); };
        return std::array<Uint8, 3>{clamp8(0.299 * r + 0.587 * g + 0.114 * b),
                                    clamp8(-0.168736 * r - 0.331264 * g + 0.5 * b + 128),
                                    clamp8(0.5 * r - 0.418688 * g - 0.081312 * b + 128)};
    };
    for (int k = k0; k < k1; ++k) {
        if (s.colour == SyntheticColour::RgbPlanar) {
            for (int c = 0; c < 3; ++c)
                for (int j = 0; j < ny; ++j)
                    for (int i = 0; i < nx; ++i)
                        out.push_back(expectedRgb(s, i, j, k)[std::size_t(c)]);
            continue;
        }
        for (int j = 0; j < ny; ++j)
            for (int i = 0; i < nx; ++i) {
                const auto rgb = expectedRgb(s, i, j, k);
                if (palette) {
                    out.push_back(rgb[0]); // the index equals the red entry
                } else if (s.colour == SyntheticColour::YbrFull) {
                    const auto y = ybr(rgb);
                    out.insert(out.end(), y.begin(), y.end());
                } else if (s.colour == SyntheticColour::YbrFull422) { // Y1 Y2 Cb Cr per pixel pair
                    if (i % 2)
                        continue;
                    const auto a = ybr(rgb), b = ybr(expectedRgb(s, std::min(i + 1, nx - 1), j, k));
                    out.insert(out.end(), {a[0], b[0], Uint8((a[1] + b[1] + 1) / 2), Uint8((a[2] + b[2] + 1) / 2)});
                } else {
                    out.insert(out.end(), rgb.begin(), rgb.end());
                }
            }
    }
    return out;
}

std::vector<Uint8> pixelBytes(const SyntheticSpec &s, int k0, int k1)
{
    if (s.colour != SyntheticColour::None)
        return colourBytes(s, k0, k1);
    if (s.floatPixels) {
        std::vector<Uint8> out(std::size_t(s.dims[0]) * std::size_t(s.dims[1]) * std::size_t(k1 - k0) * 4);
        auto *f = reinterpret_cast<float *>(out.data());
        for (int k = k0; k < k1; ++k)
            for (int j = 0; j < s.dims[1]; ++j)
                for (int i = 0; i < s.dims[0]; ++i)
                    *f++ = float(phantomHu(s, i, j, k));
        return out;
    }
    const std::size_t n = std::size_t(s.dims[0]) * std::size_t(s.dims[1]);
    const std::size_t bytes = std::size_t(s.bitsAllocated / 8);
    std::vector<Uint8> out(n * bytes * std::size_t(k1 - k0));
    for (int k = k0; k < k1; ++k)
        for (int j = 0; j < s.dims[1]; ++j)
            for (int i = 0; i < s.dims[0]; ++i) {
                const std::size_t at = (std::size_t(k - k0) * n + std::size_t(j) * std::size_t(s.dims[0]) + std::size_t(i)) * bytes;
                const auto v = std::uint32_t(storedValue(s, i, j, k));
                for (std::size_t b = 0; b < bytes; ++b) // little endian
                    out[at + b] = Uint8((v >> (8 * b)) & 0xff);
            }
    return out;
}

// JPEG 2000 through OpenJPEG: one codestream per frame in an encapsulated pixel sequence.
void putJpeg2000AndSave(DcmFileFormat &ff, const SyntheticSpec &s, const std::vector<Uint8> &bytes, const std::string &path)
{
    DcmDataset *ds = ff.getDataset();
    const bool colour = s.colour != SyntheticColour::None;
    const bool lossless = s.syntax != TransferSyntax::Jpeg2000;
    if (colour && (s.colour != SyntheticColour::Rgb || s.syntax == TransferSyntax::Htj2kLossless))
        throw Error("the generator writes JPEG 2000 colour from interleaved RGB only");
    const int samples = colour ? 3 : 1, bitsAllocated = colour ? 8 : s.bitsAllocated;
    const J2kFrameLayout layout{s.dims[1], s.dims[0], samples, bitsAllocated};
    const std::size_t frameBytes = std::size_t(s.dims[0]) * std::size_t(s.dims[1]) * std::size_t(bitsAllocated / 8)
                                   * std::size_t(samples);
    const int bitsStored = bitsAllocated == 8 ? 8 : (s.signedPixels ? 16 : 12);
    if (colour) // the encoder applies the reversible / irreversible component transform
        putString(ds, DCM_PhotometricInterpretation, lossless ? "YBR_RCT" : "YBR_ICT");
    auto *seq = new DcmPixelSequence(DCM_PixelSequenceTag);
    seq->insert(new DcmPixelItem(DCM_PixelItemTag)); // empty Basic Offset Table
    DcmOffsetList offsets;
    for (std::size_t at = 0; at + frameBytes <= bytes.size(); at += frameBytes) {
        std::vector<std::uint8_t> j2k = s.syntax == TransferSyntax::Htj2kLossless
                                            ? encodeHtj2k(bytes.data() + at, layout, bitsStored, s.signedPixels)
                                            : encodeJpeg2000(bytes.data() + at, layout, bitsStored, s.signedPixels, lossless, 3.0);
        check(seq->storeCompressedFrame(offsets, j2k.data(), Uint32(j2k.size()), 0), "JPEG 2000 fragment");
    }
    auto *pixels = new DcmPixelData(DCM_PixelData);
    const E_TransferSyntax xfer = toDcmtk(s.syntax);
    pixels->putOriginalRepresentation(xfer, nullptr, seq);
    check(ds->insert(pixels, true), "PixelData");
    if (!lossless)
        putString(ds, DCM_LossyImageCompression, "01");
    if (s.syntax == TransferSyntax::Htj2kLossless) {
        // DCMTK 3.6.7 predates HTJ2K: write the encapsulated data as JPEG 2000, then name the
        // real transfer syntax in the meta header without letting DCMTK rewrite it.
        check(ff.validateMetaInfo(xfer), "meta header");
        putString(ff.getMetaInfo(), DCM_TransferSyntaxUID, "1.2.840.10008.1.2.4.201");
        check(ff.getMetaInfo()->computeGroupLengthAndPadding(EGL_recalcGL, EPD_noChange, EXS_LittleEndianExplicit),
              "meta header group length");
        check(ff.saveFile(path.c_str(), xfer, EET_ExplicitLength, EGL_recalcGL, EPD_noChange, 0, 0, EWM_dontUpdateMeta),
              path + ": cannot write");
        return;
    }
    check(ff.saveFile(path.c_str(), xfer), path + ": cannot write");
}

void putPixelsAndSave(DcmFileFormat &ff, const SyntheticSpec &s, std::vector<Uint8> bytes, const std::string &path)
{
    if (s.syntax == TransferSyntax::Jpeg2000Lossless || s.syntax == TransferSyntax::Jpeg2000
        || s.syntax == TransferSyntax::Htj2kLossless)
        return putJpeg2000AndSave(ff, s, bytes, path);
    DcmDataset *ds = ff.getDataset();
    if (s.floatPixels) {
        if (s.syntax != TransferSyntax::ExplicitLittle && s.syntax != TransferSyntax::ImplicitLittle)
            throw Error("float pixel data is written uncompressed little endian only");
        check(ds->putAndInsertFloat32Array(DCM_FloatPixelData, reinterpret_cast<const Float32 *>(bytes.data()),
                                           unsigned(bytes.size() / 4)),
              "FloatPixelData");
    } else if (s.bitsAllocated == 8 || s.colour != SyntheticColour::None) {
        check(ds->putAndInsertUint8Array(DCM_PixelData, bytes.data(), unsigned(bytes.size())), "PixelData");
    } else {
        // Little-endian bytes to host words (the host is little-endian on every supported platform).
        check(ds->putAndInsertUint16Array(DCM_PixelData, reinterpret_cast<const Uint16 *>(bytes.data()),
                                          unsigned(bytes.size() / 2)),
              "PixelData");
    }
    const E_TransferSyntax xfer = toDcmtk(s.syntax);
    if (auto params = encoderParams(s.syntax)) {
        check(ds->chooseRepresentation(xfer, params.get()), std::string("cannot encode ") + transferSyntaxName(s.syntax));
        if (!ds->canWriteXfer(xfer))
            throw Error(std::string("encoder did not produce ") + transferSyntaxName(s.syntax));
    }
    check(ff.saveFile(path.c_str(), xfer), path + ": cannot write");
}

void writeEnhanced(const SyntheticSpec &s, const std::string &path)
{
    DcmFileFormat ff;
    DcmDataset *ds = ff.getDataset();
    putCommon(ds, s, UID_EnhancedCTImageStorage);
    putString(ds, DCM_ImageType, "DERIVED\\SECONDARY\\AXIAL\\NONE");
    putString(ds, DCM_InstanceNumber, "1");
    putString(ds, DCM_NumberOfFrames, std::to_string(s.dims[2]));
    // Classic attributes that Enhanced CT moves into the functional groups.
    for (const DcmTagKey &tag : {DCM_ImageOrientationPatient, DCM_PixelSpacing, DCM_SliceThickness, DCM_RescaleType,
                                 DCM_WindowCenter, DCM_WindowWidth})
        delete ds->remove(tag);
    DcmItem *shared = nullptr;
    check(ds->findOrCreateSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0), "shared groups");
    DcmItem *measures = nullptr, *orientation = nullptr;
    check(shared->findOrCreateSequenceItem(DCM_PixelMeasuresSequence, measures, 0), "pixel measures");
    putString(measures, DCM_PixelSpacing, decimals({s.spacing[1], s.spacing[0]}));
    putString(measures, DCM_SliceThickness, decimal(s.spacing[2]));
    check(shared->findOrCreateSequenceItem(DCM_PlaneOrientationSequence, orientation, 0), "plane orientation");
    const auto &o = s.orientation;
    putString(orientation, DCM_ImageOrientationPatient, decimals({o[0], o[1], o[2], o[3], o[4], o[5]}));
    // Frames are stored in reverse when reversedInstances is set, so their order is not spatial.
    const int nz = s.dims[2];
    std::vector<Uint8> bytes;
    for (int f = 0; f < nz; ++f) {
        const int k = s.reversedInstances ? nz - 1 - f : f;
        DcmItem *frame = nullptr, *pos = nullptr, *pv = nullptr, *fc = nullptr;
        check(ds->findOrCreateSequenceItem(DCM_PerFrameFunctionalGroupsSequence, frame, f), "per-frame groups");
        check(frame->findOrCreateSequenceItem(DCM_PlanePositionSequence, pos, 0), "plane position");
        const Vec3 p = slicePosition(s, k);
        putString(pos, DCM_ImagePositionPatient, decimals({p[0], p[1], p[2]}));
        check(frame->findOrCreateSequenceItem(DCM_PixelValueTransformationSequence, pv, 0), "value transformation");
        putString(pv, DCM_RescaleIntercept, decimal(s.rescaleIntercept(k)));
        putString(pv, DCM_RescaleSlope, decimal(s.rescaleSlope()));
        putString(pv, DCM_RescaleType, "HU");
        check(frame->findOrCreateSequenceItem(DCM_FrameContentSequence, fc, 0), "frame content");
        check(fc->putAndInsertUint32(DCM_InStackPositionNumber, Uint32(k + 1)), "in-stack position");
        const std::vector<Uint8> one = pixelBytes(s, k, k + 1);
        bytes.insert(bytes.end(), one.begin(), one.end());
    }
    putPixelsAndSave(ff, s, std::move(bytes), path);
}

} // namespace

std::vector<std::string> writeSyntheticSeries(const std::string &dir, SyntheticSpec s, ProgressSink *progress)
{
    initDcmtk();
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw Error(dir + ": cannot create folder: " + ec.message());
    if (s.studyUid.empty())
        s.studyUid = newUid();
    if (s.seriesUid.empty())
        s.seriesUid = newUid();
    if (s.frameOfReferenceUid.empty())
        s.frameOfReferenceUid = newUid();
    if (s.syntax == TransferSyntax::JpegBaseline && s.bitsAllocated != 8 && s.colour == SyntheticColour::None)
        throw Error("JPEG baseline needs 8-bit pixels");

    const int nz = s.dims[2];
    if (s.enhancedMultiFrame) {
        const std::string path = (fs::path(dir) / "enhanced-ct.dcm").string();
        writeEnhanced(s, path);
        reportProgress(progress, 1.0, "writing synthetic series");
        return std::vector<std::string>(std::size_t(nz), path);
    }
    std::vector<std::string> names(static_cast<std::size_t>(nz));
    std::mt19937 rng(s.seed * 7919u + 17u);
    for (int k = 0; k < nz; ++k) {
        char buf[64];
        if (s.shuffledNames)
            std::snprintf(buf, sizeof buf, "%08x.dcm", unsigned(rng()));
        else
            std::snprintf(buf, sizeof buf, "slice%04d.dcm", k);
        names[std::size_t(k)] = (fs::path(dir) / buf).string();
    }

    std::atomic<int> done{0};
    std::mutex errorMutex;
    std::string error;
    tbb::parallel_for(0, nz, [&](int k) {
        try {
            DcmFileFormat ff;
            DcmDataset *ds = ff.getDataset();
            putCommon(ds, s, UID_CTImageStorage);
            const Vec3 pos = slicePosition(s, k);
            putString(ds, DCM_ImageType, "DERIVED\\SECONDARY\\AXIAL");
            putString(ds, DCM_InstanceNumber, std::to_string(s.reversedInstances ? nz - k : k + 1));
            putString(ds, DCM_ImagePositionPatient, decimals({pos[0], pos[1], pos[2]}));
            putString(ds, DCM_SliceLocation, decimal(pos[2]));
            if (s.colour == SyntheticColour::None && !s.floatPixels) {
                putString(ds, DCM_RescaleIntercept, decimal(s.rescaleIntercept(k)));
                putString(ds, DCM_RescaleSlope, decimal(s.rescaleSlope()));
            }
            putPixelsAndSave(ff, s, pixelBytes(s, k, k + 1), names[std::size_t(k)]);
        } catch (const std::exception &e) {
            std::lock_guard<std::mutex> lock(errorMutex);
            if (error.empty())
                error = e.what();
        }
        const int d = ++done;
        reportProgress(progress, double(d) / nz, "writing synthetic series");
    });
    if (!error.empty())
        throw Error(error);
    return names;
}

} // namespace sagitta::core::dicom
