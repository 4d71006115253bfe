// Reuse axis: how soon a just-freed port is handed out again.
//
// Each seed first connects toward one destination until `occupancy` of the
// range is in use, then churns: connect one, release the oldest (FIFO), for
// `allocations` connections. For each connection whose port had been
// released before, the interval is the number of allocations since that
// release (1 = released just before this connect()).
//
// The 4-tuple collision rate is a proxy: the fraction of churn connections
// whose port was released at most `twait` allocations ago toward the same
// (single) destination, i.e. a SYN that would land on a 4-tuple the peer may
// still hold in TIME-WAIT had the peer closed first. twait defaults to the
// connections made during one TIME-WAIT at `rate` (rate x 60 s, Linux
// TCP_TIMEWAIT_LEN). The model has no real TIME-WAIT, RST or PAWS: it only
// counts how often the allocator comes back to a fresh port.
//
// Example:
//   ReuseResult r = MeasureReuse(FactoryFor("sequential"), {}).value();
//   // r.median == occupancy * range size: a FIFO cursor.
#ifndef PORTLAB_ANALYSIS_REUSE_AXIS_H_
#define PORTLAB_ANALYSIS_REUSE_AXIS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "portlab/analysis/strategy_driver.h"

namespace portlab::analysis {

// include/net/tcp.h TCP_TIMEWAIT_LEN.
inline constexpr double kTimeWaitSeconds = 60;

struct ReuseOptions {
  net::PortRange range = kDefaultRange;
  int seeds = 20;
  uint64_t seed = 1;
  double occupancy = 0.5;        // fraction of the range kept in use
  int64_t allocations = 20000;   // churn connections per seed
  double rate = 100;             // connections per second (clock tick 1/rate)
  int64_t twait = 0;             // allocations; 0: rate * kTimeWaitSeconds
};

struct ReuseResult {
  int seed_count = 0;
  int64_t twait = 0;             // the threshold used
  int64_t reuses = 0;            // connections that reused a released port
  int64_t connections = 0;       // churn connections made (all seeds)
  // Interval quantiles (nearest rank) over every reuse of every seed; 0
  // when there was no reuse.
  int64_t min = 0, p10 = 0, median = 0, p90 = 0;
  double collision_rate = 0;     // collisions / connections
};

// InvalidArgument for seeds < 1, occupancy outside [0, 1), rate <= 0 or
// allocations < 1; a factory error as returned.
absl::StatusOr<ReuseResult> MeasureReuse(const StrategyFactory& factory,
                                         const ReuseOptions& options);

}  // namespace portlab::analysis

#endif  // PORTLAB_ANALYSIS_REUSE_AXIS_H_
