// The figures of one run as the columns of a sweep CSV row.
//
// The columns depend only on the scenario's shape (its steps, hosts and
// workloads),
// never on what happened, so every run of a sweep, and every shard, writes
// the same header. In order:
//   passed                       1 when every expectation held, else 0
//   end_time_s                   simulated time at the end
//   step<i>.ok, step<i>.failed   per step (0-based, as in `expect: step:`)
//   step<i>.errors               "EADDRNOTAVAIL:36 ETIMEDOUT:2" (text)
//   <host>.<tcp|udp>.<figure>    calls, successes, failures, ports_in_use,
//                                peak_ports_in_use, time_wait,
//                                peak_time_wait, established,
//                                segments_sent, segments_received, rst_sent,
//                                icmp_unreachable_sent, allocations,
//                                allocation_probes
//   workload.<name>.<figure>     attempts, ok, failures, ok_rate,
//                                first_failure_s (missing when none
//                                failed), peak_open
//
// Example:
//   RunFigures f = FiguresOf(result);
//   for (size_t i = 0; i < f.names.size(); ++i) ... f.values[i] ...
//
// Thread safety: plain functions over values.
#ifndef PORTLAB_SWEEP_SWEEP_FIGURES_H_
#define PORTLAB_SWEEP_SWEEP_FIGURES_H_

#include <string>
#include <vector>

#include "portlab/sim/result.h"

namespace portlab::sweep {

// The four vectors have one entry per column, in column order.
struct RunFigures {
  std::vector<std::string> names;
  // values[i] is the figure of column i; for a text column (is_text[i])
  // it is 0 and text[i] holds the value.
  std::vector<double> values;
  std::vector<std::string> text;
  std::vector<bool> is_text;
  // A numeric figure this run does not have (first_failure_s of a run in
  // which nothing failed): an empty CSV cell, left out of the statistics,
  // whose n then counts only the runs that have it. values[i] is 0.
  std::vector<bool> missing;
};

RunFigures FiguresOf(const sim::Result& result);

}  // namespace portlab::sweep

#endif  // PORTLAB_SWEEP_SWEEP_FIGURES_H_
