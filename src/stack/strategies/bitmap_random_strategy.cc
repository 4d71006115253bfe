#include "portlab/stack/strategies/bitmap_random_strategy.h"

#include <algorithm>

namespace portlab::stack {

PortSelection BitmapRandomStrategy::Select(const PortRequest& request, PortTester& tester) {
  net::PortRange r = EffectiveRange(request);
  const int low = r.lo.value(), num = r.size();
  PortSelection sel;
  const int draws = tester.CanCount() ? std::min(num, kCountingDraws) : BitmapRandomDraws(num);
  UniformWalk walk{static_cast<uint32_t>(low), static_cast<uint32_t>(num)};
  const Drawn d = DrawUntilUsable(rng_, walk, draws, tester);
  if (d.port) {
    sel.probes = 1;
    sel.port = net::Port(*d.port);
    return sel;
  }
  const PortScan all{low, low + num, num, 0, 1, num};
  int index = 0;
  if (tester.CanCount()) {
    // Count with popcounts, then index the chosen one.
    const int usable = tester.CountUsable(all);
    if (usable == 0) {
      sel.probes = num;
      return sel;
    }
    index = tester.NthUsable(all, static_cast<int>(rng_.Below(static_cast<uint32_t>(usable))));
  } else {
    // One pass listing the usable ports (counting, then indexing, would walk
    // them twice).
    usable_.clear();
    for (int i = tester.FirstUsable(all); i < num; i += 1 + tester.FirstUsable(all.From(i + 1))) {
      usable_.push_back(static_cast<uint16_t>(i));
    }
    if (usable_.empty()) {
      sel.probes = num;
      return sel;
    }
    index = usable_[rng_.Below(static_cast<uint32_t>(usable_.size()))];
  }
  sel.probes = 1;
  sel.port = net::Port(static_cast<uint16_t>(low + index));
  return sel;
}

}  // namespace portlab::stack
