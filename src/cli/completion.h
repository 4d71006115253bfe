// Shell completion for bash and zsh, written from the same CLI11
// definitions as --help: `portlab completion bash` (or zsh) prints a script
// that completes the command names, each command's options, and files where
// an option's value or an argument is a file (value_names.h); a SCENARIO
// also completes to the names `portlab list` shows. `cmake --install` puts
// them where bash-completion and zsh look.
#ifndef PORTLAB_CLI_COMPLETION_H_
#define PORTLAB_CLI_COMPLETION_H_

#include <ostream>

#include "CLI/CLI.hpp"

namespace portlab::cli {

void WriteBashCompletion(const CLI::App& app, std::ostream& out);
void WriteZshCompletion(const CLI::App& app, std::ostream& out);

}  // namespace portlab::cli

#endif  // PORTLAB_CLI_COMPLETION_H_
