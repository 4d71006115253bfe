// ICMP destination unreachable on a host, as rules: the message a datagram
// to a closed UDP port draws, which socket an arriving one names, and the
// errno and cause it carries. Pure: no socket, no table. The host's UDP and
// ICMP paths (host_udp.cc, and Host::ReceiveTcpIcmp in host_tcp.cc) do the
// demultiplexing, counting and tracing around them.
//
// Read first: RFC 792 (Destination Unreachable: the embedded header);
// RFC 1122 §4.1.3.1 (UDP SHOULD send port unreachable), §3.2.2.1 (the
// codes), §4.2.3.9 (TCP's reaction); RFC 768 (UDP). Linux
// net/ipv4/icmp.c icmp_err_convert, udp.c __udp4_lib_err, tcp_ipv4.c
// tcp_v4_err.
//
// Example:
//   net::Segment reply = PortUnreachableFor(datagram);   // to the sender
//   ... on the sender:
//   conns.Find(IcmpEmbeddedKey(reply));  // the socket that sent `datagram`
//   IcmpErrno(reply.kind);               // kECONNREFUSED
//
// Invariants:
//   - PortUnreachableFor swaps the datagram's addresses and keeps its ports,
//     its destination (inner_dst), its length, flags and sequence numbers
//     as the embedded header: the sender
//     finds its socket by IcmpEmbeddedKey, its own (src, sport) to
//     (dst, dport), the 4-tuple it sent with.
//   - IcmpErrno and IcmpCause agree with icmp_err_convert: port
//     unreachable is ECONNREFUSED, host unreachable and administratively
//     prohibited are EHOSTUNREACH, network unreachable ENETUNREACH; each
//     kind has a cause of its own. IcmpFatal is icmp_err_convert's `fatal`:
//     only port unreachable and administratively prohibited reach a
//     connected UDP socket.
//   - Only the ICMP kinds are asked about (net::IsIcmp).
#ifndef PORTLAB_STACK_INTERNAL_ICMP_H_
#define PORTLAB_STACK_INTERNAL_ICMP_H_

#include "portlab/net/segment.h"
#include "portlab/stack/connection_table.h"
#include "portlab/stack/errno.h"
#include "portlab/stack/failure_cause.h"

namespace portlab::stack {

// The port unreachable a host sends for `datagram`, which reached no
// socket and no firewall rule (RFC 1122 §4.1.3.1).
inline net::Segment PortUnreachableFor(const net::Segment& datagram) {
  return net::IcmpErrorAbout(datagram, net::SegmentKind::kIcmpPortUnreachable, datagram.dst);
}

// The connection an arriving ICMP error is about, as the receiving host
// keys it: our (dst, sport) to (inner_dst, dport).
inline ConnKey IcmpEmbeddedKey(const net::Segment& icmp) {
  return ConnKey{icmp.dst, icmp.inner_dst, icmp.sport, icmp.dport};
}

// icmp_err_convert: the errno a destination unreachable reports.
constexpr Errno IcmpErrno(net::SegmentKind kind) {
  return kind == net::SegmentKind::kIcmpPortUnreachable ? Errno::kECONNREFUSED
         : kind == net::SegmentKind::kIcmpNetUnreachable ? Errno::kENETUNREACH
                                                         : Errno::kEHOSTUNREACH;
}

// icmp_err_convert's `fatal`: whether a connected UDP socket without
// IP_RECVERR takes the error (__udp4_lib_err: `!harderr` goes out). Port
// unreachable and administratively prohibited are hard errors; host and
// network unreachable are soft (a TCP connect() in SYN-SENT takes every
// one, tcp_v4_err). Measured: tests/differential/firewall_differential_test.cc.
constexpr bool IcmpFatal(net::SegmentKind kind) {
  return kind == net::SegmentKind::kIcmpPortUnreachable || kind == net::SegmentKind::kIcmpAdminProhibited;
}

// Why a connect() it ends failed.
constexpr FailureCause IcmpCause(net::SegmentKind kind) {
  return kind == net::SegmentKind::kIcmpPortUnreachable ? FailureCause::kIcmpPortUnreachable
         : kind == net::SegmentKind::kIcmpAdminProhibited ? FailureCause::kIcmpAdminProhibited
         : kind == net::SegmentKind::kIcmpNetUnreachable  ? FailureCause::kIcmpNetUnreachable
                                                          : FailureCause::kIcmpHostUnreachable;
}

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_INTERNAL_ICMP_H_
