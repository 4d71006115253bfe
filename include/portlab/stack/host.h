// Host: one simulated machine's transport layer — sockets, TCP and UDP port
// tables, ephemeral port selection, TIME-WAIT — behind a BSD-shaped API.
//
// The host does no I/O and keeps no clock: it sends segments, arms timers
// and reports completions through its HostEnvironment
// (stack/host_environment.h: the simulation, or a test double), and is
// driven by Receive() and OnTimer().
//
// Example:
//   Host h("client", {client_addr}, *FindProfile("linux"), seed, pool, env);
//   SocketId s = h.OpenSocket(net::Protocol::kTcp, /*v6=*/false);
//   Errno e = h.Connect(s, server);   // kEINPROGRESS: SYN sent
//   ... env delivers SYN|ACK via h.Receive(); env.ConnectFinished(s, kOk)
//
// A thin facade over units of one purpose each:
//   socket_slots.h      the sockets, by slot and generation;
//   port_table.h        bind buckets, port bitmaps, per-destination usage;
//   port_testers.h      what the ephemeral strategies ask "may I use this
//                       port?" (bind(0) and connect());
//   bind_conflicts.h    which owner of a port stands in the way of a bind,
//                       by the OS's bind rules (bind_rules.h);
//   connection_table.h  the 4-tuple table, listeners, and the demux rule;
//   time_wait_queue.h   TIME-WAIT entries in expiry order;
//   time_wait_rules.h   when a new connection may take a TIME-WAIT's 4-tuple;
//   firewall.h          the packet filter (nftables' input and output chains,
//                       firewall_rule.h, address_sets.h, conntrack.h);
//   source_router.h     the host's addresses and source-address choice;
//   host_counters.h     the figures the run's result gathers;
//   failure_cause.h     why a call failed;
//   tcp_state_machine.h RFC 9293's state diagram, a pure function;
//   host_apps.h         the apps sockets run (app.h), the requests awaiting
//                       answers, the answers given, close_after;
//   initial_sequence.h  the ISNs the profile's OS picks (RFC 6528);
//   src/stack/internal/icmp.h
//                       ICMP destination unreachable: the reply to a
//                       closed UDP port, and the socket and errno an
//                       arriving one names (RFC 1122 §4.1.3.1), pure.
// The facade keeps the socket API (host.cc), port selection (host_ports.cc),
// TCP's demux with the state diagram's arrows done, timers and TIME-WAIT
// (host_tcp.cc), UDP's and ICMP's demux and counting (host_udp.cc), what
// the apps do with a request (host_app.cc), the firewall's hooks on the
// receive and send paths (host_firewall.cc) and tracing (host_trace.cc),
// which tie the units together.
//
// TCP and UDP keep separate port namespaces (IPv4 and IPv6 share one per
// protocol, as on Linux): one PortTable and one ConnectionTable each.
// Demultiplexing goes most specific first and says which rule matched:
// exact 4-tuple, listener on the address, listener on the wildcard, none
// (RST / ICMP port unreachable), or filtered.
//
// What most hosts never use is made on first use and costs a pointer until
// then: UDP's tables and counters, the apps' books and the other rare
// per-socket state, the firewall, the ephemeral strategies. A host of a
// 10^6-subscriber run is mostly TCP's tables, its sockets and its knobs
// (host.cc asserts the size: kHostBytesLimit).
//
// Invariants (each unit states its own; these tie them together):
//   - A socket is in its protocol's PortTable exactly while Socket::bound,
//     in its ConnectionTable by 4-tuple exactly while Socket::connected,
//     and among its listeners exactly while Socket::listed.
//   - A TIME-WAIT socket holds its port and its 4-tuple until its queue
//     entry expires or it leaves early (recycled, reset, killed for a PCB);
//     ReleaseSocket() takes a socket out of every table before its slot is
//     freed, and Free() drops what the rare state keeps for the slot.
//   - Socket::app is 0 or an id HostApps::Intern() gave; Socket::requested
//     and Socket::has_port_range are set only once the rare state exists.
//   - last_cause() is the cause of the latest failed call or failed
//     connect() completion; a call counted as a success resets it to kNone.
//
// Thread safety: none; the core is single-threaded.
#ifndef PORTLAB_STACK_HOST_H_
#define PORTLAB_STACK_HOST_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/types/span.h"
#include "portlab/base/rng.h"
#include "portlab/net/address_pool.h"
#include "portlab/net/endpoint.h"
#include "portlab/net/segment.h"
#include "portlab/stack/app.h"
#include "portlab/stack/bind_conflicts.h"
#include "portlab/stack/connection_table.h"
#include "portlab/stack/ephemeral_strategy.h"
#include "portlab/stack/errno.h"
#include "portlab/stack/failure_cause.h"
#include "portlab/stack/firewall.h"
#include "portlab/stack/host_apps.h"
#include "portlab/stack/host_counters.h"
#include "portlab/stack/host_environment.h"
#include "portlab/stack/initial_sequence.h"
#include "portlab/stack/knobs.h"
#include "portlab/stack/os_profile.h"
#include "portlab/stack/placed_socket.h"
#include "portlab/stack/port_table.h"
#include "portlab/stack/protocol_figures.h"
#include "portlab/stack/socket.h"
#include "portlab/stack/socket_slots.h"
#include "portlab/stack/source_router.h"
#include "portlab/stack/tcp_state_machine.h"
#include "portlab/stack/time_wait_queue.h"
#include "portlab/stack/time_wait_rules.h"
#include "portlab/trace/trace_event.h"

