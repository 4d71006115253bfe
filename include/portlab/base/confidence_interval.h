// 95 % confidence intervals for the figures of runs over seeds: the mean of
// independent values (Student's t), a count of successes in independent
// trials (Clopper–Pearson), and the median of independent values (order
// statistics, distribution-free). Pure functions of their inputs; used by
// `portlab strategies` (analysis/) and `portlab sweep` (sweep/).
//
// Which interval for which figure:
//   - a mean over seeds: MeanInterval, mean ± t(0.975, n-1) · s / √n
//     (Student 1908; any statistics table, e.g. the NIST/SEMATECH
//     e-Handbook of Statistical Methods 1.3.6.7.2 for t);
//   - k successes in n trials (victims linked, races won): ClopperPearson,
//     the "exact" interval (Clopper and Pearson, Biometrika 26:404, 1934;
//     Newcombe, Statistics in Medicine 17:857, 1998, method 5), which keeps
//     its 95 % coverage at 0 and at n, where "0/20" has the upper bound
//     1 - 0.025^(1/20) = 16.8 %;
//   - a median over seeds: MedianInterval, [x_(r), x_(n-r+1)] with r the
//     largest rank such that P(Binomial(n, 1/2) <= r - 1) <= 0.025
//     (Conover, Practical Nonparametric Statistics, 3rd ed. 1999, §3.2).
// One value has no interval (nullopt), nor a median of fewer than 6.
//
// Example:
//   std::optional<ConfidenceInterval> ci = MeanInterval({3, 4, 5});  // [1.52, 6.48]
//   ConfidenceInterval p = ClopperPearson(0, 20);                   // [0, 0.1684]
//
// Thread safety: plain functions.
#ifndef PORTLAB_BASE_CONFIDENCE_INTERVAL_H_
#define PORTLAB_BASE_CONFIDENCE_INTERVAL_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/types/span.h"

namespace portlab {

struct ConfidenceInterval {
  double low = 0;
  double high = 0;
};

// Which interval a figure carries (its name in CSV and JSON).
enum class IntervalMethod {
  kNone,                   // "": a single value, an extreme, or exact arithmetic
  kStudentT,               // "student-t": MeanInterval
  kClopperPearson,         // "clopper-pearson": ClopperPearson
  kWilson,                 // "wilson": the Wilson score interval (sim/poisoning_odds.h)
  kMedianOrderStatistics,  // "median-order-statistics": MedianInterval
};
std::string_view IntervalMethodName(IntervalMethod m);

// The 0.975 quantile of Student's t with `df` degrees of freedom (df >= 1):
// exact to 3 decimals from a table up to 30, then a series in 1/df.
double StudentT975(int64_t df);

// The mean of `values` and its 95 % Student t interval; nullopt for fewer
// than two values (one run gives no spread to measure).
double Mean(absl::Span<const double> values);
std::optional<ConfidenceInterval> MeanInterval(absl::Span<const double> values);

// The 95 % Clopper–Pearson interval of the proportion k / n.
// REQUIRES: 0 <= k <= n, n >= 1.
ConfidenceInterval ClopperPearson(int64_t k, int64_t n);

// The 95 % distribution-free interval of the median of `sorted` (ascending);
// nullopt for fewer than 6 values (no pair of order statistics covers 95 %).
std::optional<ConfidenceInterval> MedianInterval(absl::Span<const double> sorted);

}  // namespace portlab

#endif  // PORTLAB_BASE_CONFIDENCE_INTERVAL_H_
