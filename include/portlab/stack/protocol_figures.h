// ProtocolFigures: the counters a host keeps for one protocol over a run.
//
// Owned by the stack (Host::figures), gathered into the run's result
// (sim/result.h's HostResult) when the run ends. Plain data: the writers
// (report/) print every field under its C++ name.
//
// Example:
//   const stack::ProtocolFigures& f = host.figures(net::Protocol::kTcp);
//   int64_t in_time_wait = f.time_wait;
#ifndef PORTLAB_STACK_PROTOCOL_FIGURES_H_
#define PORTLAB_STACK_PROTOCOL_FIGURES_H_

#include <cstdint>
#include <map>
#include <string>

namespace portlab::stack {

// Figures for one protocol of one host over the run.
struct ProtocolFigures {
  int64_t calls = 0;
  int64_t successes = 0;
  // errno name -> cause name -> count, e.g. EADDRNOTAVAIL -> "range used
  // up": the CauseName of a FailureCause (stack/failure_cause.h), made when
  // counted; a connected UDP socket's ICMP host unreachable or
  // administratively prohibited counts under net::SegmentLabel's name.
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

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_PROTOCOL_FIGURES_H_
