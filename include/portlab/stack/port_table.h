// PortTable: one protocol's local ports on a host. It keeps the bind table
// (port -> the sockets that own it, TIME-WAIT included), the bitmaps the
// usability testers read a 64-port word at a time, and the per-destination
// usage index connect() consults.
//
// The table holds socket indices; the Socket keeps where it sits
// (Socket::bucket, bucket_slot, bound, counted_one_v4) and the table keeps
// those fields right as owners come and go. Whether two owners may share a
// port is not its business (stack/bind_conflicts.h decides).
//
// Example:
//   PortTable t;
//   s.local_port = 40000;  s.explicit_bind = false;
//   bool new_port = t.AddOwner(s, index, /*one_v4=*/false, /*track_owned=*/false);
//   t.AddDest(DestKey{s.local_addr, s.remote_addr, 80}, 40000);
//   ...
//   t.RemoveDest(DestKey{s.local_addr, s.remote_addr, 80}, 40000);
//   bool freed = t.RemoveOwner(s, sockets, /*track_owned=*/false);
//
// Invariants:
//   - A port is a key of the bind table exactly while it has an owner;
//     size() is the number of ports in use.
//   - For every owner o of port p: sockets[o].bound, sockets[o].local_port
//     == p, and Owners(p)[sockets[o].bucket_slot] == o.
//   - explicit_ports() has p set exactly when an owner of p has
//     explicit_bind; explicit_port_count() counts those ports.
//   - owned_ports() has p set exactly when p has an owner, if the caller
//     always passes track_owned = true (it is empty otherwise).
//   - Once IndexOneV4Ports() ran, one_v4_ports() has p set exactly when an
//     owner of p is counted one-v4 (Socket::counted_one_v4).
//   - A DestKey is in the destination index exactly while some port is used
//     toward it.
//
// Thread safety: none; the core is single-threaded.
#ifndef PORTLAB_STACK_PORT_TABLE_H_
#define PORTLAB_STACK_PORT_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "portlab/base/chunked_slots.h"
#include "portlab/net/address_pool.h"
#include "portlab/stack/dest_usage.h"
#include "portlab/stack/port_bitmap.h"
#include "portlab/stack/socket.h"
#include "portlab/stack/socket_slots.h"

namespace portlab::stack {

// Where a connect()-chosen port leads: (local address, remote address,
// remote port). Its ports are those used toward it.
struct DestKey {
  net::AddrId laddr, raddr;
  uint16_t rport;
  friend bool operator==(const DestKey&, const DestKey&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const DestKey& k) {
    return H::combine(std::move(h), (uint64_t{k.laddr} << 32) | k.raddr, k.rport);
  }
};

class PortTable {
 public:
  using Owners = absl::InlinedVector<uint32_t, 2>;
  using Sockets = SocketSlots;

  // --- The bind table. ---
  // Puts socket `index` (`s`, its local_port and explicit_bind set) among
  // the owners of s.local_port. `one_v4`: s is TCP and bound to one IPv4
  // address (counted in one_v4_ports). `track_owned`: the host keeps
  // owned_ports (unique-port sharing). True when the port was free.
  bool AddOwner(Socket& s, uint32_t index, bool one_v4, bool track_owned);
  // Takes `s` out of its port's owners (the last owner takes its slot in
  // `sockets`). True when the port is now free.
  // REQUIRES: s.bound.
  bool RemoveOwner(Socket& s, Sockets& sockets, bool track_owned);
  // `s` (bound, TCP) changed between bound to one IPv4 address and not:
  // flips s.counted_one_v4 and its bucket's count.
  void FlipOneV4(Socket& s);
  // Builds one_v4_ports from the bind table unless it is kept already.
  void IndexOneV4Ports();
  // The owners of `port`, or nullptr when nobody owns it.
  const Owners* OwnersOf(uint16_t port) const {
    auto it = buckets_.find(port);
    return it == buckets_.end() ? nullptr : &bucket_pool_[it->second].owners;
  }
  // Ports with at least one owner.
  size_t size() const { return buckets_.size(); }
  // Starts loading what RemoveOwner of a socket on `port` in `bucket` reads.
  void PrefetchOwner(uint16_t port, uint32_t bucket) const {
    buckets_.prefetch(port);
    bucket_pool_.prefetch(bucket);
  }

  // --- Bitmaps, for the testers. ---
  const LazyPortBitmap& explicit_ports() const { return explicit_ports_; }
  int explicit_port_count() const { return explicit_port_count_; }
  const LazyPortBitmap& owned_ports() const { return owned_ports_; }
  const LazyPortBitmap& one_v4_ports() const { return one_v4_ports_; }

  // --- Ports used toward each destination (connect()-chosen ones only). ---
  void AddDest(const DestKey& key, uint16_t port) { dests_[key].Add(port); }
  void RemoveDest(const DestKey& key, uint16_t port) {
    auto d = dests_.find(key);
    if (d != dests_.end()) {
      d->second.Remove(port);
      if (d->second.empty()) dests_.erase(d);
    }
  }
  // Marks `port` toward `key` as in TIME-WAIT, if it is indexed.
  void SetDestTimeWait(const DestKey& key, uint16_t port) {
    auto d = dests_.find(key);
    if (d != dests_.end()) d->second.SetTimeWait(port, true);
  }
  // The ports used toward `key`, or nullptr when none is.
  const DestUsage* FindDest(const DestKey& key) const {
    auto it = dests_.find(key);
    return it == dests_.end() ? nullptr : &it->second;
  }

