// ParseSockets: a host's `sockets:` list, the sockets already on it when the
// run starts (scenarios/README.md, "Sockets already there").
//
// An entry is one state and one local address with one port
// (`local: "10.0.0.1:40000"`, as ss prints it) or many
// (`local: 10.0.0.1, ports: "40000-40999,41003"`), so a snapshot of tens of
// thousands of sockets stays a few lines per (state, local address,
// remote, timer).
//
// Example:
//   sockets:
//     - {state: LISTEN, local: "0.0.0.0:80"}
//     - {state: TIME-WAIT, local: 10.0.0.1, ports: "40000-40999", remote: "10.0.0.2:80", timer: 42s}
//
// Invariants of what it returns: every entry has at least one port, its
// spans ascending and disjoint, ports 1..65535; count is their number;
// TCP states other than LISTEN have a remote and LISTEN none; UDP is
// UNCONN (no remote) or ESTAB (a remote); a timer only on TIME-WAIT and
// FIN-WAIT-2.
#ifndef PORTLAB_SCENARIO_INTERNAL_SOCKET_PARSER_H_
#define PORTLAB_SCENARIO_INTERNAL_SOCKET_PARSER_H_

#include <yaml-cpp/yaml.h>

#include <vector>

#include "absl/status/statusor.h"
#include "portlab/scenario/scenario.h"
#include "scenario/internal/node_reader.h"

namespace portlab::scenario::internal {

// InvalidArgument at the node at fault for anything the invariants above
// rule out, an unknown key or state, or a `count:` that is not the ports'
// number.
absl::StatusOr<std::vector<PresetSocketSpec>> ParseSockets(const NodeReader& reader,
                                                           const YAML::Node& node);

// The number of ports `spans` hold.
int64_t CountPorts(const std::vector<PresetSocketSpec::PortSpan>& spans);
// An entry's `count:` key (a reader's aid), when `f` has one, checked
// against the `count` ports the entry lists: InvalidArgument at its value
// when they differ.
absl::Status CheckPortCount(const NodeReader& r, const MapFields& f, int64_t count);

// "40000-40999,41003" -> spans; InvalidArgument (a plain message) when a
// piece is not a port or LO-HI, or the spans are not ascending and disjoint.
absl::StatusOr<std::vector<PresetSocketSpec::PortSpan>> ParseSocketPorts(absl::string_view text);

}  // namespace portlab::scenario::internal

#endif  // PORTLAB_SCENARIO_INTERNAL_SOCKET_PARSER_H_
