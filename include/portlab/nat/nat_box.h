// NatBox: a NAT between an inside and an outside network (docs/ARCHITECTURE.md,
// "The NAT box"; RFC 4787, RFC 5382, RFC 6888, RFC 7857; reference/nat.md).
//
// It rewrites TCP segments and UDP datagrams crossing it, and ICMP errors
// with their embedded header, keeping a mapping table (mapping_table.h), a
// session table with idle timers (session_table.h), port assignment
// (port_picker.h, port_blocks.h) and hold-down (port_table.h). Every
// behaviour is a NatConfig knob.
//
// Example:
//   NatBoxSpec spec{.name = "home", .config = FindNatProfile("full-cone")->config,
//                   .outside = {*IpAddress::Parse("203.0.113.1")},
//                   .inside_network = *IpAddress::Parse("192.168.1.0"), .inside_prefix = 24};
//   auto nat = NatBox::Create(spec, pool, seed, /*trace=*/nullptr);
//   NatResult r = (*nat)->Outbound(segment, now);   // from an inside host
//   if (r.action == NatResult::Action::kToOutside) Send(r.segment);
//   (*nat)->Advance(next_deadline, &emitted);       // timers
//
// Deterministic for a seed; no I/O. Not thread-safe.
#ifndef PORTLAB_NAT_NAT_BOX_H_
#define PORTLAB_NAT_NAT_BOX_H_

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "portlab/nat/drop_reason.h"
#include "portlab/nat/nat_capacity.h"
#include "portlab/nat/mapping_table.h"
#include "portlab/nat/nat_config.h"
#include "portlab/nat/nat_figures.h"
#include "portlab/nat/placed_session.h"
#include "portlab/nat/port_blocks.h"
#include "portlab/nat/port_picker.h"
#include "portlab/nat/session_table.h"
#include "portlab/nat/subscriber_table.h"
#include "portlab/net/endpoint.h"
#include "portlab/net/segment.h"
#include "portlab/trace/trace_event.h"

namespace portlab::nat {

// A static mapping (port forwarding): outside endpoint -> inside endpoint,
// open to every remote.
struct PortForward {
  net::Protocol protocol = net::Protocol::kTcp;
  net::Endpoint outside;
  net::Endpoint inside;
};

struct NatBoxSpec {
  std::string name;
  std::string profile;  // for the figures
  NatConfig config;
  std::vector<net::IpAddress> outside;  // one or more IPv4 addresses
  net::IpAddress inside_network;        // IPv4 prefix of the inside network
  int inside_prefix = 24;
  std::vector<PortForward> forwards;
  // Inside hosts behind the NAT (Azure's backend pool, `ports_by_pool_size`);
  // 0 when not known (counted as 1).
  uint32_t instances = 0;
};

struct NatResult {
  enum class Action : uint8_t { kToOutside, kToInside, kDrop };
  Action action = Action::kDrop;
  net::Segment segment;         // translated, for kToOutside / kToInside
  DropReason drop_reason = DropReason::kNoMapping;  // for kDrop
  bool hairpinned = false;
  // What the NAT answers the sender with: an ICMP error (exhaustion, an
  // unsolicited SYN rejected) or, with `reset_stale_tcp`, a TCP RST from
  // the destination to an inside host continuing a connection the NAT has
  // no session for.
  bool has_reply = false;
  net::Segment reply;
};

class NatBox {
 public:
  // InvalidArgument for an unusable spec (no outside address, an IPv6
  // address, a config ValidateNatConfig refuses, forwards clashing,
  // deterministic NAT with more subscribers than ports). `trace` may be
  // null; not owned; `pool` must outlive the box.
  static absl::StatusOr<std::unique_ptr<NatBox>> Create(const NatBoxSpec& spec, net::AddressPool& pool,
                                                        uint64_t seed, trace::TraceSink* trace);

  const std::string& name() const { return spec_.name; }
  const NatConfig& config() const { return spec_.config; }
  const NatBoxSpec& spec() const { return spec_; }
  // The address the NAT sends its own ICMP errors from on the inside.
  net::AddrId gateway() const { return gateway_; }
  bool InsideNetworkContains(const net::IpAddress& a) const;
  bool IsOutsideAddress(net::AddrId a) const { return a < is_outside_.size() && is_outside_[a]; }