namespace portlab::stack {

// Socket options set before a call (setsockopt).
struct SocketOptionSet {
  bool reuseaddr = false;
  bool reuseport = false;
  bool bind_address_no_port = false;
  // IPV6_V6ONLY: unset keeps the socket's default (net.ipv6.bindv6only).
  std::optional<bool> v6only;
  bool randomport = false;        // SO_RANDOMPORT: a random port whatever the profile
  bool exclusiveaddruse = false;  // SO_EXCLUSIVEADDRUSE: nobody may share the port
  bool broadcast = false;         // SO_BROADCAST: UDP to a broadcast address allowed
  std::optional<std::pair<uint16_t, uint16_t>> local_port_range;
  uint32_t uid = 0;
};

// One row of the socket table, as `ss` prints it.
struct SocketRow {
  SocketId id;
  net::Protocol protocol;
  std::string_view state;
  net::Endpoint local;
  std::optional<net::Endpoint> remote;
  Duration timer_left;  // TIME-WAIT: time until the entry leaves
};

class Host {
 public:
  // `pool` and `env` must outlive the host.
  Host(std::string name, std::vector<net::IpAddress> addresses,
       const OsProfile& profile, uint64_t seed, net::AddressPool& pool,
       HostEnvironment& env);
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  const std::string& name() const { return name_; }
  const std::vector<net::IpAddress>& addresses() const { return routes_.addresses(); }
  // Ours: one of addresses(), or loopback (127.0.0.0/8, ::1), which every
  // host holds on its own loopback interface.
  bool OwnsAddress(const net::IpAddress& a) const { return routes_.Owns(a); }
  // The host's routes (source_router.h): each address's prefix length, in
  // the order of addresses() (32 or 128: no on-link network), and whether
  // a default route exists. Without a call: no networks, a default route.
  void SetRoutes(std::vector<int> prefixes, bool default_route) {
    routes_.SetRoutes(std::move(prefixes), default_route);
  }
  const SourceRouter& routes() const { return routes_; }
  // The pool the host's AddrIds index (a firewall set's elements).
  const net::AddressPool& pool() const { return pool_; }
  const Knobs& knobs() const { return *knobs_; }
  const OsProfile& profile() const { return profile_; }

  // Changes a knob by its OS's name; InvalidArgument says why not.
  absl::Status SetSysctl(std::string_view name, std::string_view value);
  // --- The firewall (stack/firewall.h), made on first use. ---
  void AddFirewallRule(const FirewallEntry& rule) { MutableFirewall().Add(rule); RefreshFirewall(); }
  void AppendFirewallRule(const FirewallRule& rule) { MutableFirewall().Append(rule); RefreshFirewall(); }
  void InsertFirewallRule(size_t position, const FirewallRule& rule) {
    MutableFirewall().Insert(position, rule);
    RefreshFirewall();
  }
  // False when there is no rule `position`.
  bool DeleteFirewallRule(size_t position) {
    const bool ok = MutableFirewall().Delete(position);
    RefreshFirewall();
    return ok;
  }
  void FlushFirewall() { MutableFirewall().Flush(); RefreshFirewall(); }
  // REQUIRES: v is kAccept or kDrop.
  void SetFirewallPolicy(FwDirection d, Verdict v) { MutableFirewall().SetPolicy(d, v); RefreshFirewall(); }
  // nullptr until a rule or policy was set.
  const Firewall* firewall() const { return firewall_.get(); }

