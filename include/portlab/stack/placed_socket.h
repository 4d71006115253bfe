// PlacedSocket: a socket that is already on a host when the run starts (an
// imported snapshot: `ss`, /proc/net/tcp), in the state the kernel showed.
//
// Host::PlaceSockets puts a list of them into the host's tables exactly as
// the real sockets sit in the kernel's, so every later bind() and connect()
// probes around them as it would there:
//   - every one holds its port in the protocol's bind table (Linux: its
//     inet_bind_bucket); one that is connected (any TCP state but LISTEN, a
//     UDP socket with a remote) also holds its 4-tuple in the connection
//     table (the ehash) and, unless bound explicitly, counts in the
//     destination's usage, which connect()'s tester reads
//     (__inet_hash_connect -> __inet_check_established);
//   - a TCP connection on the port of a listener placed with it is that
//     listener's child (inet_inherit_port: explicitly bound, owned by the
//     server application); any other socket on a port outside
//     ip_local_port_range was bound explicitly (the kernel never autobinds
//     there); the rest were autobound by connect() or sendto();
//   - a TIME-WAIT enters the host's TIME-WAIT queue expiring `timer` after
//     the start (ss -o's timer:(timewait,...)), or after the whole
//     time_wait when no timer is given; an orphaned FIN-WAIT-2 is released
//     after its timer, or tcp_fin_timeout (one its application holds
//     stays); a SYN-SENT retransmits as if sent
//     at the start, and its giving up counts a failed connect() (ETIMEDOUT).
//   ESTABLISHED, CLOSE-WAIT, FIN-WAIT-1, CLOSING, LAST-ACK and SYN-RECEIVED
//   sit as they are: their peer is not modelled, so no segment moves them.
//
// Example:
//   stack::PlacedSocket tw{net::Protocol::kTcp, stack::TcpState::kTimeWait,
//                          {client, net::Port(40001)}, net::Endpoint{server, net::Port(80)},
//                          Duration::Seconds(42)};
//   size_t bad = 0;
//   absl::Status s = host.PlaceSockets({&tw, 1}, &bad);
#ifndef PORTLAB_STACK_PLACED_SOCKET_H_
#define PORTLAB_STACK_PLACED_SOCKET_H_

#include <optional>

#include "portlab/base/time.h"
#include "portlab/net/endpoint.h"
#include "portlab/net/port.h"
#include "portlab/stack/socket.h"

namespace portlab::stack {

struct PlacedSocket {
  net::Protocol protocol = net::Protocol::kTcp;
  // TCP: the state ss showed (kClosed is refused). UDP: unused; a remote
  // means connected (ss's ESTAB), none bound (UNCONN).
  TcpState state = TcpState::kEstablished;
  net::Endpoint local;                  // a port from 1; the address the host's, or a wildcard
  std::optional<net::Endpoint> remote;  // every TCP state but LISTEN needs one
  // TIME-WAIT, FIN-WAIT-2: time left on its timer at the start.
  std::optional<Duration> timer;
  // FIN-WAIT-2: its application still holds it (shutdown(), not close()):
  // no timer runs, and it stays.
  bool held_by_application = false;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_PLACED_SOCKET_H_
