// Headroom: how close a scenario's machines are to running out of ports,
// measured on the simulation's live state at one instant
// (`portlab headroom`, README "portlab headroom").
//
// A pool is a set of places new connections draw on:
//   host        a host's ephemeral range for one (source address,
//               destination, protocol), or for every destination at once
//               where ports are not shared (bind-before-connect, UDP, an OS
//               without 4-tuple sharing);
//   NAT         each limit of sim/port_capacity.h's NatLimitsOf: the ports
//               one inside host may hold (per destination where the NAT
//               overlaps ports), the sessions toward one destination, the
//               outside addresses' ports; and where the NAT hands out port
//               blocks, the blocks themselves: every inside host that
//               connects needs one, and the outside addresses hold
//               blocks_per_address each (nat/nat_capacity.h's
//               subscribers_served: Google Cloud NAT's floor(64,512 / ports
//               per VM) x NAT IPs), a limit on VMs, not on any one VM's ports.
// For each: the places in use at `at` (read from the hosts' socket tables
// and the NATs' session tables, so sockets made before any workload, or
// by an imported scenario's pre-existing state, count), the capacity, how
// long a new connection keeps its place (occupancy), the rate the
// workloads running after `at` draw on it, and the connect() calls the
// steps after `at` make at once (bursts). From these:
//   sustainable rate = capacity / occupancy
//   needed           = the most places held at once: in use + burst +
//                      rate x min(occupancy, until the rate stops), less
//                      the entries in use that free themselves (a
//                      TIME-WAIT's timer, or tcp_tw_reuse_delay where
//                      connect() may take it over) before then
//   room             = capacity / needed (below 1: the pool runs out)
//   exhaustion       = when (capacity - in use - burst) / rate has passed
//                      since the rate started, free growing by one with
//                      each release before then, within one occupancy
//                      (past it the first new connections leave as new
//                      ones come), or the step whose burst overruns it
//   burst failures   = in use + burst - capacity, less the releases by
//                      the burst, when positive.
// The binding pool is the one with the least room (the earliest
// exhaustion breaking ties).
//
// Invariants: pools are listed hosts first, then NATs, each in scenario
// order, then by source and destination; every figure is a pure function
// of the scenario, the seed and `at` (no I/O, deterministic).
//
// Example:
//   absl::StatusOr<Headroom> h = MeasureHeadroom(scenario, seed, SimTime());
//   const HeadroomPool& p = h->pools[h->binding];
#ifndef PORTLAB_SIM_HEADROOM_H_
#define PORTLAB_SIM_HEADROOM_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/base/time.h"
#include "portlab/net/port.h"
#include "portlab/scenario/scenario.h"

namespace portlab::sim {

class Simulation;
struct Result;

enum class PoolKind : uint8_t {
  kHostRange,       // a host's ephemeral range
  kNatSubscriber,   // ports one inside host may hold at a NAT
  kNatDestination,  // sessions toward one destination at a NAT
  kNatOutside,      // a NAT's outside ports
  kNatBlocks,       // a NAT's port blocks: one for each inside host that connects
};
// "host range", "NAT ports per VM", "NAT sessions per destination", "NAT
// outside ports", "NAT port blocks".
std::string_view PoolKindName(PoolKind k);

struct HeadroomPool {
  PoolKind kind = PoolKind::kHostRange;
  std::string owner;        // the host or the NAT
  std::string source;       // source address (host), inside address (NAT per VM), or "*"
  std::string destination;  // "ADDR:PORT", or "*" for a pool every destination shares
  net::Protocol protocol = net::Protocol::kTcp;
  std::string why;          // the capacity's derivation, "28232 ports (32768-60999)"
  int64_t capacity = 0;
  int64_t in_use = 0;       // at `at`
  double occupancy_s = 0;   // how long one new connection keeps its place (0: bursts only)
  double rate = 0;          // new connections per second after `at`
  int64_t burst = 0;        // connect() calls of the steps after `at`
  // When the rate starts drawing (the latest of `at` and its workloads'
  // starts), and the first step whose burst overruns the pool.
  SimTime rate_from;
  std::optional<SimTime> rate_until;  // the last stop: of those workloads; none if one has none
  std::optional<SimTime> burst_at;
  // When ports in use free themselves (a TIME-WAIT entry's end), sorted:
  // a rate that exhausts the pool only after some of them does so later.
  std::vector<SimTime> releases;
  // Who draws on it: step indexes (0-based) and workload names, their hosts.
  std::vector<int> steps;
  std::vector<std::string> workloads;
  std::vector<std::string> hosts;

