// SessionTable: a NAT's sessions, one per (mapping, remote endpoint), with
// their state, idle timer, and the indexes the fast path needs.
//
// A session is found from the inside by (proto, X, x, Y, y) and from the
// outside by (proto, X', x', Y, y). It keeps its mapping alive: a mapping
// ends when its last session expires. Expiry is a queue (expiry_queue.h)
// with lazy refresh: a packet only moves `expiry` forward; the queued
// entry, when it comes due, is queued again at the new time (no queue work
// per packet).
//
// Each index slot carries a SessionRef: the session id, the endpoint a
// packet found through that index is rewritten to, whether it is a UDP
// session still waiting for its first reply (and who opened it), and when
// a packet last refreshed the session through it. A packet of an established session that changes no state
// reads and writes that one slot, not the session nor its mapping: one
// cache miss at 10^6 sessions instead of three, and one that Prefetch* can
// start early. The session's expiry is then the later of its `expiry` and
// each slot's refresh + the state's idle timeout (Expiry()); the queued
// entry, when due, finds the refreshed time as it finds a moved `expiry`.
//
// Example:
//   uint32_t s = sessions.Add(session, inside_key, outside_key);
//   sessions.SetExpiry(s, now + Duration::Seconds(300));
//   for (const SessionTable::Queued& e : sessions.TakeDue(now))
//     if (sessions.CheckDue(e, now)) Expire(e.id);
//
// Ids are dense and reused after Remove. Not thread-safe.
#ifndef PORTLAB_NAT_SESSION_TABLE_H_
#define PORTLAB_NAT_SESSION_TABLE_H_

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "portlab/base/huge_page_allocator.h"
#include "portlab/base/prefetch.h"
#include "portlab/base/time.h"
#include "portlab/nat/expiry_queue.h"
#include "portlab/nat/nat_config.h"
#include "portlab/nat/session_state.h"
#include "portlab/nat/tuple_key.h"

namespace portlab::nat {

// 64 bytes, one cache line (the slow path reads one line per session).
struct alignas(64) Session {
  uint32_t mapping = 0;
  SessionState state = SessionState::kUdpUnreplied;
  uint8_t fins = 0;              // FIN seen: bit 0 from the opener, bit 1 from the other side
  bool opened_inbound = false;   // the remote opened it (port forwarding, EIF/ADF)
  bool live : 1 = false;
  // A packet from the side that did not open it has passed through Touch
  // (conntrack's IPS_SEEN_REPLY; for TCP, a reply that changes no state is
  // not seen: a bare ACK to a SYN, which portlab's hosts never send).
  bool replied : 1 = false;
  SimTime opened;                // the first packet (Linux's UDP stream_ts counts from it)
  SimTime expiry;           // see SessionTable::Expiry
  TupleKey inside;               // (proto, X, x, Y, y)
  TupleKey outside;              // (proto, X', x', Y, y)
  SimTime queued;           // time of this session's live queued entry

