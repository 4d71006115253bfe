#include "portlab/stack/strategies/random_increments_strategy.h"

namespace portlab::stack {

PortSelection RandomIncrementsStrategy::Select(const PortRequest& request,
                                               PortTester& tester) {
  net::PortRange r = EffectiveRange(request);
  const uint32_t low = r.lo.value(), num = r.size();
  PortSelection sel;
  for (uint32_t count = 0; count < num; ++count) {
    next_ephemeral_ += rng_.Below(n_) + 1;
    uint16_t port = static_cast<uint16_t>(low + next_ephemeral_ % num);
    ++sel.probes;
    if (tester.Usable(port)) {
      sel.port = net::Port(port);
      return sel;
    }
  }
  return sel;
}

}  // namespace portlab::stack
