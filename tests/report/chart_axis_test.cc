// Chart axes: ticks on the 1-2-5 ladder, at most eight intervals, never a
// fractional step on a count axis; tick labels with grouped thousands.
#include "portlab/report/chart_axis.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

namespace portlab::report {
namespace {

TEST_CASE("an axis picks a round step and top for its range", "[report][chart]") {
  struct Case {
    double max;
    bool integer;
    double step;
    double top;
  };
  const std::vector<Case> cases = {
      {1, true, 1, 1},                    // 0..1 ports: 0 and 1, no 0.2
      {0.4, true, 1, 1},                  // below one still ticks by whole units
      {7, true, 1, 7},                    // 0..7: every integer
      {37, true, 5, 40},                  //
      {64, true, 10, 70},                 // connect-exhaustion's 64 ports
      {128, true, 20, 140},               // a 128-port subscriber limit
      {28232, true, 5000, 30000},         // Linux's usable range
      {64512, true, 10000, 70000},        // a NAT's outside ports per address
      {1e6, true, 200000, 1e6},           //
      {0, true, 1, 1},                    // nothing: one unit
      {-3, false, 1, 1},                  //
      {HUGE_VAL, false, 1, 1},            // never loops for ever
      {1, false, 0.2, 1},                 // a rate may tick in fractions
      {4.2, false, 1, 5},                 // seconds
      {0.03, false, 0.005, 0.03},         //
  };
  for (const Case& c : cases) {
    INFO("max " << c.max << (c.integer ? " (integer)" : ""));
    const ChartAxis a = ChartAxis::For(c.max, c.integer);
    CHECK(a.step == Approx(c.step));
    CHECK(a.top == Approx(c.top));
  }
}

TEST_CASE("a count axis never ticks in fractions and keeps at most eight intervals", "[report][chart]") {
  for (double max = 0; max <= 2000; max += 0.5) {
    INFO("max " << max);
    const ChartAxis a = ChartAxis::For(max, true);
    CHECK(a.step >= 1);
    CHECK(a.step == std::floor(a.step));
    CHECK(a.top >= max);
    CHECK(a.Ticks().size() <= ChartAxis::kMaxTickIntervals + 1);
    for (double t : a.Ticks()) CHECK(t == std::floor(t));
  }
}

TEST_CASE("ticks run from 0 to the top by the step", "[report][chart]") {
  const ChartAxis a = ChartAxis::For(64512, true);
  CHECK(a.Ticks() == std::vector<double>{0, 10000, 20000, 30000, 40000, 50000, 60000, 70000});
  const ChartAxis f = ChartAxis::For(0.7, false);
  REQUIRE(f.Ticks().size() == 8);
  CHECK(TickLabel(f.Ticks()[3]) == "0.3");  // 3 x 0.1, printed without the float's tail
}

TEST_CASE("tick labels group thousands and drop trailing zeros", "[report][chart]") {
  const std::vector<std::pair<double, std::string>> cases = {
      {0, "0"},          {7, "7"},           {999, "999"},         {1000, "1,000"},   {64512, "64,512"},
      {1e6, "1,000,000"}, {0.2, "0.2"},      {0.25, "0.25"},       {2.5e-3, "0.0025"}, {28.232, "28.232"},
  };
  for (const auto& [value, text] : cases) CHECK(TickLabel(value) == text);
}

}  // namespace
}  // namespace portlab::report
