// sagitta-train: `sagitta train ...` runs here (see clitrain.cpp), the one program besides the
// main window that loads LibTorch.
#include "app/clitrain.h"
#include "core/base/error.h"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char **argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        return sagitta::app::runTrainCommand(args);
    } catch (const std::exception &e) {
        std::cerr << "sagitta: " << e.what() << std::endl;
        return 1;
    }
}
