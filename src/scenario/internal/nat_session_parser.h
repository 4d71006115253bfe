// ParseNatSessions: a NAT's `sessions:` list, the translations already in it
// when the run starts (scenarios/README.md, "Translations already there";
// what `portlab import` writes from `conntrack -L`).
//
// An entry is one state, one remote end, and one inside endpoint with its
// outside endpoint (`inside: "10.88.0.10:40861", outside:
// "203.0.113.1:40861"`), or one inside and one outside address with the
// ports each keeps (`inside: 10.88.0.10, outside: 203.0.113.1, ports:
// "35859,40861-40870"`: a masquerade keeps the inside port while it is
// free), so a router's conntrack table stays a few lines per (state,
// inside address, remote, timer).
//
// Example:
//   sessions:
//     - {state: ESTABLISHED, inside: "10.88.0.11:43353", outside: "203.0.113.1:61000",
//        remote: "203.0.113.2:443", timer: 431994s}
//     - {state: TIME_WAIT, inside: 10.88.0.10, outside: 203.0.113.1, ports: "35859,41713",
//        remote: "203.0.113.2:443", timer: 114s}
//
// Checked here, each error reported at its node and the next entry read
// (the NAT's `inside:` and `outside:` read first): the keys, the state
// for the protocol (nat::ParseSessionState: conntrack's names), the inside
// address in the NAT's inside network, the outside address one of the
// NAT's, the remote outside both, ports 1..65535 ascending and disjoint,
// `count:` their number, a timer of 0 or more, and no (protocol, inside
// endpoint, remote) or (protocol, outside endpoint, remote) twice in the
// NAT. What depends on the NAT's profile and knobs (overlapping ports,
// blocks) is checked when the run is built (nat::NatBox::PlaceSessions).
#ifndef PORTLAB_SCENARIO_INTERNAL_NAT_SESSION_PARSER_H_
#define PORTLAB_SCENARIO_INTERNAL_NAT_SESSION_PARSER_H_

#include <yaml-cpp/yaml.h>

#include <vector>

#include "portlab/scenario/scenario.h"
#include "scenario/internal/node_reader.h"

namespace portlab::scenario::internal {

// Sessions placed in a scenario, all NATs together: about 300 bytes of
// tables each; more are refused at the load.
inline constexpr int64_t kMaxPlacedNatSessions = 20'000'000;

// The entries of `node` that hold; the others are reported to the reader's
// Diagnostics. `nat` has its inside prefix and outside addresses; `*placed`
// counts the scenario's placed sessions so far.
std::vector<PresetNatSessionSpec> ParseNatSessions(const NodeReader& reader, const YAML::Node& node,
                                                   const NatSpec& nat, int64_t* placed);

}  // namespace portlab::scenario::internal

#endif  // PORTLAB_SCENARIO_INTERNAL_NAT_SESSION_PARSER_H_