  double sustainable_rate() const;  // capacity / occupancy; infinity without occupancy
  // The most places held at once: in use + burst + rate x occupancy, less
  // the entries in use that free themselves before the new ones fill in.
  double needed() const;
  double room() const;              // capacity / needed (infinity when nothing is needed)
  int64_t FreedBy(SimTime t) const;  // the releases at or before t
  // in use + burst - capacity, at least 0; the entries in use that free
  // themselves by the burst do not count.
  int64_t burst_failures() const;
  double DrawSpanSeconds() const;   // how long new connections pile up: occupancy, cut at rate_until
  // When the pool runs out: the overrunning burst, else start + free / rate
  // when rate x occupancy passes what is free, where free grows by one for
  // each release before that time; nullopt when it never does.
  std::optional<SimTime> exhaustion() const;
};

struct Headroom {
  SimTime at;
  std::vector<HeadroomPool> pools;
  // Index into pools of the one with the least room; nullopt without pools.
  std::optional<size_t> binding;
};

// Builds the simulation of `scenario` with `seed`, runs it to `at` (every
// event at `at` included, as `portlab table --at` does), and measures
// every pool some step or workload after `at` draws on (and every pool
// that already has places in use). InvalidArgument (file:line:column) for
// what the model rejects, as Simulation::Build.
absl::StatusOr<Headroom> MeasureHeadroom(const scenario::Scenario& scenario, uint64_t seed, SimTime at);

// The same measure of `sim`, built from `scenario` and run to `at`: what
// `portlab run` takes at the start of every run (run/run.h).
Headroom MeasureHeadroomOf(const scenario::Scenario& scenario, Simulation& sim, SimTime at);

// One fix of analysis/headroom_fixes.h as `portlab run`'s headroom section
// shows it: predicted by its formula (the changed scenario measured at the
// same time), not checked by a run (that is `portlab headroom`'s job).
struct RankedFix {
  std::string kind;     // FixKindName
  std::string change;
  std::string formula;
  std::string then;     // the pool that binds after it, in words
  double room = 0;
  std::optional<SimTime> exhaustion;
  int64_t failures = 0;  // burst failures predicted
};

// The headroom section of a run (Result::headroom): measured at the start,
// after the events at 0 s (run/run.h says why then), or why not.
struct RunHeadroom {
  std::optional<Headroom> measured;
  std::string not_measured;  // why, when !measured
  // Ranked, most room first; made only when the section is shown
  // (HeadroomShown), by analysis::RunScenarioWithAnalysis.
  std::vector<RankedFix> fixes;
};

// The summary shows the section when the binding pool needs at least
// 1 / kShownRoom (80 %) of its capacity, or the run ran out of places
// (RanOutOfPorts).
inline constexpr double kShownRoom = 1.25;
bool HeadroomShown(const Result& result);
// Whether a connect() failed for want of a port (EADDRNOTAVAIL, EAGAIN) or
// a NAT dropped for want of a place (exhausted, subscriber-, destination-
// or session-limit) during the run.
bool RanOutOfPorts(const Result& result);

// A run measures its headroom only when its draws (clients x destinations
// of each workload, plus connect steps) and hosts number at most this many:
// the measure is then negligible beside the run. Otherwise the reason
// why not, for RunHeadroom::not_measured.
inline constexpr int64_t kMaxRunHeadroomDraws = 4096;
std::optional<std::string> HeadroomTooLarge(const scenario::Scenario& scenario);

// Whether two pools are the same pool (kind, owner, source, destination,
// protocol), for finding a pool again in a changed scenario.
bool SamePool(const HeadroomPool& a, const HeadroomPool& b);

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_HEADROOM_H_
