// Overrides: `--set KEY=VALUE` for a scenario, applied to the YAML before it
// is read, so every value goes through the loader's own checks.
//
// A KEY is a path into the scenario file: map keys and list indexes
// (0-based) joined by dots. A key holding a dot is written in double
// quotes.
//
//   hosts.client.sysctl.tcp_tw_reuse     a host's knob
//   steps.1.count                        the second step's count
//   latency                              a top-level key
//   hosts."web.1".os                     a host named web.1
//
// Every part of the path but the last must exist in the file; the last may
// be a key the file leaves out (a knob at its default, `latency:`), and the
// loader then checks it like any written key. The value replaces a scalar
// (or fills a new key); a map or a list cannot be replaced.
//
// Example:
//   absl::StatusOr<Scenario> s = LoadScenarioText(
//       text, "x.yaml", {{"hosts.client.sysctl.tcp_tw_reuse", "1"}});
//
// Thread safety: plain functions over values.
#ifndef PORTLAB_SCENARIO_OVERRIDES_H_
#define PORTLAB_SCENARIO_OVERRIDES_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace portlab::scenario {

struct Override {
  std::string path;   // "hosts.client.sysctl.tcp_tw_reuse"
  std::string value;  // the scalar as it would be written in YAML
};

// Splits a KEY into its parts. InvalidArgument for an empty path or part,
// or an unterminated quote.
absl::StatusOr<std::vector<std::string>> SplitKeyPath(std::string_view path);

// "KEY=VALUE" -> {KEY, VALUE} (the first '=' splits). InvalidArgument
// without an '=', with an empty KEY, or longer than limits::kMaxSetBytes.
absl::StatusOr<Override> ParseOverride(std::string_view text);

}  // namespace portlab::scenario

#endif  // PORTLAB_SCENARIO_OVERRIDES_H_
