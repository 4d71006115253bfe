// ChartAxis: the scale of one axis of a report chart (report/svg_chart.h):
// from 0 to a round top, ticks every round step (1, 2 or 5 times a power of
// ten), at most kMaxTickIntervals of them. An integer axis (counts: ports,
// connections, mappings) never has a fractional step; a time or rate axis
// may.
//
// Example:
//   ChartAxis a = ChartAxis::For(64512, /*integer=*/true);
//   // a.step == 10000, a.top == 70000; a.Ticks() == {0, 10000, ..., 70000}
//   TickLabel(70000) == "70,000"
//
// Thread safety: plain values and pure functions.
#ifndef PORTLAB_REPORT_CHART_AXIS_H_
#define PORTLAB_REPORT_CHART_AXIS_H_

#include <string>
#include <vector>

namespace portlab::report {

struct ChartAxis {
  // Enough ticks to read a value off, few enough to label (Cleveland's
  // "nice numbers": 3 to 8 intervals on a 1-2-5 ladder).
  static constexpr int kMaxTickIntervals = 8;

  double step = 1;
  double top = 1;  // a multiple of step, at least the largest value

  // The smallest 1-2-5 step with at most kMaxTickIntervals intervals from 0
  // to `max`; with `integer`, at least 1. A max of 0 or less, NaN or
  // infinite gives 0..1 by 1.
  static ChartAxis For(double max, bool integer);
  // 0, step, 2 step, ..., top.
  std::vector<double> Ticks() const;
};

// A value's text: an integer in full with its thousands separated by
// commas ("64,512", "1,000,000"), a fraction with at most 6 significant
// digits and no trailing zeros ("0.25").
std::string TickLabel(double value);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_CHART_AXIS_H_
