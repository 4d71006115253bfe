#include "portlab/stack/strategies/random_pick_strategy.h"


namespace portlab::stack {

PortSelection RandomPickStrategy::Select(const PortRequest& request, PortTester& tester) {
  net::PortRange r = EffectiveRange(request);
  UniformWalk walk{r.lo.value(), static_cast<uint32_t>(r.size())};
  const Drawn d = DrawUntilUsable(rng_, walk, r.size(), tester);
  PortSelection sel;
  sel.probes = d.draws;
  if (d.port) sel.port = net::Port(*d.port);
  return sel;
}

}  // namespace portlab::stack
