// Result: what a simulation run produced, as plain data for the writers
// (text summary, JSON, CSV). DESIGN.md §6 gives the JSON shape.
#ifndef PORTLAB_SIM_RESULT_H_
#define PORTLAB_SIM_RESULT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "portlab/net/port.h"
#include "portlab/sim/time.h"

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
};

// Figures for one protocol of one host over the run.
struct ProtocolFigures {
  int64_t calls = 0;
  int64_t successes = 0;
  // errno name -> cause -> count, e.g. EADDRNOTAVAIL -> "range used up".
  std::map<std::string, std::map<std::string, int64_t>> failures;
  int64_t ports_in_use = 0;       // at the end
  int64_t peak_ports_in_use = 0;
  int64_t time_wait = 0;          // at the end
  int64_t peak_time_wait = 0;
  int64_t established = 0;        // at the end
  int64_t segments_sent = 0;
  int64_t segments_received = 0;
  int64_t rst_sent = 0;
  int64_t icmp_unreachable_sent = 0;
  int64_t allocations = 0;        // ephemeral ports chosen
  int64_t allocation_probes = 0;  // candidates the algorithm examined
  // demux rule name -> segments it matched ("exact", "listener-address",
  // "listener-wildcard", "none", "filtered").
  std::map<std::string, int64_t> demux;
};

struct HostResult {
  std::string name;
  ProtocolFigures tcp;
  ProtocolFigures udp;
  const ProtocolFigures& of(net::Protocol p) const {
    return p == net::Protocol::kTcp ? tcp : udp;
  }
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
};

struct Result {
  std::string scenario;
  uint64_t seed = 0;
  SimTime end_time;
  std::vector<StepResult> steps;
  std::vector<HostResult> hosts;  // in scenario order
  std::vector<AnalysisFigure> analysis;  // empty without `analysis:`
  std::vector<ExpectationResult> expectations;
  bool passed = true;
};

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_RESULT_H_
