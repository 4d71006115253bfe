// HoldDown: outside ports a NAT may not give again yet (RFC 6888 REQ-8: a
// freed port SHOULD NOT be reused for 120 s, so a late packet of the old
// session cannot reach a new subscriber).
//
// Every port is held for the same duration, so releases come in the order
// of holds: a FIFO, no priority queue.
//
// Example:
//   HoldDown h(Duration::Seconds(120));
//   h.Hold(key, now);              // when the last mapping on the port ends
//   if (h.IsHeld(key, now)) ...    // while choosing a port
#ifndef PORTLAB_NAT_HOLD_DOWN_H_
#define PORTLAB_NAT_HOLD_DOWN_H_

#include <deque>

#include "absl/container/flat_hash_map.h"
#include "portlab/nat/tuple_key.h"
#include "portlab/sim/time.h"

namespace portlab::nat {

class HoldDown {
 public:
  explicit HoldDown(sim::Duration length) : length_(length) {}
  // Holds `key` until now + length (no-op for a zero length).
  void Hold(const TupleKey& key, sim::SimTime now);
  bool IsHeld(const TupleKey& key, sim::SimTime now) const {
    if (held_.empty()) return false;
    auto it = held_.find(key);
    return it != held_.end() && it->second > now;
  }
  // Starts loading the slot Hold / IsHeld(key) will read.
  void Prefetch(const TupleKey& key) const {
    if (length_ > sim::Duration()) held_.prefetch(key);
  }
  // Forgets holds that ended by `now`.
  void Release(sim::SimTime now);
  size_t size() const { return held_.size(); }

 private:
  sim::Duration length_;
  std::deque<std::pair<sim::SimTime, TupleKey>> fifo_;
  absl::flat_hash_map<TupleKey, sim::SimTime> held_;
};

}  // namespace portlab::nat

#endif  // PORTLAB_NAT_HOLD_DOWN_H_
