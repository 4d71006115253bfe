// PlaceNatSessions: a NAT's `sessions:` (scenario::PresetNatSessionSpec, one
// entry for many ports) placed in its tables as it is built, one
// nat::PlacedSession per port (nat/placed_session.h).
#ifndef PORTLAB_SIM_INTERNAL_PLACED_SESSIONS_H_
#define PORTLAB_SIM_INTERNAL_PLACED_SESSIONS_H_

#include "absl/status/status.h"
#include "portlab/nat/nat_box.h"
#include "portlab/scenario/scenario.h"

namespace portlab::sim {

// Places every entry of spec.sessions in `box` at the start.
// InvalidArgument "file:line:col: sessions: ..." at the entry the NAT
// refuses (its profile's rules: an outside port another inside endpoint
// uses without port overlapping, a port outside the subscriber's block).
// REQUIRES: `box` was just built from `spec` (nothing has passed it).
absl::Status PlaceNatSessions(const scenario::NatSpec& spec, nat::NatBox& box);

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_INTERNAL_PLACED_SESSIONS_H_
