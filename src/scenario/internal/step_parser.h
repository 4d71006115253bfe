// ParseSteps: the `steps:` list of a scenario (scenarios/README.md, "Steps").
#ifndef PORTLAB_SCENARIO_INTERNAL_STEP_PARSER_H_
#define PORTLAB_SCENARIO_INTERNAL_STEP_PARSER_H_

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "portlab/base/limits.h"
#include "portlab/scenario/scenario.h"
#include "scenario/internal/node_reader.h"

namespace portlab::scenario::internal {

inline constexpr int64_t kMaxStepCount = limits::kMaxStepCount;

// The names steps may refer to: those defined under `hosts:`, under
// `workloads:` (what `start`/`stop` steps name) and under `nats:` (what
// `nat-probe` steps name).
struct StepNames {
  const absl::flat_hash_set<std::string>& hosts;
  const absl::flat_hash_set<std::string>& workloads;
  const absl::flat_hash_set<std::string>& nats;
};

// Steps in file order. Returns InvalidArgument at the node at fault:
// unknown or misplaced keys, wrong types, times going backwards, unknown
// hosts, workloads, NATs or socket labels.
absl::StatusOr<std::vector<StepSpec>> ParseSteps(const NodeReader& reader, const YAML::Node& node,
                                                 const StepNames& names);

// The `options:` list of a step or workload (reuseaddr, reuseport, ...).
absl::Status ReadSocketOptions(const NodeReader& reader, const YAML::Node& node,
                               SocketOptions& options);

}  // namespace portlab::scenario::internal

#endif  // PORTLAB_SCENARIO_INTERNAL_STEP_PARSER_H_
