#include "portlab/analysis/cost_axis.h"

#include <algorithm>
#include <string>

#include "absl/status/status.h"
#include "portlab/base/rng.h"

namespace portlab::analysis {

absl::StatusOr<CostResult> MeasureCost(const StrategyFactory& factory,
                                       const CostOptions& options) {
  if (options.seeds < 1) return absl::InvalidArgumentError("cost: seeds must be >= 1");
  const int n = options.range.size();
  const Destination to = DefaultDestination();

  std::vector<int> point_index;
  for (double pct : kCostPoints) {
    point_index.push_back(std::min(n - 1, static_cast<int>(pct / 100.0 * n)));
  }
  std::vector<double> point_sum(point_index.size(), 0), bucket_sum(100, 0);
  std::vector<int> point_count(point_index.size(), 0), bucket_count(100, 0);
  double filled_sum = 0;

  for (int s = 0; s < options.seeds; ++s) {
    absl::StatusOr<std::unique_ptr<stack::EphemeralStrategy>> strategy =
        factory(DeriveSeed(options.seed, "analysis:cost:" + std::to_string(s)));
    if (!strategy.ok()) return strategy.status();
    StrategyDriver driver(std::move(*strategy), options.range, Duration::Millis(1));
    int k = 0;
    for (; k < n; ++k) {
      stack::PortSelection sel = driver.Connect(to);
      if (!sel.port) break;
      const double probes = static_cast<double>(sel.probes);
      const int bucket = static_cast<int>(int64_t{k} * 100 / n);
      bucket_sum[bucket] += probes;
      ++bucket_count[bucket];
      for (size_t p = 0; p < point_index.size(); ++p) {
        if (point_index[p] == k) {
          point_sum[p] += probes;
          ++point_count[p];
        }
      }
    }
    filled_sum += k;
  }

  CostResult r;
  r.seed_count = options.seeds;
  for (size_t p = 0; p < point_index.size(); ++p) {
    r.points.push_back({kCostPoints[p], point_count[p] ? point_sum[p] / point_count[p] : 0,
                        point_count[p]});
  }
  for (int b = 0; b < 100; ++b) {
    r.curve.push_back(bucket_count[b] ? bucket_sum[b] / bucket_count[b] : 0);
  }
  r.mean_filled = filled_sum / options.seeds;
  return r;
}

}  // namespace portlab::analysis
