#include "core/dicom/jpeg2000.h"

#include "core/base/error.h"

#include <openjpeg.h>
#include <openjph/ojph_arch.h>
#include <openjph/ojph_codestream.h>
#include <openjph/ojph_file.h>
#include <openjph/ojph_mem.h>
#include <openjph/ojph_params.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace sagitta::core::dicom {

bool isJpeg2000Uid(const std::string &uid)
{
    static const char *uids[] = {"1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.92",
                                 "1.2.840.10008.1.2.4.93", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202",
                                 "1.2.840.10008.1.2.4.203"};
    return std::find(std::begin(uids), std::end(uids), uid) != std::end(uids);
}

namespace {

struct MemoryStream {
    const std::uint8_t *data = nullptr;
    std::size_t size = 0, offset = 0;
    std::vector<std::uint8_t> *sink = nullptr; // when writing
};

OPJ_SIZE_T readFn(void *buffer, OPJ_SIZE_T n, void *user)
{
    auto *m = static_cast<MemoryStream *>(user);
    if (m->offset >= m->size)
        return OPJ_SIZE_T(-1);
    const std::size_t count = std::min<std::size_t>(n, m->size - m->offset);
    std::memcpy(buffer, m->data + m->offset, count);
    m->offset += count;
    return count;
}

OPJ_SIZE_T writeFn(void *buffer, OPJ_SIZE_T n, void *user)
{
    auto *m = static_cast<MemoryStream *>(user);
    if (m->sink->size() < m->offset + n)
        m->sink->resize(m->offset + n);
    std::memcpy(m->sink->data() + m->offset, buffer, n);
    m->offset += n;
    return n;
}

OPJ_OFF_T skipFn(OPJ_OFF_T n, void *user)
{
    auto *m = static_cast<MemoryStream *>(user);
    const std::size_t limit = m->sink ? SIZE_MAX / 2 : m->size;
    const OPJ_OFF_T target = std::clamp<OPJ_OFF_T>(OPJ_OFF_T(m->offset) + n, 0, OPJ_OFF_T(limit));
    const OPJ_OFF_T moved = target - OPJ_OFF_T(m->offset);
    m->offset = std::size_t(target);
    return moved;
}

OPJ_BOOL seekFn(OPJ_OFF_T n, void *user)
{
    auto *m = static_cast<MemoryStream *>(user);
    if (n < 0 || (!m->sink && std::size_t(n) > m->size))
        return OPJ_FALSE;
    m->offset = std::size_t(n);
    return OPJ_TRUE;
}

void captureMessage(const char *msg, void *user)
{
    auto *text = static_cast<std::string *>(user);
    if (text->empty() && msg) {
        *text = msg;
        while (!text->empty() && (text->back() == '\n' || text->back() == '\r'))
            text->pop_back();
    }
}

void ignoreMessage(const char *, void *) {}

struct CodecDeleter {
    void operator()(opj_codec_t *c) const { opj_destroy_codec(c); }
};
struct StreamDeleter {
    void operator()(opj_stream_t *s) const { opj_stream_destroy(s); }
};
struct ImageDeleter {
    void operator()(opj_image_t *i) const { opj_image_destroy(i); }
};

} // namespace

void decodeJpeg2000(const std::uint8_t *data, std::size_t size, const J2kFrameLayout &layout,
                    std::vector<std::uint8_t> &out)
{
    if (size < 4)
        throw Error("JPEG 2000 frame is empty");
    // A raw codestream starts with SOC (FF 4F); a JP2 file with its signature box.
    const bool jp2 = size >= 12 && data[4] == 'j' && data[5] == 'P';
    std::unique_ptr<opj_codec_t, CodecDeleter> codec(opj_create_decompress(jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K));
    std::string error;
    opj_set_error_handler(codec.get(), captureMessage, &error);
    opj_set_warning_handler(codec.get(), ignoreMessage, nullptr);
    opj_set_info_handler(codec.get(), ignoreMessage, nullptr);
    opj_dparameters_t params;
    opj_set_default_decoder_parameters(&params);
    if (!opj_setup_decoder(codec.get(), &params))
        throw Error("JPEG 2000 decoder set-up failed");

    MemoryStream mem{data, size, 0, nullptr};
    std::unique_ptr<opj_stream_t, StreamDeleter> stream(opj_stream_create(65536, OPJ_TRUE));
    opj_stream_set_user_data(stream.get(), &mem, nullptr);
    opj_stream_set_user_data_length(stream.get(), size);
    opj_stream_set_read_function(stream.get(), readFn);
    opj_stream_set_skip_function(stream.get(), skipFn);
    opj_stream_set_seek_function(stream.get(), seekFn);

    opj_image_t *raw = nullptr;
    if (!opj_read_header(stream.get(), codec.get(), &raw))
        throw Error("JPEG 2000 header: " + (error.empty() ? std::string("unreadable") : error));
    std::unique_ptr<opj_image_t, ImageDeleter> image(raw);
    if (!opj_decode(codec.get(), stream.get(), image.get()) || !opj_end_decompress(codec.get(), stream.get()))
        throw Error("JPEG 2000 decode: " + (error.empty() ? std::string("broken codestream") : error));

    const int comps = int(image->numcomps);
    if (comps != layout.samplesPerPixel)
        throw Error("JPEG 2000 frame has " + std::to_string(comps) + " components, SamplesPerPixel says "
                    + std::to_string(layout.samplesPerPixel));
    for (int c = 0; c < comps; ++c)
        if (int(image->comps[c].w) != layout.columns || int(image->comps[c].h) != layout.rows || !image->comps[c].data)
            throw Error("JPEG 2000 frame size differs from Rows x Columns");
    const std::size_t pixels = std::size_t(layout.rows) * std::size_t(layout.columns);
    const std::size_t bytes = std::size_t(layout.bitsAllocated / 8);
    out.assign(pixels * std::size_t(comps) * bytes + 1, 0);
    for (int c = 0; c < comps; ++c) {
        const OPJ_INT32 *src = image->comps[c].data;
        for (std::size_t p = 0; p < pixels; ++p) {
            const std::uint32_t v = std::uint32_t(src[p]);
            std::uint8_t *dst = out.data() + (p * std::size_t(comps) + std::size_t(c)) * bytes;
            for (std::size_t b = 0; b < bytes; ++b)
                dst[b] = std::uint8_t((v >> (8 * b)) & 0xff);
        }
    }
    out.resize(pixels * std::size_t(comps) * bytes);
}

