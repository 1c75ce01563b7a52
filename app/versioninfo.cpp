#include "app/versioninfo.h"

#include "core/dicom/codecs.h"
#include "core/project/sqlite.h"

#include <vtkVersionMacros.h>

#include <QtGlobal>

namespace sagitta {
namespace app {

QString sagittaVersion()
{
    return QStringLiteral(SAGITTA_VERSION);
}

QString versionText()
{
    return QStringLiteral("Sagitta %1\nQt %2\nVTK %3\nDCMTK %4\nLibTorch %5\nSQLite %6\n")
        .arg(sagittaVersion(), QString::fromLatin1(qVersion()), QStringLiteral(VTK_VERSION),
             QString::fromStdString(core::dicom::dcmtkVersion()), QStringLiteral(SAGITTA_TORCH_VERSION),
             QString::fromStdString(core::sqlite::version()));
}

} // namespace app
} // namespace sagitta
