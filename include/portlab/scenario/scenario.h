// Scenario: a YAML scenario as plain data (scenarios/README.md documents
// every key; docs/ARCHITECTURE.md, "From a YAML file to each output").
//
// The loader (scenario/loader.h) fills it and checks everything a YAML file
// alone can get wrong: unknown keys, wrong types, bad addresses, ports out of
// range, times out of order. Checks that need the model (is this sysctl a
// knob of that OS? is that host defined?) happen when a Simulation is built
// from it, and report the SourceLocation kept here.
//
// Every key is documented in scenarios/README.md.
#ifndef PORTLAB_SCENARIO_SCENARIO_H_
#define PORTLAB_SCENARIO_SCENARIO_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "portlab/base/time.h"
#include "portlab/nat/session_state.h"
#include "portlab/net/endpoint.h"
#include "portlab/net/ip_address.h"
#include "portlab/net/port.h"
#include "portlab/scenario/scan_spec.h"

namespace portlab::scenario {

// Where a value stands in its file; line and column are 1-based.
struct SourceLocation {
  // The file's name, one string shared by every location read from the
  // file (a `quantity:` group's 10^6 members hold a pointer each, not a
  // copy of a long path); null: none.
  std::shared_ptr<const std::string> file;
  int line = 0;
  int column = 0;
  std::string ToString() const;  // "file:line:column"
};

// One `sysctl:` entry: a knob by its OS's own name, its value as written.
struct SysctlSetting {
  std::string name;
  std::string value;
  SourceLocation location;
};

// One `firewall:` rule on a host, as nftables has it (scenarios/README.md,
// "Firewall"; stack/firewall_rule.h is the model it becomes). The short
// form `{proto, port, action}` sets `port`: inbound, that destination port,
// and a reject answers RST (TCP) or ICMP port unreachable (UDP).
struct FirewallRule {
  enum class Direction { kIn, kOut } direction = Direction::kIn;
  std::optional<net::Protocol> protocol;  // unset: any
  std::optional<net::Port> port;          // the short form's port
  struct PortSpan {
    uint16_t lo = 0, hi = 0;
  };
  std::vector<PortSpan> sport, dport;
  struct Prefix {
    net::IpAddress address;
    int length = 32;
  };
  std::vector<Prefix> saddr, daddr;
  std::string saddr_set, daddr_set;  // `saddr: "@name"`: the address in set `name`
  bool ct_new = false, ct_established = false, ct_related = false;
  enum class Action { kDrop, kReject, kAccept, kContinue } action = Action::kDrop;
  // kDefault: nft's `reject` (ICMP port unreachable), or the short form's.
  enum class RejectWith {
    kDefault,
    kTcpReset,
    kPortUnreachable,
    kAdminProhibited,
    kHostUnreachable,
    kNetUnreachable
  } with = RejectWith::kDefault;
  std::string add_set;   // `add: {set, timeout}`: the source joins this set
  Duration add_timeout;  // zero: for the rest of the run
  SourceLocation location;
};

// A chain's policy (`firewall_policy:`): what a packet no rule decided meets.
enum class FirewallPolicy { kAccept, kDrop };

// An `op: firewall` step: one change to a host's rules at run time.
struct FirewallChange {
  enum class Kind { kAdd, kInsert, kDelete, kFlush, kPolicy } kind = Kind::kAdd;
  FirewallRule rule;  // kAdd, kInsert
  int position = 1;   // kInsert: before rule N; kDelete: rule N (1-based)
  FirewallRule::Direction direction = FirewallRule::Direction::kIn;  // kPolicy
  FirewallPolicy policy = FirewallPolicy::kAccept;                   // kPolicy
};

// A socket's state as `ss` prints it (scenarios/README.md, "Sockets
// already there"): TCP's RFC 9293 states, and UDP's UNCONN (bound, not
// connected) and ESTAB (connected).
enum class SocketState {
  kListen,
  kSynSent,
  kSynReceived,
  kEstablished,
  kFinWait1,
  kFinWait2,
  kCloseWait,
  kClosing,
  kLastAck,
  kTimeWait,
  kUnconnected,
};
// The name ss prints: "ESTAB", "TIME-WAIT", "UNCONN", ...
std::string_view SocketStateName(SocketState s);
// ss's names and RFC 9293's ("ESTABLISHED", "SYN-RECEIVED"), any case;
// nullopt for anything else.
std::optional<SocketState> ParseSocketState(std::string_view name);

// One `sockets:` entry of a host: sockets already on it when the run
// starts, all in one state, one per local port (stack/placed_socket.h
// says where each goes in the host's tables).
struct PresetSocketSpec {
  net::Protocol protocol = net::Protocol::kTcp;
  SocketState state = SocketState::kEstablished;
  net::IpAddress local;             // the host's address, or a wildcard
  struct PortSpan {
    uint16_t lo = 0, hi = 0;
  };
  std::vector<PortSpan> ports;      // at least one port; spans ascending, disjoint
  std::optional<net::Endpoint> remote;
  std::optional<Duration> timer;    // TIME-WAIT, FIN-WAIT-2: time left at the start
  bool held_by_application = false;  // FIN-WAIT-2 `timer: none`: shut down, not closed: no timer
  int64_t count = 0;                // the ports' number
  SourceLocation location;
};

struct HostSpec {
  std::string name;
  std::vector<net::IpAddress> addresses;  // at least one, never loopback
  // Per address, its prefix length (`10.8.0.1/24`: 24), which puts its
  // network on the host's link; 32 or 128 (no prefix given): no network.
  std::vector<int> prefixes;
  bool default_route = true;  // `default_route: false`: none
  bool quantity_member = false;  // one of a `quantity:` group's members (NAME.0, NAME.1, ...)
  // Where `os:`'s value is written, for errors about it (0: not written;
  // the file is location's). Two numbers, not a SourceLocation: a
  // quantity: group's every member carries them.
  int32_t os_line = 0;
  int32_t os_column = 0;
  std::string os = "linux";
  std::vector<SysctlSetting> sysctl;
  std::vector<FirewallRule> firewall;
  FirewallPolicy firewall_policy_in = FirewallPolicy::kAccept;
  FirewallPolicy firewall_policy_out = FirewallPolicy::kAccept;
  std::vector<PresetSocketSpec> sockets;  // `sockets:`: there at the start
  SourceLocation location;
};

// One `forward:` entry of a NAT: a static mapping (port forwarding).
struct PortForwardSpec {
  net::Protocol protocol = net::Protocol::kTcp;
  net::Endpoint outside;
  net::Endpoint inside;
  SourceLocation location;
};

// One `sessions:` entry of a NAT: translations already there at the start
// (an imported `conntrack -L`), one per inside port. With `outside_port`
// 0 each inside port is kept outside (`inside: ADDR, outside: ADDR,
// ports: "..."`, what a masquerade does while the port is free);
// otherwise the entry has one port and that outside port.
struct PresetNatSessionSpec {
  net::Protocol protocol = net::Protocol::kTcp;
  nat::SessionState state = nat::SessionState::kTcpEstablished;
  net::IpAddress inside;                          // in the NAT's inside network
  net::IpAddress outside;                         // one of the NAT's outside addresses
  std::vector<PresetSocketSpec::PortSpan> ports;  // inside ports; ascending, disjoint
  uint16_t outside_port = 0;                      // 0: each inside port kept
  net::Endpoint remote;
  std::optional<Duration> timer;                  // time left at the start
  int64_t count = 0;                              // the ports' number
  SourceLocation location;
};

// One `nats:` entry: a NAT box between the inside network and the rest.
// Hosts whose address lies in `inside` route through it.
struct NatSpec {
  std::string name;
  std::string profile = "rfc-recommended";  // checked by the model
  net::IpAddress inside;                    // network address of the prefix
  int inside_prefix = 24;
  std::vector<net::IpAddress> outside;      // at least one
  std::vector<SysctlSetting> knobs;         // NAT knobs by name (nat/nat_config.h)
  std::vector<PortForwardSpec> forwards;
  std::vector<PresetNatSessionSpec> sessions;  // `sessions:`: there at the start
  SourceLocation location;
  SourceLocation profile_location;  // of `profile:`'s value (line 0: not written)
};

enum class StepOp {
  kBind,
  kListen,
  kConnect,
  kSend,
  kClose,
  kAbort,
  kSet,
  kStart,
  kStop,
  kNatProbe,
  kDnsPoison,
  kScan,
  kFirewall,
};
std::string_view StepOpName(StepOp op);
// Ops that are socket calls on a host (bind .. abort), with a protocol.
bool IsSocketStep(StepOp op);

// Socket options a step sets before its call.
struct SocketOptions {
  bool reuseaddr = false;
  bool reuseport = false;
  bool bind_address_no_port = false;  // IP_BIND_ADDRESS_NO_PORT
  // IPV6_V6ONLY set to 1 (`v6only`) or 0 (`no_v6only`); unset keeps the
  // default, net.ipv6.bindv6only.
  std::optional<bool> v6only;
  bool randomport = false;        // SO_RANDOMPORT (macOS)
  bool exclusiveaddruse = false;  // SO_EXCLUSIVEADDRUSE (Windows)
  bool broadcast = false;         // SO_BROADCAST
  // IP_LOCAL_PORT_RANGE as (lo, hi); 0 leaves a bound unset. Kept raw: the
  // kernel, not the loader, decides what lo > hi means (EINVAL).
  std::optional<std::pair<uint16_t, uint16_t>> local_port_range;
};

// `app:` on a bind or listen step: the application the socket runs
// (stack/app.h; scenarios/README.md, "Applications").
struct AppSpec {
  enum class Kind { kDiscard, kEcho, kRespond } kind = Kind::kDiscard;
  int64_t bytes = 0;           // kRespond: the answer's size
  bool close = false;          // the answering socket closes after its answer
  bool from_new_port = false;  // udp: answer from a new ephemeral port
  int64_t answers = 0;         // > 0: answer this many, close on the next request
  SourceLocation location;
};

// A `dns-poison` step (sim/poisoning_race.h): the cache-poisoning race run
// `trials` times against resolvers built as the step's host is (its os:
// and sysctl:), an off-path attacker forging `rate` answers per second
// until the authentic one arrives `rtt` after the query.
struct PoisonSpec {
  int64_t rate = 100000;
  std::optional<Duration> rtt;  // unset: twice the scenario's latency
  int64_t trials = 1000;
  // A fixed query port (a pre-2008 resolver); unset: the host's allocator.
  std::optional<net::Port> query_port;
};

struct StepSpec {
  int index = 0;  // 0-based position in `steps:`
  SimTime at;
  std::string host;
  StepOp op = StepOp::kSet;
  net::Protocol protocol = net::Protocol::kTcp;  // unused by kSet
  // bind / listen: the local address (default the wildcard of `family`).
  std::optional<net::IpAddress> address;
  // bind / listen: the local port (0 asks for an ephemeral one).
  std::optional<net::Port> port;
  // connect: the destination; send on an unconnected UDP socket: sendto().
  std::optional<net::Endpoint> to;
  // connect: bind to this endpoint first (port 0 allowed).
  std::optional<net::Endpoint> bind;
  int64_t count = 1;     // repetitions at this instant, each a new socket
  std::string as;        // label for the sockets this step creates
  std::string sockets;   // label of earlier sockets this step acts on
  SocketOptions options;
  std::vector<SysctlSetting> sysctl;  // kSet
  int64_t bytes = 0;                  // kSend
  // kSend: a request; the answer is awaited, counted and timed.
  bool expect_reply = false;
  // kSend (udp, on labelled sockets): sendto() where the socket's last
  // answer came from.
  bool to_sender = false;
  // kBind / kListen: the application the sockets run.
  std::optional<AppSpec> app;
  // listen: the server closes each accepted connection this long after the
  // handshake, becoming the active closer.
  std::optional<Duration> close_after;
  bool ipv6 = false;      // socket family AF_INET6 (set by v6 addresses too)
  uint32_t uid = 0;       // the calling user; 0 is root
  std::string workload;   // kStart / kStop: the workload switched on or off
  std::string nat;        // kNatProbe: the NAT probed (a name under nats:)
  std::optional<PoisonSpec> poison;  // kDnsPoison
  std::optional<ScanSpec> scan;  // kScan: the port scan (scan_spec.h)
  std::optional<FirewallChange> firewall;  // kFirewall
  SourceLocation location;
};

// How long a workload's connection stays open after it is established (or,
// for UDP, after its first datagram): fixed, uniform in [low, high], or
// exponential with mean `low`.
struct HoldSpec {
  enum class Kind { kFixed, kUniform, kExponential } kind = Kind::kFixed;
  Duration low;
  Duration high;
};

// A `workloads:` entry (scenarios/README.md): connections generated instead
// of listed, one pending arrival per client at a time.
struct WorkloadSpec {
  int index = 0;
  std::string name;
  std::vector<std::string> from;  // client host names (a `quantity:` host expands)
  net::Protocol protocol = net::Protocol::kTcp;
  std::vector<net::Endpoint> to;  // destinations, taken in turn
  enum class Arrivals { kFixed, kPoisson } arrivals = Arrivals::kFixed;
  double rate = 0;                 // new connections per second per client
  std::optional<double> rate_end;  // a ramp: the rate reached at `stop`
  int64_t pool = 0;                // > 0: keep this many open per client instead of a rate
  Duration retry = Duration::Seconds(1);  // pool: a failed connect is retried after
  int64_t limit = 0;               // > 0: at most this many connections per client
  HoldSpec hold;
  int64_t bytes = 0;               // the client sends this much once connected
  // > 0: once connected the client sends a request of this many bytes and
  // awaits the answer; the hold starts when it arrives.
  int64_t request = 0;
  enum class Closer { kClient, kServer } closer = Closer::kClient;
  SimTime start;
  std::optional<SimTime> stop;  // no new connections from then on
  bool waits_for_step = false;       // a `start` step switches it on
  std::optional<net::Endpoint> bind;  // bind to this first (bind-before-connect)
  SocketOptions options;
  SourceLocation location;
};

// `analysis:`: the strategy comparison of analysis/strategy_comparison.h run
// as part of the scenario. Unset options keep the comparison's defaults.
struct AnalysisSpec {
  std::vector<std::string> strategies;  // at least one; checked by the model
  std::vector<std::string> axes;        // empty: the default four
  std::optional<net::PortRange> range;
  std::optional<int> seeds;
  // reuse:
  std::optional<double> occupancy;
  std::optional<int64_t> churn;
  std::optional<double> rate;
  std::optional<int64_t> twait;
  // predictability:
  std::optional<int> window;
  std::optional<int> tries;
  // linkability:
  std::optional<int64_t> budget;
  std::optional<int> pairs;
  // poisoning (named in axes: only):
  std::optional<int64_t> poison_trials;
  std::optional<int64_t> poison_rate;
  std::optional<Duration> poison_rtt;
  SourceLocation location;
  // Where each strategy name is written, for errors about it.
  std::vector<SourceLocation> strategy_locations;
};

// `expect:` entries (scenarios/README.md, "Expectations"). An entry is one
// of nine kinds, each checking what its name key points at; every field that
// is set must hold at the end of the run.
//
// Example: `{host: client, peak_time_wait: [28000, 28232], established: 0}`
// is an ExpectSpec whose `kind` holds a HostExpect with
// ranges = {peak_time_wait: [28000, 28232]} and figures = {established: 0}.

// An inclusive range of an integer figure; an exact value has lo == hi.
struct FigureRange {
  int64_t lo = 0;
  int64_t hi = 0;
  friend bool operator==(const FigureRange&, const FigureRange&) = default;
};

// An inclusive range of times since the start; an exact time has
// earliest == latest.
struct TimeRange {
  Duration earliest;
  Duration latest;
  friend bool operator==(const TimeRange&, const TimeRange&) = default;
};

// `step: N` on a step that makes calls: its results.
struct StepExpect {
  int step = 0;
  std::optional<int64_t> ok;
  std::optional<int64_t> answered;  // requests of the step answered
  std::optional<std::map<std::string, int64_t>> errors;  // exact, by errno name
  std::optional<std::vector<int>> ports;                 // exact, in call order
  std::optional<net::PortRange> ports_in;  // every nonzero port inside
  std::optional<bool> distinct_ports;      // no two calls share a port
};

// `step: N` on a nat-probe step: what the probe found (nat/nat_probe.h):
// mapping and filtering as RFC 4787 names them, the RFC 3489 name,
// hairpinning, and the binding lifetime the §4.6 search found.
struct ProbeExpect {
  int step = 0;
  std::optional<int64_t> ok;  // 0 or 1: whether the probe finished
  std::optional<std::string> mapping;
  std::optional<std::string> filtering;
  std::optional<std::string> classic;
  std::optional<bool> hairpinning;
  std::optional<Duration> binding_lifetime;
};

// `step: N` on a dns-poison step: how the race went (sim/poisoning_race.h).
struct PoisonExpect {
  int step = 0;
  std::optional<FigureRange> poisoned;   // trials won by the attacker
  std::optional<FigureRange> predicted;  // trials where it bet on one port
  // Whether RFC 5452's figure lies inside the measured 95 % interval.
  std::optional<bool> agrees;
};

// `host: NAME`: a host's figures for one protocol. Figure names are listed
// in scenarios/README.md (peak_ports_in_use, time_wait, demux_exact, ...).
struct HostExpect {
  std::string host;
  net::Protocol protocol = net::Protocol::kTcp;
  std::map<std::string, int64_t> figures;     // given as N: exactly
  std::map<std::string, FigureRange> ranges;  // given as [LO, HI]
  // A host that never failed has no first failure and fails this check.
  std::optional<TimeRange> first_failure;
};

// `workload: NAME`: a workload's figures (attempts, ok, failures, ok_rate,
// peak_open, and "errors ENAME" per errno), each exact or a range.
struct WorkloadExpect {
  std::string workload;
  std::map<std::string, FigureRange> figures;
  std::optional<TimeRange> first_failure;
};

// `nat: NAME`: a NAT's figures (nat/nat_figures.h names, drops_REASON),
// exactly. The name is checked by the model against `nats:`.
struct NatExpect {
  std::string nat;
  std::map<std::string, int64_t> figures;
};

// `strategy: NAME`: an `analysis:` figure: `metric` ("axis.metric") of
// `strategy`, at abscissa `x` when the metric has several, within
// [min, max]; at least one bound is set.
struct AnalysisExpect {
  std::string strategy;
  std::string metric;
  std::optional<double> x;
  std::optional<double> min;
  std::optional<double> max;
};

// `step: N` on a scan step: the ports nmap's verdict puts in each state
// (each list given is the exact set of the scan's ports in that state) and
// the reason for single ports.
struct ScanExpect {
  int step = 0;
  std::map<PortState, std::vector<uint16_t>> states;  // ascending ports
  std::map<uint16_t, ScanReason> reasons;
};

// `headroom: binding` or `headroom: NAME` (a host or a NAT): a pool of the
// headroom measured at the start of the run (sim/headroom.h): the binding
// pool, or NAME's pool with the least room. Every field set must hold.
struct HeadroomExpect {
  std::string pool;                  // "binding" or a host or NAT name
  std::optional<std::string> owner;  // binding only: its host or NAT
  std::optional<std::string> kind;   // "host range", "NAT ports per VM", ...
  // When it runs out: a time or [EARLIEST, LATEST]; or `never`.
  std::optional<TimeRange> exhaustion;
  bool never = false;
  std::optional<double> room_min;    // room: [MIN, MAX]
  std::optional<double> room_max;
  std::optional<FigureRange> in_use;
  std::optional<FigureRange> capacity;
};

using ExpectKind = std::variant<StepExpect, ProbeExpect, HostExpect, WorkloadExpect, NatExpect,
                                AnalysisExpect, PoisonExpect, ScanExpect, HeadroomExpect>;

// One `expect:` entry.
struct ExpectSpec {
  int index = 0;  // position in `expect:`
  ExpectKind kind;
  // Last: a braced ExpectSpec copies `kind` before it makes `location`, so
  // GCC 12 at -O3 no longer takes `location`'s string for uninitialized on
  // the path where that copy throws (-Wmaybe-uninitialized, a false alarm
  // the release build printed for every braced list of entries).
  SourceLocation location;
};

struct Scenario {
  std::string file;
  std::string name;
  std::optional<uint64_t> seed;
  Duration latency = Duration::Millis(1);  // one-way, every pair
  // One-way, a host to itself through lo (127.0.0.0/8, ::1, its own
  // addresses). 10 µs: loopback is a function call through the stack, no
  // wire; a connect() refused on lo took ~50 µs round trip from Python on
  // the reference VM (tests/differential/routing_test.cc bounds it).
  Duration loopback_latency = Duration::Micros(10);
  std::optional<SimTime> until;
  // Interval of the time series; default: 1/100 of the run.
  std::optional<Duration> sample;
  std::vector<HostSpec> hosts;  // may be empty only with `analysis:`
  // Host name -> its members, for hosts given a `quantity:` (client ->
  // client.0, client.1, ...). A plain host is not listed.
  std::map<std::string, std::vector<std::string>> host_groups;
  std::vector<WorkloadSpec> workloads;
  std::vector<NatSpec> nats;     // NAT boxes (`nats:`), in file order
  std::vector<StepSpec> steps;
  std::optional<AnalysisSpec> analysis;
  std::vector<ExpectSpec> expect;
  // Of `sample:`'s value. Last, as ExpectSpec::location is, for GCC 12's
  // false -Wmaybe-uninitialized on a braced Scenario.
  SourceLocation sample_location;
};

}  // namespace portlab::scenario

#endif  // PORTLAB_SCENARIO_SCENARIO_H_
