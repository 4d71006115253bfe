// The firewall's keys: a host's `firewall:` rules and `firewall_policy:`,
// and the changes an `op: firewall` step makes (scenarios/README.md,
// "Firewall"). Every error names the node at fault (file:line:column).
#ifndef PORTLAB_SCENARIO_INTERNAL_FIREWALL_PARSER_H_
#define PORTLAB_SCENARIO_INTERNAL_FIREWALL_PARSER_H_

#include <yaml-cpp/yaml.h>

#include "absl/status/statusor.h"
#include "portlab/scenario/scenario.h"
#include "scenario/internal/node_reader.h"

namespace portlab::scenario::internal {

// One rule: the short form {proto, port, action} or the full form (dir,
// proto, sport, dport, saddr, daddr, ct, add, action, with).
absl::StatusOr<FirewallRule> ParseFirewallRule(const NodeReader& r, const YAML::Node& node);

// `firewall_policy: drop` (the input chain) or `{in: drop, out: accept}`.
absl::Status ParseFirewallPolicy(const NodeReader& r, const YAML::Node& node, HostSpec& host);

// The step keys of `op: firewall`: exactly one of add, insert (with
// position), delete, flush, policy (with dir).
inline constexpr absl::string_view kFirewallStepKeys[] = {"add", "insert", "position", "delete",
                                                          "flush", "policy", "dir"};
absl::StatusOr<FirewallChange> ParseFirewallChange(const NodeReader& r, const YAML::Node& step,
                                                   const MapFields& f);

}  // namespace portlab::scenario::internal

#endif  // PORTLAB_SCENARIO_INTERNAL_FIREWALL_PARSER_H_
