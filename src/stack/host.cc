// The socket API of a Host: socket, setsockopt, bind, listen, connect, send,
// close, abort. Each call returns the errno the modelled OS returns and
// records success or failure (with its cause) in the host's figures.
#include "portlab/stack/host.h"

#include <algorithm>
#include <array>
#include <optional>

#include "absl/strings/str_cat.h"
#include "portlab/stack/payload_limits.h"

namespace portlab::stack {

// A run of 10^6 subscriber hosts holds 10^6 of these (bench/README.md,
// "cgnat-day"): what most hosts never use is made on first use (host.h), and
// state added inline should be worth a gigabyte there. 1,424 bytes with
// libstdc++ (HostCounters 384, SocketSlots 288, TCP's PortTable 280 and
// ConnectionTable 80, SourceRouter 144, TimeWaitQueue 32; the knobs are
// the profile's, shared, until a sysctl sets one).
inline constexpr size_t kHostBytesLimit = 1440;
static_assert(sizeof(Host) <= kHostBytesLimit, "a Host grew: make the new state lazy, or raise the limit knowingly");

Host::Host(std::string name, std::vector<net::IpAddress> addresses,
           const OsProfile& profile, uint64_t seed, net::AddressPool& pool,
           HostEnvironment& env)
    : name_(std::move(name)),
      profile_(profile),
      knobs_(&profile.knobs),
      pool_(pool),
      env_(env),
      trace_(env.trace()),
      seed_(seed),
      isn_(profile.isn_rule, DeriveSeed(seed, "isn")),
      // The host's first random draw, as when it kept the generator.
      reuseport_key_(Rng(DeriveSeed(seed, "host-rng")).Next64()),
      routes_(std::move(addresses), pool) {}

void Host::MakeStrategyFor(net::Protocol p) {
  const std::string& name = p == net::Protocol::kTcp ? knobs_->tcp_strategy : knobs_->udp_strategy;
  const uint64_t seed = DeriveSeed(seed_, p == net::Protocol::kTcp ? "strategy-tcp" : "strategy-udp");
  // Knob setters accept only registered names, so this cannot fail.
  strategy_[static_cast<int>(p)] = MakeStrategy(name, seed).value();
}

EphemeralStrategy& Host::RandomStrategy(net::Protocol p) {
  std::unique_ptr<EphemeralStrategy>& s = rare().random_strategy[static_cast<int>(p)];
  if (!s) {
    s = MakeStrategy("bsd", DeriveSeed(seed_, p == net::Protocol::kTcp ? "randomport-tcp" : "randomport-udp"))
            .value();
  }
  return *s;
}

Host::RareState& Host::rare() {
  if (!rare_) rare_ = std::make_unique<RareState>();
  return *rare_;
}

const stack::ProtocolFigures& Host::figures(net::Protocol p) const { return counters_.Folded(p); }

absl::Status Host::SetSysctl(std::string_view name, std::string_view value) {
  std::unique_ptr<Knobs>& own = rare().knobs;
  if (!own) {
    own = std::make_unique<Knobs>(*knobs_);
    knobs_ = own.get();
  }
  absl::Status s = profile_.set_knob(*own, name, value);
  if (!s.ok()) return s;
  // A strategy the knob renamed is made anew, from its seed, at its next use.
  for (net::Protocol p : {net::Protocol::kTcp, net::Protocol::kUdp}) {
    std::unique_ptr<EphemeralStrategy>& strategy = strategy_[static_cast<int>(p)];
    const std::string& wanted = p == net::Protocol::kTcp ? knobs_->tcp_strategy : knobs_->udp_strategy;
    if (strategy && strategy->name() != wanted) strategy.reset();
  }
  return s;
}

Errno Host::Fail(net::Protocol p, Errno e, FailureCause cause, const net::Endpoint* asked) {
  stack::ProtocolFigures& f = fig(p);
  ++f.calls;
  ++f.failures[std::string(ErrnoName(e))][std::string(CauseName(cause))];
  last_cause_ = cause;
  // Every failed call shows in the trace, whichever check refused it.
  if (call_index_ != kNoSocket) TraceCall(call_name_, call_index_, e, asked);
  return e;
}

void Host::Succeed(net::Protocol p) {
  ++fig(p).calls;
  ++fig(p).successes;
  last_cause_ = FailureCause::kNone;
}

SocketId Host::OpenSocket(net::Protocol protocol, bool v6) {
  uint32_t index = sockets_.Allocate(protocol, v6);
  // inet6_create: sk_ipv6only starts as net.ipv6.bindv6only.
  if (v6 && knobs_->bindv6only) sockets_[index].v6only = true;
  return SocketId{index, sockets_[index].generation};
}

Errno Host::SetOptions(SocketId id, const SocketOptionSet& o) {
  Socket* s = BeginCall("setsockopt", id);
  if (!s) return Errno::kEBADF;
  if (o.local_port_range) {
    auto [lo, hi] = *o.local_port_range;
    // do_ip_setsockopt IP_LOCAL_PORT_RANGE: both set and lo > hi is EINVAL.
    if (lo != 0 && hi != 0 && lo > hi) return Fail(s->protocol, Errno::kEINVAL, FailureCause::kLocalPortRangeInverted);
    s->has_port_range = lo != 0 || hi != 0;
    if (s->has_port_range) {
      rare().port_ranges[id.index] = {lo, hi};
    } else if (rare_) {
      rare_->port_ranges.erase(id.index);
    }
  }
  s->reuseaddr = o.reuseaddr;
  s->reuseport = o.reuseport;
  s->bind_address_no_port = o.bind_address_no_port;
  s->randomport = o.randomport;
  s->exclusiveaddruse = o.exclusiveaddruse;
  s->broadcast = o.broadcast;
  if (s->v6 && o.v6only) s->v6only = *o.v6only;
  s->uid = o.uid;
  return Errno::kOk;
}

Errno Host::Bind(SocketId id, const net::Endpoint& local) {
  Socket* s = BeginCall("bind", id);
  if (!s) return Errno::kEBADF;
  const net::Protocol p = s->protocol;
  uint32_t index = id.index;
  // Checked in __inet_bind / __inet6_bind's order: family, address, port
  // privilege, then whether the socket already has a port (a socket bound
  // with IP_BIND_ADDRESS_NO_PORT has none yet and may bind again).
  if (!s->v6 && local.address.is_v6()) return Fail(p, Errno::kEAFNOSUPPORT, FailureCause::kV6AddressOnV4Socket, &local);
  // __inet6_bind: an IPv6 multicast address on a stream socket is EINVAL
  // before anything else is looked at.
  const bool v6_multicast = local.address.is_v6() && local.address.bytes()[0] == 0xff;
  if (v6_multicast && p == net::Protocol::kTcp) return Fail(p, Errno::kEINVAL, FailureCause::kMulticastOnTcp, &local);
  const std::optional<net::IpAddress> mapped = local.address.MappedV4();
  if (mapped && s->v6only) return Fail(p, Errno::kEINVAL, FailureCause::kMappedAddressOnV6Only, &local);
  // A mapped address is the IPv4 address it names, so ::ffff:0.0.0.0 is
  // the IPv4 wildcard.
  const bool wildcard = mapped.value_or(local.address).IsUnspecified();
  // A broadcast or multicast address binds as one of ours does
  // (__inet_bind: inet_addr_valid_or_nonlocal takes RTN_LOCAL,
  // RTN_MULTICAST and RTN_BROADCAST); the socket then sends from the
  // route's source (SourceRouter::IsGroupAddress). lo's 127.255.255.255 is
  // both ours and a broadcast address.
  const bool owned = wildcard || OwnsAddress(local.address);
  const bool group = !wildcard && (!owned || local.address.IsLoopback()) && routes_.IsGroupAddress(local.address);
  if (!owned && !group) {
    return Fail(p, Errno::kEADDRNOTAVAIL, FailureCause::kAddressNotLocal, &local);
  }
  uint16_t port = local.port.value();
  // Ports below ip_unprivileged_port_start need CAP_NET_BIND_SERVICE,
  // which root has.
  if (port != 0 && port < knobs_->ip_unprivileged_port_start && s->uid != 0) {
    return Fail(p, Errno::kEACCES, FailureCause::kPrivilegedPort, &local);
  }
  if (s->bound) return Fail(p, Errno::kEINVAL, FailureCause::kAlreadyBound, &local);
  // __inet6_bind: an interface- or link-local multicast address (ff01::/16,
  // ff02::/16) needs an interface (sin6_scope_id), which no step gives.
  if (v6_multicast && (local.address.bytes()[1] & 0x0f) <= 2) {
    return Fail(p, Errno::kEINVAL, FailureCause::kLinkScopeMulticast, &local);
  }
  s->local_addr = pool_.Intern(local.address);
  s->group_address = group;
  s->address_only = false;
  // __inet6_bind: a socket bound to a specific IPv6 address can only ever
  // speak IPv6.
  if (s->v6 && !mapped && !local.address.IsUnspecified()) s->v6only = true;
  if (port == 0 && s->bind_address_no_port) {
    // IP_BIND_ADDRESS_NO_PORT: keep the address, let connect() pick the port
    // with the 4-tuple in view.
    s->address_only = true;
    Succeed(p);
    TraceCall("bind", index, Errno::kOk);
    return Errno::kOk;
  }
  if (port == 0) {
    if (Errno e = SelectBindPort(index, /*explicit_bind=*/true); e != Errno::kOk) {
      // bind() reports EADDRINUSE for both protocols (inet_csk_get_port,
      // udp_lib_get_port); macOS's UDP reserve EADDRNOTAVAIL.
      s->local_addr = s->v6 ? net::kAnyV6Id : net::kAnyV4Id;
      s->group_address = false;
      if (e == Errno::kEADDRNOTAVAIL) return Fail(p, e, FailureCause::kUdpPortReserve, &local);
      return Fail(p, Errno::kEADDRINUSE, FailureCause::kRangeUsedUp, &local);
    }
  } else {
    const BindConflicts conflicts = ConflictsFor(p);
    if (conflicts.First(*s, port, /*relax=*/true, /*reuseport_ok=*/true)) {
      FailureCause cause = conflicts.Cause(*s, port);
      s->local_addr = s->v6 ? net::kAnyV6Id : net::kAnyV4Id;
      s->group_address = false;
      Fail(p, Errno::kEADDRINUSE, cause, &local);
      return Errno::kEADDRINUSE;
    }
    last_probes_ = 0;
    BindPort(index, port, /*explicit_bind=*/true);
  }
  if (p == net::Protocol::kUdp) AddListener(index);
  Succeed(p);
  TraceCall("bind", index, Errno::kOk);
  return Errno::kOk;
}

Errno Host::Listen(SocketId id) {
  Socket* s = BeginCall("listen", id);
  if (!s) return Errno::kEBADF;
  uint32_t index = id.index;
  if (s->protocol != net::Protocol::kTcp) return Fail(s->protocol, Errno::kEOPNOTSUPP, FailureCause::kListenOnUdp);
  if (s->connected) return Fail(net::Protocol::kTcp, Errno::kEINVAL, FailureCause::kSocketConnected);
  if (s->state == TcpState::kListen) {
    Succeed(net::Protocol::kTcp);
    return Errno::kOk;
  }
  if (!s->bound) {
    s->address_only = false;
    Errno e = SelectBindPort(index, /*explicit_bind=*/true);
    if (e != Errno::kOk) {
      Fail(net::Protocol::kTcp, e, FailureCause::kRangeUsedUp);
      return e;
    }
  } else {
    // inet_csk_listen_start re-checks the port with the state set to LISTEN:
    // two SO_REUSEADDR sockets may share addr:port, but only one may listen.
    s->state = TcpState::kListen;
    bool conflict = ConflictsFor(net::Protocol::kTcp).First(*s, s->local_port, true, true).has_value();
    s->state = TcpState::kClosed;
    if (conflict) {
      Fail(net::Protocol::kTcp, Errno::kEADDRINUSE, FailureCause::kAnotherListener);
      return Errno::kEADDRINUSE;
    }
  }
  SetState(index, TcpState::kListen);
  AddListener(index);
  Succeed(net::Protocol::kTcp);
  TraceCall("listen", index, Errno::kOk);
  return Errno::kOk;
}

void Host::SetCloseAfter(SocketId id, Duration d) {
  if (sockets_.Lookup(id)) rare().apps.SetCloseAfter(id.index, d);
}

namespace {

// 0.0.0.0, ::ffff:0.0.0.0 or ::. Two loads for any other destination.
bool IsUnspecifiedDestination(const net::IpAddress& a) {
  if (a.IsUnspecified()) return true;
  const std::array<uint8_t, 16>& b = a.bytes();
  return a.is_v6() && (b[12] | b[13] | b[14] | b[15]) == 0 && a.MappedV4().has_value();
}

// Where a connect() or sendto() toward 0.0.0.0 or :: goes: this host.
// IPv4 (net/ipv4/route.c ip_route_output_key_hash_rcu): `if (!fl4->daddr)
// { fl4->daddr = fl4->saddr; if (!fl4->daddr) fl4->daddr = fl4->saddr =
// htonl(INADDR_LOOPBACK); }`, the socket's own source address or
// 127.0.0.1 (a socket bound to a broadcast or multicast address has none,
// __inet_bind). IPv6 (tcp_v6_connect, ip6_datagram_connect,
// udpv6_sendmsg): `::` is in6addr_loopback, or ::ffff:127.0.0.1 on a
// socket bound to an IPv4-mapped address, which then takes the IPv4 path.
// An AF_INET6 socket gets the address in its own family.
net::IpAddress ThisHostFor(const net::IpAddress& to, const net::IpAddress& bound, bool group_address,
                           bool v6_socket) {
  const std::optional<net::IpAddress> bound4 = bound.is_v4() ? std::optional(bound) : bound.MappedV4();
  const net::IpAddress loopback4 = net::IpAddress::V4(0x7f000001);
  net::IpAddress dest;
  if (to.is_v6() && !to.MappedV4()) {
    if (!bound4) return net::IpAddress::V6({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    dest = loopback4;
  } else {
    dest = bound4 && !bound4->IsUnspecified() && !group_address ? *bound4 : loopback4;
  }
  return v6_socket ? dest.AsV6() : dest;
}

}  // namespace

Errno Host::Connect(SocketId id, const net::Endpoint& to) {
  Socket* s = BeginCall("connect", id);
  if (!s) return Errno::kEBADF;
  const net::Protocol p = s->protocol;
  ++fig(p).connect_calls;
  uint32_t index = id.index;
  // __inet_stream_connect: a connect in progress is EALREADY; any other
  // state but CLOSED (listening, connected) is EISCONN.
  if (p == net::Protocol::kTcp && s->state == TcpState::kSynSent) return Fail(p, Errno::kEALREADY, FailureCause::kConnectAlreadyInProgress);
  if (p == net::Protocol::kTcp && s->state != TcpState::kClosed) return Fail(p, Errno::kEISCONN, FailureCause::kListeningOrConnected);
  if (!s->v6 && to.address.is_v6()) return Fail(p, Errno::kEAFNOSUPPORT, FailureCause::kV6DestinationOnV4Socket);
  // An IPv6-only socket cannot reach an IPv4 (mapped) destination
  // (tcp_v6_connect, udpv6 ip6_datagram_connect: ENETUNREACH).
  if (s->v6 && s->v6only && (to.address.is_v4() || to.address.MappedV4())) {
    return Fail(p, Errno::kENETUNREACH, FailureCause::kV4DestinationOnV6Only);
  }
  // Toward 0.0.0.0 or :: the connection is to this host (ThisHostFor).
  const bool to_this_host = IsUnspecifiedDestination(to.address);
  net::Endpoint here;
  if (to_this_host) [[unlikely]] {
    here = {ThisHostFor(to.address, pool_.Get(s->local_addr), s->group_address, s->v6), to.port};
  }
  const net::Endpoint& remote = to_this_host ? here : to;
  // A socket bound to a broadcast or multicast address sends from the
  // route's source, as an unbound one does (__inet_bind: inet_saddr = 0).
  net::AddrId source = routes_.SourceFor(s->group_address ? net::kAnyV4Id : s->local_addr, remote.address);
  if (source >= kLoopbackSourceOffHost || routes_.last_kind() == RouteKind::kBroadcast) {
    if (Errno e = RouteFailure(*s, source); e != Errno::kOk) return e;
  }
  net::AddrId remote_id = routes_.RemoteId(remote.address);

  if (p == net::Protocol::kUdp) {
    // inet_dgram_connect autobinds on the wildcard first, then the socket
    // takes the route's source address (ip4_datagram_connect).
    if (!s->bound) {
      Errno e = SelectBindPort(index, /*explicit_bind=*/false);
      if (e == Errno::kEADDRNOTAVAIL) return Fail(p, e, FailureCause::kUdpPortReserve);
      if (e != Errno::kOk) return Fail(p, Errno::kEAGAIN, FailureCause::kRangeUsedUp);
    } else {
      RemoveListener(index);
    }
    if (s->connected) RemoveConnection(index);
    s->address_only = false;
    // ip4_datagram_connect / ip6_datagram_connect set the receive address
    // only where it is the wildcard: a group address stays.
    if (!s->group_address) s->local_addr = source;
    RecountOneV4(index);
    s->remote_addr = remote_id;
    s->remote_port = remote.port.value();
    AddConnection(index);
    Succeed(p);
    TraceCall("connect", index, Errno::kOk);
    return Errno::kOk;
  }

  if (!MakeRoomForPcb()) return Fail(p, Errno::kENOMEM, FailureCause::kPcbPoolFull);
  s->remote_addr = remote_id;
  s->remote_port = remote.port.value();
  net::AddrId old_local = s->local_addr;
  s->local_addr = source;
  if (s->bound) {
    RecountOneV4(index);
    fig(p).connect_probes.Add(0);
    // __inet_hash_connect with a port: only the 4-tuple check, and a
    // TIME-WAIT on it may be taken at once (twp == NULL).
    const uint32_t holder = conns(p).Find(KeyOf(*s));
    if (holder != kNoSocket) {
      const Socket& other = sockets_[holder];
      if (other.state == TcpState::kTimeWait && TimeWaitRecyclable(other, true)) {
        s->snd_nxt = InitialSequence::AfterTimeWait(other.snd_nxt);
        ReleaseSocket(holder);
      } else {
        s->local_addr = old_local;
        RecountOneV4(index);
        Fail(p, Errno::kEADDRNOTAVAIL, FailureCause::kFourTupleInUse);
        return Errno::kEADDRNOTAVAIL;
      }
    }
    last_probes_ = 0;
    PrefetchFlow(*s, s->local_port);
  } else {
    Errno e = SelectConnectPort(index);  // hints the flow once it has the port
    if (e != Errno::kOk) {
      FailureCause cause = ConnectFailureCause(index);
      s->local_addr = old_local;
      Fail(p, e, cause);
      return e;
    }
  }
  AddConnection(index);
  s->address_only = false;
  // tcp_v4_connect: with no source address the route's becomes the
  // receive address too (inet_bhash2_update_saddr).
  s->group_address = false;
  TraceCall("connect", index, Errno::kEINPROGRESS);
  SetState(index, TcpState::kSynSent);
  s->syn_transmissions = 1;
  // tcp_v4_connect: write_seq, unless a TIME-WAIT handed one over.
  s->snd_nxt = (s->snd_nxt != 0 ? s->snd_nxt : ConnectIsn(*s)) + 1;
  SendTcp(index, net::kSyn);
  ArmSynTimer(index);
  return Errno::kEINPROGRESS;
}

Errno Host::RouteFailure(const Socket& s, net::AddrId source) {
  const net::Protocol p = s.protocol;
  // ip_route_connect / ip_route_output_flow: no route is ENETUNREACH.
  if (source == kNetUnreachable) return Fail(p, Errno::kENETUNREACH, FailureCause::kNoRouteToNetwork);
  if (source == kNoRoute) return Fail(p, Errno::kEADDRNOTAVAIL, FailureCause::kNoSourceAddress);
  const RouteKind kind = routes_.last_kind();
  if (source == kLoopbackSourceOffHost) {
    // __mkroute_output: a loopback source may leave only through lo.
    return Fail(p, Errno::kEINVAL, FailureCause::kLoopbackSourceOffHost);
  }
  // tcp_v4_connect: a broadcast route is ENETUNREACH for TCP; udp_sendmsg
  // and ip4_datagram_connect: EACCES without SO_BROADCAST.
  if (kind == RouteKind::kBroadcast && p == net::Protocol::kTcp) {
    return Fail(p, Errno::kENETUNREACH, FailureCause::kBroadcastOnTcp);
  }
  if (kind == RouteKind::kBroadcast && !s.broadcast) {
    return Fail(p, Errno::kEACCES, FailureCause::kBroadcastWithoutOption);
  }
  return Errno::kOk;
}

Errno Host::Send(SocketId id, int64_t bytes, const std::optional<net::Endpoint>& to) {
  Socket* s = BeginCall("send", id);
  if (!s) return Errno::kEBADF;
  const net::Protocol p = s->protocol;
  uint32_t index = id.index;
  uint32_t length = static_cast<uint32_t>(std::clamp<int64_t>(bytes, 0, UINT32_MAX));
  if (p == net::Protocol::kTcp) {
    // sk_stream_wait_connect: still connecting is EAGAIN (non-blocking);
    // never connected is EPIPE.
    if (s->state == TcpState::kSynSent) return Fail(p, Errno::kEAGAIN, FailureCause::kConnectInProgress);
    if (s->state != TcpState::kEstablished && s->state != TcpState::kCloseWait) {
      return Fail(p, Errno::kEPIPE, FailureCause::kNotConnected);
    }
    SendTcp(index, net::kPsh | net::kAck, length);
    Succeed(p);
    return Errno::kOk;
  }
  if (!s->bound) {
    // send() and sendto() on an unbound socket autobind first
    // (inet_sendmsg -> inet_send_prepare -> inet_autobind: EAGAIN), so the
    // socket keeps its port even when udp_sendmsg then refuses the call.
    if (Errno e = SelectBindPort(index, /*explicit_bind=*/false); e != Errno::kOk) {
      if (e == Errno::kEADDRNOTAVAIL) return Fail(p, e, FailureCause::kUdpPortReserve);
      return Fail(p, Errno::kEAGAIN, FailureCause::kRangeUsedUp);
    }
    AddListener(index);
    // The port this send() chose shows in the trace (its probes), before
    // its datagram; a send on a bound socket is traced only when it fails.
    TraceCall("send", index, Errno::kOk);
  }
  // udp_sendmsg (net/ipv4/udp.c): no peer and no address is EDESTADDRREQ;
  // an address with port 0 is EINVAL (`if (dport == 0) return -EINVAL`),
  // before any route is looked up, as udpv6_sendmsg (net/ipv6/udp.c) does
  // (`if (sin6->sin6_port == 0) return -EINVAL`). A connected socket's
  // peer port is not checked: connect() to port 0 and send() succeed.
  // Toward IPv4 (mapped too), udp_sendmsg's `len > 0xFFFF` EMSGSIZE comes
  // before the address is read; udpv6_sendmsg reads it first.
  if (!s->connected && !to) return Fail(p, Errno::kEDESTADDRREQ, FailureCause::kNoDestination);
  if (to && to->port.value() == 0 &&
      (bytes <= 0xFFFF || (to->address.is_v6() && !to->address.MappedV4()))) {
    return Fail(p, Errno::kEINVAL, FailureCause::kDestinationPortZero);
  }
  net::Segment seg;
  seg.kind = net::SegmentKind::kUdp;
  seg.sport = s->local_port;
  seg.length = length;
  // udp_sendmsg: an address given to sendto() wins over the connected peer.
  if (to) {
    // Toward 0.0.0.0 or ::, this host (ThisHostFor; udp_sendmsg takes the
    // route's daddr: `if (!ipc.addr) daddr = ipc.addr = fl4->daddr`).
    net::IpAddress here;
    const bool to_this_host = IsUnspecifiedDestination(to->address);
    if (to_this_host) [[unlikely]] here = ThisHostFor(to->address, pool_.Get(s->local_addr), s->group_address, s->v6);
    const net::IpAddress& to_address = to_this_host ? here : to->address;
    net::AddrId src = routes_.SourceFor(s->group_address ? net::kAnyV4Id : s->local_addr, to_address);
    if (src >= kLoopbackSourceOffHost || routes_.last_kind() == RouteKind::kBroadcast) {
      if (Errno e = RouteFailure(*s, src); e != Errno::kOk) return e;
    }
    seg.src = src;
    seg.dst = routes_.RemoteId(to_address);
    seg.dport = to->port.value();
  } else {
    seg.src = s->local_addr;
    if (s->group_address) [[unlikely]] {
      // udp_sendmsg: inet_saddr is 0, the route to the peer gives the source.
      const net::AddrId src = routes_.SourceFor(net::kAnyV4Id, pool_.Get(s->remote_addr));
      if (src < kLoopbackSourceOffHost) seg.src = src;
    }
    seg.dst = s->remote_addr;
    seg.dport = s->remote_port;
  }
  // udp_sendmsg (net/ipv4/udp.c): `if (len > 0xFFFF) return -EMSGSIZE;`,
  // and __ip_append_data (net/ipv4/ip_output.c) refuses what with its UDP
  // header passes IP_MAX_MTU (0xFFFF) less the 20-byte IP header: 65,507
  // bytes. Over IPv6, __ip6_append_data (net/ipv6/ip6_output.c) allows
  // IPV6_MAXPLEN (0xFFFF) past the 40-byte header: 65,527.
  if (bytes > MaxUdpPayload(pool_.Get(seg.dst))) {
    return Fail(p, Errno::kEMSGSIZE, FailureCause::kDatagramTooLong);
  }
  ++fig(p).segments_sent;
  fig(p).conversation.bytes_sent += length;
  TraceSegment(trace::TraceKind::kSegmentSent, seg, "", index);
  // ip_local_out: a datagram the output chain drops fails the call
  // (nf_hook_slow: NF_DROP is -EPERM).
  if (!Emit(seg)) return Fail(p, Errno::kEPERM, FailureCause::kDroppedOnOutput);
  Succeed(p);
  return Errno::kOk;
}

Errno Host::Close(SocketId id) {
  Socket* s = BeginCall("close", id);
  if (!s) return Errno::kEBADF;
  uint32_t index = id.index;
  const net::Protocol p = s->protocol;
  s->user_open = false;
  Succeed(p);
  TraceCall("close", index, Errno::kOk);
  if (p == net::Protocol::kUdp) {
    ReleaseSocket(index);
    return Errno::kOk;
  }
  switch (s->state) {
    case TcpState::kEstablished:
    case TcpState::kSynReceived:
      SetState(index, TcpState::kFinWait1);
      SendTcp(index, net::kFin | net::kAck);
      break;
    case TcpState::kCloseWait:
      SetState(index, TcpState::kLastAck);
      SendTcp(index, net::kFin | net::kAck);
      break;
    case TcpState::kFinWait1:
    case TcpState::kFinWait2:
    case TcpState::kClosing:
    case TcpState::kLastAck:
    case TcpState::kTimeWait:
      break;  // already closing; the orphan finishes on its own
    default:
      ReleaseSocket(index);  // CLOSED, LISTEN, SYN-SENT: nothing on the wire
  }
  return Errno::kOk;
}

Errno Host::Abort(SocketId id) {
  Socket* s = BeginCall("abort", id);
  if (!s) return Errno::kEBADF;
  uint32_t index = id.index;
  Succeed(s->protocol);
  TraceCall("abort", index, Errno::kOk);
  // SO_LINGER {1, 0} then close(): a connected TCP socket sends RST and
  // leaves no TIME-WAIT (tcp_disconnect).
  if (s->protocol == net::Protocol::kTcp && s->connected && s->state != TcpState::kSynSent &&
      s->state != TcpState::kTimeWait) {
    SendTcp(index, net::kRst | net::kAck);
  }
  ReleaseSocket(index);
  return Errno::kOk;
}

void Host::Discard(SocketId id) {
  Socket* s = sockets_.Lookup(id);
  if (s && s->user_open) ReleaseSocket(id.index);
}

net::Endpoint Host::LocalEndpoint(SocketId id) const {
  const Socket* s = Get(id);
  if (!s) return {};
  return EndpointOf(s->local_addr, s->local_port);
}

net::Endpoint Host::EndpointOf(net::AddrId a, uint16_t port) const {
  return net::Endpoint{pool_.Get(a), net::Port(port)};
}

net::FlowKey Host::FlowOf(const Socket& s) const {
  net::FlowKey k;
  k.protocol = s.protocol;
  k.local = EndpointOf(s.local_addr, s.local_port);
  if (s.connected) k.remote = EndpointOf(s.remote_addr, s.remote_port);
  return k;
}

std::vector<SocketRow> Host::SocketTable() const {
  std::vector<SocketRow> rows;
  int64_t now = env_.Now().nanos();
  // One pass over the TIME-WAIT queue for every entry's expiry.
  absl::flat_hash_map<uint32_t, int64_t> expiry;
  for (size_t q = 0; q < time_wait_queue_.size(); ++q) {
    const TimeWaitEntry& e = time_wait_queue_[q];
    const Socket& s = sockets_[e.index];
    if (s.live && s.generation == e.generation) expiry[e.index] = e.expiry_ns;
  }
  for (uint32_t i = 0; i < sockets_.size(); ++i) {
    const Socket& s = sockets_[i];
    if (!s.live || (!s.bound && !s.connected)) continue;
    SocketRow r;
    r.id = SocketId{i, s.generation};
    r.protocol = s.protocol;
    r.state = s.protocol == net::Protocol::kTcp ? TcpStateName(s.state)
                                                : (s.connected ? "ESTAB" : "UNCONN");
    r.local = EndpointOf(s.local_addr, s.local_port);
    if (s.connected) r.remote = EndpointOf(s.remote_addr, s.remote_port);
    if (s.v6) {
      // An AF_INET6 socket speaking IPv4 (a dual-stack listener's child, a
      // connect() to ::ffff:a.b.c.d) names it as ss does, v4-mapped.
      r.local.address = r.local.address.AsV6();
      if (r.remote) r.remote->address = r.remote->address.AsV6();
    }
    if (s.state == TcpState::kTimeWait) {
      auto it = expiry.find(i);
      if (it != expiry.end()) r.timer_left = Duration::Nanos(it->second - now);
    }
    rows.push_back(r);
  }
  std::sort(rows.begin(), rows.end(), [](const SocketRow& a, const SocketRow& b) {
    if (a.protocol != b.protocol) return a.protocol < b.protocol;
    if (a.local != b.local) return a.local < b.local;
    return a.remote < b.remote;
  });
  return rows;
}

}  // namespace portlab::stack
