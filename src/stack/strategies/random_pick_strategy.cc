#include "portlab/stack/strategies/random_pick_strategy.h"

namespace portlab::stack {

PortSelection RandomPickStrategy::Select(const PortRequest& request, PortTester& tester) {
  net::PortRange r = EffectiveRange(request);
  const int low = r.lo.value(), num = r.size();
  PortSelection sel;
  for (int count = 0; count < num; ++count) {
    uint16_t port = static_cast<uint16_t>(low + rng_.Below(num));
    ++sel.probes;
    if (tester.Usable(port)) {
      sel.port = net::Port(port);
      return sel;
    }
  }
  return sel;
}

}  // namespace portlab::stack
