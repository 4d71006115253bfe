// AddressSets: a firewall's named address sets with per-element timeouts
// (nft's `set knocked { type ipv4_addr; flags timeout; }`, filled by rules'
// `add @knocked { ip saddr timeout 10s }` and read by `ip saddr @knocked`).
//
// Example:
//   AddressSets sets;
//   const int k = sets.Intern("knocked");
//   sets.Add(k, addr, now, Duration::Seconds(10));
//   sets.Contains(k, addr, now + Duration::Seconds(9));   // true
//   sets.Contains(k, addr, now + Duration::Seconds(10));  // false: expired
//
// Invariants:
//   - A set is known by its index from Intern(); names are unique.
//   - An element is in a set from Add() until its expiry (exclusive), or
//     until the run ends when added without a timeout. Adding an element
//     again refreshes its expiry (nft_dynset: an update of the timeout).
//   - Elements() lists live elements in address-id order, never hash order.
//
// Thread safety: none; the core is single-threaded.
#ifndef PORTLAB_STACK_ADDRESS_SETS_H_
#define PORTLAB_STACK_ADDRESS_SETS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "portlab/base/time.h"
#include "portlab/net/address_pool.h"

namespace portlab::stack {

class AddressSets {
 public:
  // The set's index, made empty if new.
  int Intern(std::string_view name);
  // -1 when no set has the name.
  int Find(std::string_view name) const;
  // A zero `timeout`: the element stays until the run ends.
  void Add(int set, net::AddrId a, SimTime now, Duration timeout);
  bool Contains(int set, net::AddrId a, SimTime now) const;
  size_t size() const { return sets_.size(); }
  const std::string& name(int set) const { return sets_[set].name; }
  // The live elements of `set` and their expiry (SimTime::Max(): none),
  // ordered by address id.
  std::vector<std::pair<net::AddrId, SimTime>> Elements(int set, SimTime now) const;

 private:
  struct Set {
    std::string name;
    absl::flat_hash_map<net::AddrId, int64_t> expiry_ns;  // INT64_MAX: none
  };
  std::vector<Set> sets_;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_ADDRESS_SETS_H_
