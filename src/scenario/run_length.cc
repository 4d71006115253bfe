#include "portlab/scenario/run_length.h"

#include <algorithm>
#include <cmath>

namespace portlab::scenario {
namespace {

constexpr double kLongestTimeWaitS = 240;         // ns-3: 2 x MaxSegLifetime 120 s
constexpr double kLargestUnitExponential = 37;    // ln 2^53 ~ 36.7 (base/exponential.h)

}  // namespace

double LongestHoldSeconds(const HoldSpec& hold) {
  switch (hold.kind) {
    case HoldSpec::Kind::kFixed: return hold.low.seconds();
    case HoldSpec::Kind::kUniform: return hold.high.seconds();
    case HoldSpec::Kind::kExponential: return hold.low.seconds() * kLargestUnitExponential;
  }
  return hold.high.seconds();
}

double WorkloadEndSeconds(const WorkloadSpec& w) {
  double last_arrival = w.start.seconds();
  if (w.stop) {
    last_arrival = w.stop->seconds();
  } else if (w.limit > 0 && w.rate > 0 && w.arrivals == WorkloadSpec::Arrivals::kFixed && !w.rate_end) {
    last_arrival += static_cast<double>(w.limit - 1) / w.rate;
  }
  const double tw = w.protocol == net::Protocol::kTcp ? kLongestTimeWaitS : 0;
  return last_arrival + LongestHoldSeconds(w.hold) + tw;
}

double KnownRunSeconds(const Scenario& s) {
  double end = s.until ? s.until->seconds() : 0;
  for (const StepSpec& step : s.steps) {
    end = std::max(end, step.at.seconds() + (step.close_after ? step.close_after->seconds() : 0));
  }
  for (const WorkloadSpec& w : s.workloads) end = std::max(end, WorkloadEndSeconds(w));
  return end;
}

int64_t SamplePoints(const Scenario& s) {
  if (!s.sample) return 0;
  const double points = std::floor(KnownRunSeconds(s) / s.sample->seconds()) + 1;
  return points >= 9.2e18 ? INT64_MAX : static_cast<int64_t>(points);
}

}  // namespace portlab::scenario
