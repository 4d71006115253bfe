#include "portlab/analysis/cost_axis.h"

#include <algorithm>
#include <string>

#include "absl/status/status.h"
#include "portlab/base/confidence_interval.h"
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
  CostResult r;
  r.seed_count = options.seeds;
  for (double pct : kCostPoints) r.points.push_back({pct, 0, 0, {}});
  r.curve_by_seed.resize(kCostCurveBuckets);

  for (int s = 0; s < options.seeds; ++s) {
    absl::StatusOr<std::unique_ptr<stack::EphemeralStrategy>> strategy =
        factory(DeriveSeed(options.seed, "analysis:cost:" + std::to_string(s)));
    if (!strategy.ok()) return strategy.status();
    StrategyDriver driver(std::move(*strategy), options.range, Duration::Millis(1));
    std::vector<double> bucket_sum(kCostCurveBuckets, 0);
    std::vector<int> bucket_count(kCostCurveBuckets, 0);
    int k = 0;
    for (; k < n; ++k) {
      stack::PortSelection sel = driver.Connect(to);
      if (!sel.port) break;
      const double probes = static_cast<double>(sel.probes);
      const int bucket = static_cast<int>(int64_t{k} * kCostCurveBuckets / n);
      bucket_sum[bucket] += probes;
      ++bucket_count[bucket];
      for (size_t p = 0; p < point_index.size(); ++p) {
        if (point_index[p] == k) r.points[p].by_seed.emplace_back(s, probes);
      }
    }
    for (int b = 0; b < kCostCurveBuckets; ++b) {
      if (bucket_count[b] > 0) r.curve_by_seed[b].emplace_back(s, bucket_sum[b] / bucket_count[b]);
    }
    r.filled_by_seed.push_back(k);
  }

  // Means over the seeds that have a value, summed in seed order.
  auto mean = [](const std::vector<std::pair<int, double>>& v) {
    double sum = 0;
    for (const auto& [seed, x] : v) sum += x;
    return v.empty() ? 0.0 : sum / static_cast<double>(v.size());
  };
  for (CostPoint& p : r.points) {
    p.samples = static_cast<int>(p.by_seed.size());
    p.mean_probes = mean(p.by_seed);
  }
  for (int b = 0; b < kCostCurveBuckets; ++b) r.curve.push_back(mean(r.curve_by_seed[b]));
  r.mean_filled = Mean(r.filled_by_seed);
  return r;
}

}  // namespace portlab::analysis
