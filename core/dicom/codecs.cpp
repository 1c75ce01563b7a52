#include "core/dicom/codecs.h"

#include "core/base/error.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcrleerg.h>
#include <dcmtk/dcmdata/dcvr.h>
#include <dcmtk/oflog/oflog.h>

#include <dlfcn.h>
#include <unistd.h>

#include <mutex>

namespace sagitta::core::dicom {

namespace {

struct CodecModule {
    void (*registerCodecs)() = nullptr;
    DcmRepresentationParameter *(*encoderParam)(int) = nullptr;
    int (*colour)(DcmFileFormat *, E_TransferSyntax, const int *, std::size_t, std::size_t, std::uint8_t *const *, char *,
                  std::size_t) = nullptr;
};

// Beside the running program first (build/app holds sagitta and the module), then where the
// build put it (tests run from their own folders).
void *openModule(std::string &tried)
{
    const char *name = "libsagitta_dcmcodecs.so";
    char self[4096];
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        std::string dir(self);
        const std::string beside = dir.substr(0, dir.rfind('/') + 1) + name;
        if (::access(beside.c_str(), R_OK) == 0) {
            tried = beside;
            return ::dlopen(beside.c_str(), RTLD_NOW | RTLD_LOCAL);
        }
    }
    tried = SAGITTA_DCMCODECS_MODULE;
    return ::dlopen(tried.c_str(), RTLD_NOW | RTLD_LOCAL);
}

const CodecModule &codecModule()
{
    static std::once_flag once;
    static CodecModule module;
    static std::string problem;
    std::call_once(once, [] {
        std::string path;
        void *handle = openModule(path);
        if (!handle) {
            const char *why = ::dlerror();
            problem = "cannot open DICOM codec module " + path + ": " + (why ? why : "unknown error");
            return;
        }
        module.registerCodecs = reinterpret_cast<void (*)()>(::dlsym(handle, "sagitta_dcmcodecs_register"));
        module.encoderParam = reinterpret_cast<DcmRepresentationParameter *(*)(int)>(::dlsym(handle, "sagitta_dcmcodecs_encoder_param"));
        module.colour = reinterpret_cast<decltype(module.colour)>(::dlsym(handle, "sagitta_dcmcodecs_colour"));
        if (!module.registerCodecs || !module.encoderParam || !module.colour) {
            module = {};
            problem = "DICOM codec module " + path + " lacks its entry points (another version?)";
        }
    });
    if (!problem.empty())
        throw Error(problem);
    return module;
}

} // namespace

void initDcmtkHeaders()
{
    static std::once_flag once;
    std::call_once(once, [] {
        OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
        // Files others wrote: GDCM's gdcmconv turns every attribute of an implicit VR file it
        // converts into UN (explicit VR "unknown"); read those with the dictionary's VR, or
        // positions, spacing and UIDs are lost (as dcm2niix reads them).
        dcmEnableUnknownVRConversion.set(OFTrue);
        DcmRLEDecoderRegistration::registerCodecs();
        DcmRLEEncoderRegistration::registerCodecs();
    });
}

void initDcmtk()
{
    initDcmtkHeaders();
    static std::once_flag once;
    std::call_once(once, [] { codecModule().registerCodecs(); });
}

std::string dcmtkVersion()
{
    return PACKAGE_VERSION;
}

std::unique_ptr<DcmRepresentationParameter> codecEncoderParam(int kind)
{
    initDcmtk();
    return std::unique_ptr<DcmRepresentationParameter>(codecModule().encoderParam(kind));
}

void decodeColourFrames(DcmFileFormat &file, int xfer, const int *frames, std::size_t count, std::size_t sliceBytes,
                        std::uint8_t *const *out)
{
    initDcmtk();
    char error[512] = {};
    if (codecModule().colour(&file, E_TransferSyntax(xfer), frames, count, sliceBytes, out, error, sizeof error) != 0)
        throw Error(error);
}

} // namespace sagitta::core::dicom
