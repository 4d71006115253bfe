// SessionTable: a NAT's sessions, one per (mapping, remote endpoint), with
// their state, idle timer, and the indexes the fast path needs.
//
// A session is found from the inside by (proto, X, x, Y, y) and from the
// outside by (proto, X', x', Y, y). It keeps its mapping alive: a mapping
// ends when its last session expires. Expiry is a min-heap with lazy
// refresh: a packet only moves `expiry` forward; the heap entry, when it
// comes due, is pushed again at the new time (no heap work per packet).
//
// Example:
//   uint32_t s = sessions.Add(session, inside_key, outside_key);
//   sessions.SetExpiry(s, now + Duration::Seconds(300));
//   while (auto due = sessions.PopExpired(now)) Expire(*due);
//
// Ids are dense and reused after Remove. Not thread-safe.
#ifndef PORTLAB_NAT_SESSION_TABLE_H_
#define PORTLAB_NAT_SESSION_TABLE_H_

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "portlab/nat/session_state.h"
#include "portlab/nat/tuple_key.h"
#include "portlab/sim/time.h"

namespace portlab::nat {

struct Session {
  uint32_t mapping = 0;
  net::AddrId remote_addr = 0;
  uint16_t remote_port = 0;
  SessionState state = SessionState::kUdpUnreplied;
  uint8_t fins = 0;              // FIN seen: bit 0 from the opener, bit 1 from the other side
  bool opened_inbound = false;   // the remote opened it (port forwarding, EIF/ADF)
  sim::SimTime expiry;
  TupleKey inside;               // (proto, X, x, Y, y)
  TupleKey outside;              // (proto, X', x', Y, y)
  TupleKey destination;          // (proto, X', 0, Y, y): per-destination counts
  sim::SimTime queued;           // time of this session's live heap entry
  bool live = false;
};

class SessionTable {
 public:
  // Adds `s` (its keys filled in). REQUIRES: neither key is present.
  uint32_t Add(Session s);
  // REQUIRES: id is live.
  void Remove(uint32_t id);
  Session& at(uint32_t id) { return sessions_[id]; }
  const Session& at(uint32_t id) const { return sessions_[id]; }
  std::optional<uint32_t> FindInside(const TupleKey& k) const {
    auto it = by_inside_.find(k);
    if (it == by_inside_.end()) return std::nullopt;
    return it->second;
  }
  std::optional<uint32_t> FindOutside(const TupleKey& k) const {
    auto it = by_outside_.find(k);
    if (it == by_outside_.end()) return std::nullopt;
    return it->second;
  }
  bool OutsideInUse(const TupleKey& k) const { return by_outside_.contains(k); }
  // Whether mapping `m` has a session toward address `addr` (address-dependent filtering).
  bool HasRemoteAddress(uint32_t m, net::AddrId addr) const {
    return per_remote_address_.contains(std::pair<uint32_t, net::AddrId>{m, addr});
  }
  // Sessions toward one destination (proto, Y, y) from one outside address.
  uint32_t DestinationCount(const TupleKey& destination) const;
  // Sets the session's expiry; an earlier time than the queued one is queued.
  void SetExpiry(uint32_t id, sim::SimTime at);
  // One live session whose expiry is <= now, removed from the heap (not
  // from the table: the caller removes it), or nullopt.
  std::optional<uint32_t> PopExpired(sim::SimTime now);
  // The earliest queued expiry, or SimTime::Max().
  sim::SimTime NextExpiry() const { return heap_.empty() ? sim::SimTime::Max() : sim::SimTime::FromNanos(heap_.front().at); }
  size_t size() const { return live_; }
  void Reserve(size_t n);
  template <typename F>
  void ForEach(F&& f) const {
    for (uint32_t i = 0; i < sessions_.size(); ++i)
      if (sessions_[i].live) f(i, sessions_[i]);
  }

 private:
  struct Entry {
    int64_t at;
    uint32_t id;
    uint32_t generation;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.at != b.at ? a.at > b.at : a.id > b.id;
    }
  };
  void Push(uint32_t id, sim::SimTime at);
  std::vector<Session> sessions_;
  std::vector<uint32_t> generation_;
  std::vector<uint32_t> free_;
  size_t live_ = 0;
  absl::flat_hash_map<TupleKey, uint32_t> by_inside_;
  absl::flat_hash_map<TupleKey, uint32_t> by_outside_;
  absl::flat_hash_map<std::pair<uint32_t, net::AddrId>, uint32_t> per_remote_address_;
  absl::flat_hash_map<TupleKey, uint32_t> per_destination_;
  std::vector<Entry> heap_;
};

}  // namespace portlab::nat

#endif  // PORTLAB_NAT_SESSION_TABLE_H_
