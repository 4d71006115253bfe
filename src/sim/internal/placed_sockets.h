// PlaceHostSockets: a host's `sockets:` (scenario::PresetSocketSpec, one
// entry for many ports) placed in its tables at the start of the run, one
// stack::PlacedSocket per port (stack/placed_socket.h).
#ifndef PORTLAB_SIM_INTERNAL_PLACED_SOCKETS_H_
#define PORTLAB_SIM_INTERNAL_PLACED_SOCKETS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "portlab/scenario/scenario.h"
#include "portlab/stack/host.h"

namespace portlab::sim {

// Sockets the `sockets:` of all hosts may place in one scenario: about
// 200 bytes of tables each, as a step's (simulation.cc's kMaxSockets).
inline constexpr int64_t kMaxPlacedSockets = 20'000'000;

// Places every entry of spec.sockets on `host`. `*placed` counts the
// scenario's placed sockets so far, across hosts. InvalidArgument
// "file:line:col: ..." at the entry the host refuses (an address not its
// own, a 4-tuple twice, a timer too long); ResourceExhausted when the
// total would pass kMaxPlacedSockets, before any of the host's is placed.
// REQUIRES: `host` was just built (nothing has happened on it).
absl::Status PlaceHostSockets(const scenario::HostSpec& spec, stack::Host& host, int64_t* placed);

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_INTERNAL_PLACED_SOCKETS_H_