std::vector<std::uint8_t> encodeJpeg2000(const std::uint8_t *samples, const J2kFrameLayout &layout, int bitsStored,
                                         bool isSigned, bool lossless, double ratio)
{
    const int comps = layout.samplesPerPixel;
    if (comps != 1 && !(comps == 3 && layout.bitsAllocated == 8))
        throw Error("JPEG 2000 encoder: grey or 8-bit RGB only");
    std::vector<opj_image_cmptparm_t> cps(static_cast<std::size_t>(comps));
    for (opj_image_cmptparm_t &cp : cps) {
        cp = {};
        cp.dx = cp.dy = 1;
        cp.w = OPJ_UINT32(layout.columns);
        cp.h = OPJ_UINT32(layout.rows);
        cp.prec = OPJ_UINT32(bitsStored);
        cp.sgnd = isSigned ? 1 : 0;
    }
    std::unique_ptr<opj_image_t, ImageDeleter> image(
        opj_image_create(OPJ_UINT32(comps), cps.data(), comps == 3 ? OPJ_CLRSPC_SRGB : OPJ_CLRSPC_GRAY));
    if (!image)
        throw Error("JPEG 2000 encoder: cannot create image");
    image->x0 = image->y0 = 0;
    image->x1 = cps[0].w;
    image->y1 = cps[0].h;
    const std::size_t n = std::size_t(layout.rows) * std::size_t(layout.columns);
    for (std::size_t p = 0; p < n && comps == 3; ++p)
        for (int c = 0; c < 3; ++c)
            image->comps[c].data[p] = OPJ_INT32(samples[3 * p + std::size_t(c)]);
    for (std::size_t p = 0; p < n && comps == 1; ++p) {
        if (layout.bitsAllocated == 8)
            image->comps[0].data[p] = isSigned ? OPJ_INT32(std::int8_t(samples[p])) : OPJ_INT32(samples[p]);
        else {
            const std::uint16_t v = std::uint16_t(samples[2 * p] | (samples[2 * p + 1] << 8));
            image->comps[0].data[p] = isSigned ? OPJ_INT32(std::int16_t(v)) : OPJ_INT32(v);
        }
    }
    opj_cparameters_t params;
    opj_set_default_encoder_parameters(&params);
    params.tcp_numlayers = 1;
    params.tcp_rates[0] = lossless ? 0.0f : float(ratio);
    params.cp_disto_alloc = 1;
    params.irreversible = lossless ? 0 : 1;
    params.tcp_mct = comps == 3 ? 1 : 0; // RGB -> YBR_RCT (lossless) or YBR_ICT (lossy)
    int minDim = std::min(layout.rows, layout.columns), levels = 1;
    while ((minDim >> levels) >= 8 && levels < 6)
        ++levels;
    params.numresolution = levels;
    std::unique_ptr<opj_codec_t, CodecDeleter> codec(opj_create_compress(OPJ_CODEC_J2K));
    std::string error;
    opj_set_error_handler(codec.get(), captureMessage, &error);
    opj_set_warning_handler(codec.get(), ignoreMessage, nullptr);
    opj_set_info_handler(codec.get(), ignoreMessage, nullptr);
    if (!opj_setup_encoder(codec.get(), &params, image.get()))
        throw Error("JPEG 2000 encoder set-up: " + error);
    std::vector<std::uint8_t> out;
    MemoryStream mem{nullptr, 0, 0, &out};
    std::unique_ptr<opj_stream_t, StreamDeleter> stream(opj_stream_create(65536, OPJ_FALSE));
    opj_stream_set_user_data(stream.get(), &mem, nullptr);
    opj_stream_set_write_function(stream.get(), writeFn);
    opj_stream_set_skip_function(stream.get(), skipFn);
    opj_stream_set_seek_function(stream.get(), seekFn);
    if (!opj_start_compress(codec.get(), image.get(), stream.get()) || !opj_encode(codec.get(), stream.get())
        || !opj_end_compress(codec.get(), stream.get()))
        throw Error("JPEG 2000 encode: " + error);
    return out;
}

