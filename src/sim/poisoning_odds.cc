#include "portlab/sim/poisoning_odds.h"

#include <algorithm>
#include <cmath>

namespace portlab::sim {

double SpoofProbability(const SpoofOdds& o) {
  // Distinct guesses: more forgeries than (port, ID) pairs win for certain.
  const double space = static_cast<double>(o.servers) * o.ports * o.ids;
  return std::min(1.0, static_cast<double>(o.outstanding) * o.forgeries / space);
}

double CumulativeProbability(double p, int64_t attempts) {
  return 1.0 - std::pow(1.0 - p, static_cast<double>(attempts));
}

int64_t ForgeriesInWindow(int64_t rate_per_second, int64_t window_ns) {
  // k x 1e9 / rate < window  <=>  k < window x rate / 1e9; count k = 0..
  const __int128 scaled = static_cast<__int128>(window_ns) * rate_per_second;
  const int64_t whole = static_cast<int64_t>(scaled / 1'000'000'000);
  return scaled % 1'000'000'000 == 0 ? whole : whole + 1;
}

Interval WilsonInterval(int64_t successes, int64_t trials) {
  constexpr double z = 1.959963984540054;  // the 97.5 % normal quantile
  const double n = static_cast<double>(trials);
  const double p = successes / n;
  const double z2n = z * z / n;
  const double centre = (p + z2n / 2) / (1 + z2n);
  const double half = z * std::sqrt(p * (1 - p) / n + z2n / (4 * n)) / (1 + z2n);
  // At 0 and at `trials` successes the bound is exactly 0 or 1; rounding
  // would leave it a hair off and the interval without its own estimate.
  return {successes == 0 ? 0.0 : std::max(0.0, centre - half),
          successes == trials ? 1.0 : std::min(1.0, centre + half)};
}

}  // namespace portlab::sim
