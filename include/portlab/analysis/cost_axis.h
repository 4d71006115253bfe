// Cost axis: probes per connect() against occupancy.
//
// Each seed fills the range from empty to the last free port with
// connections toward one destination (nothing is released), recording the
// probes (candidates examined, as the OS counts them) of every allocation:
// the pool4-iterations curve of Jool's port allocation study. Wall time per
// allocation is Google Benchmark's job (bench/connect_alloc_bench).
//
// Example:
//   CostResult r = MeasureCost(FactoryFor("random"), {}).value();
//   double at_half = r.points[2].mean_probes;  // occupancy 50 %
#ifndef PORTLAB_ANALYSIS_COST_AXIS_H_
#define PORTLAB_ANALYSIS_COST_AXIS_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/analysis/strategy_driver.h"

namespace portlab::analysis {

// The occupancies (percent) reported as single points.
inline constexpr double kCostPoints[] = {0, 25, 50, 75, 90, 99, 99.9};
// The curve's buckets, one per percent of occupancy.
inline constexpr int kCostCurveBuckets = 100;

struct CostOptions {
  net::PortRange range = kDefaultRange;
  int seeds = 20;
  uint64_t seed = 1;
};

struct CostPoint {
  double occupancy_percent = 0;
  // Mean over seeds of the probes of the one allocation made when
  // floor(occupancy * range size) ports were in use.
  double mean_probes = 0;
  int samples = 0;
  // That allocation's probes in each seed that reached the occupancy:
  // (seed index, probes).
  std::vector<std::pair<int, double>> by_seed;
};

struct CostResult {
  int seed_count = 0;
  std::vector<CostPoint> points;  // one per kCostPoints
  // curve[b]: mean over seeds of each seed's mean probes of the
  // allocations it made at occupancy in [b %, b+1 %), b = 0..99; the
  // seeds' values in curve_by_seed[b] (seeds that reached the bucket).
  std::vector<double> curve;
  std::vector<std::vector<std::pair<int, double>>> curve_by_seed;
  // Mean number of ports obtained before a connect() failed (the range
  // size when the strategy can use every port); each seed's count.
  double mean_filled = 0;
  std::vector<double> filled_by_seed;
};

// InvalidArgument for seeds < 1; a factory error as returned.
absl::StatusOr<CostResult> MeasureCost(const StrategyFactory& factory, const CostOptions& options);

}  // namespace portlab::analysis

#endif  // PORTLAB_ANALYSIS_COST_AXIS_H_
