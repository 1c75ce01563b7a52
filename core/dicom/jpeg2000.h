#pragma once
// JPEG 2000 and High-Throughput JPEG 2000 for DICOM through OpenJPEG, which DCMTK lacks:
// splitting encapsulated pixel data into frames, decoding a frame, and (for the synthetic
// writer, tests and bench) encoding one.
#include <cstdint>
#include <string>
#include <vector>

namespace sagitta::core::dicom {

// Transfer syntax UIDs decoded here: 1.2.840.10008.1.2.4.90/.91 (JPEG 2000), .92/.93
// (Part 2 multi-component) and .201/.202/.203 (HTJ2K).
bool isJpeg2000Uid(const std::string &transferSyntaxUid);

struct J2kFrameLayout {
    int rows = 0, columns = 0, samplesPerPixel = 1, bitsAllocated = 16;
};

// Decodes one J2K codestream (or JP2 file) into out: rows*columns*samples samples of
// bitsAllocated bits, little-endian, samples interleaved. Throws core::Error with OpenJPEG's
// message when the stream is broken or does not match the layout.
void decodeJpeg2000(const std::uint8_t *data, std::size_t size, const J2kFrameLayout &layout,
                    std::vector<std::uint8_t> &out);

// Encodes one single-component frame (samples of bitsAllocated bits, little-endian) as a
// J2K codestream: reversible 5/3 when lossless, else irreversible 9/7 at the given ratio.
std::vector<std::uint8_t> encodeJpeg2000(const std::uint8_t *samples, const J2kFrameLayout &layout, int bitsStored,
                                         bool isSigned, bool lossless, double ratio = 10.0);

// Encodes one single-component frame as a reversible HTJ2K codestream (OpenJPH).
std::vector<std::uint8_t> encodeHtj2k(const std::uint8_t *samples, const J2kFrameLayout &layout, int bitsStored,
                                      bool isSigned);

// Splits the fragments of encapsulated pixel data (offset table first) into frames: by the
// offset table, one fragment per frame, or the J2K start-of-codestream marker.
std::vector<std::vector<std::uint8_t>> splitFrames(const std::vector<std::vector<std::uint8_t>> &fragmentsWithTable,
                                                   int frames);

} // namespace sagitta::core::dicom
