// sagitta: a command runs headless here (see cli.h), on core and Qt Core alone; with no
// command the main window opens: sagitta-gui beside this program takes over the process with
// the same arguments.
#include "app/cli.h"

#include <QCoreApplication>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>

int main(int argc, char **argv)
{
    QStringList raw;
    for (int n = 0; n < argc; ++n)
        raw << QString::fromLocal8Bit(argv[n]);
    if (sagitta::app::isCliInvocation(raw)) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("sagitta"));
        return sagitta::app::runCli(QCoreApplication::arguments());
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
    execv(gui.c_str(), argv);
    std::fprintf(stderr, "sagitta: cannot start the main window (%s): %s\n", gui.c_str(), std::strerror(errno));
    return 2;
}
