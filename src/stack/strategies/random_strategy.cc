#include "portlab/stack/strategies/random_strategy.h"

namespace portlab::stack {

PortSelection RandomStrategy::Select(const PortRequest& request, PortTester& tester) {
  net::PortRange r = EffectiveRange(request);
  int low = r.lo.value(), num = r.size();
  PortScan scan{low, low + num, num, static_cast<int>(rng_.Below(num)), 1, num};
  int i = tester.FirstUsable(scan);
  PortSelection sel;
  sel.probes = i < scan.count ? i + 1 : scan.count;
  if (i < scan.count) sel.port = net::Port(static_cast<uint16_t>(scan.PortAt(i)));
  return sel;
}

}  // namespace portlab::stack
