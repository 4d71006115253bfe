// PacketSink: every packet a run puts on a link, resolved to addresses and
// placed at the interface that sees it, for observers outside the core
// (`portlab run --pcap`, report/pcap_writer.h and report/pcapng_capture.h).
//
// Interfaces (Vantage): each host has its link (kHostLink, named after the
// host) and its lo (kHostLoopback); each NAT has an inside side and an
// outside side. A packet is reported once per interface that sees it, as
// a capture on every device (ns-3's EnablePcapAll) would show it:
//   - kOut where it enters a link: when a host transmits it (on its link,
//     before any NAT), and when a NAT sends its rewritten copy on (outside,
//     or back inside: an inbound translation, a hairpin, an ICMP error the
//     NAT makes). These are the packets a classic capture holds: a packet
//     through a NAT appears twice, once on each side.
//   - kIn where it arrives, at the instant the receiver handles it: a
//     host's link (one latency after it left; a NAT's inside host gets it
//     at the instant the NAT sends it, the NAT being at its end of the
//     link), a NAT's outside side (one latency after), a NAT's inside side
//     (at the instant the inside host sent it, when it leaves through the
//     NAT; traffic between two inside hosts does not cross the NAT).
// A packet a host sends to itself (a loopback address, its own address,
// its own copy of a broadcast) is on its lo: kOut as it is sent, kIn as
// it is received (a real capture on lo shows it once; here both, so the
// arrival can carry the receiver's decision). Two hosts' loopback packets
// carry the same addresses (127.0.0.1), each on its own lo. A packet
// toward an address no host has is reported as it leaves, then dropped
// (no route; on-link, no neighbour: a real capture would show the ARP
// requests instead); the ICMP host unreachable a host makes for itself
// when neighbour resolution fails is only a kIn on its lo (Linux sends it
// there: icmp_send to a local address). A broadcast is one kOut (the one frame on the link) and a kIn
// per host that takes it. A packet the sender's own firewall drops never
// reaches an interface.
//
// Cost: the core calls the sink only when one is set (Simulation::Tap).
// Deterministic: packets come in simulation order, with simulated times.
#ifndef PORTLAB_TRACE_PACKET_SINK_H_
#define PORTLAB_TRACE_PACKET_SINK_H_

#include <cstdint>
#include <vector>

#include "portlab/base/time.h"
#include "portlab/net/ip_address.h"
#include "portlab/net/port.h"
#include "portlab/net/segment.h"

namespace portlab::trace {

// Which interface sees a packet, and whether it leaves or arrives there.
enum class InterfaceKind : uint8_t {
  kHostLink,      // the host's interface on the network (named after the host)
  kHostLoopback,  // the host's lo
  kNatInside,     // the NAT's side toward its inside network
  kNatOutside,    // the NAT's side toward the rest of the network
};
enum class Direction : uint8_t { kOut, kIn };

struct Vantage {
  InterfaceKind kind = InterfaceKind::kHostLink;
  Direction direction = Direction::kOut;
  // The host's index in the scenario's hosts (kHost*), or the NAT's in its
  // nats (kNat*).
  uint32_t index = 0;
  bool is_nat() const { return kind == InterfaceKind::kNatInside || kind == InterfaceKind::kNatOutside; }
};

struct WirePacket {
  Vantage vantage;
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

// One PacketSink that hands each packet to several, in the order they were
// added (a classic capture and a pcapng one at once). The sinks are not
// owned and must outlive the fan-out.
class PacketFanOut final : public PacketSink {
 public:
  void Add(PacketSink* sink) { sinks_.push_back(sink); }
  // The one sink when there is one (no second dispatch), else this; null
  // when there is none.
  PacketSink* sink() {
    if (sinks_.empty()) return nullptr;
    return sinks_.size() == 1 ? sinks_.front() : this;
  }
  void OnPacket(SimTime at, const WirePacket& packet) override {
    for (PacketSink* sink : sinks_) sink->OnPacket(at, packet);
  }

 private:
  std::vector<PacketSink*> sinks_;
};

}  // namespace portlab::trace

#endif  // PORTLAB_TRACE_PACKET_SINK_H_
