// PacketSink: every packet a run puts on a link, resolved to addresses, for
// observers outside the core (`portlab run --pcap`, report/pcap_writer.h).
//
// A packet is reported where it enters a link: when a host transmits it
// (before any NAT), and when a NAT sends its rewritten copy on (outside, or
// back inside: an inbound translation, a hairpin, an ICMP error the NAT
// makes). A packet through a NAT therefore appears twice, as a capture on
// both of its sides would show it. A packet toward an address no host has
// is reported as it leaves, then dropped (no route; on-link, no neighbour:
// a real capture would show the ARP requests instead); the ICMP host
// unreachable a host makes for itself when neighbour resolution fails is
// not reported. A packet a host sends to itself (loopback or its own
// address) is reported once, with its addresses, as a capture on that
// host's lo shows it: two hosts' loopback packets carry the same addresses
// (127.0.0.1), one per host. A broadcast
// is reported once, as the one frame on the link.
//
// Deterministic: packets come in simulation order, with simulated times.
#ifndef PORTLAB_TRACE_PACKET_SINK_H_
#define PORTLAB_TRACE_PACKET_SINK_H_

#include <cstdint>

#include "portlab/base/time.h"
#include "portlab/net/ip_address.h"
#include "portlab/net/port.h"
#include "portlab/net/segment.h"

namespace portlab::trace {

struct WirePacket {
  net::SegmentKind kind = net::SegmentKind::kTcp;
  uint8_t flags = 0;  // net::TcpFlag bits
  net::IpAddress src;
  net::IpAddress dst;
  uint16_t sport = 0;  // ICMP: the embedded datagram's source port
  uint16_t dport = 0;  // ICMP: the embedded datagram's destination port
  uint32_t length = 0;  // payload bytes (TCP, UDP); ICMP: the embedded datagram's
  // TCP: sequence and acknowledgment numbers (ack meaningful with kAck).
  // ICMP about a TCP segment: the quoted segment's, with `flags`.
  uint32_t seq = 0;
  uint32_t ack = 0;
  // ICMP errors: the embedded datagram went from `dst` to `inner_dst`.
  net::IpAddress inner_dst;
  net::Protocol inner_protocol = net::Protocol::kUdp;
};

class PacketSink {
 public:
  virtual ~PacketSink() = default;
  virtual void OnPacket(SimTime at, const WirePacket& packet) = 0;
};

}  // namespace portlab::trace

#endif  // PORTLAB_TRACE_PACKET_SINK_H_
