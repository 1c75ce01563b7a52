#pragma once
#include <string>

namespace sagitta {
namespace app {

// "Sagitta 0.1.0" followed by one line per library: Qt, VTK, DCMTK, LibTorch, SQLite. Qt's,
// VTK's and LibTorch's are the versions built against (the command line loads none of them).
std::string versionText();
std::string sagittaVersion();

} // namespace app
} // namespace sagitta