  // --- Sockets already there at the start (stack/placed_socket.h). ---
  // Puts `sockets` into the port, connection and TIME-WAIT tables as the
  // kernel held them (listeners and bound UDP sockets first, then the
  // rest, TIME-WAITs in the order they expire). Nothing is sent, counted
  // as a call or traced. REQUIRES: nothing has happened on the host yet
  // (no socket call, no segment, no timer). InvalidArgument, with the
  // entry's index in *failed, for an entry the kernel could not have held:
  // a local address not the host's, port 0, a connected state without a
  // remote (or LISTEN with one), a 4-tuple already held, a timer longer
  // than the host's TIME-WAIT; entries before it stay placed.
  absl::Status PlaceSockets(absl::Span<const PlacedSocket> sockets, size_t* failed);

  // --- The socket API. Each returns the modelled OS's errno. ---
  SocketId OpenSocket(net::Protocol protocol, bool v6);
  Errno SetOptions(SocketId s, const SocketOptionSet& options);
  // bind(): port 0 selects an ephemeral port (unless IP_BIND_ADDRESS_NO_PORT).
  Errno Bind(SocketId s, const net::Endpoint& local);
  // listen(): binds an ephemeral port first if unbound. TCP only.
  Errno Listen(SocketId s);
  // Children accepted from listener `s` close themselves `d` after
  // reaching ESTABLISHED (the server becomes the active closer).
  void SetCloseAfter(SocketId s, Duration d);
  // TCP: kEINPROGRESS once the SYN is out; the result comes through
  // HostEnvironment::ConnectFinished. UDP: kOk at once.
  Errno Connect(SocketId s, const net::Endpoint& remote);
  Errno Send(SocketId s, int64_t bytes, const std::optional<net::Endpoint>& to);
  // TCP: FIN (the caller becomes the active closer, later TIME-WAIT).
  Errno Close(SocketId s);
  // TCP: RST, no TIME-WAIT.
  Errno Abort(SocketId s);
  // The server application closes a connection it accepted (accepted
  // sockets are not the steps' to close): FIN, and this side becomes the
  // active closer. False when the socket is gone or not ESTABLISHED.
  bool CloseAccepted(SocketId s);
  // --- Applications (stack/app.h). ---
  // From now on socket `s` runs `app` (TCP: the connections its listener
  // accepts from now on inherit it). Not a socket call: nothing is counted
  // or traced. EBADF for a stale id; EINVAL for from_new_port on TCP;
  // ENOMEM when the host already knows 65,535 different apps.
  Errno SetApp(SocketId s, const App& app);
  // The app socket `s` runs, or nullptr (none, or a stale id).
  const App* AppOf(SocketId s) const;
  // send() of a request whose answer is awaited: Send(), and once it
  // succeeded the next data segment or datagram arriving on the socket is
  // its answer (counted in figures().conversation, and reported through
  // HostEnvironment::AnswerReceived with the time it took). Requests sent
  // before earlier ones were answered are answered in order.
  Errno Request(SocketId s, int64_t bytes, const std::optional<net::Endpoint>& to);
  // Where the last answer to socket `s`'s requests came from (what
  // recvfrom() reported), or nullopt: none yet, or a stale id.
  std::optional<net::Endpoint> LastAnswerFrom(SocketId s) const;

  // The socket holding this 4-tuple (any state, TIME-WAIT included), or
  // nullopt. Addresses are pool ids, as a Socket keeps them.
  std::optional<SocketId> FindConnection(net::Protocol p, net::AddrId local, uint16_t local_port,
                                         net::AddrId remote, uint16_t remote_port) const;
  // The application drops a socket whose call failed: released at once,
  // not a counted call, nothing on the wire.
  void Discard(SocketId s);

