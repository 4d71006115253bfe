#include "portlab/stack/strategies/linux26_strategy.h"

#include <cstdint>

#include "portlab/stack/strategies/linux_strategy.h"

namespace portlab::stack {

Linux26Strategy::Linux26Strategy(uint64_t seed) : rng_(seed) { hash_key_ = rng_.Next64(); }

uint32_t Linux26Strategy::PortOffset(const PortRequest& request) const {
  return static_cast<uint32_t>(
      TupleHash(hash_key_, request.saddr, request.daddr, request.dport));
}

PortSelection Linux26Strategy::Select(const PortRequest& request, PortTester& tester) {
  switch (request.purpose) {
    case PortPurpose::kConnect: return Connect(request, tester);
    case PortPurpose::kBind: return Bind(request, tester);
    case PortPurpose::kUdpBind:
      return LinuxUdpGetPort(request, tester, rng_, kLinuxDefaultUdpHashSize);
  }
  return {};
}

PortSelection Linux26Strategy::Connect(const PortRequest& request, PortTester& tester) {
  net::PortRange r = EffectiveRange(request);
  const int low = r.lo.value();
  const uint32_t remaining = r.size();
  const uint32_t offset = hint_ + PortOffset(request);
  PortSelection sel;
  // The kernel's (i + offset) is u32 arithmetic. Unless it wraps within
  // this call, candidates i = 1.. are one linear scan from (offset + 1).
  const uint32_t first = offset + 1;
  if (first != 0 && first <= UINT32_MAX - (remaining - 1)) {
    PortScan scan{low, low + static_cast<int>(remaining), static_cast<int>(remaining),
                  static_cast<int>(first % remaining), 1, static_cast<int>(remaining)};
    int j = tester.FirstUsable(scan);
    if (j == scan.count) {
      sel.probes = remaining;
      return sel;
    }
    sel.probes = j + 1;
    sel.port = net::Port(static_cast<uint16_t>(scan.PortAt(j)));
    hint_ += j + 1;  // hint += i
    return sel;
  }
  for (uint32_t i = 1; i <= remaining; ++i) {
    uint16_t port = static_cast<uint16_t>(low + (i + offset) % remaining);
    ++sel.probes;
    if (tester.Usable(port)) {
      sel.port = net::Port(port);
      hint_ += i;
      return sel;
    }
  }
  return sel;
}

PortSelection Linux26Strategy::Bind(const PortRequest& request, PortTester& tester) {
  net::PortRange r = EffectiveRange(request);
  const int low = r.lo.value(), remaining = r.size();
  // rover = net_random() % remaining + low; if (++rover > high) rover = low.
  PortScan scan{low, low + remaining, remaining,
                static_cast<int>(rng_.Below(remaining)), 1, remaining};
  int i = tester.FirstUsable(scan);
  PortSelection sel;
  sel.probes = i < remaining ? i + 1 : remaining;
  if (i < remaining) sel.port = net::Port(static_cast<uint16_t>(scan.PortAt(i)));
  return sel;
}

}  // namespace portlab::stack
