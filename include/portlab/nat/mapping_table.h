// MappingTable: a NAT's mappings (RFC 4787 §4.1), each an inside endpoint
// X:x bound to an outside endpoint X':x', indexed by its mapping key and by
// the outside port it uses (port_table.h, which also keeps hold-down).
//
// The mapping key holds the remote as far as the mapping behaviour looks
// at it: (proto, X, x) for endpoint-independent, plus Y for
// address-dependent, plus y for address-and-port-dependent. An outside port
// has one user unless the NAT overlaps ports (RFC 7857 §3), where several
// mappings share it and sessions tell them apart.
//
// Example:
//   uint32_t id = table.Add(m);            // m.key set by the caller
//   std::optional<uint32_t> again = table.Find(m.key);
//   table.Remove(id);                      // when its last session ends
//
// Ids are dense and reused after Remove. Not thread-safe.
#ifndef PORTLAB_NAT_MAPPING_TABLE_H_
#define PORTLAB_NAT_MAPPING_TABLE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "portlab/base/huge_page_allocator.h"
#include "portlab/base/time.h"
#include "portlab/nat/port_table.h"
#include "portlab/nat/tuple_key.h"

namespace portlab::nat {

// One cache line each (read at random when a session ends).
struct alignas(64) Mapping {
  net::Protocol protocol = net::Protocol::kTcp;
  bool indexed = false;   // Find(key) returns this mapping
  bool is_static = false; // a port forwarding: lives without sessions
  bool live = false;
  net::AddrId inside_addr = 0;
  uint16_t inside_port = 0;
  uint16_t outside_port = 0;
  net::AddrId outside_addr = 0;
  uint32_t sessions = 0;
  TupleKey key;           // mapping key (remote masked per behaviour)
  SimTime created;
};
static_assert(sizeof(Mapping) == 64);

class MappingTable {
 public:
  // Adds `m` and indexes it under m.key when no live mapping holds that key.
  uint32_t Add(const Mapping& mapping);
  // REQUIRES: id is live.
  void Remove(uint32_t id);
  Mapping& at(uint32_t id) { return mappings_[id]; }
  const Mapping& at(uint32_t id) const { return mappings_[id]; }
  std::optional<uint32_t> Find(const TupleKey& key) const;
  // The mapping using (p, addr, port) outside when it has one user (and,
  // with shared ports, the latest user while it lives).
  std::optional<uint32_t> Owner(net::Protocol p, net::AddrId addr, uint16_t port) const {
    return ports_.Owner(p, addr, port);
  }
  // How many mappings use (p, addr, port) outside.
  uint32_t PortUsers(net::Protocol p, net::AddrId addr, uint16_t port) const { return ports_.Users(p, addr, port); }
  // Distinct outside ports in use on `addr` (both protocols).
  int64_t PortsInUse(net::AddrId addr) const { return ports_.InUse(addr); }
  // The outside ports: their users, and hold-down. SetAddresses before
  // the first Add.
  PortTable& ports() { return ports_; }
  const PortTable& ports() const { return ports_; }
  size_t size() const { return live_; }
  // Capacity hint for large runs.
  void Reserve(size_t n);
  // Starts loading the index slot Find(key) reads.
  void PrefetchKey(const TupleKey& key) const { by_key_.prefetch(key); }
  // Starts loading what Remove(id of m) reads besides m itself: m's index
  // slot and its outside port's entry.
  void PrefetchIndexes(const Mapping& m) const {
    if (m.indexed) by_key_.prefetch(m.key);
    ports_.Prefetch(m.protocol, m.outside_addr, m.outside_port);
  }
  // Ids of live mappings in id order.
  template <typename F>
  void ForEach(F&& f) const {
    for (uint32_t i = 0; i < mappings_.size(); ++i)
      if (mappings_[i].live) f(i, mappings_[i]);
  }

 private:
  // The index with an entry per mapping, read at random at 10^6 mappings,
  // is on huge pages (base/huge_page_allocator.h). The mappings themselves
  // are not: they are added in order and read mostly near the newest, so
  // small pages cost few TLB misses and are far cheaper to fault in here.
  template <typename V>
  using BigIndex = absl::flat_hash_map<TupleKey, V, absl::Hash<TupleKey>, std::equal_to<TupleKey>,
                                       HugePageAllocator<std::pair<const TupleKey, V>>>;
  std::vector<Mapping> mappings_;
  std::vector<uint32_t> free_;
  size_t live_ = 0;
  BigIndex<uint32_t> by_key_;
  PortTable ports_;
};

}  // namespace portlab::nat

#endif  // PORTLAB_NAT_MAPPING_TABLE_H_
