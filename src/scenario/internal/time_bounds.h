// Time bounds of a scenario: each check refuses a value that would make
// the run compute times past the end of simulated time, or a time series
// that would grow without bound (base/limits.h), with InvalidArgument
// "file:line:column: ..." naming the value and the limit. Each is a small
// function called once by the loader after what it needs is parsed.
#ifndef PORTLAB_SCENARIO_INTERNAL_TIME_BOUNDS_H_
#define PORTLAB_SCENARIO_INTERNAL_TIME_BOUNDS_H_

#include <yaml-cpp/yaml.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "portlab/scenario/scenario.h"
#include "scenario/internal/node_reader.h"

namespace portlab::scenario::internal {

// `latency:` or `loopback_latency:` (`key`), read from `node`: at most
// limits::kMaxLatencyNanos.
absl::Status CheckLatency(const NodeReader& r, const YAML::Node& node, absl::string_view key, Duration latency);

// Every step (at: + close_after:) and every workload's end
// (scenario/run_length.h) before the end of simulated time
// (limits::kMaxDurationNanos); the error names the step or workload.
absl::Status CheckEndOfTime(const NodeReader& r, const Scenario& s);

// `sample:` (at `node`) over the run's known length takes at most
// limits::kMaxSamplePoints points.
absl::Status CheckSamplePoints(const NodeReader& r, const YAML::Node& node, const Scenario& s);

}  // namespace portlab::scenario::internal

#endif  // PORTLAB_SCENARIO_INTERNAL_TIME_BOUNDS_H_
