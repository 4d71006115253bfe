// RunLength: what a scenario says, before it runs, about how long it runs
// — the least of it: a run lasts at least to its `until:`, its last step
// and the end of its workloads' last connection, and may run longer
// (timers, retransmissions). Used to refuse work that cannot finish
// (scenario/internal/time_bounds.h) and to size the time series
// (run/memory_estimate.h).
//
// A workload's end is its last arrival (its `stop:`, or `start:` +
// count / rate for a fixed-rate one without `stop:`), then its longest hold
// (`uniform`: HIGH; `exponential`: 37 x MEAN, the largest unit-exponential
// draw base/exponential.h makes being ln 2^53 ~ 36.7), then 240 s of
// TIME-WAIT (TCP; the longest of any profile, ns-3's 2 x MSL).
//
// Invariant: every SimTime returned is computed in double seconds and
// clamped, so no input overflows it; a result past the end of simulated
// time (limits::kMaxDurationNanos) comes back as a time past it, not wrapped.
//
// Example:
//   if (LatestWorkloadTime(w) > SimTime::FromNanos(limits::kMaxDurationNanos)) ... refuse
//
// Thread safety: pure functions.
#ifndef PORTLAB_SCENARIO_RUN_LENGTH_H_
#define PORTLAB_SCENARIO_RUN_LENGTH_H_

#include <cstdint>

#include "portlab/base/time.h"
#include "portlab/scenario/scenario.h"

namespace portlab::scenario {

// The longest connection `hold` may make.
double LongestHoldSeconds(const HoldSpec& hold);

// When the workload's last connection may end (above), in seconds.
double WorkloadEndSeconds(const WorkloadSpec& w);

// When the run ends at the earliest, in seconds: the latest of `until:`,
// each step's `at:` (+ `close_after:`) and each workload's end.
double KnownRunSeconds(const Scenario& s);

// The points a `sample:` interval takes over KnownRunSeconds (+1 for the
// point at 0); 0 without `sample:` (the recorder then keeps at most 200,
// sim/internal/series_recorder.h). Saturates at INT64_MAX.
int64_t SamplePoints(const Scenario& s);

}  // namespace portlab::scenario

#endif  // PORTLAB_SCENARIO_RUN_LENGTH_H_
