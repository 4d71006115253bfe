// ParseHosts: the `hosts:` map of a scenario (scenarios/README.md, "Hosts").
#ifndef PORTLAB_SCENARIO_INTERNAL_HOST_PARSER_H_
#define PORTLAB_SCENARIO_INTERNAL_HOST_PARSER_H_

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/scenario/scenario.h"
#include "scenario/internal/node_reader.h"

namespace portlab::scenario::internal {

// Hosts in file order. Returns InvalidArgument at the node at fault: not a
// map, empty, a bad name, an unknown key, a bad address or firewall rule.
// A host with `quantity: N` becomes N hosts NAME.0 .. NAME.N-1 (addresses
// counting up), listed under NAME in `groups` when it is not null.
absl::StatusOr<std::vector<HostSpec>> ParseHosts(
    const NodeReader& reader, const YAML::Node& node,
    std::map<std::string, std::vector<std::string>>* groups = nullptr);

// True for names made only of [A-Za-z0-9_.-] (host names, socket labels):
// they appear in reports and on command lines, so no spaces or quotes.
bool IsSimpleName(absl::string_view name);

}  // namespace portlab::scenario::internal

#endif  // PORTLAB_SCENARIO_INTERNAL_HOST_PARSER_H_
