// Sweep: a whole `portlab sweep`, from a scenario file and its flags to the
// statistics over seeds. PlanSweep reads the file, checks the grid's size
// by arithmetic (CheckPlan), then loads and builds point 0 and each axis's
// every value once (the other axes at their first value): a bad path,
// value or memory request is refused (InvalidArgument, or the code the
// check returned) in every shard alike, at a cost of the sum of the axes'
// sizes, not their product. RunSweep then loads each of the shard's points
// as its runs start (sweep_runner.h), so a grid of 10^7 points costs its
// shard's points only, and gathers their statistics (sweep_summary.h). A
// point whose values fail only together fails when it is loaded, as a
// run does.
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
// (SweepRunner::Run); LoadSweepPoint may be called from several threads.
// A Sweep is a value.
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
  SweepPlan plan;               // first_seed settled
  std::optional<Shard> shard;   // as requested
  int64_t begin = 0;            // [begin, end): the runs of the shard
  int64_t end = 0;
  int jobs = 1;
  int64_t memory_limit = run::kDefaultMemoryLimit;
  std::string text;  // the scenario file's bytes as read: every point's base, and the outputs' provenance
  // Grid point 0's figures as built, before it runs: the CSV header's columns.
  RunFigures header_figures;
  // The grid points PlanSweep loaded and built (1 + the axes' sizes - 1 each).
  int64_t points_checked = 0;

  // Whether this shard writes the CSV header (shard 1, or no shard).
  bool writes_header() const { return !shard || shard->index == 1; }
};

// Reads the scenario file, checks the plan (CheckPlan, its message after
// "FILE: "), then loads and builds the points named above, each checked as
// LoadSweepPoint checks it.
absl::StatusOr<Sweep> PlanSweep(const SweepRequest& request);

// Grid point `point` of a planned sweep, its memory estimate checked
// against the limit shared by the runs at once. A failure carries its
// status code and message, followed by " [with --set K=V ...]" when the
// point has overrides (and, for the memory limit, the number of runs that
// share it).
absl::StatusOr<std::unique_ptr<scenario::Scenario>> LoadSweepPoint(const Sweep& sweep, int64_t point);

// Runs the shard's runs on `sweep.jobs` threads, calling `emit` once per
// run in run order and `progress` (may be empty) as SweepRunner::Run does.
// Returns the statistics over seeds of each grid point run, or the first
// error a run returned (runs emitted before it stay emitted).
absl::StatusOr<std::vector<PointSummary>> RunSweep(const Sweep& sweep,
                                                   const SweepRunner::EmitFn& emit,
                                                   const SweepRunner::ProgressFn& progress);

}  // namespace portlab::sweep

#endif  // PORTLAB_SWEEP_SWEEP_H_
