#pragma once
#include <QString>

namespace sagitta {
namespace app {

// "Sagitta 0.1.0" followed by one line per library: Qt, VTK, DCMTK, LibTorch, SQLite.
QString versionText();
QString sagittaVersion();

} // namespace app
} // namespace sagitta