  // --- Driven by the simulation. ---
  // Finds the socket an arriving TCP segment or UDP datagram belongs to,
  // without changing anything. A TCP segment reaches a listener only when
  // it is a SYN.
  DemuxResult Demux(const net::Segment& segment) const;
  // A hint that `segment` arrives soon: starts loading the connection-table
  // slot Demux will read, so the cache miss overlaps other work. Changes
  // nothing observable.
  void PrefetchDemux(const net::Segment& segment) const {
    const ConnectionTable& t = tables(ProtocolOf(segment)).conns;
    t.Prefetch(ConnKey{segment.dst, segment.src, segment.dport, segment.sport});
  }
  // An earlier hint: starts loading the connection table's own fields (where
  // its slots are), which PrefetchDemux reads. With many hosts taking turns
  // they are cold, and PrefetchDemux would wait for them.
  void PrefetchTable(const net::Segment& segment) const {
    tables(ProtocolOf(segment)).conns.PrefetchFields();
  }
  // A hint: close(id) is coming, so whatever routes its FIN (a NAT's
  // session slot, cold since the handshake) may start loading. Changes
  // nothing observable.
  void PrefetchClose(SocketId id) const;
  void Receive(const net::Segment& segment);
  void OnTimer(TimerKind kind, uint32_t socket_index, uint32_t generation);

  // --- Introspection. ---
  // nullptr when the id is stale.
  const Socket* Get(SocketId s) const;
  net::Endpoint LocalEndpoint(SocketId s) const;
  // The host's figures for one protocol (demux counts folded in by name).
  const stack::ProtocolFigures& figures(net::Protocol p) const;
  // The same without the demux counts (figures().demux may be stale): what
  // a time-series sample reads, cheaply.
  const stack::ProtocolFigures& counters(net::Protocol p) const { return counters_.of(p); }
  // Probes the last ephemeral selection examined, and the cause of the last
  // failed call (kRangeUsedUp, kFourTupleInUse, ...; kNone once a
  // call counted as a success follows).
  int64_t last_probes() const { return last_probes_; }
  FailureCause last_cause() const { return last_cause_; }
  // Every live socket, ordered by protocol, local endpoint, remote endpoint.
  std::vector<SocketRow> SocketTable() const;

