#include "portlab/report/chart_axis.h"

#include <cmath>

#include "absl/strings/str_format.h"

namespace portlab::report {

ChartAxis ChartAxis::For(double max, bool integer) {
  ChartAxis a;
  if (!(max > 0) || !std::isfinite(max)) return a;  // nothing to scale, NaN or infinity
  // Start one decade below max / kMaxTickIntervals and climb the ladder.
  double power = std::pow(10.0, std::floor(std::log10(max / kMaxTickIntervals)));
  for (;;) {
    for (double m : {1.0, 2.0, 5.0}) {
      const double step = m * power;
      if (integer && step < 1) continue;
      const double intervals = std::ceil(max / step - 1e-9);
      if (intervals <= kMaxTickIntervals) {
        a.step = step;
        a.top = std::max(1.0, intervals) * step;
        return a;
      }
    }
    power *= 10;
  }
}

std::vector<double> ChartAxis::Ticks() const {
  std::vector<double> ticks;
  const int n = static_cast<int>(std::lround(top / step));
  for (int i = 0; i <= n; ++i) ticks.push_back(step * i);  // multiplied, not summed: no drift
  return ticks;
}

std::string TickLabel(double value) {
  if (value != std::floor(value) || std::fabs(value) >= 1e15) return absl::StrFormat("%.6g", value);
  std::string text = absl::StrFormat("%.0f", value);
  // An integer: group the thousands.
  const bool negative = text[0] == '-';
  std::string digits = negative ? text.substr(1) : text;
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

}  // namespace portlab::report
