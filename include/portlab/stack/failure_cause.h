// FailureCause: why a socket call of a Host failed, beside the errno it
// returned (one errno has many causes: EADDRNOTAVAIL is "range used up",
// "4-tuple in use", "all candidates in TIME-WAIT", ...).
//
// The cause is a value; its display string is made at the edge, by
// CauseName(), when a figure or a report needs it. Nothing compares the
// strings.
//
// Example:
//   Errno e = host.Connect(s, server);
//   if (host.last_cause() == FailureCause::kRangeUsedUp) ...
//   std::cout << CauseName(host.last_cause());  // "range used up"
//
// Invariants:
//   - Every enumerator has exactly one name, and no two share one.
//   - The enumerators are declared in the byte order of their names
//     (LC_ALL=C sort): ordering causes by value orders them by name, which
//     is how a run's failure groups are listed. Keep it so when adding one
//     (a static_assert in failure_cause.cc checks).
//   - kNone ("") is the cause of no failure.
#ifndef PORTLAB_STACK_FAILURE_CAUSE_H_
#define PORTLAB_STACK_FAILURE_CAUSE_H_

#include <cstdint>
#include <string_view>

namespace portlab::stack {

enum class FailureCause : uint8_t {
  kNone,                       // ""
  kFourTupleInUse,             // connect() of a bound socket: the 4-tuple is taken
  kIcmpAdminProhibited,        // SYN answered by ICMP administratively prohibited
  kIcmpHostUnreachable,        // SYN answered by ICMP host unreachable
  kIcmpNetUnreachable,         // SYN answered by ICMP network unreachable
  kIcmpPortUnreachable,        // SYN (or datagram) answered by ICMP port unreachable
  kLocalPortRangeInverted,     // IP_LOCAL_PORT_RANGE with lo > hi
  kV4DestinationOnV6Only,      // connect() to IPv4 from an IPV6_V6ONLY socket
  kMappedAddressOnV6Only,      // bind() of ::ffff:a.b.c.d on an IPV6_V6ONLY socket
  kV6AddressOnV4Socket,        // bind() of an IPv6 address on an AF_INET socket
  kV6DestinationOnV4Socket,    // connect() to IPv6 from an AF_INET socket
  kRejectedWithReset,          // SYN answered by a RST a firewall rule sent
  kRefusedByPeer,              // SYN answered by RST: nobody listens
  kPcbPoolFull,                // lwIP: the TCP PCB pool holds only live connections
  kUdpPortReserve,             // XNU: an automatic UDP port would eat the reserve
  kAddressNotLocal,            // bind() of an address the host does not have
  kAllCandidatesInTimeWait,    // connect(): every candidate port is in TIME-WAIT
  kAnotherListener,            // listen(): another socket listens on the port
  kBroadcastOnTcp,             // TCP connect() to a broadcast address
  kBroadcastWithoutOption,     // UDP to a broadcast address without SO_BROADCAST
  kConnectAlreadyInProgress,   // connect() while SYN-SENT
  kConnectInProgress,          // send() while SYN-SENT
  kConnectionReset,            // an established connection reset
  kDatagramTooLong,            // UDP send() of more than one IP datagram holds
  kDestinationPortZero,        // UDP sendto() toward port 0
  kDroppedOnOutput,            // this host's firewall dropped the datagram (output chain)
  kLinkScopeMulticast,         // bind() of an IPv6 multicast address that needs an interface
  kListenOnUdp,                // listen() on a UDP socket
  kLoopbackSourceOffHost,      // a socket bound to loopback toward another host
  kMulticastOnTcp,             // bind() of an IPv6 multicast address on a TCP socket
  kSynTimedOut,                // SYN retransmissions unanswered
  kNoDestination,              // UDP send() without a peer or an address
  kNoRouteToNetwork,           // no route leads to the destination
  kNoSourceAddress,            // the host has no address of the destination's family
  kNotConnected,               // TCP send() on a socket never connected
  kPrivilegedPort,             // bind() below ip_unprivileged_port_start without root
  kPortHeldByTimeWait,         // bind(): only a TIME-WAIT holds the port
  kPortInUse,                  // bind(): a live socket holds the port
  kPortInUseByListener,        // bind(): a listener holds the port
  kPortsHeldByBoundSockets,    // connect(): bound sockets hold every candidate
  kRangeUsedUp,                // no ephemeral port left (live connections, or a mix)
  kAlreadyBound,               // bind() on a bound socket
  kSocketConnected,            // listen() on a connected socket
  kListeningOrConnected,       // connect() on a listening or connected socket
};
inline constexpr int kFailureCauseCount = static_cast<int>(FailureCause::kListeningOrConnected) + 1;

// The display string: "range used up", "4-tuple in use", ...; "" for kNone.
std::string_view CauseName(FailureCause c);

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_FAILURE_CAUSE_H_
