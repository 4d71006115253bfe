// Result: what a simulation run produced, as plain data for the writers
// (text summary, JSON, CSV). report/json_writer.h gives the JSON shape.
#ifndef PORTLAB_SIM_RESULT_H_
#define PORTLAB_SIM_RESULT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "portlab/base/confidence_interval.h"
#include "portlab/base/time.h"
#include "portlab/nat/nat_figures.h"
#include "portlab/nat/nat_probe.h"
#include "portlab/sim/headroom.h"
#include "portlab/net/port.h"
#include "portlab/sim/poisoning_race.h"
#include "portlab/scenario/scan_spec.h"
#include "portlab/stack/protocol_figures.h"

namespace portlab::sim {

// The outcome of one scenario step (all `count` calls of it).
struct StepResult {
  int index = 0;
  SimTime at;
  std::string host;
  std::string op;        // "connect", "bind", ...
  std::string protocol;  // "tcp", "udp", or "" for set
  int64_t calls = 0;
  // Calls that succeeded; a TCP connect succeeds when it reaches ESTABLISHED.
  int64_t ok = 0;
  std::map<std::string, int64_t> errors;  // errno name -> count
  // Local port of each call in call order; 0 for a call that failed before
  // it had one.
  std::vector<uint16_t> ports;
  // A send with expect_reply: its requests, their answers and times (an
  // answer counts for the latest request step on its socket).
  stack::ConversationFigures conversation;
};

// One firewall rule of a host at the end of the run, with its counter.
struct FirewallRuleResult {
  std::string chain;  // "in" or "out"
  std::string rule;   // nft's words, without the counter
  int64_t packets = 0;
  int64_t bytes = 0;
};

// Whether `host` is a member of the `quantity:` group `group`: NAME.i
// (scenario/internal/host_parser.h).
inline bool IsGroupMember(std::string_view host, std::string_view group) {
  if (host.size() <= group.size() + 1 || host.substr(0, group.size()) != group || host[group.size()] != '.') {
    return false;
  }
  for (char c : host.substr(group.size() + 1)) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// A host's figures, or a `quantity:` group's (members > 0): its members'
// figures added together, peaks the largest of any one member
// (sim/internal/host_groups.h, AddMemberFigures).
struct HostResult {
  std::string name;
  int64_t members = 0;          // a group: how many hosts; 0 for a host
  int64_t members_calling = 0;  // a group: members that made a socket call
  stack::ProtocolFigures tcp;
  stack::ProtocolFigures udp;
  // The firewall (stack/firewall.h), when the host has one: its rules in
  // order, each chain's policy and the packets the policy dropped.
  bool has_firewall = false;
  std::vector<FirewallRuleResult> firewall;
  std::string policy_in = "accept", policy_out = "accept";
  int64_t policy_drops_in = 0, policy_drops_out = 0;
  const stack::ProtocolFigures& of(net::Protocol p) const {
    return p == net::Protocol::kTcp ? tcp : udp;
  }
};

// Failures of one kind: same host, protocol, source (a step or workload),
// errno and cause, with how many and when the first and last happened.
struct FailureGroup {
  std::string host;
  std::string protocol;
  std::string source;  // "step 3" or "workload NAME"
  std::string errno_name;
  std::string cause;   // "range used up", "all candidates in TIME-WAIT", ...
  int64_t count = 0;
  SimTime first;
  SimTime last;
};

// One failed call, for the first few failures of a run.
struct FailureRecord {
  SimTime time;
  std::string host;
  std::string protocol;
  std::string source;
  std::string errno_name;
  std::string cause;
};

// What the textbook formula says for a workload (scenarios/README.md,
// "Workloads"): steady state
// needs rate x (hold + TIME-WAIT) ports per destination; exhaustion comes
// when that exceeds the usable range.
struct Prediction {
  bool applies = false;
  std::string why_not;        // when !applies: why no formula fits
  double rate_per_port_pool = 0;  // connections/s drawing on one pool of ports
  double needed_ports = 0;    // rate x (hold + TIME-WAIT)
  int64_t usable_ports = 0;   // range minus reserved ports
  double sustainable_rate = 0;  // usable / (hold + TIME-WAIT), per pool
  bool exhaustion = false;
  std::optional<SimTime> first_failure;  // start + usable / rate, when exhausted
  std::string pool_note;      // "per destination" or "shared by every destination"
  double occupancy_s = 0;     // how long one connection holds its port
  // Where the binding limit is when it is not the client's own range: a
  // NAT on the path (sim/port_capacity.h), named with its figure,
  // "NAT gcp-static, 64 ports per VM and destination"; empty otherwise.
  // The figures above are then that NAT's: usable_ports its capacity,
  // occupancy_s how long the NAT keeps a connection's place.
  std::string limit;
  // Who draws on the pool: each destination its own (per_destination), and
  // how many of the workload's clients together (1: each client its own).
  bool per_destination = false;
  int pool_clients = 1;
  // When a NAT binds: when its limit is reached (start + capacity / rate).
  // first_failure is then when connect() first fails: at once where the
  // NAT answers with ICMP, else when the dropped SYN's retries run out.
  std::optional<SimTime> limit_reached;
  // A NAT's port blocks bind when more of the workload's clients are behind
  // it than it has blocks (nat/nat_capacity.h's subscribers_served): a
  // client takes a block with its first connection and keeps it while it
  // holds a session there, so past the blocks a client gets none, however
  // few ports it needs. clients_refused is how many get none (0: the blocks
  // do not bind, or go back to be shared before a refused client's last
  // SYN; port_capacity.h's PortBlockHoldOf). The figures above then count
  // blocks: needed_ports the clients behind the NAT (pool_clients too),
  // usable_ports its blocks, rate_per_port_pool and sustainable_rate 0
  // (no rate frees a block);
  // limit_reached is when the (blocks + 1)-th client connects, unset when
  // that cannot be said (Poisson arrivals on a ramp).
  int64_t clients_refused = 0;
  // Why the simulation may differ from the formula (parity halves,
  // reserved ports, randomness, timer granularity), for the summary.
  std::vector<std::string> notes;
};

// What one `workloads:` entry did, summed over its clients.
struct WorkloadResult {
  std::string name;
  std::string protocol;
  int clients = 0;
  int destinations = 0;
  int64_t attempts = 0;
  int64_t ok = 0;  // established (TCP) or connected (UDP)
  int64_t failures = 0;
  std::map<std::string, int64_t> errors;  // errno name -> count
  std::optional<SimTime> first_failure;
  // Successful connections per second, per client, over the second half of
  // the time the workload ran (the steady state after any exhaustion).
  double ok_rate = 0;
  SimTime ran_from;
  SimTime ran_until;
  int64_t peak_open = 0;  // most connections open at once, all clients
  // The units the client hosts are reported in (a host, or its
  // `quantity:` group: the time series' units), in `from:` order, a run of
  // one unit once, so a chart of one unit can mark its workloads'
  // predictions. Not in the JSON.
  std::vector<std::string> client_hosts;
  // A workload with request: its requests, the answers and their times, and
  // the bytes each way (its clients' sockets only).
  stack::ConversationFigures conversation;
  Prediction prediction;
};

// The figures of one host and protocol at one instant of the time series.
// Counters (attempts, failures, probes) are cumulative since the start.
struct SeriesPoint {
  SimTime time;
  int64_t ports_in_use = 0;
  int64_t time_wait = 0;
  int64_t established = 0;
  int64_t attempts = 0;  // connect() calls
  int64_t failures = 0;
  int64_t allocation_probes = 0;
  std::map<std::string, int64_t> failures_by_errno;
  // TCP only, over the interval since the previous point (the first point:
  // since the start): the connect() calls that reached the port choice
  // (stack::ProtocolFigures::connect_probes), the 50th and 99th percentiles
  // of their probes, and of their modelled duration
  // (stack/connect_latency.h). The percentiles are 0 when port_choices is.
  int64_t port_choices = 0;
  int64_t connect_probes_p50 = 0;
  int64_t connect_probes_p99 = 0;
  int64_t connect_latency_p50_ns = 0;
  int64_t connect_latency_p99_ns = 0;
};

// The series of a host, or of a `quantity:` group (members > 0: every
// point its members' figures summed at that instant).
struct HostSeries {
  std::string host;
  std::string protocol;
  std::vector<SeriesPoint> points;
  int64_t members = 0;  // a group: how many hosts; 0 for a host. Not in the JSON or CSV.
  // The host's ephemeral range (ip_local_port_range at the end of the run)
  // and how many of its ports are not reserved (ip_local_reserved_ports):
  // the report's reference line; 0 for a group, whose sum no one range
  // bounds. Not in the JSON or CSV.
  uint16_t port_lo = 0;
  uint16_t port_hi = 0;
  int64_t usable_ports = 0;
};

// What a `nat-probe` step found (nat/nat_probe.h): RFC 5780 discovery on a
// fresh NAT with the named NAT's profile and knobs.
struct NatProbeResult {
  int step = 0;
  SimTime at;
  std::string nat;
  std::string client;  // the probe client's endpoint, in the NAT's inside network
  std::string error;   // why the probe could not finish; empty when it did
  nat::ProbeReport report;
};

// What a `dns-poison` step found (sim/poisoning_race.h): the race against
// resolvers built as its host is.
struct PoisonResult {
  int step = 0;
  SimTime at;
  std::string host;
  // How the resolver picks its query port: "fixed port 53", or the name of
  // the host's UDP strategy.
  std::string ports;
  int64_t rate = 0;  // forged answers per second
  Duration rtt;      // the window: query to authentic answer
  std::string error;  // why the race could not run; empty when it did
  PoisonFigures figures;
};

// One port of a scan: nmap's state and reason, and how many probes it took.
struct ScanPortResult {
  uint16_t port = 0;
  scenario::PortState state = scenario::PortState::kFiltered;
  scenario::ScanReason reason = scenario::ScanReason::kNoResponse;
  int tries = 0;
};

// What a `scan` step found (sim/scan_verdict.h), ports in ascending order.
struct ScanResult {
  int step = 0;
  SimTime at;
  std::string host;    // the scanner
  std::string source;  // the address its probes left from
  std::string target;
  scenario::ScanType type = scenario::ScanType::kSyn;
  std::vector<ScanPortResult> ports;  // the ports judged
  int64_t unfinished = 0;  // ports still awaiting a verdict when the run ended
  int64_t probes_sent = 0;
  std::optional<SimTime> finished;  // when the last port was judged
};

struct ExpectationResult {
  int index = 0;
  bool passed = false;
  std::string detail;  // what was expected and what happened
};

// One number of the strategy comparison a scenario's `analysis:` ran
// (analysis/strategy_comparison.h): `axis`.`metric` of `strategy`, at the
// abscissa `x` for metrics measured at several points (occupancy percent,
// observed ports k, the attacker's budget).
struct AnalysisFigure {
  std::string strategy;
  std::string axis;    // cost, reuse, predictability, linkability
  std::string metric;  // mean_probes_at, success_rate, ...
  std::optional<double> x;
  double value = 0;
  int seed_count = 0;  // runs the value is over
  // Its 95 % interval and how it was made (base/confidence_interval.h);
  // none for one seed, an extreme, or a figure computed exactly.
  std::optional<ConfidenceInterval> ci95;
  IntervalMethod interval = IntervalMethod::kNone;
  // The value of each seed (index in the axis's seed order) that has one:
  // `portlab strategies --per-seed-csv`. Empty for poisoning (trials, not
  // seeds).
  std::vector<std::pair<int, double>> per_seed;
};

struct Result {
  std::string scenario;
  uint64_t seed = 0;
  SimTime end_time;
  std::vector<StepResult> steps;
  std::vector<HostResult> hosts;  // in scenario order
  std::vector<nat::NatFigures> nats;  // in scenario order (`nats:`)
  std::vector<NatProbeResult> nat_probes;  // in step order
  std::vector<PoisonResult> poisonings;    // dns-poison steps, in step order
  std::vector<ScanResult> scans;  // in step order
  std::vector<AnalysisFigure> analysis;  // empty without `analysis:`
  std::vector<WorkloadResult> workloads;  // in scenario order
  // Every failure, grouped (ordered by host, protocol, source, errno, cause).
  std::vector<FailureGroup> failure_groups;
  // The first failures one by one (at most kLoggedFailures), in time order.
  std::vector<FailureRecord> failure_log;
  int64_t failures_total = 0;
  Duration sample_interval;
  std::vector<HostSeries> series;  // hosts with activity, tcp then udp
  std::vector<nat::NatSeries> nat_series;  // every NAT, in scenario order
  // The pools of ports at the start of the run (sim/headroom.h).
  RunHeadroom headroom;
  std::vector<ExpectationResult> expectations;
  bool passed = true;
};

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_RESULT_H_
