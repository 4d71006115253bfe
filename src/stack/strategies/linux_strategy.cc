#include "portlab/stack/strategies/linux_strategy.h"

#include <algorithm>

namespace portlab::stack {
namespace {

LinuxOptions WithUdpHashSize(int udp_hash_size) {
  LinuxOptions o;
  o.udp_hash_size = udp_hash_size;
  return o;
}

}  // namespace

LinuxStrategy::LinuxStrategy(uint64_t seed, int udp_hash_size)
    : LinuxStrategy(seed, WithUdpHashSize(udp_hash_size)) {}

LinuxStrategy::LinuxStrategy(uint64_t seed, const LinuxOptions& options)
    : options_(options), rng_(seed) {
  hash_key_ = rng_.Next64();
  table_key_ = rng_.Next64();
}

uint64_t LinuxStrategy::PortOffset(const net::IpAddress& saddr,
                                   const net::IpAddress& daddr, net::Port dport,
                                   SimTime now) const {
  uint64_t epoch = options_.resalt
                       ? static_cast<uint64_t>(now.nanos() / kLinuxPortOffsetResalt.nanos())
                       : 0;
  LastOffset& last = last_offset_;
  if (!last.valid || last.dport != dport.value() || last.epoch != epoch || !(last.saddr == saddr) ||
      !(last.daddr == daddr)) {
    last = {true, saddr, daddr, dport.value(), epoch,
            TupleHash(hash_key_, saddr, daddr, dport, Mix64(epoch))};
  }
  return last.offset;
}

uint32_t LinuxStrategy::PerturbCell(uint32_t index) const {
  auto it = touched_cells_.find(index);
  if (it != touched_cells_.end()) return it->second;
  return static_cast<uint32_t>(Mix64(table_key_ ^ index));
}

PortSelection LinuxStrategy::Select(const PortRequest& request, PortTester& tester) {
  switch (request.purpose) {
    case PortPurpose::kConnect: return Connect(request, tester);
    case PortPurpose::kBind: return Bind(request, tester);
    case PortPurpose::kUdpBind:
      return LinuxUdpGetPort(request, tester, rng_, options_.udp_hash_size);
  }
  return {};
}

PortSelection LinuxStrategy::Connect(const PortRequest& request, PortTester& tester) {
  net::PortRange r = EffectiveRange(request);
  const bool local_ports = request.has_socket_range();
  const int step = local_ports ? 1 : 2;
  const int low = r.lo.value();
  const int high = r.hi.value() + 1;  // [32768, 60999] -> [32768, 61000[
  uint32_t remaining = high - low;
  if (!local_ports && remaining > 1) remaining &= ~1u;

  const uint64_t port_offset = PortOffset(request.saddr, request.daddr, request.dport, request.now);
  const uint32_t index = TableIndex(port_offset);
  // One hash operation for the cell: materialise it on first use.
  auto [cell, fresh] = touched_cells_.try_emplace(index, 0);
  if (fresh) cell->second = static_cast<uint32_t>(Mix64(table_key_ ^ index));
  uint32_t offset = cell->second + static_cast<uint32_t>(port_offset >> 32);
  offset %= remaining;
  // The first pass tries ports of low's parity; bind(0) prefers the other.
  if (!local_ports) offset &= ~1u;

  PortSelection sel;
  const int count = static_cast<int>((remaining + step - 1) / step);
  while (true) {
    PortScan scan{low, high, static_cast<int>(remaining), static_cast<int>(offset), step, count};
    int i = tester.FirstUsable(scan);
    if (i < count) {
      sel.probes += i + 1;
      sel.port = net::Port(static_cast<uint16_t>(scan.PortAt(i)));
      // Random increments: maximal randomness at low contention, none at
      // high contention (the kernel's own comment). 2021: i + 2.
      uint32_t advance = options_.random_increments
                             ? std::max<uint32_t>(i * step, rng_.Below(8) * step)
                             : i * step;
      cell->second += advance + step;
      return sel;
    }
    sel.probes += count;
    if (local_ports) break;
    ++offset;
    if (!((offset & 1) && remaining > 1)) break;
  }
  return sel;
}

PortSelection LinuxStrategy::Bind(const PortRequest& request, PortTester& tester) {
  PortSelection sel;
  bool relax = false;
  while (true) {  // ports_exhausted:
    int attempt_half = request.reuseaddr ? 1 : 0;
    while (true) {  // other_half_scan:
      net::PortRange r = EffectiveRange(request);
      int low = r.lo.value(), high = r.hi.value() + 1;
      if (high - low < 4) attempt_half = 0;
      if (attempt_half) {
        int half = low + (((high - low) >> 2) << 1);
        if (attempt_half == 1) high = half; else low = half;
      }
      uint32_t remaining = high - low;
      if (remaining > 1) remaining &= ~1u;
      uint32_t offset = rng_.Below(remaining) | 1u;  // odd ports first
      const int count = static_cast<int>((remaining + 1) / 2);
      while (true) {  // other_parity_scan:
        PortScan scan{low, high, static_cast<int>(remaining), static_cast<int>(offset), 2, count};
        int i = tester.FirstUsable(scan);
        if (i < count) {
          sel.probes += i + 1;
          sel.port = net::Port(static_cast<uint16_t>(scan.PortAt(i)));
          tester.SetRelaxed(false);
          return sel;
        }
        sel.probes += count;
        --offset;
        if (offset & 1) break;
      }
      if (attempt_half != 1) break;
      attempt_half = 2;  // now the upper half
    }
    if (!request.autobind_reuse || relax) break;
    relax = true;  // "we still have a chance to connect to different destinations"
    tester.SetRelaxed(true);
  }
  tester.SetRelaxed(false);
  return sel;
}

PortSelection LinuxUdpGetPort(const PortRequest& request, PortTester& tester,
                              Rng& rng, int udp_hash_size) {
  net::PortRange r = EffectiveRange(request);
  const uint32_t low = r.lo.value(), high = r.hi.value();
  const uint32_t remaining = high - low + 1;
  uint32_t rand = rng.Next32();
  // reciprocal_scale(rand, remaining) + low, in u16 as the kernel keeps it.
  uint16_t first = static_cast<uint16_t>(((uint64_t{rand} * remaining) >> 32) + low);
  // An odd multiple of the table size visits every port of a hash chain.
  const uint16_t stride = static_cast<uint16_t>((rand | 1u) * static_cast<uint32_t>(udp_hash_size));
  const uint16_t last = static_cast<uint16_t>(first + udp_hash_size);
  PortSelection sel;
  do {
    uint16_t snum = first;
    do {
      if (low <= snum && snum <= high) {
        ++sel.probes;
        if (tester.Usable(snum)) {
          sel.port = net::Port(snum);
          return sel;
        }
      }
      snum = static_cast<uint16_t>(snum + stride);
    } while (snum != first);
  } while (++first != last);
  return sel;
}

}  // namespace portlab::stack
