// The host's port tables: socket slots, bind buckets, the connection table,
// listeners, the per-destination usage index, and the testers the ephemeral
// strategies consult.
#include <algorithm>

#include "portlab/stack/host.h"
#include "portlab/stack/port_testers.h"

namespace portlab::stack {

// ------------------------------------------------------------ socket slots

const Socket* Host::Get(SocketId s) const { return sockets_.Lookup(s); }

void Host::Free(uint32_t index) {
  if (rare_) [[unlikely]] {
    if (sockets_[index].has_port_range) rare_->port_ranges.erase(index);
    rare_->apps.Forget(index);
  }
  sockets_.Free(index);
}

// ------------------------------------------------------------ tables

const Host::ProtocolTables Host::kNoTables{};

Host::ProtocolTables& Host::UdpTables() {
  if (!udp_) [[unlikely]] udp_ = std::make_unique<ProtocolTables>();
  return *udp_;
}

void Host::ReleaseSocket(uint32_t index) {
  Socket& s = sockets_[index];
  if (s.protocol == net::Protocol::kTcp && s.state != TcpState::kClosed) SetState(index, TcpState::kClosed);
  if (s.connected) RemoveConnection(index);
  RemoveListener(index);
  if (s.bound) RemoveOwner(index);
  Free(index);
}

// ------------------------------------------------------------ bind buckets

void Host::AddOwner(uint32_t index) {
  Socket& s = sockets_[index];
  const bool one_v4 = s.protocol == net::Protocol::kTcp && BindsOneV4(s.local_addr);
  if (ports(s.protocol).AddOwner(s, index, one_v4, knobs_->sharing == PortSharing::kUniquePort)) {
    NotePortsInUse(s.protocol);
  }
}

bool Host::BindsOneV4(net::AddrId a) const {
  if (a == net::kAnyV4Id || a == net::kAnyV6Id) return false;
  const net::IpAddress& ip = pool_.Get(a);
  // Loopback addresses (127/8: the first byte, bytes()[12]) are not
  // counted: any of them may be bound, so an owner on one says nothing
  // about the host's own address.
  if (ip.is_v4()) return !ip.IsUnspecified() && ip.bytes()[12] != 127;
  const std::optional<net::IpAddress> v4 = ip.MappedV4();
  return v4 && !v4->IsUnspecified() && v4->bytes()[12] != 127;
}

void Host::RecountOneV4(uint32_t index) {
  Socket& s = sockets_[index];
  if (!s.bound || s.protocol != net::Protocol::kTcp || s.counted_one_v4 == BindsOneV4(s.local_addr)) return;
  ports(s.protocol).FlipOneV4(s);
}

bool Host::OverlapsEveryOneV4Owner(const Socket& s) const {
  const net::IpAddress& ip = pool_.Get(s.local_addr);
  const net::IpAddress a = ip.MappedV4().value_or(ip);
  if (a.is_v6()) return a.IsUnspecified() && !s.v6only;
  if (a.IsUnspecified()) return true;
  // One IPv4 address besides loopback: every owner counted in
  // one_v4_owners (bound to one non-loopback IPv4 address) is on it, and
  // so is `s` unless it is bound to loopback (bind() takes only local
  // addresses).
  if (a.IsLoopback()) return false;
  int v4 = 0;
  for (const net::IpAddress& h : routes_.addresses()) v4 += h.MappedV4().value_or(h).is_v4();
  return v4 == 1;
}

void Host::RemoveOwner(uint32_t index) {
  Socket& s = sockets_[index];
  if (ports(s.protocol).RemoveOwner(s, sockets_, knobs_->sharing == PortSharing::kUniquePort)) {
    NotePortsInUse(s.protocol);
  }
}

void Host::NotePortsInUse(net::Protocol p) {
  counters_.NotePortsInUse(p, static_cast<int64_t>(ports(p).size()));
}

// -------------------------------------------------- connections, listeners

void Host::PrefetchFlow(const Socket& s, uint16_t port) const {
  // The connect()'s 4-tuple is known: the connection-table slot
  // AddConnection writes, and whatever routes the SYN (a NAT's session
  // index, where a new flow's lookup misses the cache), start loading
  // while the port's bind bucket is taken.
  conns(s.protocol).Prefetch(ConnKey{s.local_addr, s.remote_addr, port, s.remote_port});
  PrefetchRouteOf(s, port, net::kSyn);
}

void Host::PrefetchClose(SocketId id) const {
  const Socket* s = Get(id);
  if (s && s->protocol == net::Protocol::kTcp && s->user_open &&
      (s->state == TcpState::kEstablished || s->state == TcpState::kCloseWait)) {
    PrefetchRouteOf(*s, s->local_port, net::kFin | net::kAck);
  }
}

void Host::PrefetchRouteOf(const Socket& s, uint16_t port, uint8_t flags) const {
  net::Segment seg;
  seg.flags = flags;
  seg.src = s.local_addr;
  seg.sport = port;
  seg.dst = s.remote_addr;
  seg.dport = s.remote_port;
  env_.PrefetchRoute(seg);
}

void Host::AddConnection(uint32_t index) {
  Socket& s = sockets_[index];
  conns(s.protocol).Insert(KeyOf(s), index);
  // Only connect()-chosen ports are indexed by destination. An explicitly
  // bound port (bind() before connect(), or an accepted child on its
  // listener's port) is in explicit_ports while the socket lives, and every
  // reader of the destination index (ConnectTester, ConnectFailureCause)
  // rules those out first; a server would otherwise keep one DestUsage per
  // accepted connection.
  if (!s.explicit_bind) ports(s.protocol).AddDest(DestKey{s.local_addr, s.remote_addr, s.remote_port}, s.local_port);
  s.connected = true;
}

void Host::RemoveConnection(uint32_t index) {
  Socket& s = sockets_[index];
  // Guarded: two UDP sockets may connect the same 4-tuple; only the one in
  // the table leaves it.
  conns(s.protocol).Erase(KeyOf(s), index);
  if (!s.explicit_bind) ports(s.protocol).RemoveDest(DestKey{s.local_addr, s.remote_addr, s.remote_port}, s.local_port);
  s.connected = false;
}

void Host::AddListener(uint32_t index) {
  Socket& s = sockets_[index];
  conns(s.protocol).AddListener(s.local_port, index);
  s.listed = true;
}

void Host::RemoveListener(uint32_t index) {
  Socket& s = sockets_[index];
  if (!s.listed) return;
  s.listed = false;
  conns(s.protocol).RemoveListener(s.local_port, index);
}

// ------------------------------------------------------- port selection

PortRequest Host::RequestFor(uint32_t index, PortPurpose purpose) const {
  const Socket& s = sockets_[index];
  PortRequest r;
  r.purpose = purpose;
  r.range = knobs_->ip_local_port_range;
  if (s.has_port_range) {
    const auto [lo, hi] = rare_->port_ranges.at(index);
    r.socket_range_lo = lo;
    r.socket_range_hi = hi;
  }
  r.reuseaddr = s.reuseaddr;
  r.autobind_reuse = knobs_->ip_autobind_reuse;
  r.saddr = pool_.Get(s.local_addr);
  r.daddr = pool_.Get(s.remote_addr);
  r.dport = net::Port(s.remote_port);
  r.now = env_.Now();
  return r;
}

Errno Host::BindPort(uint32_t index, uint16_t port, bool explicit_bind) {
  Socket& s = sockets_[index];
  s.local_port = port;
  s.explicit_bind = explicit_bind;
  AddOwner(index);
  return Errno::kOk;
}

Errno Host::SelectBindPort(uint32_t index, bool explicit_bind) {
  Socket& s = sockets_[index];
  if (s.protocol == net::Protocol::kUdp && knobs_->udp_reserve > 0) {
    // XNU (Skywalk): an automatic UDP port is refused when fewer than
    // udp_reserve ports of the range would remain free.
    int64_t free_after = knobs_->ip_local_port_range.size() - fig(s.protocol).ports_in_use - 1;
    if (free_after < knobs_->udp_reserve) return Errno::kEADDRNOTAVAIL;
  }
  // TCP: the ports some owner bound to one IPv4 address holds, blocked for
  // sure when `s` overlaps every such owner (port_testers.h).
  const PortBitmap* blocked = nullptr;
  if (s.protocol == net::Protocol::kTcp) {
    PortTable& t = ports(s.protocol);
    t.IndexOneV4Ports();
    if (t.one_v4_ports().get() && OverlapsEveryOneV4Owner(s)) blocked = t.one_v4_ports().get();
  }
  const BindConflicts conflicts = ConflictsFor(s.protocol);
  BindTester tester(knobs_->reserved_ports.get(), blocked, [&](uint16_t port, bool relaxed) {
    return conflicts.First(s, port, relaxed, /*reuseport_ok=*/false).has_value();
  });
  PortPurpose purpose = s.protocol == net::Protocol::kTcp ? PortPurpose::kBind : PortPurpose::kUdpBind;
  PortSelection sel = StrategyFor(s).Select(RequestFor(index, purpose), tester);
  last_probes_ = sel.probes;
  stack::ProtocolFigures& f = fig(s.protocol);
  if (!sel.port) {
    ++f.failed_allocations;
    f.failed_allocation_probes += sel.probes;
    // Linux: inet_csk_get_port fails EADDRINUSE; udp_lib_get_port EAGAIN
    // through inet_autobind, EADDRINUSE through bind().
    return s.protocol == net::Protocol::kTcp ? Errno::kEADDRINUSE : Errno::kEAGAIN;
  }
  ++f.allocations;
  f.allocation_probes += sel.probes;
  return BindPort(index, sel.port->value(), explicit_bind);
}

bool Host::TimeWaitRecyclable(const Socket& tw, bool bound_socket) const {
  const int reuse = TwReuseFor(knobs_->tcp_tw_reuse, pool_.IsLoopback(tw.local_addr),
                               pool_.IsLoopback(tw.remote_addr));
  return TimeWaitTakenByConnect(*knobs_, reuse, bound_socket, tw.time_wait_since, env_.Now());
}

Errno Host::SelectConnectPort(uint32_t index) {
  Socket& s = sockets_[index];
  DestKey key{s.local_addr, s.remote_addr, s.remote_port};
  const int reuse = TwReuseFor(knobs_->tcp_tw_reuse, pool_.IsLoopback(s.local_addr),
                               pool_.IsLoopback(s.remote_addr));
  const PortRequest request = RequestFor(index, PortPurpose::kConnect);
  ConnectTester tester(ports(net::Protocol::kTcp), conns(net::Protocol::kTcp), sockets_, *knobs_, key,
                       reuse != 0 && knobs_->tcp_timestamps, request.now);
  PortSelection sel = StrategyFor(s).Select(request, tester);
  last_probes_ = sel.probes;
  stack::ProtocolFigures& f = fig(net::Protocol::kTcp);
  f.connect_probes.Add(sel.probes);
  if (!sel.port) {
    ++f.failed_allocations;
    f.failed_allocation_probes += sel.probes;
    return Errno::kEADDRNOTAVAIL;
  }
  ++f.allocations;
  f.allocation_probes += sel.probes;
  uint16_t port = sel.port->value();
  PrefetchFlow(s, port);
  // A recyclable TIME-WAIT on the chosen 4-tuple gives way to the new socket
  // (looked up only when the port is in use toward this destination).
  if (tester.UsedTowardDestination(port)) {
    const uint32_t holder = conns(net::Protocol::kTcp).Find(ConnKey{s.local_addr, s.remote_addr, port, s.remote_port});
    if (holder != kNoSocket) {
      s.snd_nxt = InitialSequence::AfterTimeWait(sockets_[holder].snd_nxt);  // tcp_twsk_unique
      ReleaseSocket(holder);
    }
  }
  s.local_port = port;
  s.explicit_bind = false;
  AddOwner(index);
  return Errno::kOk;
}

FailureCause Host::ConnectFailureCause(uint32_t index) const {
  const Socket& s = sockets_[index];
  // Classify what holds the candidates: an operator needs to know whether
  // TIME-WAIT, live connections or bound sockets used the range up. Only
  // "which kinds hold any" matters, found a 64-port word at a time: a
  // client past exhaustion fails every connect(), and a per-port walk of
  // the range made each failure cost ~28,000 hash lookups.
  PortRequest r = RequestFor(index, PortPurpose::kConnect);
  net::PortRange range = EffectiveRange(r);
  const PortTable& t = tcp_.ports;
  const DestUsage* dest = t.FindDest(DestKey{s.local_addr, s.remote_addr, s.remote_port});
  const PortBitmap* reserved = knobs_->reserved_ports.get();
  const int lo = range.lo.value(), hi = range.hi.value();
  bool bound = false, live = false, tw = false;
  // What each kind could still add: a kind with nothing anywhere (no
  // explicitly bound port, no live or no TIME-WAIT port toward this
  // destination) cannot turn up in the range, so the walk stops once the
  // kinds that can are found. Past exhaustion with every candidate in
  // TIME-WAIT that is at the first word, not after the whole range.
  const bool may_bound = t.explicit_port_count() > 0;
  const bool may_tw = dest != nullptr && dest->time_wait_count() > 0;
  const bool may_live = dest != nullptr && dest->count() > dest->time_wait_count();
  auto settled = [&] {
    return live || (bound && tw) ||
           ((bound || !may_bound) && (tw || !may_tw) && (live || !may_live));
  };
  for (int w = lo >> 6; w <= hi >> 6 && !settled(); ++w) {
    uint64_t in_range = ~uint64_t{0};
    if (w == lo >> 6) in_range &= ~uint64_t{0} << (lo & 63);
    if (w == hi >> 6 && (hi & 63) != 63) in_range &= (uint64_t{1} << ((hi & 63) + 1)) - 1;
    if (reserved) in_range &= ~reserved->word(w);
    const uint64_t explicit_bits = t.explicit_ports().word(w) & in_range;
    bound |= explicit_bits != 0;
    if (dest == nullptr || !dest->has_bits()) continue;
    const uint64_t used = dest->used_word(w) & in_range & ~explicit_bits;
    const uint64_t in_tw = used & dest->tw_word(w);
    tw |= in_tw != 0;
    live |= (used & ~in_tw) != 0;
  }
  if (dest != nullptr && !dest->has_bits()) {
    // A short list: at most DestUsage::kListLimit ports.
    for (uint16_t p : dest->listed_ports()) {
      if (p < lo || p > hi || knobs_->Reserved(p) || t.explicit_ports().Test(p)) continue;
      const uint32_t c = tcp_.conns.Find(ConnKey{s.local_addr, s.remote_addr, p, s.remote_port});
      if (c != kNoSocket && sockets_[c].state == TcpState::kTimeWait) tw = true; else live = true;
    }
  }
  if (tw && !live && !bound) return FailureCause::kAllCandidatesInTimeWait;
  if (bound && !live && !tw) return FailureCause::kPortsHeldByBoundSockets;
  return FailureCause::kRangeUsedUp;
}

}  // namespace portlab::stack
