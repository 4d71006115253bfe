#include "portlab/base/confidence_interval.h"

#include <algorithm>
#include <cmath>

namespace portlab {
namespace {

// t(0.975, df) for df = 1..30 (NIST/SEMATECH e-Handbook 1.3.6.7.2).
constexpr double kT975[30] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                              2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                              2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                              2.060,  2.056, 2.052, 2.048, 2.045, 2.042};

constexpr double kTail = 0.025;  // each side of a 95 % interval

// P(X <= k) for X ~ Binomial(n, p), summed from the mode's side in logs so
// that n in the thousands neither overflows nor underflows.
double BinomialCdf(int64_t k, int64_t n, double p) {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  const double lp = std::log(p), lq = std::log1p(-p);
  const double ln_fact_n = std::lgamma(static_cast<double>(n) + 1);
  double sum = 0;
  for (int64_t i = 0; i <= k; ++i) {
    const double di = static_cast<double>(i);
    sum += std::exp(ln_fact_n - std::lgamma(di + 1) - std::lgamma(static_cast<double>(n - i) + 1) +
                    di * lp + static_cast<double>(n - i) * lq);
  }
  return std::min(1.0, sum);
}

// The p in (0, 1) where the decreasing function `f` of p crosses `target`,
// by bisection (f is a binomial tail, monotone in p).
template <typename F>
double Crossing(F f, double target) {
  double lo = 0, hi = 1;
  for (int i = 0; i < 100; ++i) {
    const double mid = (lo + hi) / 2;
    if (f(mid) > target) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return (lo + hi) / 2;
}

}  // namespace

std::string_view IntervalMethodName(IntervalMethod m) {
  switch (m) {
    case IntervalMethod::kNone: return "";
    case IntervalMethod::kStudentT: return "student-t";
    case IntervalMethod::kClopperPearson: return "clopper-pearson";
    case IntervalMethod::kWilson: return "wilson";
    case IntervalMethod::kMedianOrderStatistics: return "median-order-statistics";
  }
  return "";
}

double StudentT975(int64_t df) {
  if (df <= 30) return kT975[std::max<int64_t>(df, 1) - 1];
  // Cornish-Fisher expansion around the normal quantile z = 1.959964
  // (Abramowitz & Stegun 26.7.5); within 0.001 of the table at df = 30.
  const double z = 1.959964;
  const double z3 = z * z * z, z5 = z3 * z * z;
  const double v = static_cast<double>(df);
  return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v);
}

double Mean(absl::Span<const double> values) {
  if (values.empty()) return 0;
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

std::optional<ConfidenceInterval> MeanInterval(absl::Span<const double> values) {
  const int64_t n = static_cast<int64_t>(values.size());
  if (n < 2) return std::nullopt;
  const double mean = Mean(values);
  double ss = 0;
  for (double v : values) ss += (v - mean) * (v - mean);
  const double sd = std::sqrt(ss / static_cast<double>(n - 1));
  const double half = StudentT975(n - 1) * sd / std::sqrt(static_cast<double>(n));
  return ConfidenceInterval{mean - half, mean + half};
}

ConfidenceInterval ClopperPearson(int64_t k, int64_t n) {
  // Lower: P(X >= k | p) = 0.025, i.e. P(X <= k - 1 | p) = 0.975, increasing
  // in p as the left side decreases. Upper: P(X <= k | p) = 0.025.
  const double low = k == 0 ? 0.0 : Crossing([&](double p) { return BinomialCdf(k - 1, n, p); }, 1 - kTail);
  const double high = k == n ? 1.0 : Crossing([&](double p) { return BinomialCdf(k, n, p); }, kTail);
  return {low, high};
}

std::optional<ConfidenceInterval> MedianInterval(absl::Span<const double> sorted) {
  const int64_t n = static_cast<int64_t>(sorted.size());
  // The largest r with P(X <= r - 1) <= 0.025, X ~ Binomial(n, 1/2).
  int64_t r = 0;
  while (r + 1 <= n / 2 && BinomialCdf(r, n, 0.5) <= kTail) ++r;
  if (r < 1) return std::nullopt;
  return ConfidenceInterval{sorted[static_cast<size_t>(r - 1)], sorted[static_cast<size_t>(n - r)]};
}

}  // namespace portlab
