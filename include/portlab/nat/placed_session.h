// PlacedSession: a translation that is already in a NAT when the run starts
// (an imported `conntrack -L` entry: a masquerading router's state), in the
// state and with the time left the NAT showed.
//
// NatBox::PlaceSessions puts a list of them into the NAT's tables exactly as
// the translations sit in a running NAT, so every later packet and every
// new mapping meets them:
//   - each holds its outside endpoint: the mapping X:x -> X':x' (made, or
//     the earlier entry's that has the same mapping key and outside
//     endpoint) and the session (X:x, X':x', Y:y) in both indexes, so the
//     port picker skips x' (toward Y:y only, where the NAT overlaps ports)
//     and a packet of the flow is translated by it, inside out and outside
//     in;
//   - with port blocks, the block holding x' is granted to X (a block
//     another inside address holds is refused); with deterministic NAT x'
//     must lie in X's range; max_ports_per_subscriber still holds;
//   - it was opened from the inside (a source NAT: conntrack's original
//     direction leaves through the NAT), and ends `timer` after the start,
//     or after its state's idle timeout when no timer is given; a packet
//     restarts its timer as for any session;
//   - FIN-WAIT counts the FIN as the inside's (the side that closes first
//     behind a NAT is usually the client), TIME-WAIT both FINs;
//   - its first packet counts as passed at the start (a UDP-REPLIED
//     session's udp_stream_delay runs from there).
// Nothing is traced or counted as created; the live and peak figures
// (mappings, sessions, ports in use, blocks) start from them.
//
// Example:
//   nat::PlacedSession s{net::Protocol::kTcp, nat::SessionState::kTcpEstablished,
//                        {inside, net::Port(40861)}, {outside, net::Port(40861)},
//                        {server, net::Port(443)}, Duration::Seconds(431994)};
//   size_t bad = 0;
//   absl::Status st = box.PlaceSessions({&s, 1}, SimTime(), &bad);
#ifndef PORTLAB_NAT_PLACED_SESSION_H_
#define PORTLAB_NAT_PLACED_SESSION_H_

#include <optional>

#include "portlab/base/time.h"
#include "portlab/nat/session_state.h"
#include "portlab/net/endpoint.h"
#include "portlab/net/port.h"

namespace portlab::nat {

struct PlacedSession {
  net::Protocol protocol = net::Protocol::kTcp;
  // A TCP state for TCP, kUdpUnreplied, kUdpReplied or kUdpStream for UDP;
  // never kStatic.
  SessionState state = SessionState::kTcpEstablished;
  net::Endpoint inside;   // X:x, in the inside network
  net::Endpoint outside;  // X':x', on one of the NAT's outside addresses
  net::Endpoint remote;   // Y:y, outside the inside network
  std::optional<Duration> timer;  // time left; default the state's idle timeout
};

}  // namespace portlab::nat

#endif  // PORTLAB_NAT_PLACED_SESSION_H_