 private:
  // Sockets and tables (host_ports.cc).
  // Frees the slot, and whatever the rare state keeps for it.
  void Free(uint32_t index);
  // A protocol's port table and connection table side by side: connect()
  // and a segment's demux read both, and with many hosts taking turns they
  // are cold, so they share cache lines (as the one table they once were).
  struct ProtocolTables {
    PortTable ports;
    ConnectionTable conns;
  };
  // TCP's tables are the host's own; UDP's are made on first use (a UDP
  // bind, autobind or listener) and read as empty until then.
  ProtocolTables& tables(net::Protocol p) { return p == net::Protocol::kTcp ? tcp_ : UdpTables(); }
  const ProtocolTables& tables(net::Protocol p) const {
    return p == net::Protocol::kTcp ? tcp_ : udp_ ? *udp_ : kNoTables;
  }
  ProtocolTables& UdpTables();
  static const ProtocolTables kNoTables;
  // The protocol whose tables an arriving segment is demultiplexed in.
  static net::Protocol ProtocolOf(const net::Segment& seg) {
    return seg.kind == net::SegmentKind::kTcp ? net::Protocol::kTcp : net::Protocol::kUdp;
  }
  PortTable& ports(net::Protocol p) { return tables(p).ports; }
  const PortTable& ports(net::Protocol p) const { return tables(p).ports; }
  ConnectionTable& conns(net::Protocol p) { return tables(p).conns; }
  const ConnectionTable& conns(net::Protocol p) const { return tables(p).conns; }
  stack::ProtocolFigures& fig(net::Protocol p) { return counters_.of(p); }
  void AddOwner(uint32_t index);
  void RemoveOwner(uint32_t index);
  // Keeps the bucket's one_v4_owners right after a bound socket's local
  // address changed (connect() on a socket bound to the wildcard).
  void RecountOneV4(uint32_t index);
  // Bound to one IPv4 address other than loopback (an IPv4-mapped one
  // included): what Bucket::one_v4_owners counts.
  bool BindsOneV4(net::AddrId a) const;
  // Whether a TCP bind(0) by `s` conflicts with every owner counted in
  // one_v4_owners: `s` covers every IPv4 address (0.0.0.0, or :: without
  // IPV6_V6ONLY), or it is bound to one non-loopback IPv4 address and the
  // host has no other (so every such owner is on that one).
  bool OverlapsEveryOneV4Owner(const Socket& s) const;
  void AddConnection(uint32_t index);
  void RemoveConnection(uint32_t index);
  void AddListener(uint32_t index);
  void RemoveListener(uint32_t index);
  ConnKey KeyOf(const Socket& s) const {
    return {s.local_addr, s.remote_addr, s.local_port, s.remote_port};
  }
  // Who stands in the way of a socket of protocol `p` binding a port.
  BindConflicts ConflictsFor(net::Protocol p) const {
    return BindConflicts(ports(p), sockets_, pool_, knobs_->windows_bind_rules);
  }
  PortRequest RequestFor(uint32_t index, PortPurpose purpose) const;
  // Puts the socket in the bind table on `port`; `explicit_bind` for
  // bind()/listen(), false for connect()/sendto() autobinding.
  Errno BindPort(uint32_t index, uint16_t port, bool explicit_bind);
  Errno SelectBindPort(uint32_t index, bool explicit_bind);
  Errno SelectConnectPort(uint32_t index);
  // Hints (no effect on the run) for a connect() from `s` on `port`.
  void PrefetchFlow(const Socket& s, uint16_t port) const;
  // Hints the route of the segment s would send from `port` with `flags`.
  void PrefetchRouteOf(const Socket& s, uint16_t port, uint8_t flags) const;
  FailureCause ConnectFailureCause(uint32_t index) const;
  // A connect() or sendto() whose route SourceFor() refused (`source` a
  // failure value) or found a broadcast: the call fails with the errno
  // Linux gives (ENETUNREACH, EADDRNOTAVAIL, EINVAL, EACCES), or kOk when
  // the route is fine after all (a broadcast with SO_BROADCAST).
  Errno RouteFailure(const Socket& s, net::AddrId source);
  // Whether a connect() may take TIME-WAIT socket `tw`'s 4-tuple
  // (stack/time_wait_rules.h); `bound_socket`: bound before connect().
  bool TimeWaitRecyclable(const Socket& tw, bool bound_socket) const;
  void ReleaseSocket(uint32_t index);  // out of every table, slot freed
  // The socket an API call acts on, the call named so Fail() can trace it;
  // nullptr (EBADF) when the id is stale or the application closed it.
  Socket* BeginCall(std::string_view name, SocketId id) {
    Socket* s = sockets_.Lookup(id);
    if (!s || !s->user_open) return nullptr;
    call_name_ = name;
    call_index_ = id.index;
    last_probes_ = 0;
    return s;
  }
  // Counts and traces a failed call. `asked`: the endpoint a failed bind()
  // was asked for, which its trace line shows (the socket itself has none).
  Errno Fail(net::Protocol p, Errno e, FailureCause cause, const net::Endpoint* asked = nullptr);
  void Succeed(net::Protocol p);
  void NotePortsInUse(net::Protocol p);

  // TCP (host_tcp.cc).
  void SetState(uint32_t index, TcpState state);
  // Sends from socket `index`: SEG.SEQ is SND.NXT (the ISN for a SYN),
  // which the length and a FIN then advance; SEG.ACK is RCV.NXT.
  void SendTcp(uint32_t index, uint8_t flags, uint32_t length = 0);
  // The RST answering `to` (tcp_v4_send_reset): to an ACK, sequence
  // `to.ack` and no ACK; else sequence 0, acknowledging all `to` occupied.
  // `index` names the socket that answers, for the trace (none: kNoSocket).
  // `by_rule`: a firewall rule's `reject with tcp reset` (net::kRejectedByRule).
  void SendReset(const net::Segment& to, uint32_t index = kNoSocket, bool by_rule = false);
  // The ISN of socket `s`'s SYN (connect()) or SYN|ACK (accepted), by
  // the profile's rule (stack/initial_sequence.h).
  uint32_t ConnectIsn(const Socket& s);
  uint32_t AcceptIsn(const Socket& s);
  void ReceiveTcp(const net::Segment& seg);
  // Whether a listener takes `seg`, which no connection took, only to drop
  // it (no SYN, ACK or RST): then no RST answers it.
  bool ListenerDrops(const net::Segment& seg) const;
  // A segment the demux gave to connection `index`: its numbers, its data,
  // then its arrow of the state diagram (stack/tcp_state_machine.h), done.
  void ProcessTcp(uint32_t index, const net::Segment& seg);
  // The kAccepted arrow: ESTABLISHED, or false (RST, released) when the
  // listener has gone.
  bool Accept(uint32_t index);
  // `isn`: 0, or the ISN a TIME-WAIT the SYN ended hands over.
  void AcceptSyn(uint32_t listener, const net::Segment& seg, uint32_t isn = 0);
  void EnterTimeWait(uint32_t index);
  void SweepTimeWait();
  // lwIP's tcp_alloc: a full PCB pool kills its oldest TIME-WAIT; false
  // when the pool is full of live connections.
  bool MakeRoomForPcb();
  void ArmSynTimer(uint32_t index);
  // `cause`, unless kNone, overrides the default cause of a failure.
  void FinishConnect(uint32_t index, Errno result, FailureCause cause = FailureCause::kNone);
  std::optional<uint32_t> FindListener(net::Protocol p, net::AddrId addr, uint16_t port,
                                       const net::Segment& seg, bool* specific) const {
    return conns(p).FindListener(p, addr, port, seg, sockets_, pool_, reuseport_key_, specific);
  }

