// SweepRunner: runs a slice of a SweepPlan on worker threads, one
// simulation per thread at a time, and hands the figures of each run back
// on the calling thread in run order, whatever the number of threads.
//
// A Simulation shares nothing mutable with another (the core has no global
// state: its only statics are const tables built once, thread-safely), so
// runs need no locking; the runner locks only its own queue of finished
// runs. The output depends only on the plan and the scenarios, not on
// `jobs` or on timing.
//
// Example:
//   SweepRunner runner(plan, points);   // points[p]: grid point p's Scenario
//   absl::Status s = runner.Run(0, plan.runs(), 2,
//       [&](int64_t run, const RunFigures& f) { ...write a row... },
//       [&](int64_t done, int64_t total) { ...progress... });
//
// Thread safety: Run blocks its caller; the callbacks run on that thread.
#ifndef PORTLAB_SWEEP_SWEEP_RUNNER_H_
#define PORTLAB_SWEEP_SWEEP_RUNNER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portlab/run/memory_estimate.h"
#include "portlab/scenario/scenario.h"
#include "portlab/sweep/sweep_figures.h"
#include "portlab/sweep/sweep_plan.h"

namespace portlab::sweep {

class SweepRunner {
 public:
  using EmitFn = std::function<void(int64_t run, const RunFigures& figures)>;
  using ProgressFn = std::function<void(int64_t done, int64_t total)>;

  // Grid point p's scenario, or why it cannot be had; called on a worker
  // thread, once per point a worker moves to (it keeps its last point), so
  // it must be safe to call from several threads at once.
  using PointFn = std::function<absl::StatusOr<std::shared_ptr<const scenario::Scenario>>(int64_t point)>;

  // `points[p]` is the scenario of grid point p, or nullptr for a point no
  // run of the slice uses. Both must outlive the runner.
  // Each run refuses a scenario whose estimated state passes
  // `memory_limit` (run::RunOptions::memory_limit).
  SweepRunner(const SweepPlan& plan, const std::vector<const scenario::Scenario*>& points,
              int64_t memory_limit = run::kDefaultMemoryLimit);
  // Points made as their runs start (a sweep's shard loads only its own).
  // A point's error stops the runs as a run's error does.
  SweepRunner(const SweepPlan& plan, PointFn point, int64_t memory_limit = run::kDefaultMemoryLimit)
      : plan_(plan), point_(std::move(point)), memory_limit_(memory_limit) {}

  // Runs [begin, end) on `jobs` threads (at least 1). `emit` is called once
  // per run, in run order; `progress` (may be empty) whenever a run
  // finishes and at least every quarter second of waiting. Returns the first
  // error a run returned (InvalidArgument from the model), after stopping
  // the others; runs emitted before it stay emitted.
  // REQUIRES: the point of every run in [begin, end) can be had (a
  // vector's entry is not nullptr).
  absl::Status Run(int64_t begin, int64_t end, int jobs, const EmitFn& emit,
                   const ProgressFn& progress) const;

 private:
  const SweepPlan& plan_;
  PointFn point_;
  int64_t memory_limit_;
};

}  // namespace portlab::sweep

#endif  // PORTLAB_SWEEP_SWEEP_RUNNER_H_
