// SweepSummary: statistics over the seeds of each grid point of a sweep
// (sweep_stats.h), built from the runs' figures as they arrive in run order.
//
// Example:
//   SweepSummary summary(plan);
//   ... summary.Add(run, figures) for each run, in order ...
//   std::vector<PointSummary> points = summary.Finish();
//
// A sharded sweep summarises only its own runs: a grid point whose seeds
// are split between shards has n < --seeds here.
//
// Thread safety: not thread-safe; one owner.
#ifndef PORTLAB_ANALYSIS_SWEEP_SUMMARY_H_
#define PORTLAB_ANALYSIS_SWEEP_SUMMARY_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "portlab/analysis/sweep_figures.h"
#include "portlab/analysis/sweep_plan.h"
#include "portlab/analysis/sweep_stats.h"

namespace portlab::analysis {

struct PointSummary {
  int64_t point = 0;
  std::vector<std::string> values;  // each axis's value at this point
  // Every numeric figure, in column order.
  std::vector<std::pair<std::string, SeriesStats>> figures;
};

class SweepSummary {
 public:
  explicit SweepSummary(const SweepPlan& plan) : plan_(plan) {}

  // REQUIRES: runs arrive in increasing order.
  void Add(int64_t run, const RunFigures& figures);
  // The points seen, in order.
  std::vector<PointSummary> Finish();

 private:
  void Close();

  const SweepPlan& plan_;
  int64_t point_ = -1;
  std::vector<std::string> names_;
  std::vector<std::vector<double>> columns_;  // numeric column -> one value per seed
  std::vector<PointSummary> done_;
};

}  // namespace portlab::analysis

#endif  // PORTLAB_ANALYSIS_SWEEP_SUMMARY_H_
