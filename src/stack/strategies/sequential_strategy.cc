#include "portlab/stack/strategies/sequential_strategy.h"

namespace portlab::stack {

PortSelection SequentialStrategy::Select(const PortRequest& request,
                                         PortTester& tester) {
  net::PortRange r = EffectiveRange(request);
  int low = r.lo.value(), num = r.size();
  if (next_ < low || next_ > r.hi.value()) next_ = low;
  PortScan scan{low, low + num, num, next_ - low, 1, num};
  int i = tester.FirstUsable(scan);
  PortSelection sel;
  sel.probes = i < scan.count ? i + 1 : scan.count;
  if (i < scan.count) {
    int port = scan.PortAt(i);
    sel.port = net::Port(static_cast<uint16_t>(port));
    next_ = port + 1;
  }
  return sel;
}

}  // namespace portlab::stack