  net::Protocol protocol() const { return static_cast<net::Protocol>(static_cast<uint8_t>(inside.ports >> 32)); }
  // Y and y, from the outside key.
  net::AddrId remote_addr() const { return static_cast<net::AddrId>(outside.addrs); }
  uint16_t remote_port() const { return static_cast<uint16_t>(outside.ports); }
  // (proto, X', 0, Y, y): the key of the per-destination counts.
  TupleKey destination() const { return {outside.addrs, outside.ports & ~(uint64_t{0xffff} << 16)}; }
};
static_assert(sizeof(Session) == 64);

// Which packets without SYN, FIN or RST may still move a session to another
// state, and so take NatBox::Touch rather than a refresh of the index slot.
enum class Watch : uint8_t {
  kNone,
  kReply,  // one from the side that did not open it: a UDP session's first reply
  kAll,    // any: a state left by time (kUdpReplied)
};
// The watch a session in state `s` needs.
inline Watch WatchOf(SessionState s) {
  switch (s) {
    case SessionState::kUdpUnreplied: return Watch::kReply;
    case SessionState::kUdpReplied: return Watch::kAll;
    default: return Watch::kNone;
  }
}

// What translating a packet of a session needs, held in the index slot.
struct SessionRef {
  uint32_t id = 0;
  net::AddrId addr = 0;  // inside index: the outside address X'; outside index: the inside address X
  uint16_t port = 0;     // x' or x likewise
  // WatchOf the session's state: which packets without SYN, FIN or RST
  // may change it; opened_inbound is then the session's. (Kept in step by
  // SetState.)
  Watch watch = Watch::kNone;
  bool opened_inbound = false;
  int64_t refreshed = kNever;  // nanoseconds: the last refresh through this slot (Refresh)
  static constexpr int64_t kNever = INT64_MIN;
};

class SessionTable {
 public:
  // `timeouts` give each state's idle timeout (for refreshes kept in slots);
  // without `refresh_inbound` only the inside slot is ever refreshed
  // (Refresh is called on outside slots only with it). HasRemoteAddress
  // needs `count_remote_addresses`, DestinationCount `count_destinations`
  // (each an index more to keep per session).
  SessionTable(const NatTimeouts& timeouts, bool refresh_inbound, bool count_remote_addresses,
               bool count_destinations)
      : timeouts_(timeouts),
        refresh_inbound_(refresh_inbound),
        count_remote_addresses_(count_remote_addresses),
        count_destinations_(count_destinations) {}

  // Adds `s` (its keys filled in). REQUIRES: neither key is present.
  uint32_t Add(const Session& session);
  // REQUIRES: id is live.
  void Remove(uint32_t id);
  Session& at(uint32_t id) { return sessions_[id]; }
  const Session& at(uint32_t id) const { return sessions_[id]; }
  std::optional<uint32_t> FindInside(const TupleKey& k) const {
    auto it = by_inside_.find(k);
    if (it == by_inside_.end()) return std::nullopt;
    return it->second.id;
  }
  std::optional<uint32_t> FindOutside(const TupleKey& k) const {
    auto it = by_outside_.find(k);
    if (it == by_outside_.end()) return std::nullopt;
    return it->second.id;
  }
  // The index slot of the session found from the inside by (proto, X, x,
  // Y, y), or from the outside by (proto, X', x', Y, y); null when none.
  // Valid until the next Add or Remove.
  SessionRef* RefInside(const TupleKey& k) {
    auto it = by_inside_.find(k);
    return it == by_inside_.end() ? nullptr : &it->second;
  }
  SessionRef* RefOutside(const TupleKey& k) {
    auto it = by_outside_.find(k);
    return it == by_outside_.end() ? nullptr : &it->second;
  }
  // Restarts the idle timer of ref's session at `now` in its current
  // state: what SetExpiry(ref.id, now + timeout) does, kept in the slot.
  // REQUIRES: `now` is no earlier than any time given before (SetExpiry,
  // Refresh), so the expiry only moves later.
  static void Refresh(SessionRef& ref, SimTime now) { ref.refreshed = now.nanos(); }
  // Forgets the refreshes kept in the slots of session `id` (when time has
  // gone back and SetExpiry must be able to move the expiry earlier).
  void ClearRefreshes(uint32_t id);
  // The session's expiry: its `expiry`, or later when a refresh kept in a
  // slot says so.
  SimTime Expiry(uint32_t id) const;
  // Starts loading the slot RefInside / RefOutside(k) will read.
  void PrefetchInside(const TupleKey& k) const { by_inside_.prefetch(k); }
  void PrefetchOutside(const TupleKey& k) const { by_outside_.prefetch(k); }
  // The outside index slot of (proto, X', x', Y, y), read only; null when none.
  const SessionRef* PeekOutside(const TupleKey& k) const {
    auto it = by_outside_.find(k);
    return it == by_outside_.end() ? nullptr : &it->second;
  }
  // Sets the session's state and opener (and `watch` in its slots).
  void SetState(uint32_t id, SessionState state, bool opened_inbound);
  bool OutsideInUse(const TupleKey& k) const { return by_outside_.contains(k); }
  // Whether mapping `m` has a session toward address `addr` (address-dependent filtering).
  // REQUIRES: count_remote_addresses.
  bool HasRemoteAddress(uint32_t m, net::AddrId addr) const {
    return per_remote_address_.contains(std::pair<uint32_t, net::AddrId>{m, addr});
  }
  // Sessions toward one destination (proto, Y, y) from one outside address.
  // REQUIRES: count_destinations.
  uint32_t DestinationCount(const TupleKey& destination) const;
  // Sets the session's expiry; an earlier time than the queued one is queued.
  void SetExpiry(uint32_t id, SimTime at);

