#include "portlab/stack/strategies/bitmap_random_strategy.h"

namespace portlab::stack {

PortSelection BitmapRandomStrategy::Select(const PortRequest& request, PortTester& tester) {
  net::PortRange r = EffectiveRange(request);
  const int low = r.lo.value(), num = r.size();
  PortSelection sel;
  for (int draw = 0, draws = BitmapRandomDraws(num); draw < draws; ++draw) {
    uint16_t port = static_cast<uint16_t>(low + rng_.Below(num));
    if (tester.Usable(port)) {
      sel.probes = 1;
      sel.port = net::Port(port);
      return sel;
    }
  }
  usable_.clear();
  for (int pos = 0; pos < num;) {
    PortScan scan{low, low + num, num, pos, 1, num - pos};
    int i = tester.FirstUsable(scan);
    if (i == scan.count) break;
    usable_.push_back(static_cast<uint16_t>(low + pos + i));
    pos += i + 1;
  }
  if (usable_.empty()) {
    sel.probes = num;
    return sel;
  }
  sel.probes = 1;
  sel.port = net::Port(usable_[rng_.Below(static_cast<uint32_t>(usable_.size()))]);
  return sel;
}

}  // namespace portlab::stack
