#include "app/clisession.h"

#include "core/base/error.h"
#include "core/project/project.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <termios.h>
#include <unistd.h>

namespace sagitta::app {

std::string readPassphraseFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw core::Error(path + ": cannot read the passphrase file");
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    if (line.empty())
        throw core::Error(path + ": the passphrase file's first line is empty");
    return line;
}

std::string promptPassphrase(const std::string &prompt)
{
    if (!::isatty(STDIN_FILENO))
        return {};
    termios old{};
    const bool haveTerm = ::tcgetattr(STDIN_FILENO, &old) == 0;
    if (haveTerm) {
        termios quiet = old;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::cerr << prompt << std::flush;
    std::string line;
    std::getline(std::cin, line);
    if (haveTerm)
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    std::cerr << std::endl;
    return line;
}

void takeSessionOptions(std::vector<std::string> &args, std::size_t from)
{
    std::string passphrase;
    if (const char *env = std::getenv("SAGITTA_PASSPHRASE"); env && *env)
        passphrase = env;
    for (std::size_t n = from; n < args.size();) {
        const std::string &s = args[n];
        if (s == "--user" || s == "--passphrase-file") {
            if (n + 1 >= args.size())
                throw core::Error(s + " needs a value");
            if (s == "--user")
                core::Project::setCurrentUser(args[n + 1]);
            else
                passphrase = readPassphraseFile(args[n + 1]);
            args.erase(args.begin() + std::ptrdiff_t(n), args.begin() + std::ptrdiff_t(n + 2));
        } else if (s == "--passphrase") {
            throw core::Error("--passphrase takes no value on the command line (other users can read it there): "
                              "use --passphrase-file FILE or $SAGITTA_PASSPHRASE");
        } else {
            ++n;
        }
    }
    if (passphrase.empty()) {
        // An encrypted project named on the command line, and a person at the terminal: ask.
        for (std::size_t n = from; n < args.size() && passphrase.empty(); ++n)
            if (args[n].size() > 8 && args[n].compare(args[n].size() - 8, 8, ".sagitta") == 0
                && ::access(args[n].c_str(), R_OK) == 0 && core::Project::isEncrypted(args[n]))
                passphrase = promptPassphrase("Passphrase for " + args[n] + ": ");
        if (!passphrase.empty())
            ::setenv("SAGITTA_PASSPHRASE", passphrase.c_str(), 1); // for sagitta-train, if the command runs there
    }
    if (!passphrase.empty())
        core::Project::rememberPassphrase({}, passphrase);
}

namespace {

int usage(const char *text)
{
    std::cerr << "usage: " << text << std::endl;
    return 2;
}

// The value after `option`, or empty.
std::string optionValue(const std::vector<std::string> &args, const std::string &option)
{
    for (std::size_t n = 0; n + 1 < args.size(); ++n)
        if (args[n] == option)
            return args[n + 1];
    return {};
}

bool hasSwitch(const std::vector<std::string> &args, const std::string &option)
{
    for (const std::string &a : args)
        if (a == option)
            return true;
    return false;
}

} // namespace

int runProjectCommand(const std::vector<std::string> &args)
{
    const char *text = "sagitta project rekey FILE.sagitta [--new-passphrase-file F | --decrypt]";
    if (args.size() < 2 || args[0] != "rekey")
        return usage(text);
    const std::string path = args[1];
    std::string next;
    if (hasSwitch(args, "--decrypt")) {
        next.clear();
    } else if (const std::string file = optionValue(args, "--new-passphrase-file"); !file.empty()) {
        next = readPassphraseFile(file);
    } else if (const char *env = std::getenv("SAGITTA_NEW_PASSPHRASE"); env && *env) {
        next = env;
    } else {
        next = promptPassphrase("New passphrase for " + path + ": ");
        if (next.empty())
            throw core::Error("give the new passphrase with --new-passphrase-file F or $SAGITTA_NEW_PASSPHRASE "
                              "(or --decrypt to remove the encryption)");
        if (promptPassphrase("Again: ") != next)
            throw core::Error("the two passphrases differ; nothing was changed");
    }
    core::Project::rekey(path, next);
    std::cout << path << (next.empty() ? ": encryption removed" : ": encrypted with the new passphrase") << std::endl;
    return 0;
}

int runUsersCommand(const std::vector<std::string> &args)
{
    const char *text = "sagitta users list|add|remove --project P [NAME --role annotator|reviewer|administrator]";
    const std::string project = optionValue(args, "--project");
    if (args.empty() || project.empty())
        return usage(text);
    const std::string &verb = args[0];
    std::vector<std::string> positional;
    for (std::size_t n = 1; n < args.size(); ++n) {
        if (args[n] == "--project" || args[n] == "--role")
            ++n;
        else
            positional.push_back(args[n]);
    }
    if (verb == "list") {
        auto p = core::Project::open(project, core::Project::Access::ReadOnly);
        const auto users = p->users();
        if (users.empty())
            std::cout << "no users: single-user project, everyone may do everything" << std::endl;
        for (const core::User &u : users)
            std::cout << u.name << "\t" << u.role << std::endl;
        return 0;
    }
    if ((verb != "add" && verb != "remove") || positional.size() != 1)
        return usage(text);
    auto p = core::Project::open(project);
    if (verb == "add") {
        const std::string role = optionValue(args, "--role");
        if (role.empty())
            return usage(text);
        p->addUser(positional[0], role);
        std::cout << positional[0] << " added as " << role << std::endl;
    } else {
        p->removeUser(positional[0]);
        std::cout << positional[0] << " removed" << std::endl;
    }
    return 0;
}

} // namespace sagitta::app
