#include "portlab/stack/strategies/double_hash_strategy.h"

namespace portlab::stack {

DoubleHashStrategy::DoubleHashStrategy(uint64_t seed, int table_size, int increment,
                                       Duration rekey)
    : increment_(static_cast<uint64_t>(increment)), rekey_(rekey) {
  Rng rng(seed);
  key1_ = rng.Next64();
  key2_ = rng.Next64();
  table_.resize(table_size);
  for (uint64_t& cell : table_) cell = rng.Next32();  // RFC: random() at boot
}

uint64_t DoubleHashStrategy::Salt(SimTime now) const {
  if (rekey_.nanos() <= 0) return 0;
  return Mix64(static_cast<uint64_t>(now.nanos() / rekey_.nanos()));
}

uint32_t DoubleHashStrategy::CellIndex(const PortRequest& request) const {
  uint64_t g = TupleHash(key2_, request.saddr, request.daddr, request.dport,
                         Salt(request.now));
  return static_cast<uint32_t>(g % table_.size());
}

PortSelection DoubleHashStrategy::Select(const PortRequest& request, PortTester& tester) {
  net::PortRange r = EffectiveRange(request);
  const int low = r.lo.value(), num = r.size();
  const uint64_t offset = TupleHash(key1_, request.saddr, request.daddr,
                                    request.dport, Salt(request.now));
  uint64_t& cell = table_[CellIndex(request)];
  PortSelection sel;
  if (increment_ == 1) {
    const uint64_t start = (offset % num + cell % num) % num;
    PortScan scan{low, low + num, num, static_cast<int>(start), 1, num};
    int i = tester.FirstUsable(scan);
    sel.probes = i < num ? i + 1 : num;
    if (i < num) sel.port = net::Port(static_cast<uint16_t>(scan.PortAt(i)));
    cell += sel.probes;  // table[index]++ per candidate tried
    return sel;
  }
  for (int count = 0; count < num; ++count) {
    uint16_t port = static_cast<uint16_t>(low + (offset % num + cell % num) % num);
    cell += increment_;
    ++sel.probes;
    if (tester.Usable(port)) {
      sel.port = net::Port(port);
      return sel;
    }
  }
  return sel;
}

}  // namespace portlab::stack
