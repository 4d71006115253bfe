// PortTable: a NAT's outside ports, one entry per (protocol, outside
// address, port): how many mappings use the port, which one (while one
// does), and until when it is held down after its last mapping ended (RFC
// 6888 REQ-8: a freed port SHOULD NOT be given again for 120 s, so a late
// packet of the old session cannot reach a new subscriber).
//
// The entries are an array per (protocol, outside address) indexed by the
// port, 16 bytes each (1 MiB per array), allocated when the address first
// uses a port of that protocol and zeroed lazily by the kernel: a port's
// users, owner and hold are one direct access, not three hash lookups.
// Holds end in the order they were given (every hold has the same
// length), so a FIFO of them ends each at its time, as the separate
// hold-down table did.
//
// Example:
//   PortTable ports;
//   ports.SetAddresses({out_a, out_b});
//   ports.AddUser(net::Protocol::kTcp, out_a, 61234, mapping_id);
//   if (ports.RemoveUser(net::Protocol::kTcp, out_a, 61234, mapping_id) == 0)
//     ports.Hold(net::Protocol::kTcp, out_a, 61234, now + Duration::Seconds(120));
//   ports.Release(now);                              // holds that ended by now
//   bool free = !ports.Held(p, out_a, port, now) && ports.Users(p, out_a, port) == 0;
//
// Times are non-negative (a zeroed entry is "not held"). Not thread-safe.
#ifndef PORTLAB_NAT_PORT_TABLE_H_
#define PORTLAB_NAT_PORT_TABLE_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "portlab/base/prefetch.h"
#include "portlab/base/time.h"
#include "portlab/base/zeroed_pages.h"
#include "portlab/net/address_pool.h"
#include "portlab/net/port.h"

namespace portlab::nat {

class PortTable {
 public:
  // The outside addresses, in the NAT's order. Ports of other addresses
  // have no users and are never held.
  void SetAddresses(const std::vector<net::AddrId>& outside);

  // Mapping `id` uses (p, addr, port). REQUIRES: addr is an outside address.
  void AddUser(net::Protocol p, net::AddrId addr, uint16_t port, uint32_t id);
  // Mapping `id` stops using it; returns the users left. REQUIRES: it used it.
  uint32_t RemoveUser(net::Protocol p, net::AddrId addr, uint16_t port, uint32_t id);
  uint32_t Users(net::Protocol p, net::AddrId addr, uint16_t port) const {
    const Entry* e = Find(p, addr, port);
    return e ? e->users : 0;
  }
  // The mapping using the port when it has one user (and, with shared
  // ports, the latest user while it lives).
  std::optional<uint32_t> Owner(net::Protocol p, net::AddrId addr, uint16_t port) const {
    const Entry* e = Find(p, addr, port);
    if (!e || e->users == 0 || e->owner == kNoOwner) return std::nullopt;
    return e->owner;
  }
  // Distinct ports of `addr` with users (both protocols).
  int64_t InUse(net::AddrId addr) const {
    const int32_t i = IndexOf(addr);
    return i < 0 ? 0 : in_use_[i];
  }

  // Holds the port until `until` (a later hold of the port replaces it).
  // REQUIRES: addr is an outside address.
  void Hold(net::Protocol p, net::AddrId addr, uint16_t port, SimTime until);
  bool Held(net::Protocol p, net::AddrId addr, uint16_t port, SimTime now) const {
    const Entry* e = Find(p, addr, port);
    return e && e->held_until > now.nanos();
  }
  // Forgets holds that ended by `now`.
  void Release(SimTime now);

  // Starts loading the port's entry.
  void Prefetch(net::Protocol p, net::AddrId addr, uint16_t port) const {
    if (const Entry* e = Find(p, addr, port)) PrefetchForRead(e);
  }

 private:
  static constexpr uint32_t kNoOwner = UINT32_MAX;
  struct Entry {
    uint32_t users;
    uint32_t owner;
    int64_t held_until;  // nanoseconds; 0: not held
  };
  static_assert(sizeof(Entry) == 16);
  int32_t IndexOf(net::AddrId addr) const { return addr < index_of_.size() ? index_of_[addr] : -1; }
  // The array of (p, address index), or null when not allocated yet.
  uint32_t ArrayOf(net::Protocol p, int32_t index) const {
    return static_cast<uint32_t>(index) * net::kProtocolCount + static_cast<uint32_t>(p);
  }
  const Entry* Find(net::Protocol p, net::AddrId addr, uint16_t port) const {
    const int32_t i = IndexOf(addr);
    if (i < 0) return nullptr;
    const Entry* a = arrays_[ArrayOf(p, i)].get();
    return a ? a + port : nullptr;
  }
  // The entry, its array allocated if need be. REQUIRES: an outside address.
  Entry& At(net::Protocol p, net::AddrId addr, uint16_t port, uint32_t* array);

  std::vector<int32_t> index_of_;  // AddrId -> outside address index, -1 for others
  std::vector<ZeroedPages<Entry>> arrays_;  // [index * kProtocolCount + protocol]
  std::vector<int64_t> in_use_;    // per outside address index
  struct PendingHold {
    int64_t until;
    uint32_t array;
    uint16_t port;
  };
  std::deque<PendingHold> holds_;         // in the order given
};

}  // namespace portlab::nat

#endif  // PORTLAB_NAT_PORT_TABLE_H_
