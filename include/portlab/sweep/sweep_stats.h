// Summary statistics over the seeds of one sweep grid point: mean, min,
// max and the 95 % confidence interval of the mean (Student's t with n-1
// degrees of freedom: mean ± t(0.975, n-1) · s / √n, s the sample standard
// deviation). With one value the interval is that value.
//
// Example:
//   SeriesStats s = Summarize({3, 4, 5});  // mean 4, ci95 [1.52, 6.48]
//
// Thread safety: plain functions.
#ifndef PORTLAB_SWEEP_SWEEP_STATS_H_
#define PORTLAB_SWEEP_SWEEP_STATS_H_

#include <cstdint>

#include "absl/types/span.h"

namespace portlab::sweep {

struct SeriesStats {
  int64_t n = 0;
  double mean = 0;
  double min = 0;
  double max = 0;
  double ci95_low = 0;
  double ci95_high = 0;
};

// REQUIRES: !values.empty().
SeriesStats Summarize(absl::Span<const double> values);

// The 0.975 quantile of Student's t with `df` degrees of freedom (df >= 1):
// exact to 3 decimals from a table up to 30, then a series in 1/df.
double StudentT975(int64_t df);

}  // namespace portlab::sweep

#endif  // PORTLAB_SWEEP_SWEEP_STATS_H_
