// AddressPool: interns IP addresses as small integer ids, so port tables key
// on compact tuples (12 bytes) instead of two 17-byte addresses.
//
// One pool per simulation (never global): two simulations can share a
// process. Ids are dense and stable for the pool's life. Id 0 is 0.0.0.0 and
// id 1 is ::, always.
#ifndef PORTLAB_NET_ADDRESS_POOL_H_
#define PORTLAB_NET_ADDRESS_POOL_H_

#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "portlab/net/ip_address.h"

namespace portlab::net {

using AddrId = uint32_t;
inline constexpr AddrId kAnyV4Id = 0;
inline constexpr AddrId kAnyV6Id = 1;

class AddressPool {
 public:
  AddressPool() {
    Intern(IpAddress::AnyV4());
    Intern(IpAddress::AnyV6());
  }
  AddrId Intern(const IpAddress& a) {
    auto [it, inserted] = ids_.try_emplace(a, static_cast<AddrId>(addresses_.size()));
    if (inserted) {
      addresses_.push_back(a);
      loopback_.push_back(a.IsLoopback());
    }
    return it->second;
  }
  // REQUIRES: id was returned by Intern.
  const IpAddress& Get(AddrId id) const { return addresses_[id]; }
  // Get(id).IsLoopback(), from a bit per id: every connect() asks it of
  // its two ends, and a million subscribers' addresses (20 bytes each) are
  // cold where their bits are not.
  bool IsLoopback(AddrId id) const { return loopback_[id]; }

 private:
  std::vector<IpAddress> addresses_;
  std::vector<bool> loopback_;  // [id]: Get(id).IsLoopback()
  absl::flat_hash_map<IpAddress, AddrId> ids_;
};

}  // namespace portlab::net

#endif  // PORTLAB_NET_ADDRESS_POOL_H_
