// What each option's value is, as --help, the man pages and the shell
// completions name it: FILE, DIR, DURATION, SIZE, KEY=VALUE ... rather than
// CLI11's "TEXT" for every string. One table for every command, keyed by
// the option's name (an option means the same in every command that has
// it); a string option missing from it keeps "TEXT", which
// the test cli/help-names-every-value refuses, so a new option gets its name here.
#ifndef PORTLAB_CLI_VALUE_NAMES_H_
#define PORTLAB_CLI_VALUE_NAMES_H_

#include <string_view>
#include <vector>

#include "CLI/CLI.hpp"

namespace portlab::cli {

// The commands --help lists, in order (a command in the "" group, such as
// man-pages, is left out): what the man pages, the completions and the
// unknown-command message name.
std::vector<const CLI::App*> ShownCommands(const CLI::App& app);

// The value name of option `name` ("--json", or a positional's "SCENARIO"),
// or "" when the table has none.
std::string_view ValueNameOf(std::string_view name);

// Whether an option with this value name takes a path (the completions
// offer files or directories for it).
bool IsFileValue(std::string_view value_name);
bool IsDirValue(std::string_view value_name);

// Names the value of every option of every subcommand of `app` that the
// table knows.
void NameOptionValues(CLI::App& app);

// Makes every numeric option of every subcommand (CLI11's INT, UINT and
// FLOAT) read its value as base/decimal.h does: "--seed -1" no longer wraps,
// "--seed 2^64" no longer saturates, "010" is ten (CLI11 alone reads it as
// octal), and hex, inf and nan are refused with the option named.
void MakeNumbersStrict(CLI::App& app);

}  // namespace portlab::cli

#endif  // PORTLAB_CLI_VALUE_NAMES_H_
