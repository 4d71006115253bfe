// Segment: a TCP segment, UDP datagram or ICMP error on the simulated wire.
//
// Small and flat (no heap): the engine copies segments through its event
// queue by value, field by field (sim/event_queue.h CopySegmentByField: a
// new field must be copied there too). Addresses are AddressPool ids.
#ifndef PORTLAB_NET_SEGMENT_H_
#define PORTLAB_NET_SEGMENT_H_

#include <cstdint>
#include <string>

#include "portlab/net/address_pool.h"
#include "portlab/net/port.h"

namespace portlab::net {

// ICMP destination unreachable codes 3 (port), 1 (host), 13
// (administratively prohibited: what a NAT out of ports sends, RFC 5508)
// and 0 (network: a firewall's `reject with icmp net-unreachable`).
enum class SegmentKind : uint8_t {
  kTcp,
  kUdp,
  kIcmpPortUnreachable,
  kIcmpHostUnreachable,
  kIcmpAdminProhibited,
  kIcmpNetUnreachable,
};

inline bool IsIcmp(SegmentKind k) { return k >= SegmentKind::kIcmpPortUnreachable; }

// The code an ICMP kind carries in an IPv4 destination unreachable (type 3;
// RFC 792, RFC 1812 §5.2.7.1): what a receiver, a capture or a scanner
// (nmap's reasons follow the code) reads. A new ICMP kind adds its case
// here (the switch names every kind, so -Wswitch points at it); 255 for
// the kinds that are not ICMP.
constexpr uint8_t IcmpUnreachableCode(SegmentKind k) {
  switch (k) {
    case SegmentKind::kIcmpPortUnreachable: return 3;
    case SegmentKind::kIcmpHostUnreachable: return 1;
    case SegmentKind::kIcmpAdminProhibited: return 13;
    case SegmentKind::kIcmpNetUnreachable: return 0;
    case SegmentKind::kTcp:
    case SegmentKind::kUdp: break;
  }
  return 255;
}

enum TcpFlag : uint8_t {
  kSyn = 1,
  kAck = 2,
  kFin = 4,
  kRst = 8,
  kPsh = 16,
  kUrg = 32,  // only in a scanner's crafted probes (an Xmas scan's FIN|PSH|URG)
  // Not a header flag: the SYN or SYN|ACK carries the timestamps option
  // (RFC 7323 §3.2), so both ends use timestamps when both carry it.
  // Captures and labels show header flags only.
  kTimestamps = 128,
  // Not a header flag either: a RST a firewall rule sent (`reject with tcp
  // reset`), so the peer's failure can name its cause. The wire cannot tell.
  kRejectedByRule = 64,
};

// The flags a TCP header carries (kTimestamps and kRejectedByRule are not).
inline uint8_t HeaderFlags(uint8_t flags) { return flags & ~uint8_t{kTimestamps | kRejectedByRule}; }

struct Segment {
  SegmentKind kind = SegmentKind::kTcp;
  // TCP: net::TcpFlag bits. ICMP about a TCP segment: the quoted segment's.
  uint8_t flags = 0;
  uint16_t sport = 0;  // ICMP: the embedded datagram's source port
  uint16_t dport = 0;  // ICMP: the embedded datagram's destination port
  // ICMP: the embedded datagram's protocol. (Here, beside the other small
  // fields: a Segment is 32 bytes and a queued Event 56.)
  net::Protocol inner_protocol = net::Protocol::kUdp;
  net::AddrId src = 0;
  net::AddrId dst = 0;
  // ICMP: the embedded datagram's destination address (its source is `dst`).
  net::AddrId inner_dst = 0;
  uint32_t length = 0;  // payload bytes; ICMP: the embedded datagram's
  // TCP: the sequence number and, with kAck, the acknowledgment number
  // (RFC 9293 §3.1). ICMP about a TCP segment: the quoted segment's, which
  // the error carries exactly (RFC 792: the header it quotes).
  // (Adjacent, in this order: the host writes and the event queue copies
  // them as one 8-byte word.)
  uint32_t seq = 0;
  uint32_t ack = 0;
};

// The ICMP error of `kind` that `from` sends about `offending` (to its
// source), quoting it exactly as Linux's icmp_send does (RFC 792, RFC 5508
// §7): its destination and ports, protocol, length, flags and numbers.
inline Segment IcmpErrorAbout(const Segment& offending, SegmentKind kind, AddrId from) {
  Segment icmp;
  icmp.kind = kind;
  icmp.src = from;
  icmp.dst = offending.src;
  icmp.inner_dst = offending.dst;
  icmp.sport = offending.sport;
  icmp.dport = offending.dport;
  icmp.inner_protocol = offending.kind == SegmentKind::kTcp ? Protocol::kTcp : Protocol::kUdp;
  icmp.length = offending.length;
  icmp.flags = offending.flags;
  icmp.seq = offending.seq;
  icmp.ack = offending.ack;
  return icmp;
}

// "SYN", "SYN|ACK", "FIN|ACK", "PSH|ACK", "RST", "UDP", "ICMP port-unreachable",
// "ICMP host-unreachable", "ICMP admin-prohibited", "ICMP net-unreachable".
std::string SegmentLabel(const Segment& s);

}  // namespace portlab::net

#endif  // PORTLAB_NET_SEGMENT_H_
