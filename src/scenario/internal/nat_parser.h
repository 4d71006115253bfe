// ParseNats: the `nats:` map of a scenario (scenarios/README.md, "NAT boxes").
#ifndef PORTLAB_SCENARIO_INTERNAL_NAT_PARSER_H_
#define PORTLAB_SCENARIO_INTERNAL_NAT_PARSER_H_

#include <yaml-cpp/yaml.h>

#include <vector>

#include "absl/status/statusor.h"
#include "portlab/scenario/scenario.h"
#include "scenario/internal/node_reader.h"

namespace portlab::scenario::internal {

// NATs in file order. InvalidArgument at the node at fault: not a map, a bad
// name, an unknown key, a bad prefix, address or forward. A `sessions:`
// entry's error is reported to the reader's Diagnostics, the NAT kept
// (nat_session_parser.h). Profile and knob names are checked by the model
// (nat/nat_profiles.h, nat/nat_config.h).
absl::StatusOr<std::vector<NatSpec>> ParseNats(const NodeReader& reader, const YAML::Node& node);

}  // namespace portlab::scenario::internal

#endif  // PORTLAB_SCENARIO_INTERNAL_NAT_PARSER_H_
