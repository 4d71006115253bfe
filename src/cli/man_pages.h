// The man pages: portlab(1) and one portlab-COMMAND(1) per command, written
// from the same CLI11 definitions as --help (each option's value name and
// description), so the two never disagree. The build writes them with
// `portlab man-pages DIR` (a command left out of --help) and `cmake
// --install` puts them in share/man/man1.
#ifndef PORTLAB_CLI_MAN_PAGES_H_
#define PORTLAB_CLI_MAN_PAGES_H_

#include <ostream>
#include <string>
#include <string_view>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"

namespace portlab::cli {

// portlab(1): the commands, exit statuses, where scenarios are found.
void WriteMainManPage(const CLI::App& app, std::string_view version, std::ostream& out);

// portlab-COMMAND(1): the command's synopsis, description and options.
void WriteCommandManPage(const CLI::App& command, std::string_view version, std::ostream& out);

// Every page above into DIR (made if missing), as portlab.1 and
// portlab-COMMAND.1 for each command shown in --help.
absl::Status WriteManPages(const CLI::App& app, std::string_view version, const std::string& dir);

// Text as roff prints it: backslashes escaped, '-' as \-, and a line
// starting with '.' or '\'' kept as text.
std::string RoffText(std::string_view text);

}  // namespace portlab::cli

#endif  // PORTLAB_CLI_MAN_PAGES_H_
