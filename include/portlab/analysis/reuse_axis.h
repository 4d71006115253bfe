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
//   // r.median == (1 - occupancy) * range size: a cursor walks the free
//   // ports before it comes back.
#ifndef PORTLAB_ANALYSIS_REUSE_AXIS_H_
#define PORTLAB_ANALYSIS_REUSE_AXIS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/analysis/strategy_driver.h"

namespace portlab::analysis {

// include/net/tcp.h TCP_TIMEWAIT_LEN.
inline constexpr double kTimeWaitSeconds = 60;

// The default occupancy: a quarter of the range in use. Not one half: with
// Linux's default range (28,232 ports) one half is exactly the even ports,
// which __inet_hash_connect scans first (../shared/reference/os-ports.md,
// "Linux", steps 4-6), so churn there sits on the boundary between the
// even pass and the odd one, a case of its own rather than a typical load.
inline constexpr double kDefaultReuseOccupancy = 0.25;

struct ReuseOptions {
  net::PortRange range = kDefaultRange;
  int seeds = 20;
  uint64_t seed = 1;
  double occupancy = kDefaultReuseOccupancy;  // fraction of the range kept in use
  int64_t allocations = 20000;   // churn connections per seed
  double rate = 100;             // connections per second (clock tick 1/rate)
  int64_t twait = 0;             // allocations; 0: rate * kTimeWaitSeconds
};

// One seed's figures.
struct ReuseSeed {
  int64_t reuses = 0;
  int64_t connections = 0;
  // Interval quantiles (nearest rank) over the seed's reuses; 0 when it
  // had none.
  int64_t min = 0, p10 = 0, median = 0, p90 = 0;
  double reuse_fraction = 0;  // reuses / connections
  double collision_rate = 0;  // collisions / connections
};

struct ReuseResult {
  int seed_count = 0;
  int64_t twait = 0;             // the threshold used
  int64_t reuses = 0;            // connections that reused a released port
  int64_t connections = 0;       // churn connections made (all seeds)
  // Means over seeds of each seed's interval quantiles (by_seed).
  double min = 0, p10 = 0, median = 0, p90 = 0;
  double collision_rate = 0;     // collisions / connections
  std::vector<ReuseSeed> by_seed;  // in seed order
};

// InvalidArgument for seeds < 1, occupancy outside [0, 1), rate <= 0 or
// allocations < 1; a factory error as returned.
// The TIME-WAIT window in allocations: `twait`, or rate * kTimeWaitSeconds.
int64_t ReuseTwait(const ReuseOptions& options);

absl::StatusOr<ReuseResult> MeasureReuse(const StrategyFactory& factory,
                                         const ReuseOptions& options);

}  // namespace portlab::analysis

#endif  // PORTLAB_ANALYSIS_REUSE_AXIS_H_
