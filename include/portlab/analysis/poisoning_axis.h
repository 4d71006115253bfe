// Poisoning axis: how often an off-path attacker poisons a DNS resolver
// whose UDP query ports come from a strategy (sim/poisoning_race.h).
//
// Unlike the predictability axis, which watches TCP connect() ports, this
// one drives a real Host's UDP autobind: each trial is a host of the
// `custom` profile (Linux's stack) whose `udp_strategy` knob names the
// strategy and whose `port_range` is the comparison's range, queried three
// times by the attacker, then raced while it waits for the authentic answer. The figure is the fraction of
// trials poisoned, with its Wilson 95 % interval, beside RFC 5452 §7's.
//
// Example:
//   PoisonAxisOptions o;  // 1,000 trials, 100,000 forgeries/s, 100 ms
//   sim::PoisonFigures f = MeasurePoisoning("sequential", o).value();
//   // f.analytic == 10000 / 65536; f.agrees()
#ifndef PORTLAB_ANALYSIS_POISONING_AXIS_H_
#define PORTLAB_ANALYSIS_POISONING_AXIS_H_

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"
#include "portlab/analysis/strategy_driver.h"
#include "portlab/base/time.h"
#include "portlab/sim/poisoning_race.h"

namespace portlab::analysis {

struct PoisonAxisOptions {
  net::PortRange range = kDefaultRange;
  int64_t trials = 1000;               // races per strategy
  uint64_t seed = 1;
  int64_t rate = 100000;               // forged answers per second
  Duration rtt = Duration::Millis(100);  // the race's window
};

// NotFound for a strategy MakeStrategy does not know; the race's errors
// (InvalidArgument, ResourceExhausted) as sim::RunPoisoningRace gives them.
absl::StatusOr<sim::PoisonFigures> MeasurePoisoning(std::string_view strategy,
                                                    const PoisonAxisOptions& options);

}  // namespace portlab::analysis

#endif  // PORTLAB_ANALYSIS_POISONING_AXIS_H_