std::vector<std::uint8_t> encodeHtj2k(const std::uint8_t *samples, const J2kFrameLayout &layout, int bitsStored,
                                      bool isSigned)
{
    ojph::codestream cs;
    ojph::param_siz siz = cs.access_siz();
    siz.set_image_extent(ojph::point(ojph::ui32(layout.columns), ojph::ui32(layout.rows)));
    siz.set_num_components(1);
    siz.set_component(0, ojph::point(1, 1), ojph::ui32(bitsStored), isSigned);
    siz.set_image_offset(ojph::point(0, 0));
    siz.set_tile_size(ojph::size(ojph::ui32(layout.columns), ojph::ui32(layout.rows)));
    siz.set_tile_offset(ojph::point(0, 0));
    ojph::param_cod cod = cs.access_cod();
    int minDim = std::min(layout.rows, layout.columns), levels = 0;
    while ((minDim >> (levels + 1)) >= 8 && levels < 5)
        ++levels;
    cod.set_num_decomposition(ojph::ui32(levels));
    cod.set_block_dims(64, 64);
    cod.set_color_transform(false);
    cod.set_reversible(true);
    cs.set_planar(false);
    ojph::mem_outfile file;
    file.open();
    cs.write_headers(&file);
    ojph::ui32 component = 0;
    ojph::line_buf *line = cs.exchange(nullptr, component);
    for (int y = 0; y < layout.rows; ++y) {
        for (int x = 0; x < layout.columns; ++x) {
            const std::size_t p = std::size_t(y) * std::size_t(layout.columns) + std::size_t(x);
            ojph::si32 v = 0;
            if (layout.bitsAllocated == 8)
                v = isSigned ? ojph::si32(std::int8_t(samples[p])) : ojph::si32(samples[p]);
            else {
                const std::uint16_t w = std::uint16_t(samples[2 * p] | (samples[2 * p + 1] << 8));
                v = isSigned ? ojph::si32(std::int16_t(w)) : ojph::si32(w);
            }
            line->i32[x] = v;
        }
        line = cs.exchange(line, component);
    }
    cs.flush();
    const auto *begin = file.get_data();
    std::vector<std::uint8_t> out(begin, begin + file.tell());
    cs.close();
    return out;
}

std::vector<std::vector<std::uint8_t>> splitFrames(const std::vector<std::vector<std::uint8_t>> &items, int frames)
{
    std::vector<std::vector<std::uint8_t>> out;
    if (items.size() < 2 || frames < 1)
        return out;
    const std::vector<std::uint8_t> &table = items.front();
    const std::size_t fragments = items.size() - 1;
    auto concat = [&](std::size_t from, std::size_t to) {
        std::vector<std::uint8_t> frame;
        for (std::size_t i = from; i < to; ++i)
            frame.insert(frame.end(), items[i].begin(), items[i].end());
        return frame;
    };
    if (frames == 1) {
        out.push_back(concat(1, items.size()));
        return out;
    }
    if (table.size() >= 4 * std::size_t(frames)) {
        // Basic Offset Table: byte offset of each frame's first item from the first fragment.
        std::vector<std::uint32_t> offsets(static_cast<std::size_t>(frames));
        for (std::size_t f = 0; f < offsets.size(); ++f)
            std::memcpy(&offsets[f], table.data() + 4 * f, 4);
        std::vector<std::uint64_t> position(fragments + 1, 0);
        for (std::size_t i = 0; i < fragments; ++i)
            position[i + 1] = position[i] + items[i + 1].size() + 8;
        for (int f = 0; f < frames; ++f) {
            const std::uint64_t begin = offsets[std::size_t(f)];
            const std::uint64_t end = f + 1 < frames ? offsets[std::size_t(f + 1)] : position.back();
            std::size_t a = 0;
            while (a < fragments && position[a] < begin)
                ++a;
            std::size_t b = a;
            while (b < fragments && position[b] < end)
                ++b;
            out.push_back(concat(a + 1, b + 1));
        }
        return out;
    }
    if (fragments == std::size_t(frames)) {
        for (std::size_t i = 1; i < items.size(); ++i)
            out.push_back(items[i]);
        return out;
    }
    // No table and more fragments than frames: a frame starts at each SOC marker (FF 4F FF 51).
    for (std::size_t i = 1; i < items.size(); ++i) {
        const auto &it = items[i];
        const bool soc = it.size() >= 4 && it[0] == 0xff && it[1] == 0x4f && it[2] == 0xff && it[3] == 0x51;
        if (soc || out.empty())
            out.emplace_back();
        out.back().insert(out.back().end(), it.begin(), it.end());
    }
    return out;
}

} // namespace sagitta::core::dicom
