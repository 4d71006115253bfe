#include "portlab/stack/strategies/hash_strategy.h"

namespace portlab::stack {

uint64_t HashStrategy::Offset(const PortRequest& request) const {
  return TupleHash(key_, request.saddr, request.daddr, request.dport);
}

PortSelection HashStrategy::Select(const PortRequest& request, PortTester& tester) {
  net::PortRange r = EffectiveRange(request);
  const int low = r.lo.value(), num = r.size();
  // Offset() is 64 bits of hash: reduce it first so the sum cannot wrap.
  const uint64_t start = (next_ephemeral_ + Offset(request) % num) % num;
  PortScan scan{low, low + num, num, static_cast<int>(start), 1, num};
  int i = tester.FirstUsable(scan);
  PortSelection sel;
  if (i < num) {
    sel.probes = i + 1;
    sel.port = net::Port(static_cast<uint16_t>(scan.PortAt(i)));
  } else {
    sel.probes = num;
  }
  next_ephemeral_ += sel.probes;
  return sel;
}

}  // namespace portlab::stack
