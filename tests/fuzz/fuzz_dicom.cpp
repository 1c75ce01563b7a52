// libFuzzer target over the single-file DICOM loader: header scan, series assembly and pixel
// decoding of whatever bytes arrive. Built with clang (-fsanitize=fuzzer,address) by
// tests/fuzz/CMakeLists.txt and run briefly by CTest from a seed corpus it writes itself.
#include "core/dicom/seriesgeometry.h"
#include "core/dicom/seriesloader.h"
#include "core/dicom/synthetic.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <unistd.h>

using namespace sagitta::core::dicom;

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    // SAGITTA_FUZZ_SEEDS=DIR: write small valid files in several transfer syntaxes as seeds.
    if (const char *dir = std::getenv("SAGITTA_FUZZ_SEEDS")) {
        for (TransferSyntax syntax : {TransferSyntax::ExplicitLittle, TransferSyntax::ImplicitLittle, TransferSyntax::ExplicitBig,
                                      TransferSyntax::Deflated, TransferSyntax::JpegLossless, TransferSyntax::JpegLsLossless,
                                      TransferSyntax::Rle, TransferSyntax::Jpeg2000Lossless}) {
            SyntheticSpec s;
            s.dims = {16, 12, 1};
            s.syntax = syntax;
            writeSyntheticSeries(std::string(dir) + "/" + transferSyntaxName(syntax), s);
        }
        SyntheticSpec mf;
        mf.dims = {8, 8, 3};
        mf.enhancedMultiFrame = true;
        writeSyntheticSeries(std::string(dir) + "/enhanced", mf);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const std::string path = "/tmp/sagitta-fuzz-" + std::to_string(::getpid()) + ".dcm";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char *>(data), std::streamsize(size));
    }
    try {
        std::vector<SeriesInfo> series = assembleSeries(readImages(path));
        for (const SeriesInfo &s : series)
            if (s.geometry.voxelCount() <= (std::size_t(1) << 22)) // keep runs fast; size guards are tested elsewhere
                (void)loadSeries(s);
    } catch (const std::exception &) {
        // Rejected with a message: the expected outcome for most inputs.
    }
    return 0;
}
