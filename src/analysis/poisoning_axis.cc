#include "portlab/analysis/poisoning_axis.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "portlab/base/rng.h"
#include "portlab/base/strings.h"
#include "portlab/stack/ephemeral_strategy.h"
#include "portlab/stack/os_profile.h"

namespace portlab::analysis {

absl::StatusOr<sim::PoisonFigures> MeasurePoisoning(std::string_view strategy,
                                                    const PoisonAxisOptions& options) {
  if (absl::Status s = stack::MakeStrategy(strategy, options.seed).status(); !s.ok()) return s;
  sim::PoisonOptions o;
  // Linux's stack with the strategy for UDP: the custom profile.
  o.profile = stack::FindProfile("custom");
  o.knobs = {{"udp_strategy", std::string(strategy)},
             {"port_range", absl::StrCat(options.range.lo.value(), " ", options.range.hi.value())}};
  o.rate = options.rate;
  o.window = options.rtt;
  o.trials = options.trials;
  o.seed = DeriveSeed(options.seed, absl::StrCat("analysis:poisoning:", AV(strategy)));
  return sim::RunPoisoningRace(o);
}

}  // namespace portlab::analysis
