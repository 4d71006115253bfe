// What the commands share between reading their flags and exiting: the
// exit status of a failure, and flags more than one command takes.
//
// Example:
//   absl::StatusOr<int64_t> limit = MemoryLimitFlag(flags.memory_limit);
//   if (!limit.ok()) return Fail(limit.status());  // "--memory-limit: ..." on stderr, exit 2
#ifndef PORTLAB_CLI_FLAGS_H_
#define PORTLAB_CLI_FLAGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portlab/scenario/scenario.h"

namespace portlab::cli {

// The exit status of a command that stopped on `status` (docs/ARCHITECTURE.md, "The command line"):
// kExitPassed when OK; kExitUsage (2) for every failure: a bad scenario,
// command line or output file (InvalidArgument), a refused memory estimate
// (ResourceExhausted), anything else.
int ExitStatusOf(const absl::Status& status);

// Prints `status`'s message and a newline on stderr; returns
// ExitStatusOf(status). REQUIRES: !status.ok().
int Fail(const absl::Status& status);

// `status` with its message after "FLAG: " (e.g. "--until: ...").
absl::Status FlagError(std::string_view flag, const absl::Status& status);

// `value` when `option` (a --seed) was given, else nullopt.
std::optional<uint64_t> SeedFlag(const CLI::Option* option, uint64_t value);

// The scenario a command names: a file, a scenario's name (found as
// scenario_search.h says), or "-" for standard input (named "(stdin)" in
// messages), within the loader's size limit, with `sets`
// ("KEY=VALUE", scenario/overrides.h) applied in order; a malformed one is
// "--set: ...". With `sha256`, sets *sha256 to the SHA-256 of the bytes
// read (before `sets`), for the outputs' provenance (provenance.h).
absl::StatusOr<scenario::Scenario> LoadScenarioArg(const std::string& arg,
                                                   const std::vector<std::string>& sets = {},
                                                   std::string* sha256 = nullptr);

// Adds `--set KEY=VALUE` (repeatable) to a command that loads one scenario.
void AddSetOption(CLI::App& command, std::vector<std::string>& sets);

// --memory-limit: run::kDefaultMemoryLimit for "", else the size
// (run::ParseByteSize); its error after "--memory-limit: ".
absl::StatusOr<int64_t> MemoryLimitFlag(const std::string& text);

}  // namespace portlab::cli

#endif  // PORTLAB_CLI_FLAGS_H_
