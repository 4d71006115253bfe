// Loading a scenario file into a Scenario (plain data).
//
// Example:
//   absl::StatusOr<Scenario> s = LoadScenarioFile("scenarios/x.yaml");
//   if (!s.ok()) { std::cerr << s.status().message() << "\n"; return 2; }
//
// Errors are InvalidArgument whose message holds every error of the file,
// one a line, each "FILE:LINE:COLUMN: " and what is wrong and what was
// expected, in file order: at most 20, then a line "FILE: and N more
// errors (...)". An error that only follows from an earlier one is left
// out; malformed YAML is one error. A file that cannot be read is NotFound
// with its name. Never throws, never aborts, whatever the input.
#ifndef PORTLAB_SCENARIO_LOADER_H_
#define PORTLAB_SCENARIO_LOADER_H_

#include <string>
#include <string_view>

#include <vector>

#include "absl/status/statusor.h"
#include "portlab/scenario/overrides.h"
#include "portlab/scenario/scenario.h"

namespace portlab::scenario {

// Reads and parses the file at `path`; `path` names the file in messages.
// `overrides` (`--set`, scenario/overrides.h) are applied in order to the
// YAML before it is read; an error then ends "[with --set KEY=VALUE ...]".
absl::StatusOr<Scenario> LoadScenarioFile(
    const std::string& path, const std::vector<Override>& overrides = {});

// Reads the file at `path` into memory, within the scenario size limit.
absl::StatusOr<std::string> ReadScenarioFile(const std::string& path);

// Parses YAML text; `file` names it in messages.
absl::StatusOr<Scenario> LoadScenarioText(
    std::string_view text, const std::string& file,
    const std::vector<Override>& overrides = {});

}  // namespace portlab::scenario

#endif  // PORTLAB_SCENARIO_LOADER_H_
