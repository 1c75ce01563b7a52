// sagitta-train: `sagitta train|infer|models ...` run here (clitrain.cpp, cliinfer.cpp), the
// one program besides the main window that loads LibTorch. Its first argument names the
// command; without one (an older caller) it is train.
#include "app/cliinfer.h"
#include "app/clisession.h"
#include "app/clitag.h"
#include "app/clitrain.h"
#include "core/base/error.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char **argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        sagitta::app::takeSessionOptions(args, 1);
        const std::string command = args.empty() ? std::string() : args.front();
        if (command == "tag") { // sagitta text annotate ... --tagger MODEL
            args.erase(args.begin());
            return sagitta::app::runTagCommand(args);
        }
        if (command == "infer" || command == "models" || command == "train") {
            args.erase(args.begin());
            if (command == "infer")
                return sagitta::app::runInferCommand(args);
            if (command == "models")
                return sagitta::app::runModelsCommand(args);
        }
        return sagitta::app::runTrainCommand(args);
    } catch (const nlohmann::json::parse_error &e) {
        // Its own message quotes what it read (a note, a name): only the position goes out.
        std::cerr << "sagitta: malformed JSON (error at byte " << e.byte << ")" << std::endl;
        return 1;
    } catch (const std::exception &e) {
        std::cerr << "sagitta: " << e.what() << std::endl;
        return 1;
    }
}
