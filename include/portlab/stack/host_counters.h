// HostCounters: what a host counts over a run, per protocol: its
// ProtocolFigures (calls, failures by errno and cause, ports and TIME-WAIT
// in use, segments, allocations) and the segments each demultiplexer rule
// matched. Owned by the stack; the run's result gathers them when the run
// ends (sim/result.h's HostResult).
//
// Demux counts are plain integers on the receive path (no string, no map
// per segment); Folded() names them into ProtocolFigures::demux when asked.
//
// Example:
//   HostCounters c;
//   ++c.of(net::Protocol::kTcp).segments_received;
//   c.CountDemux(net::Protocol::kTcp, DemuxRule::kExact);
//   c.Folded(net::Protocol::kTcp).demux.at("exact");  // 1
//
// UDP's figures are made at the first UDP count: a host that never uses
// UDP (most of a large run's hosts) keeps one pointer for them, and reads
// them as all zeros.
//
// Invariants:
//   - Counts only grow, but for the "now" figures (ports_in_use, time_wait,
//     established), and each peak_* is at least its figure.
//   - A rejected segment found no socket: it counts as kNone.
//   - Folded(p).demux names every rule counted at least once, with its
//     count; of(p).demux may lag until Folded() is called.
//   - Until something is counted for UDP, of(kUdp) and Folded(kUdp) are a
//     ProtocolFigures of zeros.
//
// Thread safety: none; the core is single-threaded.
#ifndef PORTLAB_STACK_HOST_COUNTERS_H_
#define PORTLAB_STACK_HOST_COUNTERS_H_

#include <algorithm>
#include <cstdint>
#include <memory>

#include "portlab/net/port.h"
#include "portlab/stack/connection_table.h"
#include "portlab/stack/protocol_figures.h"

namespace portlab::stack {

class HostCounters {
 public:
  ProtocolFigures& of(net::Protocol p) { return counted(p).figures; }
  // Without the demux counts (of(p).demux may be stale): what a time-series
  // sample reads, cheaply.
  const ProtocolFigures& of(net::Protocol p) const {
    return p == net::Protocol::kTcp ? tcp_.figures : udp_ ? udp_->figures : kNoFigures;
  }
  // With the demux counts folded in by rule name.
  const ProtocolFigures& Folded(net::Protocol p) const;

  void CountDemux(net::Protocol p, DemuxRule r) {
    ++counted(p).demux[static_cast<int>(r == DemuxRule::kRejected ? DemuxRule::kNone : r)];
  }
  // The bind table of `p` now has `ports` ports in use.
  void NotePortsInUse(net::Protocol p, int64_t ports) {
    ProtocolFigures& f = of(p);
    f.ports_in_use = ports;
    f.peak_ports_in_use = std::max(f.peak_ports_in_use, f.ports_in_use);
  }

 private:
  struct Counted {
    // Mutable: Folded() folds the demux counters in when asked.
    mutable ProtocolFigures figures;
    // Segments per DemuxRule, counted on the receive path without strings.
    int64_t demux[kDemuxRuleCount] = {};
  };
  Counted& counted(net::Protocol p) { return p == net::Protocol::kTcp ? tcp_ : Udp(); }
  Counted& Udp();  // made on first use

  static const ProtocolFigures kNoFigures;
  Counted tcp_;
  std::unique_ptr<Counted> udp_;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_HOST_COUNTERS_H_
