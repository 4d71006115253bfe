// The translation paths of NatBox. Rules cite RFC 4787 (UDP), RFC 5382
// (TCP), RFC 5508 (ICMP), RFC 6888 (CGN), RFC 7857 (updates) and
// net/netfilter/nf_nat_core.c where a profile follows Linux.
#include "portlab/nat/nat_box.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "portlab/base/prefetch.h"
#include "portlab/base/rng.h"
#include "portlab/base/strings.h"

namespace portlab::nat {

using net::Segment;
using net::SegmentKind;

namespace {

net::Protocol ProtocolOf(const Segment& s) {
  if (net::IsIcmp(s.kind)) return s.inner_protocol;
  return s.kind == SegmentKind::kTcp ? net::Protocol::kTcp : net::Protocol::kUdp;
}

bool IsBareSyn(const Segment& s) {
  return s.kind == SegmentKind::kTcp && (s.flags & net::kSyn) && !(s.flags & net::kAck);
}

}  // namespace

NatBox::NatBox(const NatBoxSpec& spec, net::AddressPool& pool, uint64_t seed, trace::TraceSink* trace)
    : spec_(spec),
      pool_(pool),
      seed_(seed),
      trace_(trace),
      sessions_(spec_.config.timeouts, spec_.config.refresh_inbound,
                spec_.config.filtering == Dependence::kAddressDependent, spec_.config.max_per_destination > 0),
      picker_(spec_.config, DeriveSeed(seed, "ports")) {}

absl::StatusOr<std::unique_ptr<NatBox>> NatBox::Create(const NatBoxSpec& spec, net::AddressPool& pool, uint64_t seed,
                                                       trace::TraceSink* trace) {
  std::unique_ptr<NatBox> box(new NatBox(spec, pool, seed, trace));
  if (absl::Status s = box->Init(); !s.ok()) return s;
  return box;
}

absl::Status NatBox::Init() {
  const NatConfig& c = spec_.config;
  if (absl::Status s = ValidateNatConfig(c); !s.ok()) return s;
  if (spec_.outside.empty()) return absl::InvalidArgumentError("a NAT needs at least one outside address");
  if (spec_.outside.size() > 256) return absl::InvalidArgumentError("a NAT takes at most 256 outside addresses");
  if (c.max_outside_addresses > 0 && spec_.outside.size() > c.max_outside_addresses) {
    return absl::InvalidArgumentError(absl::StrCat("a NAT of profile ", spec_.profile.empty() ? "(none)" : spec_.profile,
                                                   " takes at most ", c.max_outside_addresses, " outside addresses (",
                                                   spec_.outside.size(), " given; max_outside_addresses)"));
  }
  for (const net::IpAddress& a : spec_.outside) {
    if (!a.is_v4()) return absl::InvalidArgumentError(absl::StrCat("outside address ", a.ToString(), " is not IPv4 (portlab's NAT is NAT44)"));
    net::AddrId id = pool_.Intern(a);
    if (IsOutsideAddress(id)) return absl::InvalidArgumentError(absl::StrCat("outside address ", a.ToString(), " is listed twice"));
    outside_.push_back(id);
    if (is_outside_.size() <= id) is_outside_.resize(id + 1, false);
    is_outside_[id] = true;
  }
  if (!spec_.inside_network.is_v4() || spec_.inside_prefix < 8 || spec_.inside_prefix > 30) {
    return absl::InvalidArgumentError("the inside network must be an IPv4 prefix of length 8..30");
  }
  const uint32_t mask = net::IpAddress::V4Netmask(spec_.inside_prefix);
  inside_base_ = spec_.inside_network.v4() & mask;
  inside_size_ = ~mask + 1;
  gateway_ = pool_.Intern(net::IpAddress::V4(inside_base_ + 1));
  for (const net::IpAddress& a : spec_.outside) {
    if (InsideNetworkContains(a)) return absl::InvalidArgumentError(absl::StrCat("outside address ", a.ToString(), " lies in the inside network"));
  }
  peak_ports_.assign(outside_.size(), 0);
  mappings_.ports().SetAddresses(outside_);
  absl::StatusOr<NatCapacity> capacity = ComputeNatCapacity(c, static_cast<uint32_t>(outside_.size()),
                                                             spec_.instances, inside_size_);
  if (!capacity.ok()) return capacity.status();
  capacity_ = *capacity;
  if (capacity_.block_ports > 0) {
    blocks_ = std::make_unique<PortBlocks>(capacity_.block_ports, capacity_.max_blocks_per_subscriber, c.port_lo,
                                           c.port_hi, static_cast<uint32_t>(outside_.size()),
                                           c.block_growth == BlockGrowth::kDoubling);
    figures_.block_ports = capacity_.block_ports;
  }
  if (c.deterministic) {
    uint64_t capacity = uint64_t{outside_.size()} * (uint32_t{c.port_hi} - c.port_lo + 1);
    if (inside_size_ > capacity) {
      return absl::InvalidArgumentError(absl::StrCat("deterministic NAT: ", inside_size_, " inside addresses but only ",
                                                     capacity, " outside ports"));
    }
  }
  figures_.name = spec_.name;
  figures_.profile = spec_.profile;
  for (const PortForward& f : spec_.forwards) {
    net::AddrId out = pool_.Intern(f.outside.address);
    auto idx = std::find(outside_.begin(), outside_.end(), out);
    if (idx == outside_.end()) {
      return absl::InvalidArgumentError(absl::StrCat("forward ", f.outside.ToString(), " is not on an outside address of the NAT"));
    }
    if (!InsideNetworkContains(f.inside.address)) {
      return absl::InvalidArgumentError(absl::StrCat("forward target ", f.inside.ToString(), " is not in the inside network"));
    }
    TupleKey port_key = TupleKey::Of(f.protocol, out, f.outside.port.value(), 0, 0);
    if (static_ports_.contains(port_key)) {
      return absl::InvalidArgumentError(absl::StrCat("forward ", AV(net::ProtocolName(f.protocol)), " ", f.outside.ToString(), " is given twice"));
    }
    net::AddrId in = pool_.Intern(f.inside.address);
    TupleKey key = MappingKey(f.protocol, in, f.inside.port.value(), 0, 0);
    uint32_t m = AddMapping(f.protocol, in, f.inside.port.value(), static_cast<uint32_t>(idx - outside_.begin()),
                            f.outside.port.value(), key, /*is_static=*/true, SimTime());
    static_ports_[port_key] = m;
  }
  return absl::OkStatus();
}

bool NatBox::InsideNetworkContains(const net::IpAddress& a) const {
  return a.is_v4() && a.v4() - inside_base_ < inside_size_;
}

void NatBox::Reserve(size_t sessions) {
  sessions_.Reserve(sessions);
  mappings_.Reserve(sessions);
}

TupleKey NatBox::MappingKey(net::Protocol p, net::AddrId x_addr, uint16_t x_port, net::AddrId y_addr,
                            uint16_t y_port) const {
  // RFC 4787 §4.1: the remote counts as far as the mapping behaviour says.
  switch (spec_.config.mapping) {
    case Dependence::kEndpointIndependent: return TupleKey::Of(p, x_addr, x_port, 0, 0);
    case Dependence::kAddressDependent: return TupleKey::Of(p, x_addr, x_port, y_addr, 0);
    case Dependence::kAddressAndPortDependent: return TupleKey::Of(p, x_addr, x_port, y_addr, y_port);
  }
  return {};
}

// ------------------------------------------------------------------- hints

void NatBox::HintOutbound(const Segment& seg) const {
  if (net::IsIcmp(seg.kind)) return;
  sessions_.PrefetchInside(TupleKey::Of(ProtocolOf(seg), seg.src, seg.sport, seg.dst, seg.dport));
}

void NatBox::HintInbound(const Segment& seg) const {
  if (net::IsIcmp(seg.kind)) return;
  sessions_.PrefetchOutside(TupleKey::Of(ProtocolOf(seg), seg.dst, seg.dport, seg.src, seg.sport));
}

bool NatBox::PeekInside(const Segment& seg, Segment* inside) const {
  if (net::IsIcmp(seg.kind)) return false;
  const SessionRef* ref = sessions_.PeekOutside(TupleKey::Of(ProtocolOf(seg), seg.dst, seg.dport, seg.src, seg.sport));
  if (!ref) return false;
  *inside = seg;
  inside->dst = ref->addr;
  inside->dport = ref->port;
  return true;
}

// ---------------------------------------------------------------- outbound

bool NatBox::FastTouch(SessionRef& ref, net::Protocol p, uint8_t flags, bool from_inside, SimTime now) {
  // Only a packet that leaves the state as it is (TCP: no SYN, FIN or RST,
  // which are the only flags NextState looks at; UDP: anything but the
  // first reply), with time not gone back: then Touch would only set the
  // expiry to now + the state's timeout, which is no earlier than the
  // current one (set at an earlier `now`, for this same state, since every
  // state change sets it), so the refresh can wait in the slot.
  if (now != latest_) return false;
  if (ref.watch != Watch::kNone) {
    // The first reply; or any packet of a state that time may end.
    if (ref.watch == Watch::kAll || from_inside == ref.opened_inbound) return false;
  } else if (p == net::Protocol::kTcp && (flags & (net::kSyn | net::kFin | net::kRst))) {
    return false;
  }
  if (from_inside || spec_.config.refresh_inbound) {
    SessionTable::Refresh(ref, now);
  }
  return true;
}

NatResult NatBox::Outbound(const Segment& seg, SimTime now) {
  Expire(now);
  if (net::IsIcmp(seg.kind)) return OutboundIcmp(seg, now);
  const net::Protocol p = ProtocolOf(seg);
  const TupleKey inside = TupleKey::Of(p, seg.src, seg.sport, seg.dst, seg.dport);
  // A bare SYN nearly always opens a session, whose mapping is looked up
  // next: start loading that index slot so its miss overlaps this one's.
  if (IsBareSyn(seg) && !spec_.config.netfilter_random) {
    mappings_.PrefetchKey(MappingKey(p, seg.src, seg.sport, seg.dst, seg.dport));
  }
  if (SessionRef* ref = sessions_.RefInside(inside)) {
    // A session's packet: from the slot alone unless it changes the state.
    if (!FastTouch(*ref, p, seg.flags, /*from_inside=*/true, now)) {
      Session& s = sessions_.at(ref->id);
      if (IsBareSyn(seg) && IsFinished(s.state)) {
        // A new connection on the 4-tuple of a finished one: Linux kills the
        // old conntrack entry and starts afresh; a stricter NAT waits.
        if (!spec_.config.evict_time_wait) return Drop(seg, DropReason::kTimeWait, now, true);
        sessions_.SetState(ref->id, s.state, /*opened_inbound=*/false);
        s.replied = false;  // a new conntrack entry, as far as the packet sees
        s.opened = now;
      }
      if (Touch(ref->id, seg.flags, /*from_inside=*/true, now)) {
        const uint32_t sid = ref->id;
        NatResult r = Translated(seg, ref->addr, ref->port, now);
        EndSession(sid, now);
        return r;
      }
    }
    return Translated(seg, ref->addr, ref->port, now);  // the slot holds X':x'
  }
  // A new session.
  if (p == net::Protocol::kTcp && !IsBareSyn(seg)) return NoSessionOut(seg, now);
  if (spec_.config.max_sessions && sessions_.size() >= spec_.config.max_sessions) {
    return Exhausted(seg, DropReason::kSessionLimit, now);
  }
  DropReason reason = DropReason::kExhausted;
  std::optional<uint32_t> mapping = MappingFor(p, seg.src, seg.sport, seg.dst, seg.dport, now, &reason);
  if (!mapping) return Exhausted(seg, reason, now);
  const uint32_t sid = AddSession(*mapping, seg.dst, seg.dport, /*inbound=*/false, now);
  Touch(sid, seg.flags, true, now);
  const Mapping& m = mappings_.at(*mapping);
  return Translated(seg, m.outside_addr, m.outside_port, now);
}

NatResult NatBox::Translated(const Segment& seg, net::AddrId out_addr, uint16_t out_port, SimTime now) {
  NatResult r;
  r.segment = seg;
  r.segment.src = out_addr;
  r.segment.sport = out_port;
  if (IsOutsideAddress(seg.dst)) {
    // Hairpinning (RFC 4787 REQ-9, RFC 5382 REQ-8): back in through the
    // outside side, the source being the outside endpoint X':x'.
    if (!spec_.config.hairpinning) return Drop(seg, DropReason::kHairpinOff, now, true);
    TraceTranslation(seg, r.segment, "hairpin-out", now);
    NatResult in = InboundPacket(r.segment, now, /*hairpin=*/true);
    if (in.action == NatResult::Action::kToInside) {
      in.hairpinned = true;
      ++figures_.hairpinned;
    }
    return in;
  }
  r.action = NatResult::Action::kToOutside;
  ++figures_.translated_out;
  TraceTranslation(seg, r.segment, "out", now);
  return r;
}

NatResult NatBox::OutboundIcmp(const Segment& seg, SimTime now) {
  // An inside host's ICMP error about a datagram it received from Y:y:
  // the outer source and the embedded destination become X':x'.
  const net::Protocol p = ProtocolOf(seg);
  std::optional<uint32_t> sid = sessions_.FindInside(TupleKey::Of(p, seg.inner_dst, seg.dport, seg.dst, seg.sport));
  if (!sid) return Drop(seg, DropReason::kNoSession, now, true);
  const Mapping& m = mappings_.at(sessions_.at(*sid).mapping);
  NatResult r;
  r.action = NatResult::Action::kToOutside;
  r.segment = seg;
  r.segment.src = m.outside_addr;
  r.segment.inner_dst = m.outside_addr;
  r.segment.dport = m.outside_port;
  ++figures_.icmp_translated;
  return r;
}

std::optional<uint32_t> NatBox::MappingFor(net::Protocol p, net::AddrId x_addr, uint16_t x_port, net::AddrId y_addr,
                                           uint16_t y_port, SimTime now, DropReason* reason) {
  const NatConfig& c = spec_.config;
  TupleKey key = MappingKey(p, x_addr, x_port, y_addr, y_port);
  // netfilter --random skips the reuse of a live mapping (nf_nat_core.c
  // get_unique_tuple step 1): every connection gets its own.
  if (!c.netfilter_random) {
    if (std::optional<uint32_t> id = mappings_.Find(key)) {
      const Mapping& m = mappings_.at(*id);
      bool tuple_free = !c.port_overlapping ||
                        !sessions_.OutsideInUse(TupleKey::Of(p, m.outside_addr, m.outside_port, y_addr, y_port));
      if (tuple_free) {
        if (DestinationFull(p, m.outside_addr, y_addr, y_port)) {
          *reason = DropReason::kDestinationLimit;
          return std::nullopt;
        }
        return id;
      }
      // Port overlapping and the 5-tuple is taken by another inside
      // endpoint: a new port for this session only, as netfilter does.
    }
  }
  return NewMapping(p, x_addr, x_port, y_addr, y_port, key, now, reason);
}

std::optional<uint32_t> NatBox::NewMapping(net::Protocol p, net::AddrId x_addr, uint16_t x_port, net::AddrId y_addr,
                                           uint16_t y_port, const TupleKey& key, SimTime now,
                                           DropReason* reason) {
  const NatConfig& c = spec_.config;
  if (c.max_ports_per_subscriber && subscribers_.Ports(x_addr) >= int64_t{c.max_ports_per_subscriber}) {
    *reason = DropReason::kSubscriberLimit;
    return std::nullopt;
  }
  *reason = DropReason::kExhausted;
  auto try_range = [&](uint32_t index, uint16_t lo, uint16_t hi) -> std::optional<uint32_t> {
    net::AddrId out = outside_[index];
    if (DestinationFull(p, out, y_addr, y_port)) {
      *reason = DropReason::kDestinationLimit;
      return std::nullopt;
    }
    PortPick pick = picker_.Pick({x_port, lo, hi, index},
                                 [&](uint16_t port) { return PortFree(p, out, port, y_addr, y_port, now); });
    figures_.allocation_probes += pick.probes;
    if (!pick.port) return std::nullopt;
    // The session's outside index slot is written once the mapping is
    // made: start loading it now.
    sessions_.PrefetchOutside(TupleKey::Of(p, out, pick.port, y_addr, y_port));
    return AddMapping(p, x_addr, x_port, index, pick.port, key, false, now);
  };
  const uint32_t n = static_cast<uint32_t>(outside_.size());
  if (c.deterministic) {
    // RFC 7422: the subscriber's offset fixes its address and range.
    uint32_t offset = pool_.Get(x_addr).v4() - inside_base_;
    if (offset >= inside_size_) return std::nullopt;
    PortBlock b = DeterministicBlock(offset, inside_size_, n, c.port_lo, c.port_hi);
    auto m = try_range(b.address_index, b.lo, b.hi);
    if (!m && *reason == DropReason::kExhausted) *reason = DropReason::kSubscriberLimit;
    return m;
  }
  if (blocks_) {
    for (const GrantedBlock& g : blocks_->Of(x_addr)) {
      if (auto m = try_range(g.block.address_index, g.block.lo, g.block.hi)) return m;
    }
    if (blocks_->AtLimit(x_addr)) {
      if (*reason == DropReason::kExhausted) *reason = DropReason::kSubscriberLimit;
      return std::nullopt;
    }
    // A new block: on the subscriber's address when paired, else the first
    // address with a free block from the subscriber's starting point; with
    // one_block_per_address (Azure), the first address from the one after
    // its latest block on which it holds none.
    absl::Span<const GrantedBlock> held = blocks_->Of(x_addr);
    const bool spread = c.one_block_per_address;
    uint32_t start = held.empty() ? (c.pooling == Pooling::kPaired || spread ? PairedAddress(x_addr)
                                                                              : AddressStart(x_addr, y_addr, y_port))
                     : spread     ? (held.back().block.address_index + 1) % n
                                  : held.front().block.address_index;
    uint32_t tries = c.pooling == Pooling::kPaired && !spread ? 1 : n;
    for (uint32_t i = 0; i < tries; ++i) {
      uint32_t index = (start + i) % n;
      if (spread && std::any_of(held.begin(), held.end(),
                                [index](const GrantedBlock& g) { return g.block.address_index == index; })) {
        continue;
      }
      std::optional<PortBlock> b = blocks_->Grant(x_addr, index);
      if (!b) continue;
      figures_.peak_port_blocks = std::max(figures_.peak_port_blocks, blocks_->in_use());
      ++subscribers_[x_addr].blocks;
      if (auto m = try_range(b->address_index, b->lo, b->hi)) return m;
      blocks_->Return(x_addr, *b);
      --subscribers_[x_addr].blocks;
    }
    return std::nullopt;
  }
  uint16_t lo, hi;
  PortPicker::ClassRange(c, x_port, &lo, &hi);
  if (c.pooling == Pooling::kPaired) return try_range(PairedAddress(x_addr), lo, hi);
  uint32_t start = AddressStart(x_addr, y_addr, y_port);
  bool limited = false;
  for (uint32_t i = 0; i < n; ++i) {
    *reason = DropReason::kExhausted;
    if (auto m = try_range((start + i) % n, lo, hi)) return m;
    limited |= *reason == DropReason::kDestinationLimit;
  }
  if (limited) *reason = DropReason::kDestinationLimit;
  return std::nullopt;
}

uint32_t NatBox::PairedAddress(net::AddrId subscriber) const {
  // RFC 4787 REQ-2: every mapping of one inside address on one outside
  // address; the first choice is a keyed hash of the inside address.
  return static_cast<uint32_t>(Mix64(seed_ ^ subscriber) % outside_.size());
}

uint32_t NatBox::AddressStart(net::AddrId x_addr, net::AddrId y_addr, uint16_t y_port) const {
  // nf_nat_core.c find_best_ips_proto: a hash of the source, and of the
  // destination too unless PERSISTENT.
  uint64_t h = Mix64(seed_ ^ x_addr);
  if (!spec_.config.persistent) h = Mix64(h ^ (uint64_t{y_addr} << 16 | y_port));
  return static_cast<uint32_t>(h % outside_.size());
}

bool NatBox::PortFree(net::Protocol p, net::AddrId out, uint16_t port, net::AddrId y_addr, uint16_t y_port,
                      SimTime now) const {
  if (mappings_.ports().Held(p, out, port, now)) return false;
  if (!spec_.config.port_overlapping) return mappings_.PortUsers(p, out, port) == 0;
  const TupleKey port_key = TupleKey::Of(p, out, port, 0, 0);
  // RFC 7857 §3: only the 5-tuple must be unique (forwardings keep theirs).
  return !static_ports_.contains(port_key) && !sessions_.OutsideInUse(TupleKey::Of(p, out, port, y_addr, y_port));
}

bool NatBox::DestinationFull(net::Protocol p, net::AddrId out, net::AddrId y_addr, uint16_t y_port) const {
  const uint32_t limit = spec_.config.max_per_destination;
  return limit && sessions_.DestinationCount(TupleKey::Of(p, out, 0, y_addr, y_port)) >= limit;
}

uint32_t NatBox::AddMapping(net::Protocol p, net::AddrId x_addr, uint16_t x_port, uint32_t out_index,
                            uint16_t out_port, const TupleKey& key, bool is_static, SimTime now, bool placed) {
  Mapping m;
  m.protocol = p;
  m.inside_addr = x_addr;
  m.inside_port = x_port;
  m.outside_addr = outside_[out_index];
  m.outside_port = out_port;
  m.key = key;
  m.is_static = is_static;
  m.created = now;
  uint32_t id = mappings_.Add(m);
  if (blocks_ && !is_static) blocks_->AddUse(x_addr, out_index, out_port, p);
  if (!placed) ++figures_.mappings_created;
  figures_.peak_mappings = std::max<int64_t>(figures_.peak_mappings, mappings_.size());
  peak_ports_[out_index] = std::max(peak_ports_[out_index], mappings_.PortsInUse(m.outside_addr));
  NoteSubscriber(x_addr, +1);
  if (!placed) TraceMapping(id, trace::TraceKind::kNatMappingCreated, now);
  return id;
}

void NatBox::NoteSubscriber(net::AddrId subscriber, int delta) {
  SubscriberFigures& f = subscribers_[subscriber];
  f.ports += delta;
  f.peak_ports = std::max(f.peak_ports, f.ports);
  figures_.max_subscriber_ports = std::max(figures_.max_subscriber_ports, f.peak_ports);
}

uint32_t NatBox::AddSession(uint32_t mapping, net::AddrId y_addr, uint16_t y_port, bool inbound, SimTime now) {
  Mapping& m = mappings_.at(mapping);
  Session s;
  s.mapping = mapping;
  s.opened = now;
  s.state = InitialState(m.protocol);
  s.opened_inbound = inbound;
  s.inside = TupleKey::Of(m.protocol, m.inside_addr, m.inside_port, y_addr, y_port);
  s.outside = TupleKey::Of(m.protocol, m.outside_addr, m.outside_port, y_addr, y_port);
  ++m.sessions;
  uint32_t id = sessions_.Add(s);
  sessions_.SetExpiry(id, now + IdleTimeout(spec_.config.timeouts, s.state));
  figures_.peak_sessions = std::max<int64_t>(figures_.peak_sessions, sessions_.size());
  return id;
}

bool NatBox::Touch(uint32_t sid, uint8_t flags, bool from_inside, SimTime now) {
  Session& s = sessions_.at(sid);
  SessionState before = s.state;
  bool from_opener = from_inside != s.opened_inbound;
  const bool replied = s.replied;
  if ((flags & net::kRst) && !replied && spec_.config.rst_ends_unreplied &&
      s.protocol() == net::Protocol::kTcp) {
    // Linux, nf_conntrack_proto_tcp.c nf_conntrack_tcp_packet: without
    // IPS_SEEN_REPLY, "If only reply is a RST, we can consider ourselves
    // not to have an established connection: this is a fairly common
    // problem case, so we can delete the conntrack immediately." The RST
    // still passes (NF_ACCEPT); its outside port is free at once, not
    // held CLOSE for 10 s. (IPS_SEEN_REPLY is set after the packet is
    // handled, so an RST that is itself the first reply counts.)
    return true;
  }
  // Time gone back: SetExpiry below may move the expiry earlier, which
  // refreshes kept in the slots would hide.
  if (now < latest_) sessions_.ClearRefreshes(sid);
  SessionState after = NextState(s.state, flags, from_opener, &s.fins);
  if (!from_opener) s.replied = true;
  const Duration stream_delay = spec_.config.udp_stream_delay;
  if (before == SessionState::kUdpReplied ||
      (before == SessionState::kUdpUnreplied && after == SessionState::kUdpStream && stream_delay > Duration())) {
    // Linux, nf_conntrack_proto_udp.c nf_conntrack_udp_packet: once a reply
    // was seen (IPS_SEEN_REPLY, which nf_conntrack_in sets only after the
    // reply itself was handled, so the first reply still gets
    // UDP_CT_UNREPLIED), a packet either way refreshes the entry with
    // UDP_CT_UNREPLIED until one comes after stream_ts (the first packet +
    // 2 s: "Still active after two seconds? Extend timeout."); that one
    // gets UDP_CT_REPLIED, and the entry is ASSURED.
    after = before == SessionState::kUdpReplied && now > s.opened + stream_delay ? SessionState::kUdpStream
                                                                                 : SessionState::kUdpReplied;
  }
  if (after != before) sessions_.SetState(sid, after, s.opened_inbound);
  // Outbound packets restart the timer (RFC 4787 REQ-6, RFC 5382 REQ-5);
  // inbound ones when the profile says so; a state change always sets the
  // timer of the new state. (FastTouch does the same for packets that
  // change no state.)
  // Linux, nf_conntrack_proto_tcp.c nf_conntrack_tcp_packet: without
  // IPS_SEEN_REPLY, a bare SYN (TCP_SYN_SET) in SYN_SENT returns before
  // nf_ct_refresh_acct ("do not renew timeout on SYN retransmit"), so the
  // entry counts down from the first SYN (kernel 6.18: 119, 117, 115,
  // 112 s left at 0.5, 2.5, 4.5, 7.5 s, SYNs sent each second).
  const bool syn_retransmit = !replied && before == SessionState::kTcpSynSent &&
                              s.state == SessionState::kTcpSynSent && (flags & net::kSyn) &&
                              !(flags & net::kAck) && !spec_.config.syn_retransmit_refresh;
  if (!syn_retransmit && (from_inside || spec_.config.refresh_inbound || s.state != before)) {
    sessions_.SetExpiry(sid, now + IdleTimeout(spec_.config.timeouts, s.state));
  }
  return false;
}

// ----------------------------------------------------------------- inbound

NatResult NatBox::Inbound(const Segment& seg, SimTime now) {
  Expire(now);
  if (net::IsIcmp(seg.kind)) return InboundIcmp(seg, now);
  return InboundPacket(seg, now, /*hairpin=*/false);
}

NatResult NatBox::InboundIcmp(const Segment& seg, SimTime now) {
  // An ICMP error about a datagram the NAT sent as X':x' -> Y:y (RFC 5508
  // §4.2): the outer destination and the embedded source become X:x. It
  // neither refreshes nor ends the session (RFC 4787 REQ-12).
  const net::Protocol p = ProtocolOf(seg);
  std::optional<uint32_t> sid = sessions_.FindOutside(TupleKey::Of(p, seg.dst, seg.sport, seg.inner_dst, seg.dport));
  if (!sid) return Drop(seg, DropReason::kNoSession, now, false);
  const Mapping& m = mappings_.at(sessions_.at(*sid).mapping);
  NatResult r;
  r.action = NatResult::Action::kToInside;
  r.segment = seg;
  r.segment.dst = m.inside_addr;
  r.segment.sport = m.inside_port;
  ++figures_.icmp_translated;
  return r;
}

NatResult NatBox::InboundPacket(const Segment& seg, SimTime now, bool hairpin) {
  const net::Protocol p = ProtocolOf(seg);
  if (SessionRef* ref = sessions_.RefOutside(TupleKey::Of(p, seg.dst, seg.dport, seg.src, seg.sport))) {
    // A session's packet: from the slot alone unless it changes the state.
    if (!FastTouch(*ref, p, seg.flags, /*from_inside=*/false, now) && Touch(ref->id, seg.flags, false, now)) {
      const uint32_t sid = ref->id;
      NatResult r = TranslatedIn(seg, ref->addr, ref->port, now, hairpin);
      EndSession(sid, now);
      return r;
    }
    return TranslatedIn(seg, ref->addr, ref->port, now, hairpin);  // the slot holds X:x
  }
  // No session: a new one if the mapping's filtering lets the packet in.
  std::optional<uint32_t> sid;
  DropReason reason = DropReason::kNoMapping;
  std::optional<uint32_t> owner;
  auto fwd = static_ports_.find(TupleKey::Of(p, seg.dst, seg.dport, 0, 0));
  if (fwd != static_ports_.end()) owner = fwd->second;
  else if (!spec_.config.port_overlapping) owner = mappings_.Owner(p, seg.dst, seg.dport);
  if (!owner) {
    reason = spec_.config.port_overlapping && mappings_.PortUsers(p, seg.dst, seg.dport) ? DropReason::kFiltered
                                                                                         : DropReason::kNoMapping;
  } else {
    // RFC 4787 §5: who may send in on a mapping without a session.
    const Mapping& m = mappings_.at(*owner);
    const Dependence f = spec_.config.filtering;
    bool pass = m.is_static || f == Dependence::kEndpointIndependent ||
                (f == Dependence::kAddressDependent && sessions_.HasRemoteAddress(*owner, seg.src));
    if (pass && p == net::Protocol::kTcp && !IsBareSyn(seg)) {
      reason = DropReason::kNoSession;
    } else if (pass) {
      sid = AddSession(*owner, seg.src, seg.sport, /*inbound=*/true, now);
      Touch(*sid, seg.flags, false, now);
    } else {
      reason = DropReason::kFiltered;
    }
  }
  if (!sid) {
    NatResult r = Drop(seg, reason, now, false);
    if (IsBareSyn(seg) && !hairpin) {
      // RFC 5382 REQ-4: an unsolicited SYN is not answered for 6 s; an
      // outbound SYN for the same connection meanwhile makes it moot.
      switch (spec_.config.unsolicited_syn) {
        case UnsolicitedSyn::kDrop: break;
        case UnsolicitedSyn::kReject:
          r.has_reply = true;
          r.reply = net::IcmpErrorAbout(seg, SegmentKind::kIcmpPortUnreachable, seg.dst);
          ++figures_.icmp_sent;
          break;
        case UnsolicitedSyn::kHold:
          held_.push_back({now + spec_.config.syn_hold, seg});
          ++figures_.syns_held;
          break;
      }
    }
    return r;
  }
  const Mapping& m = mappings_.at(sessions_.at(*sid).mapping);
  return TranslatedIn(seg, m.inside_addr, m.inside_port, now, hairpin);
}

NatResult NatBox::TranslatedIn(const Segment& seg, net::AddrId in_addr, uint16_t in_port, SimTime now,
                               bool hairpin) {
  NatResult r;
  r.action = NatResult::Action::kToInside;
  r.segment = seg;
  r.segment.dst = in_addr;
  r.segment.dport = in_port;
  // A TCP segment with SYN, FIN or data draws an answer from X:x at once,
  // which Outbound finds in the inside index: start loading its slot.
  if (seg.kind == SegmentKind::kTcp && ((seg.flags & (net::kSyn | net::kFin)) || seg.length > 0)) {
    sessions_.PrefetchInside(TupleKey::Of(net::Protocol::kTcp, in_addr, in_port, seg.src, seg.sport));
  }
  if (!hairpin) ++figures_.translated_in;
  TraceTranslation(seg, r.segment, hairpin ? "hairpin-in" : "in", now);
  return r;
}

// ------------------------------------------------------------------ timers

void NatBox::Expire(SimTime now) {
  latest_ = std::max(latest_, now);
  if (sessions_.NextExpiry() <= now) {
    // Checking and ending a session reads its session, its two index
    // slots, its mapping, then the mapping's index slot, its port's entry
    // and its hold-down slot: at 10^6 mappings each a miss, and each known
    // only once the one before it is in. The batch is walked as a
    // pipeline: the session kSessionAhead entries ahead, its slots and
    // mapping kSlotAhead ahead, the mapping's slots kIndexAhead ahead.
    // (An entry that turns out stale or re-queued costs wasted prefetches
    // only; a mapping's memory stays when it ends.)
    constexpr size_t kSessionAhead = 12;
    constexpr size_t kSlotAhead = 8;
    constexpr size_t kIndexAhead = 4;
    auto end_if_due = [&](const SessionTable::Queued& e) {
      if (sessions_.CheckDue(e)) EndSession(e.id, now);
    };
    const std::vector<SessionTable::Queued>& due = sessions_.TakeDue(now);
    const size_t n = due.size();
    for (size_t i = 0; i < n; ++i) {
      if (i + kSessionAhead < n) sessions_.PrefetchSession(due[i + kSessionAhead]);
      // A session whose own expiry is later than its entry is only queued
      // again: what ending it reads (the outside slot, the mapping and its
      // slots) is not loaded for it.
      if (i + kSlotAhead < n) {
        const SessionTable::Queued& e = due[i + kSlotAhead];
        const bool ending = !sessions_.Requeues(e);
        const Session& s = sessions_.at(e.id);
        sessions_.PrefetchSlots(s, ending);
        if (ending) PrefetchForRead(&mappings_.at(s.mapping));
      }
      if (i + kIndexAhead < n && !sessions_.Requeues(due[i + kIndexAhead])) {
        const Mapping& m = mappings_.at(sessions_.at(due[i + kIndexAhead].id).mapping);
        mappings_.PrefetchIndexes(m);
      }
      // Sessions refreshed since they were queued, due again before this one.
      while (sessions_.EarlierDue(due[i], now)) end_if_due(sessions_.PopTop());
      end_if_due(due[i]);
    }
    while (sessions_.NextExpiry() <= now) end_if_due(sessions_.PopTop());
  }
  mappings_.ports().Release(now);
}

void NatBox::EndSession(uint32_t sid, SimTime now) {
  // Timers found late (a packet arrived after the expiry, before any
  // Advance) take effect at their own time: hold-down counts from then.
  now = std::min(now, sessions_.at(sid).expiry);
  uint32_t mapping = sessions_.at(sid).mapping;
  sessions_.Remove(sid);
  Mapping& m = mappings_.at(mapping);
  if (--m.sessions == 0 && !m.is_static) EndMapping(mapping, now);
}

void NatBox::EndMapping(uint32_t id, SimTime now) {
  Mapping m = mappings_.at(id);
  TraceMapping(id, trace::TraceKind::kNatMappingExpired, now);
  mappings_.Remove(id);
  ++figures_.mappings_expired;
  NoteSubscriber(m.inside_addr, -1);
  if (spec_.config.hold_down > Duration() && mappings_.PortUsers(m.protocol, m.outside_addr, m.outside_port) == 0) {
    mappings_.ports().Hold(m.protocol, m.outside_addr, m.outside_port, now + spec_.config.hold_down);
  }
  if (blocks_) {
    uint32_t index = static_cast<uint32_t>(std::find(outside_.begin(), outside_.end(), m.outside_addr) - outside_.begin());
    if (blocks_->RemoveUse(m.inside_addr, index, m.outside_port, m.protocol)) --subscribers_[m.inside_addr].blocks;
  }
}

void NatBox::Advance(SimTime now, std::vector<Segment>* to_outside) {
  Expire(now);
  while (!held_.empty() && held_.front().deadline <= now) {
    const Segment& syn = held_.front().seg;
    // Did the inside open the same connection meanwhile? Then the SYN is
    // silently forgotten; otherwise it gets ICMP port unreachable.
    bool opened = sessions_.FindOutside(TupleKey::Of(net::Protocol::kTcp, syn.dst, syn.dport, syn.src, syn.sport))
                      .has_value();
    if (!opened) {
      to_outside->push_back(net::IcmpErrorAbout(syn, SegmentKind::kIcmpPortUnreachable, syn.dst));
      ++figures_.icmp_sent;
    }
    held_.pop_front();
  }
}

SimTime NatBox::NextDeadline() const {
  SimTime t = sessions_.NextExpiry();
  if (!held_.empty()) t = std::min(t, held_.front().deadline);
  return t;
}

// ----------------------------------------------------------- drops, ICMP

NatResult NatBox::Drop(const Segment& seg, DropReason reason, SimTime now, bool outbound) {
  ++figures_.drops[reason];
  if (trace_) {
    trace::TraceEvent e;
    e.time = now;
    e.kind = trace::TraceKind::kNatDropped;
    e.host = spec_.name;
    e.flow = Flow(seg);
    std::string label = net::SegmentLabel(seg);
    e.what = label;
    e.result = DropReasonName(reason);
    e.state = outbound ? "out" : "in";
    trace_->OnEvent(e);
  }
  NatResult r;
  r.action = NatResult::Action::kDrop;
  r.drop_reason = reason;
  return r;
}

NatResult NatBox::Exhausted(const Segment& seg, DropReason reason, SimTime now) {
  NatResult r = Drop(seg, reason, now, true);
  // RFC 5508 REQ-8 (code 13) or RFC 6888 (code 1); never evict a live
  // mapping to make room.
  switch (spec_.config.exhaustion) {
    case Exhaustion::kDrop: return r;
    case Exhaustion::kIcmpAdminProhibited: r.reply = net::IcmpErrorAbout(seg, SegmentKind::kIcmpAdminProhibited, gateway_); break;
    case Exhaustion::kIcmpHostUnreachable: r.reply = net::IcmpErrorAbout(seg, SegmentKind::kIcmpHostUnreachable, gateway_); break;
  }
  r.has_reply = true;
  ++figures_.icmp_sent;
  return r;
}

NatResult NatBox::NoSessionOut(const Segment& seg, SimTime now) {
  NatResult r = Drop(seg, DropReason::kNoSession, now, true);
  if (!spec_.config.reset_stale_tcp || (seg.flags & net::kRst)) return r;
  // AWS NAT gateway: "When a connection times out, a NAT gateway returns an
  // RST packet to any resources behind the NAT gateway that attempt to
  // continue the connection (it does not send a FIN packet)."
  // (docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-comparison.html).
  // The RST comes from the destination, as RFC 9293 §3.10.7.1 builds one
  // for a segment no connection holds: to an ACK, <SEQ=SEG.ACK><CTL=RST>;
  // else <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
  Segment rst;
  rst.kind = SegmentKind::kTcp;
  rst.src = seg.dst;
  rst.sport = seg.dport;
  rst.dst = seg.src;
  rst.dport = seg.sport;
  if (seg.flags & net::kAck) {
    rst.flags = net::kRst;
    rst.seq = seg.ack;
  } else {
    rst.flags = net::kRst | net::kAck;
    rst.ack = seg.seq + seg.length + ((seg.flags & net::kFin) ? 1 : 0);
  }
  r.has_reply = true;
  r.reply = rst;
  return r;
}

// ------------------------------------------------------- trace, figures

net::FlowKey NatBox::Flow(const Segment& seg) const {
  net::FlowKey f;
  f.protocol = ProtocolOf(seg);
  f.local = {pool_.Get(seg.src), net::Port(seg.sport)};
  f.remote = {pool_.Get(seg.dst), net::Port(seg.dport)};
  return f;
}

void NatBox::TraceTranslation(const Segment& before, const Segment& after, std::string_view how, SimTime now) {
  if (!trace_) return;
  trace::TraceEvent e;
  e.time = now;
  e.kind = trace::TraceKind::kNatTranslated;
  e.host = spec_.name;
  e.flow = Flow(before);
  e.translated = Flow(after);
  std::string label = net::SegmentLabel(before);
  e.what = label;
  e.result = how;
  e.bytes = net::IsIcmp(before.kind) ? 0 : before.length;  // an ICMP error's is the quoted datagram's
  trace_->OnEvent(e);
}

void NatBox::TraceMapping(uint32_t id, trace::TraceKind kind, SimTime now) {
  if (!trace_) return;
  const Mapping& m = mappings_.at(id);
  trace::TraceEvent e;
  e.time = now;
  e.kind = kind;
  e.host = spec_.name;
  e.flow.protocol = m.protocol;
  e.flow.local = {pool_.Get(m.inside_addr), net::Port(m.inside_port)};
  e.flow.remote = {pool_.Get(m.outside_addr), net::Port(m.outside_port)};
  e.translated = e.flow;
  e.what = m.is_static ? "forward" : "mapping";
  e.result = kind == trace::TraceKind::kNatMappingCreated ? "created" : "expired";
  e.probes = 0;
  trace_->OnEvent(e);
}

NatFigures NatBox::figures() const {
  NatFigures f = figures_;
  f.mappings = static_cast<int64_t>(mappings_.size());
  f.sessions = static_cast<int64_t>(sessions_.size());
  f.port_blocks = blocks_ ? blocks_->in_use() : 0;
  for (size_t i = 0; i < outside_.size(); ++i) {
    std::string a = pool_.Get(outside_[i]).ToString();
    f.ports_in_use[a] = mappings_.PortsInUse(outside_[i]);
    f.peak_ports_in_use[a] = peak_ports_[i];
  }
  subscribers_.ForEach([&](net::AddrId a, const SubscriberFigures& s) { f.subscribers[pool_.Get(a).ToString()] = s; });
  return f;
}

NatSeriesPoint NatBox::SeriesPoint(SimTime now) const {
  NatSeriesPoint p;
  p.time = now;
  p.mappings = static_cast<int64_t>(mappings_.size());
  p.sessions = static_cast<int64_t>(sessions_.size());
  p.port_blocks = blocks_ ? blocks_->in_use() : 0;
  subscribers_.ForEach([&](net::AddrId, const SubscriberFigures& s) {
    if (s.ports <= 0) return;
    ++p.subscribers;
    p.max_subscriber_ports = std::max(p.max_subscriber_ports, s.ports);
  });
  p.ports_in_use.reserve(outside_.size());
  for (net::AddrId a : outside_) p.ports_in_use.push_back(mappings_.PortsInUse(a));
  p.translated_out = figures_.translated_out;
  p.translated_in = figures_.translated_in;
  p.hairpinned = figures_.hairpinned;
  p.drops = figures_.drops;
  return p;
}

std::vector<std::string> NatBox::OutsideNames() const {
  std::vector<std::string> names;
  for (net::AddrId a : outside_) names.push_back(pool_.Get(a).ToString());
  return names;
}

std::vector<NatTableRow> NatBox::Table(SimTime now) const {
  std::vector<NatTableRow> rows;
  auto endpoint = [&](net::AddrId a, uint16_t port) { return net::Endpoint{pool_.Get(a), net::Port(port)}; };
  sessions_.ForEach([&](uint32_t id, const Session& s) {
    const Mapping& m = mappings_.at(s.mapping);
    NatTableRow r;
    r.protocol = m.protocol;
    r.inside = endpoint(m.inside_addr, m.inside_port);
    r.outside = endpoint(m.outside_addr, m.outside_port);
    r.remote = endpoint(s.remote_addr(), s.remote_port());
    r.has_remote = true;
    r.state = std::string(SessionStateName(s.state));
    const SimTime expiry = sessions_.Expiry(id);
    r.left = expiry > now ? expiry - now : Duration();
    rows.push_back(std::move(r));
  });
  mappings_.ForEach([&](uint32_t, const Mapping& m) {
    if (!m.is_static || m.sessions > 0) return;
    NatTableRow r;
    r.protocol = m.protocol;
    r.inside = endpoint(m.inside_addr, m.inside_port);
    r.outside = endpoint(m.outside_addr, m.outside_port);
    r.state = "STATIC";
    rows.push_back(std::move(r));
  });
  std::sort(rows.begin(), rows.end(), [](const NatTableRow& a, const NatTableRow& b) {
    return std::tie(a.protocol, a.outside, a.remote, a.inside) < std::tie(b.protocol, b.outside, b.remote, b.inside);
  });
  return rows;
}

}  // namespace portlab::nat