  // Expiry, in steps so the caller can load ahead. TakeDue takes every
  // queued entry due by `now` off the queue, in order (time, then id).
  // CheckDue, called on each in that order, says whether its session ends
  // now (the caller then removes it); otherwise the entry was stale, or
  // the session was refreshed since it was queued and is queued again at
  // its new expiry. Such an entry may still be due by `now`: before each
  // entry of the batch the caller ends those that come first
  // (EarlierDue, PopTop, CheckDue), and after the batch the rest
  // (NextExpiry() <= now). Sessions thus end in the order of their
  // expiries, as if time had advanced to each in turn.
  using Queued = ExpiryEntry;
  const std::vector<Queued>& TakeDue(SimTime now);
  bool CheckDue(const Queued& e);
  // Whether the queue's first entry is due by `now` and comes before `e`.
  bool EarlierDue(const Queued& e, SimTime now) const {
    return !queue_.empty() && queue_.top().at <= now.nanos() && ExpiryQueue::Before(queue_.top(), e);
  }
  // Takes the queue's first entry off. REQUIRES: the queue is not empty.
  Queued PopTop();
  // Starts loading what CheckDue(e) reads first (the session and its
  // generation), and, once that is in, what it reads next: the index slots
  // Expiry reads, and, when the session may end (`ending`), the ones
  // Remove erases too.
  void PrefetchSession(const Queued& e) const {
    PrefetchForRead(&sessions_[e.id]);
    PrefetchForRead(&generation_[e.id]);
  }
  void PrefetchSlots(const Session& s, bool ending) const {
    by_inside_.prefetch(s.inside);
    if (ending || refresh_inbound_) by_outside_.prefetch(s.outside);
  }
  // Whether CheckDue(e) cannot end e's session: its own expiry is already
  // later than e (a state change moved it), so it is queued again. Reads
  // the session only (load it first).
  bool Requeues(const Queued& e) const { return sessions_[e.id].expiry.nanos() > e.at; }
  // The earliest queued expiry, or SimTime::Max().
  SimTime NextExpiry() const {
    return queue_.empty() ? SimTime::Max() : SimTime::FromNanos(queue_.top().at);
  }
  size_t size() const { return live_; }
  void Reserve(size_t n);
  template <typename F>
  void ForEach(F&& f) const {
    for (uint32_t i = 0; i < sessions_.size(); ++i)
      if (sessions_[i].live) f(i, sessions_[i]);
  }

 private:
  void Push(uint32_t id, SimTime at);
  NatTimeouts timeouts_;
  bool refresh_inbound_;
  bool count_remote_addresses_;
  bool count_destinations_;
  std::vector<Session> sessions_;
  std::vector<uint32_t> generation_;
  std::vector<uint32_t> free_;
  size_t live_ = 0;
  // The two indexes every packet reads: on huge pages (see
  // base/huge_page_allocator.h), so a lookup at 10^6 sessions misses the
  // cache but not the TLB. (The sessions are added in order and read
  // mostly near the newest: on small pages, like the mappings.)
  using Index = absl::flat_hash_map<TupleKey, SessionRef, absl::Hash<TupleKey>, std::equal_to<TupleKey>,
                                    HugePageAllocator<std::pair<const TupleKey, SessionRef>>>;
  Index by_inside_;
  Index by_outside_;
  absl::flat_hash_map<std::pair<uint32_t, net::AddrId>, uint32_t> per_remote_address_;
  absl::flat_hash_map<TupleKey, uint32_t> per_destination_;
  ExpiryQueue queue_;
  std::vector<Queued> due_;  // TakeDue's batch
};

}  // namespace portlab::nat

#endif  // PORTLAB_NAT_SESSION_TABLE_H_