 private:
  // The bind table's hash: a port keeps its neighbours. absl's table puts a
  // key at (hash >> 7) xor a per-table salt, modulo its capacity, and
  // matches the low 7 bits in its control bytes; with the port itself above
  // those 7 bits, ports next to each other land in slots next to each other.
  // connect() mostly takes ports in sequence (Linux steps through the range
  // from a per-destination offset) and TIME-WAIT frees them in the same
  // order, so a client's bind-table inserts and erases walk memory in
  // sequence instead of missing the cache on every one. Two ports share a
  // home slot only when they differ by a multiple of the capacity (a power
  // of two above 8/7 of the entries): the worst case, ports spaced by a
  // large power of two, puts at most ~240 of them on one probe sequence.
  struct PortHash {
    size_t operator()(uint16_t port) const { return (size_t{port} << 7) | (port & 0x7F); }
  };
  struct Bucket {
    Owners owners;
    uint32_t explicit_owners = 0;
    uint32_t one_v4_owners = 0;  // TCP: owners bound to one IPv4 address
  };
  // The one_v4_ports bit of a bucket's port, when the bitmap is kept.
  void MarkOneV4(uint16_t port, bool one_v4);

  // The bind table: port -> its bucket's index in bucket_pool. The map's
  // slots are 8 bytes (a Bucket is 32), so a client's run of new ports
  // fills a cache line every 4 connect()s instead of one per connect(),
  // and a bound socket reaches its bucket by Socket::bucket without the
  // map.
  absl::flat_hash_map<uint16_t, uint32_t, PortHash> buckets_;
  // Chunks of 2, 4, 8, ...: a host with few ports (a subscriber's one or
  // two) stays small. A bucket per port in use, so at most 2^16 of them.
  ChunkedSlots<Bucket, 1, 16> bucket_pool_;
  std::vector<uint32_t> free_buckets_;   // empty slots of bucket_pool, reused last-freed first
  LazyPortBitmap explicit_ports_;
  int explicit_port_count_ = 0;  // ports set in explicit_ports
  // Ports with any owner: kept only under unique-port sharing, the one
  // reader (ConnectTester). A pure connect() client would otherwise write
  // a cold word of an 8-KiB bitmap on every new port for nothing.
  LazyPortBitmap owned_ports_;
  // TCP: ports with an owner bound to one IPv4 address (one_v4_owners >
  // 0). bind(0) past exhaustion skips these a word at a time when every
  // such owner surely conflicts (BindTester). Built from the bind table
  // at the first TCP bind(0) (IndexOneV4Ports) and kept from then on: a
  // client that only connect()s never reads it.
  LazyPortBitmap one_v4_ports_;
  bool one_v4_indexed_ = false;
  absl::flat_hash_map<DestKey, DestUsage> dests_;
};

// Inline: these run on every connect() and every socket released, and were
// inlined into the Host's callers before the table was a unit of its own.

inline bool PortTable::AddOwner(Socket& s, uint32_t index, bool one_v4, bool track_owned) {
  auto [it, inserted] = buckets_.try_emplace(s.local_port);
  if (inserted) {
    if (free_buckets_.empty()) {
      it->second = static_cast<uint32_t>(bucket_pool_.size());
      bucket_pool_.emplace_back();
    } else {
      it->second = free_buckets_.back();
      free_buckets_.pop_back();
    }
    if (track_owned) owned_ports_.Set(s.local_port);
  }
  s.bucket = it->second;
  Bucket& b = bucket_pool_[s.bucket];
  s.bucket_slot = static_cast<uint32_t>(b.owners.size());
  b.owners.push_back(index);
  if (s.explicit_bind && b.explicit_owners++ == 0) {
    explicit_ports_.Set(s.local_port);
    ++explicit_port_count_;
  }
  s.bound = true;
  if (one_v4) {
    s.counted_one_v4 = true;
    if (b.one_v4_owners++ == 0) MarkOneV4(s.local_port, true);
  }
  return inserted;
}

inline void PortTable::FlipOneV4(Socket& s) {
  Bucket& b = bucket_pool_[s.bucket];
  s.counted_one_v4 = !s.counted_one_v4;
  if (s.counted_one_v4) {
    if (b.one_v4_owners++ == 0) MarkOneV4(s.local_port, true);
  } else if (--b.one_v4_owners == 0) {
    MarkOneV4(s.local_port, false);
  }
}

inline void PortTable::MarkOneV4(uint16_t port, bool one_v4) {
  if (!one_v4_indexed_) return;
  if (one_v4) one_v4_ports_.Set(port); else one_v4_ports_.Clear(port);
}

inline bool PortTable::RemoveOwner(Socket& s, Sockets& sockets, bool track_owned) {
  s.bound = false;
  Bucket& b = bucket_pool_[s.bucket];
  // O(1): the last owner takes the leaving one's slot. A listener's bucket
  // holds every accepted connection, so a linear erase was quadratic.
  auto& owners = b.owners;
  uint32_t last = owners.back();
  owners[s.bucket_slot] = last;
  sockets[last].bucket_slot = s.bucket_slot;
  owners.pop_back();
  if (s.counted_one_v4) {
    s.counted_one_v4 = false;
    if (--b.one_v4_owners == 0) MarkOneV4(s.local_port, false);
  }
  if (s.explicit_bind && --b.explicit_owners == 0) {
    explicit_ports_.Clear(s.local_port);
    --explicit_port_count_;
  }
  if (owners.empty()) {
    // An allocated owner list is let go with its last owner (a listener's
    // may have held 10^6): a reused bucket starts small. Its counts are
    // already zero.
    owners.shrink_to_fit();
    free_buckets_.push_back(s.bucket);
    if (track_owned) owned_ports_.Clear(s.local_port);
    buckets_.erase(s.local_port);
    return true;
  }
  return false;
}

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_PORT_TABLE_H_
