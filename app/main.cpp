// sagitta: a command runs headless here (see cli.h), on core alone (no Qt, VTK or LibTorch: a
// command starts in milliseconds); with no command the main window opens: sagitta-gui beside
// this program takes over the process with the same arguments.
#include "app/cli.h"

#include <dcmtk/config/osconfig.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

int main(int argc, char **argv)
{
    const std::vector<std::string> args(argv, argv + argc);
    if (sagitta::app::isCliInvocation(args)) {
        // DCMTK's public data dictionary alone (no command reads a private attribute): DCMTK
        // parses it as text on first use, the private one would add 40% (about 6 ms). A
        // DCMDICTPATH the user set is kept.
        const std::string dictionaries = DCM_DICT_DEFAULT_PATH, first = dictionaries.substr(0, dictionaries.find(':'));
        if (!std::getenv("DCMDICTPATH") && first.size() > 9 && first.compare(first.size() - 9, 9, "dicom.dic") == 0)
            setenv("DCMDICTPATH", first.c_str(), 1);
        return sagitta::app::runCli(args);
    }
    char self[4096];
    const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    std::string gui = "sagitta-gui";
    if (n > 0) {
        self[n] = '\0';
        std::string dir(self);
        gui = dir.substr(0, dir.rfind('/') + 1) + "sagitta-gui";
    }
    argv[0] = const_cast<char *>(gui.c_str());
    setenv("OMP_WAIT_POLICY", "PASSIVE", 0); // training in the window: see execBeside in cli.cpp
    execv(gui.c_str(), argv);
    std::fprintf(stderr, "sagitta: cannot start the main window (%s): %s\n", gui.c_str(), std::strerror(errno));
    return 2;
}
