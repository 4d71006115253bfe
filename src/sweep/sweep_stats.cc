#include "portlab/sweep/sweep_stats.h"

#include <algorithm>

namespace portlab::sweep {

SeriesStats Summarize(absl::Span<const double> values) {
  SeriesStats s;
  s.n = static_cast<int64_t>(values.size());
  s.min = *std::min_element(values.begin(), values.end());
  s.max = *std::max_element(values.begin(), values.end());
  s.mean = Mean(values);
  s.ci95 = MeanInterval(values);
  return s;
}

}  // namespace portlab::sweep
