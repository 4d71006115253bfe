#include "portlab/nat/port_table.h"

#include <algorithm>

#include "portlab/base/prefetch.h"

namespace portlab::nat {

void PortTable::SetAddresses(const std::vector<net::AddrId>& outside) {
  index_of_.clear();
  arrays_.clear();
  holds_.clear();
  for (size_t i = 0; i < outside.size(); ++i) {
    if (index_of_.size() <= outside[i]) index_of_.resize(outside[i] + 1, -1);
    index_of_[outside[i]] = static_cast<int32_t>(i);
  }
  arrays_.resize(outside.size() * net::kProtocolCount);
  in_use_.assign(outside.size(), 0);
}

PortTable::Entry& PortTable::At(net::Protocol p, net::AddrId addr, uint16_t port, uint32_t* array) {
  *array = ArrayOf(p, IndexOf(addr));
  ZeroedPages<Entry>& a = arrays_[*array];
  // 1 MiB an address and protocol, of which a NAT with few mappings uses a
  // page or two: the kernel supplies the pages used, zeroed.
  if (!a) a = ZeroedPages<Entry>(size_t{1} << 16);
  return a[port];
}

void PortTable::AddUser(net::Protocol p, net::AddrId addr, uint16_t port, uint32_t id) {
  uint32_t array;
  Entry& e = At(p, addr, port, &array);
  if (e.users++ == 0) {
    e.owner = id;
    ++in_use_[IndexOf(addr)];
  }
}

uint32_t PortTable::RemoveUser(net::Protocol p, net::AddrId addr, uint16_t port, uint32_t id) {
  uint32_t array;
  Entry& e = At(p, addr, port, &array);
  if (--e.users == 0) {
    e.owner = 0;
    --in_use_[IndexOf(addr)];
  } else if (e.owner == id) {
    // A shared port (port overlapping) has no single owner left; Owner()
    // is for NATs whose ports have one user.
    e.owner = kNoOwner;
  }
  return e.users;
}

void PortTable::Hold(net::Protocol p, net::AddrId addr, uint16_t port, SimTime until) {
  uint32_t array;
  At(p, addr, port, &array).held_until = until.nanos();
  holds_.push_back({until.nanos(), array, port});
}

void PortTable::Release(SimTime now) {
  // Each ending hold reads its port's entry, at random among 10^6 after a
  // CGNAT's mass expiry: load a few ahead.
  constexpr size_t kAhead = 8;
  const int64_t t = now.nanos();
  while (!holds_.empty() && holds_.front().until <= t) {
    if (holds_.size() > kAhead && holds_[kAhead].until <= t) {
      PrefetchForRead(&arrays_[holds_[kAhead].array][holds_[kAhead].port]);
    }
    const PendingHold& h = holds_.front();
    Entry& e = arrays_[h.array][h.port];
    // A later hold of the same port keeps it.
    if (e.held_until <= t) e.held_until = 0;
    holds_.pop_front();
  }
}

}  // namespace portlab::nat