  // Applications and awaited answers (host_app.cc; their books are
  // HostApps, in the rare state).
  // A TCP data segment reached socket `index`, which runs an app or awaits
  // an answer. True when the app's answer (or its ACK) acknowledged the
  // segment and nothing else is to be done with it.
  bool ReadTcpData(uint32_t index, const net::Segment& seg);
  // A datagram reached socket `index`, which runs an app or awaits an answer.
  void ReadDatagram(uint32_t index, const net::Segment& seg);
  // Data `seg` reached `index`, which sent requests: it answers the oldest
  // one awaited, if any (true then), and its sender is the last to answer.
  bool NoteAnswer(uint32_t index, const net::Segment& seg);
  // A new UDP socket, owned by the app of `server`, bound to the address
  // `request` reached and an ephemeral port, running the same app (without
  // from_new_port); kNoSocket when no port is free.
  uint32_t OpenTransferSocket(uint32_t server, const net::Segment& request);

  // The firewall's hooks (host_firewall.cc). Each is a test of one bit on
  // the segment paths; the work is out of line.
  static constexpr uint8_t kFilterIn = 1, kFilterOut = 2;
  Firewall& MutableFirewall();
  // Reads the firewall's active chains into filtering_.
  void RefreshFirewall();
  // The input chain's verdict on an arriving segment: true to go on to the
  // demux; false when a rule dropped or rejected it (counted, traced, and
  // a reject answered).
  bool AdmitIn(const net::Segment& seg);
  // The output chain's verdict on a segment the host sends: false when it
  // was dropped or rejected (a reject answered to this host itself).
  bool AdmitOut(const net::Segment& seg);
  // Sends `seg` through the output chain: false when it did not leave.
  bool Emit(const net::Segment& seg) {
    if (filtering_ & kFilterOut) [[unlikely]] {
      if (!AdmitOut(seg)) return false;
    }
    env_.Transmit(seg);
    return true;
  }
  // The trace's words for a firewall decision: "filtered (rule 2)".
  std::string FirewallText(const Firewall::Decision& d, const net::Segment& seg, bool in) const;

  // UDP (host_udp.cc).
  void ReceiveUdp(const net::Segment& seg);
  void ReceiveIcmp(const net::Segment& seg);
  // Sends `icmp`, a destination unreachable about a segment this host
  // received, counted in `f` (the offending segment's protocol): what a
  // closed UDP port and a firewall's ICMP reject send. Nothing for a
  // segment that was sent to a broadcast address.
  void SendUnreachable(stack::ProtocolFigures& f, const net::Segment& icmp);
  void ReceiveTcpIcmp(const net::Segment& seg);

