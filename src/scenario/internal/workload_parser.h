// ParseWorkloads: the `workloads:` list of a scenario (scenarios/README.md,
// "Workloads"): generators of connections beside the listed steps.
#ifndef PORTLAB_SCENARIO_INTERNAL_WORKLOAD_PARSER_H_
#define PORTLAB_SCENARIO_INTERNAL_WORKLOAD_PARSER_H_

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "portlab/scenario/scenario.h"
#include "scenario/internal/node_reader.h"

namespace portlab::scenario::internal {

// Workloads in file order. `hosts` holds every host name (group members
// included), `groups` the `quantity:` hosts by their group name; a workload's
// `from:` may name either. Returns InvalidArgument at the node at fault.
absl::StatusOr<std::vector<WorkloadSpec>> ParseWorkloads(
    const NodeReader& reader, const YAML::Node& node,
    const absl::flat_hash_set<std::string>& hosts,
    const std::map<std::string, std::vector<std::string>>& groups);

}  // namespace portlab::scenario::internal

#endif  // PORTLAB_SCENARIO_INTERNAL_WORKLOAD_PARSER_H_
