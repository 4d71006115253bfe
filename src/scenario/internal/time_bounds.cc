#include "scenario/internal/time_bounds.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "portlab/base/limits.h"
#include "portlab/scenario/run_length.h"

namespace portlab::scenario::internal {
namespace {

constexpr double kEndSeconds = static_cast<double>(limits::kMaxDurationNanos) / 1e9;

// "1000000h": the end of simulated time as a user writes it.
std::string EndOfTime() { return absl::StrCat(limits::kMaxDurationNanos / 3'600'000'000'000, "h"); }

// Seconds as "2.5s", or whole hours past 100 h.
std::string Seconds(double s) {
  return s >= 3600 * 100 ? absl::StrFormat("%.0fh", s / 3600) : absl::StrFormat("%gs", s);
}

}  // namespace

absl::Status CheckLatency(const NodeReader& r, const YAML::Node& node, absl::string_view key, Duration latency) {
  if (latency.nanos() <= limits::kMaxLatencyNanos) return absl::OkStatus();
  return r.ErrorAt(node, absl::StrCat(key, ": at most ", limits::kMaxLatencyNanos / 60'000'000'000,
                                      "min (the limit on a one-way latency)"));
}

absl::Status CheckEndOfTime(const NodeReader& r, const Scenario& s) {
  for (const StepSpec& step : s.steps) {
    const double end = step.at.seconds() + (step.close_after ? step.close_after->seconds() : 0);
    if (end > kEndSeconds) {
      return r.ErrorAt(step.location, absl::StrCat("the step ends at ", Seconds(end), " (at: + close_after:), past ",
                                                   EndOfTime(), ", the end of simulated time"));
    }
  }
  for (const WorkloadSpec& w : s.workloads) {
    const double end = WorkloadEndSeconds(w);
    if (end > kEndSeconds) {
      return r.ErrorAt(w.location, absl::StrCat("workload ", w.name, ": its last connection may end at ",
                                                Seconds(end), " (its last start + longest hold + 240s TIME-WAIT), "
                                                "past ", EndOfTime(), ", the end of simulated time"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckSamplePoints(const NodeReader& r, const YAML::Node& node, const Scenario& s) {
  const int64_t points = SamplePoints(s);
  if (points <= limits::kMaxSamplePoints) return absl::OkStatus();
  return r.ErrorAt(node, absl::StrCat("sample: over a run of at least ", Seconds(KnownRunSeconds(s)), " makes ",
                                      points == INT64_MAX ? std::string("too many") : absl::StrCat(points),
                                      " points; the limit is ", limits::kMaxSamplePoints,
                                      " (give a longer interval)"));
}

}  // namespace portlab::scenario::internal
