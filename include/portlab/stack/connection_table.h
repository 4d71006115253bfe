// ConnectionTable: one protocol's sockets by 4-tuple and its listeners (TCP
// LISTEN sockets, UDP sockets bound without a peer) by port, and the rule
// by which an arriving segment finds one of them: the demultiplexer.
//
// Demultiplexing goes most specific first (gVisor's transport_demuxer.go
// does the same, RFC 9293 §3.10.7 for TCP), and says which rule matched:
//   1. kExact: the full 4-tuple (a connected socket, SYN-RECEIVED,
//      TIME-WAIT);
//   2. kListenerAddress: a listener bound to the destination address;
//   3. kListenerWildcard: a listener bound to the wildcard;
//   4. kNone: nothing (TCP answers RST, UDP ICMP port unreachable).
// A firewall rule (stack/firewall.h), asked before all four, makes it
// kFiltered or kRejected. The Host composes the steps (Host::Demux).
//
// Example:
//   ConnectionTable t;
//   t.Insert(ConnKey{laddr, raddr, 40000, 80}, index);
//   uint32_t s = t.Find(ConnKey{laddr, raddr, 40000, 80});  // index
//   t.AddListener(80, listener);
//   bool specific;
//   std::optional<uint32_t> l =
//       t.FindListener(net::Protocol::kTcp, dst, 80, syn, sockets, pool, key, &specific);
//
// Invariants:
//   - A 4-tuple maps to at most one socket; Erase() removes a tuple only for
//     the socket it maps to (two UDP sockets may connect the same tuple).
//   - A port is a listener key exactly while some socket listens on it.
//   - FindListener picks among the listeners of a port those bound to the
//     destination address if any (else the wildcard ones of a matching
//     family); among several, an SO_REUSEPORT group picks by a keyed hash
//     of the 4-tuple; it is a pure function of the table, the segment and
//     the key.
//
// Thread safety: none; the core is single-threaded.
#ifndef PORTLAB_STACK_CONNECTION_TABLE_H_
#define PORTLAB_STACK_CONNECTION_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "portlab/base/chunked_slots.h"
#include "portlab/base/huge_page_allocator.h"
#include "portlab/base/prefetch.h"
#include "portlab/net/address_pool.h"
#include "portlab/net/segment.h"
#include "portlab/stack/socket.h"
#include "portlab/stack/socket_slots.h"

namespace portlab::stack {

// Which rule of the demultiplexer matched a segment, most specific first.
enum class DemuxRule : uint8_t {
  kExact,             // the full 4-tuple (connected socket, SYN-RECEIVED, TIME-WAIT)
  kListenerAddress,   // a listener / bound UDP socket on (destination address, port)
  kListenerWildcard,  // a listener / bound UDP socket on (wildcard, port)
  kNone,              // nothing: TCP answers RST, UDP ICMP port unreachable
  kFiltered,          // a firewall rule drops it silently
  kRejected,          // a firewall rule answers RST / ICMP
};
inline constexpr int kDemuxRuleCount = 6;
// "exact", "listener-address", "listener-wildcard", "none", "filtered", "rejected".
std::string_view DemuxRuleName(DemuxRule r);

struct DemuxResult {
  DemuxRule rule = DemuxRule::kNone;
  uint32_t socket = kNoSocket;  // socket index for kExact and listener rules
};

// A connection's 4-tuple from this host's side.
struct ConnKey {
  net::AddrId laddr, raddr;
  uint16_t lport, rport;
  friend bool operator==(const ConnKey&, const ConnKey&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const ConnKey& k) {
    return H::combine(std::move(h), (uint64_t{k.laddr} << 32) | k.raddr,
                      (uint32_t{k.lport} << 16) | k.rport);
  }
};

class ConnectionTable {
 public:
  using Sockets = SocketSlots;

  // --- By 4-tuple. ---
  // The socket holding `key`, or kNoSocket.
  uint32_t Find(const ConnKey& key) const {
    auto it = conns_.find(key);
    return it == conns_.end() ? kNoSocket : it->second;
  }
  // REQUIRES: no socket holds `key`.
  void Insert(const ConnKey& key, uint32_t index) { conns_.emplace(key, index); }
  // Removes `key` if socket `index` holds it.
  void Erase(const ConnKey& key, uint32_t index) {
    auto it = conns_.find(key);
    if (it != conns_.end() && it->second == index) conns_.erase(it);
  }
  size_t size() const { return conns_.size(); }
  // A hint: starts loading the slot Find(key) reads.
  void Prefetch(const ConnKey& key) const { conns_.prefetch(key); }
  // An earlier hint: starts loading the map's own fields (where its slots
  // are), which Prefetch() reads. They often straddle two cache lines: both
  // are loaded.
  void PrefetchFields() const {
    const auto* fields = reinterpret_cast<const char*>(&conns_);
    PrefetchForRead(fields);
    PrefetchForRead(fields + sizeof(conns_) - 1);
  }

  // --- Listeners. ---
  void AddListener(uint16_t port, uint32_t index) { listeners_[port].push_back(index); }
  // Removes socket `index` from the listeners of `port`, if it is one.
  void RemoveListener(uint16_t port, uint32_t index);
  // The listener an arriving segment `seg` for (addr, port) goes to (see
  // the invariants above); *specific tells whether it is bound to addr. UDP
  // skips connected sockets.
  std::optional<uint32_t> FindListener(net::Protocol p, net::AddrId addr, uint16_t port,
                                       const net::Segment& seg, const Sockets& sockets,
                                       const net::AddressPool& pool, uint64_t reuseport_key,
                                       bool* specific) const;

 private:
  // On huge pages once it reaches 2 MiB (a server's 10^6 connections, read
  // at random: base/huge_page_allocator.h); small tables stay on malloc's.
  absl::flat_hash_map<ConnKey, uint32_t, absl::Hash<ConnKey>, std::equal_to<ConnKey>,
                      HugePageAllocator<std::pair<const ConnKey, uint32_t>>>
      conns_;
  // TCP: listeners. UDP: bound sockets without a peer.
  absl::flat_hash_map<uint16_t, absl::InlinedVector<uint32_t, 2>> listeners_;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_CONNECTION_TABLE_H_
