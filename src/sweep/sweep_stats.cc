#include "portlab/sweep/sweep_stats.h"

#include <algorithm>
#include <cmath>

namespace portlab::sweep {
namespace {

// t(0.975, df) for df = 1..30 (any statistics table, e.g. NIST/SEMATECH
// e-Handbook 1.3.6.7.2).
constexpr double kT975[30] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                              2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                              2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                              2.060,  2.056, 2.052, 2.048, 2.045, 2.042};

}  // namespace

double StudentT975(int64_t df) {
  if (df <= 30) return kT975[std::max<int64_t>(df, 1) - 1];
  // Cornish-Fisher expansion around the normal quantile z = 1.959964
  // (Abramowitz & Stegun 26.7.5); within 0.001 of the table at df = 30.
  const double z = 1.959964;
  const double z3 = z * z * z, z5 = z3 * z * z;
  const double v = static_cast<double>(df);
  return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v);
}

SeriesStats Summarize(absl::Span<const double> values) {
  SeriesStats s;
  s.n = static_cast<int64_t>(values.size());
  s.min = values[0];
  s.max = values[0];
  double sum = 0;
  for (double v : values) {
    sum += v;
    s.min = std::min(s.min, v);
    s.max = std::max(s.max, v);
  }
  s.mean = sum / static_cast<double>(s.n);
  s.ci95_low = s.ci95_high = s.mean;
  if (s.n > 1) {
    double ss = 0;
    for (double v : values) ss += (v - s.mean) * (v - s.mean);
    const double sd = std::sqrt(ss / static_cast<double>(s.n - 1));
    const double half = StudentT975(s.n - 1) * sd / std::sqrt(static_cast<double>(s.n));
    s.ci95_low = s.mean - half;
    s.ci95_high = s.mean + half;
  }
  return s;
}

}  // namespace portlab::sweep
