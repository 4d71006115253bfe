// Sweep: a whole `portlab sweep`, from a scenario file and its flags to the
// statistics over seeds. PlanSweep reads the file and loads and builds
// every grid point before anything runs, so a bad path, value or memory
// request is refused (InvalidArgument, or the code the check returned) in
// every shard alike; RunSweep runs the shard's runs (sweep_runner.h) and
// gathers their statistics (sweep_summary.h).
//
// Example:
//   SweepRequest request;
//   request.scenario_file = "scenarios/connect-exhaustion.yaml";
//   request.axes.push_back(*ParseSweepAxis("steps.1.count=10,50"));
//   request.seeds = 3;
//   absl::StatusOr<Sweep> sweep = PlanSweep(request);
//   absl::StatusOr<std::vector<PointSummary>> points = RunSweep(*sweep,
//       [&](int64_t run, const RunFigures& f) { ...write a row... }, nullptr);
//
// Thread safety: RunSweep blocks its caller and calls back on its thread
// (SweepRunner::Run). A Sweep is not copyable; moving it keeps `points`
// valid.
#ifndef PORTLAB_SWEEP_SWEEP_H_
#define PORTLAB_SWEEP_SWEEP_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/run/memory_estimate.h"
#include "portlab/scenario/scenario.h"
#include "portlab/sweep/sweep_figures.h"
#include "portlab/sweep/sweep_plan.h"
#include "portlab/sweep/sweep_runner.h"
#include "portlab/sweep/sweep_summary.h"

namespace portlab::sweep {

// What a sweep is asked to do (the flags of `portlab sweep`, parsed).
struct SweepRequest {
  std::string scenario_file;
  std::vector<SweepAxis> axes;
  int64_t seeds = 1;
  std::optional<uint64_t> first_seed;  // none: the scenario's seed, else 1
  std::optional<Shard> shard;          // none: every run
  int jobs = 1;                        // runs at once, at least 1
  // Shared by the runs at once: each may take memory_limit / (runs at once).
  int64_t memory_limit = run::kDefaultMemoryLimit;
};

// A planned sweep, ready to run.
struct Sweep {
  std::string scenario_file;
  std::string scenario_text;    // the file's bytes as read (for the outputs' provenance)
  SweepPlan plan;               // first_seed settled
  std::optional<Shard> shard;   // as requested
  int64_t begin = 0;            // [begin, end): the runs of the shard
  int64_t end = 0;
  int jobs = 1;
  int64_t memory_limit = run::kDefaultMemoryLimit;
  // Grid point 0's figures as built, before it runs: the CSV header's columns.
  RunFigures header_figures;
  // points[p]: grid point p's scenario when the shard runs it, else nullptr.
  std::vector<const scenario::Scenario*> points;
  std::vector<std::unique_ptr<scenario::Scenario>> loaded;  // owns points' scenarios

  // Whether this shard writes the CSV header (shard 1, or no shard).
  bool writes_header() const { return !shard || shard->index == 1; }
};

// Reads the scenario file, checks the plan (CheckPlan, its message after
// "FILE: "), then loads and builds every grid point and checks its memory
// estimate against the limit shared by the runs at once. A point's failure
// carries its status code and message, followed by " [with --set K=V ...]"
// when the point has overrides (and, for the memory limit, the number of
// runs that share it).
absl::StatusOr<Sweep> PlanSweep(const SweepRequest& request);

// Runs the shard's runs on `sweep.jobs` threads, calling `emit` once per
// run in run order and `progress` (may be empty) as SweepRunner::Run does.
// Returns the statistics over seeds of each grid point run, or the first
// error a run returned (runs emitted before it stay emitted).
absl::StatusOr<std::vector<PointSummary>> RunSweep(const Sweep& sweep,
                                                   const SweepRunner::EmitFn& emit,
                                                   const SweepRunner::ProgressFn& progress);

}  // namespace portlab::sweep

#endif  // PORTLAB_SWEEP_SWEEP_H_
