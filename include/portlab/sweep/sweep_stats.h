// Summary statistics over the seeds of one sweep grid point: mean, min,
// max and the 95 % confidence interval of the mean (Student's t with n-1
// degrees of freedom: mean ± t(0.975, n-1) · s / √n, s the sample standard
// deviation; base/confidence_interval.h). One value has no interval.
//
// Example:
//   SeriesStats s = Summarize({3, 4, 5});  // mean 4, ci95 [1.52, 6.48]
//
// Thread safety: plain functions.
#ifndef PORTLAB_SWEEP_SWEEP_STATS_H_
#define PORTLAB_SWEEP_SWEEP_STATS_H_

#include <cstdint>
#include <optional>

#include "absl/types/span.h"
#include "portlab/base/confidence_interval.h"

namespace portlab::sweep {

struct SeriesStats {
  int64_t n = 0;
  double mean = 0;
  double min = 0;
  double max = 0;
  std::optional<ConfidenceInterval> ci95;  // nullopt when n < 2
};

// The values are summed in the order given, so the same values in the
// same order give the same statistics to the last bit.
// REQUIRES: !values.empty().
SeriesStats Summarize(absl::Span<const double> values);

}  // namespace portlab::sweep

#endif  // PORTLAB_SWEEP_SWEEP_STATS_H_
