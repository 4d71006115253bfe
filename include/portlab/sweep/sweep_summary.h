// SweepSummary: statistics over the seeds of each grid point of a sweep
// (sweep_stats.h), built from the runs' figures as they arrive in run order.
//
// Example:
//   SweepSummary summary;
//   ... summary.Add(plan.PointOf(run), plan.PointValues(plan.PointOf(run)), figures)
//       for each run, in order ...
//   std::vector<PointSummary> points = summary.Finish();
//
// A sharded sweep summarises only its own runs: a grid point whose seeds
// are split between shards has n < --seeds there; `portlab summarize` reads
// the shards' concatenated CSV back (ReadSweepCsv) for the whole sweep.
//
// Thread safety: not thread-safe; one owner.
#ifndef PORTLAB_SWEEP_SWEEP_SUMMARY_H_
#define PORTLAB_SWEEP_SWEEP_SUMMARY_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "portlab/sweep/sweep_figures.h"
#include "portlab/sweep/sweep_plan.h"
#include "portlab/sweep/sweep_stats.h"

namespace portlab::sweep {

struct PointSummary {
  int64_t point = 0;
  std::vector<std::string> values;  // each axis's value at this point
  // Every numeric figure, in column order.
  std::vector<std::pair<std::string, SeriesStats>> figures;
};

class SweepSummary {
 public:
  // One run of grid point `point` (whose axes take `values`). Runs of a
  // point arrive together; a point seen again after another starts anew.
  // A figure the run does not have (figures.missing) is left out, so that
  // figure's n counts only the runs that have it; values are summed in the
  // order the runs arrive.
  void Add(int64_t point, const std::vector<std::string>& values, const RunFigures& figures);
  // The points seen, in order.
  std::vector<PointSummary> Finish();

 private:
  void Close();

  int64_t point_ = -1;
  std::vector<std::string> values_;
  std::vector<std::string> names_;
  std::vector<std::vector<double>> columns_;  // numeric column -> one value per seed
  std::vector<PointSummary> done_;
};

}  // namespace portlab::sweep

#endif  // PORTLAB_SWEEP_SWEEP_SUMMARY_H_
