#include "app/versioninfo.h"

#include "core/dicom/codecs.h"
#include "core/project/sqlite.h"

#include <vtkVersionMacros.h>

namespace sagitta {
namespace app {

std::string sagittaVersion()
{
    return SAGITTA_VERSION;
}

std::string versionText()
{
    return "Sagitta " + sagittaVersion() + "\nQt " SAGITTA_QT_VERSION "\nVTK " VTK_VERSION "\nDCMTK " + core::dicom::dcmtkVersion()
           + "\nLibTorch " SAGITTA_TORCH_VERSION "\nSQLite " + core::sqlite::version() + "\n";
}

} // namespace app
} // namespace sagitta