  // Puts translations that are already there at the start into the tables
  // (placed_session.h says where each goes and why), at `now`, in order.
  // InvalidArgument naming the entry's tuple for one the NAT could not
  // have held: an inside address outside the inside network, an outside
  // address not the NAT's, a remote inside or on the NAT, a 5-tuple an
  // earlier entry holds on either side, an outside port another inside
  // endpoint uses (a NAT that does not overlap ports) or a port forward
  // holds, a port outside its subscriber's block or range or past its
  // limit; `*failed` is then the entry's index, and the entries before it
  // stay placed. REQUIRES: nothing has passed the box yet.
  absl::Status PlaceSessions(absl::Span<const PlacedSession> sessions, SimTime now, size_t* failed);

  // A segment from an inside host (toward the outside, or hairpinned back
  // inside). Timers due by `now` run first.
  NatResult Outbound(const net::Segment& seg, SimTime now);
  // A segment from the outside network to one of the outside addresses.
  NatResult Inbound(const net::Segment& seg, SimTime now);
  // Runs timers due by `now`: idle sessions end, their mappings with them;
  // held SYNs are answered (ICMP port unreachable, appended to `to_outside`)
  // or forgotten.
  void Advance(SimTime now, std::vector<net::Segment>* to_outside);
  // When Advance next has work, or SimTime::Max().
  SimTime NextDeadline() const;

  NatFigures figures() const;
  // The gauges and counters of the time series at `now` (cheap: no strings
  // but the drop reasons).
  NatSeriesPoint SeriesPoint(SimTime now) const;
  // The outside addresses as text, in spec order.
  std::vector<std::string> OutsideNames() const;
  // What the NAT can hand out (nat_capacity.h), as sized when it was
  // made: addresses, blocks and their size, ports per inside address.
  const NatCapacity& capacity() const { return capacity_; }
  // The most outside ports one inside address may hold: the smallest of
  // max_ports_per_subscriber, its port blocks and its deterministic range;
  // 0 when nothing but the outside addresses limits it
  // (capacity().ports_per_subscriber).
  int64_t SubscriberPortLimit() const { return capacity_.ports_per_subscriber; }
  // The NAT table at `now`: one row per session, plus forwardings without
  // sessions; sorted by protocol, outside endpoint, remote.
  std::vector<NatTableRow> Table(SimTime now) const;
  size_t mapping_count() const { return mappings_.size(); }
  size_t session_count() const { return sessions_.size(); }
  // Capacity hint for large runs.
  void Reserve(size_t sessions);

  // Hints. A caller that knows early which segment the box handles next
  // may say so through hints(): the box starts loading what handling it
  // reads first, so that cache miss overlaps the caller's other work
  // (base/prefetch.h). A hint changes nothing the box computes or reports,
  // and costs no allocation. The engine's look-ahead
  // (src/sim/internal/lookahead.h) is the caller. The view is valid while
  // the box is.
  class Hints {
   public:
    // Outbound(seg) / Inbound(seg) will read seg's session index slot.
    void Outbound(const net::Segment& seg) const { box_.HintOutbound(seg); }
    void Inbound(const net::Segment& seg) const { box_.HintInbound(seg); }
    // Where Inbound(seg) will deliver a segment of an existing session:
    // `seg` with its destination rewritten to the inside address and port,
    // so the caller can hint the inside host too. Reads the index slot only
    // (hint Inbound first); false when no session holds `seg`.
    bool PeekInside(const net::Segment& seg, net::Segment* inside) const { return box_.PeekInside(seg, inside); }

   private:
    friend class NatBox;
    explicit Hints(const NatBox& box) : box_(box) {}
    const NatBox& box_;
  };
  Hints hints() const { return Hints(*this); }

 private:
  struct HeldSyn {
    SimTime deadline;
    net::Segment seg;
  };

