#include "portlab/stack/strategies/cursor_strategy.h"

namespace portlab::stack {

PortSelection CursorStrategy::Select(const PortRequest& request, PortTester& tester) {
  net::PortRange r = EffectiveRange(request);
  const int first = r.lo.value();
  // lwIP TCP: the top port is never a candidate.
  const int last = options_.skip_last && r.hi.value() > first ? r.hi.value() - 1 : r.hi.value();
  const int num = last - first + 1;
  if (cursor_ < 0) {
    cursor_ = options_.random_start ? first + static_cast<int>(rng_.Below(num))
              : options_.start_at_first ? first
                                        : 0;
  }
  if (options_.randomized && last > first) cursor_ = first + static_cast<int>(rng_.Below(last - first));
  // The candidate after the cursor, wrapping to `first` outside the range.
  const int start = (cursor_ + 1 < first || cursor_ + 1 > last) ? first : cursor_ + 1;
  PortScan scan{first, last + 1, num, start - first, 1, num};
  int i = tester.FirstUsable(scan);
  PortSelection sel;
  sel.probes = i < num ? i + 1 : num;
  if (i < num) {
    cursor_ = scan.PortAt(i);
    sel.port = net::Port(static_cast<uint16_t>(cursor_));
  } else {
    cursor_ = scan.PortAt(num - 1);
  }
  return sel;
}

}  // namespace portlab::stack
