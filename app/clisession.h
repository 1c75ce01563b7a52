#pragma once
// Who a command works as and the passphrase of encrypted projects, the same for every command
// (`sagitta` and `sagitta-train`):
//   --user NAME              the project user to work as (else $SAGITTA_USER, $USER)
//   --passphrase-file FILE   the passphrase of encrypted projects: the file's first line
//   $SAGITTA_PASSPHRASE      the same, from the environment
// A passphrase is never taken as a command-line value (other users can read a process's
// arguments); without one, an encrypted project asks for it on the terminal (no echo).
#include <string>
#include <vector>

namespace sagitta::app {

// Takes --user and --passphrase-file (with their values) out of args, from index `from` on,
// and applies them and $SAGITTA_PASSPHRASE to core::Project. Throws core::Error for a passphrase
// file that cannot be read or is empty.
void takeSessionOptions(std::vector<std::string> &args, std::size_t from);

// The first line of a passphrase file (without its line end). Throws core::Error naming the
// file when it cannot be read or the line is empty.
std::string readPassphraseFile(const std::string &path);

// Asks for a passphrase on the terminal without echo; empty when standard input is not a
// terminal.
std::string promptPassphrase(const std::string &prompt);

// `sagitta project rekey FILE [--new-passphrase-file F | --decrypt]` and
// `sagitta users list|add|remove --project P [NAME --role ROLE]`.
int runProjectCommand(const std::vector<std::string> &args);
int runUsersCommand(const std::vector<std::string> &args);

} // namespace sagitta::app