  NatBox(const NatBoxSpec& spec, net::AddressPool& pool, uint64_t seed, trace::TraceSink* trace);
  // What Hints does (nat_box.cc, "hints").
  void HintOutbound(const net::Segment& seg) const;
  void HintInbound(const net::Segment& seg) const;
  bool PeekInside(const net::Segment& seg, net::Segment* inside) const;
  absl::Status Init();
  NatResult OutboundIcmp(const net::Segment& seg, SimTime now);
  NatResult InboundIcmp(const net::Segment& seg, SimTime now);
  NatResult InboundPacket(const net::Segment& seg, SimTime now, bool hairpin);
  // The mapping a new outbound session of (p, X:x -> Y:y) uses, existing or
  // new; nullopt with *reason set when none can be had.
  std::optional<uint32_t> MappingFor(net::Protocol p, net::AddrId x_addr, uint16_t x_port, net::AddrId y_addr,
                                     uint16_t y_port, SimTime now, DropReason* reason);
  std::optional<uint32_t> NewMapping(net::Protocol p, net::AddrId x_addr, uint16_t x_port, net::AddrId y_addr,
                                     uint16_t y_port, const TupleKey& key, SimTime now,
                                     DropReason* reason);
  // `placed`: there at the start (PlaceSessions): neither traced nor
  // counted as created.
  uint32_t AddMapping(net::Protocol p, net::AddrId x_addr, uint16_t x_port, uint32_t out_index, uint16_t out_port,
                      const TupleKey& key, bool is_static, SimTime now, bool placed = false);
  // PlaceSessions' work for one entry (nat_placement.cc).
  absl::Status PlaceSession(const PlacedSession& p, SimTime now);
  // The mapping a placed session of (p, X:x -> Y:y) on X':x' uses: the
  // live one with its key and that outside endpoint, or a new one.
  absl::StatusOr<uint32_t> PlacedMapping(const PlacedSession& p, net::AddrId x, uint32_t out_index, net::AddrId y,
                                         SimTime now);
  uint32_t AddSession(uint32_t mapping, net::AddrId y_addr, uint16_t y_port, bool inbound, SimTime now);
  // A packet of the session passes: its state and timer. True when the
  // session must end once the packet is translated (rst_ends_unreplied).
  bool Touch(uint32_t session, uint8_t flags, bool from_inside, SimTime now);
  // Touch for a packet that changes no state, from the index slot alone;
  // false (nothing done) for any other packet.
  bool FastTouch(SessionRef& ref, net::Protocol p, uint8_t flags, bool from_inside, SimTime now);
  // `seg` rewritten to come from X':x' (hairpinned when it goes to an
  // outside address), or to go to X:x.
  NatResult Translated(const net::Segment& seg, net::AddrId out_addr, uint16_t out_port, SimTime now);
  NatResult TranslatedIn(const net::Segment& seg, net::AddrId in_addr, uint16_t in_port, SimTime now,
                         bool hairpin);
  void Expire(SimTime now);
  void EndSession(uint32_t session, SimTime now);
  void EndMapping(uint32_t mapping, SimTime now);
  TupleKey MappingKey(net::Protocol p, net::AddrId x_addr, uint16_t x_port, net::AddrId y_addr,
                      uint16_t y_port) const;
  uint32_t PairedAddress(net::AddrId subscriber) const;
  uint32_t AddressStart(net::AddrId x_addr, net::AddrId y_addr, uint16_t y_port) const;
  bool PortFree(net::Protocol p, net::AddrId out, uint16_t port, net::AddrId y_addr, uint16_t y_port,
                SimTime now) const;
  bool DestinationFull(net::Protocol p, net::AddrId out, net::AddrId y_addr, uint16_t y_port) const;
  NatResult Drop(const net::Segment& seg, DropReason reason, SimTime now, bool outbound);
  NatResult Exhausted(const net::Segment& seg, DropReason reason, SimTime now);
  // An outbound TCP segment with no session: dropped, and with
  // `reset_stale_tcp` answered by an RST.
  NatResult NoSessionOut(const net::Segment& seg, SimTime now);
  void TraceTranslation(const net::Segment& before, const net::Segment& after, std::string_view how,
                        SimTime now);
  void TraceMapping(uint32_t mapping, trace::TraceKind kind, SimTime now);
  net::FlowKey Flow(const net::Segment& seg) const;
  void NoteSubscriber(net::AddrId subscriber, int delta);

  NatBoxSpec spec_;
  net::AddressPool& pool_;
  uint64_t seed_;
  trace::TraceSink* trace_;
  std::vector<net::AddrId> outside_;
  std::vector<bool> is_outside_;
  net::AddrId gateway_ = 0;
  uint32_t inside_base_ = 0;
  uint32_t inside_size_ = 0;
  MappingTable mappings_;
  SessionTable sessions_;
  PortPicker picker_;
  NatCapacity capacity_;
  std::unique_ptr<PortBlocks> blocks_;
  absl::flat_hash_map<TupleKey, uint32_t> static_ports_;   // (p, X', x') -> mapping
  std::deque<HeldSyn> held_;
  NatFigures figures_;
  SubscriberTable subscribers_;
  std::vector<int64_t> peak_ports_;  // per outside address index
  SimTime latest_;              // the latest `now` seen
};

}  // namespace portlab::nat

#endif  // PORTLAB_NAT_NAT_BOX_H_
