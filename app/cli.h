#pragma once
// The headless command line: `sagitta <command> ...` on the same core as the GUI.
#include <string>
#include <vector>

namespace sagitta {
namespace app {

// True when args[1] names a command (or --version/--help), or is a word that is neither an
// option nor an existing file (runCli then says so and returns 2): no GUI is wanted.
bool isCliInvocation(const std::vector<std::string> &args);
// Runs the command; returns the process exit code. Errors are one line on stderr.
int runCli(const std::vector<std::string> &args);
// `sagitta text ...` (args after "text"); throws core::Error for usage and input errors.
int runTextCommand(const std::vector<std::string> &args);
// `sagitta notes import ...`.
int runNotesCommand(const std::vector<std::string> &args);
// `sagitta anonymize DIR OUT [--keep-dates]`.
int runAnonymizeCommand(const std::vector<std::string> &args);
// Replaces this process with the program `name` beside it, given args; returns (2, with a
// message on stderr) only when it cannot be started.
int execBeside(const char *name, const std::vector<std::string> &args);

} // namespace app
} // namespace sagitta