  // Trace helpers (host_trace.cc): no work unless a sink listens.
  trace::TraceEvent EventFor(trace::TraceKind kind, uint32_t index) const;
  // Each Trace* is an inline test of trace_ (no call at all when nobody
  // listens: these sit on every segment's path) around an out-of-line
  // *Event that builds and sends the event.
  void TraceCall(std::string_view call, uint32_t index, Errno result,
                 const net::Endpoint* asked = nullptr) {
    if (trace_) TraceCallEvent(call, index, result, asked);
  }
  // `lookups`: a received segment's demux lookups tried (trace::kLookup*).
  void TraceSegment(trace::TraceKind kind, const net::Segment& seg, std::string_view rule, uint32_t matched,
                    uint8_t lookups = 0) {
    if (trace_) TraceSegmentEvent(kind, seg, rule, matched, lookups);
  }
  // The demux lookups Demux() tried to reach `rule` for `seg`, as trace::kLookup* bits.
  static uint8_t LookupsTried(DemuxRule rule, const net::Segment& seg);
  void TraceState(uint32_t index) {
    if (trace_) TraceStateEvent(index);
  }
  void TraceTimer(std::string_view what, uint32_t index) {
    if (trace_) TraceTimerEvent(what, index);
  }
  void TraceCallEvent(std::string_view call, uint32_t index, Errno result,
                      const net::Endpoint* asked);
  void TraceSegmentEvent(trace::TraceKind kind, const net::Segment& seg, std::string_view rule,
                         uint32_t matched, uint8_t lookups);
  // A firewall chain's accept of `seg` (`in`: the input chain).
  void TraceFirewallAccept(const net::Segment& seg, const Firewall::Decision& d, bool in);
  void TraceStateEvent(uint32_t index);
  void TraceTimerEvent(std::string_view what, uint32_t index);
  net::FlowKey FlowOf(const Socket& s) const;
  net::Endpoint EndpointOf(net::AddrId a, uint16_t port) const;

  void CountDemux(net::Protocol p, DemuxRule r) {
    counters_.CountDemux(p, r);
  }

  std::string name_;
  const OsProfile& profile_;
  // The profile's knobs, shared by every host of the profile until a
  // sysctl changes one of this host's (then RareState::knobs, its own
  // copy): 10^6 subscriber hosts keep one copy, in the cache, not 10^6.
  const Knobs* knobs_;
  net::AddressPool& pool_;
  HostEnvironment& env_;
  trace::TraceSink* const trace_;  // env_.trace(), read once
  // One strategy per protocol (a kernel keeps separate state per table),
  // made at its first use from the knobs, and made again when a sysctl
  // names another (a strategy not yet used is in its first state either
  // way).
  std::unique_ptr<EphemeralStrategy> strategy_[net::kProtocolCount];
  EphemeralStrategy& StrategyFor(const Socket& s) {
    const int p = static_cast<int>(s.protocol);
    if (s.randomport) [[unlikely]] return RandomStrategy(s.protocol);
    if (!strategy_[p]) [[unlikely]] MakeStrategyFor(s.protocol);
    return *strategy_[p];
  }
  void MakeStrategyFor(net::Protocol p);
  // SO_RANDOMPORT sockets draw from these (XNU in_pcbbind: randomized).
  EphemeralStrategy& RandomStrategy(net::Protocol p);
  uint64_t seed_;
  InitialSequence isn_;
  uint64_t reuseport_key_;
  SocketSlots sockets_;
  // What few hosts and sockets use, made on first use: the apps sockets
  // run and their conversations (stack/host_apps.h), IP_LOCAL_PORT_RANGE of
  // the sockets that set it (Socket::has_port_range), and the SO_RANDOMPORT
  // strategies. By slot index; a slot's entries go when it is freed.
  struct RareState {
    HostApps apps;
    absl::flat_hash_map<uint32_t, std::pair<uint16_t, uint16_t>> port_ranges;
    std::unique_ptr<EphemeralStrategy> random_strategy[net::kProtocolCount];
    std::unique_ptr<Knobs> knobs;  // this host's own, once a sysctl set one
  };
  RareState& rare();
  std::unique_ptr<RareState> rare_;  // nullptr: nothing rare happened yet
  ProtocolTables tcp_;
  std::unique_ptr<ProtocolTables> udp_;  // nullptr: no UDP yet
  HostCounters counters_;
  TimeWaitQueue time_wait_queue_;
  std::unique_ptr<Firewall> firewall_;  // nullptr: no rule was ever set
  std::string_view call_name_;
  uint32_t call_index_ = kNoSocket;
  int64_t last_probes_ = 0;
  FailureCause last_cause_ = FailureCause::kNone;
  uint8_t filtering_ = 0;  // kFilterIn | kFilterOut: the firewall's active chains
  // Last: its route caches, read by every connect() and sendto(), sit in
  // the cache lines BeginCall() has just written (call_name_, ...).
  SourceRouter routes_;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_HOST_H_
