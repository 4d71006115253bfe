// ExpiryQueue: a NAT's queued session expiries, taken in (time, session id)
// order exactly as one binary min-heap would give them, at O(1) a push and
// a pop in the common case.
//
// A session is queued at "now + the idle timeout of its state", and a NAT
// has a handful of timeouts, so the entries of one timeout come in time
// order. Each such run joins a FIFO lane: an entry goes to the lane whose
// last entry is the latest one not after it (or to an empty lane), and
// only an entry that fits no lane goes to a heap. The next entry is the
// least of the lanes' first entries and the heap's top. At 10^6 sessions
// the heap this replaced cost ~380 instructions a pop and a cache miss for
// each of its lower levels; a lane's first entry is the next in memory.
//
// Example:
//   ExpiryQueue q;
//   q.Push({.at = t, .id = 7, .generation = 0});
//   while (!q.empty() && q.top().at <= now) Handle(q.Pop());
//
// Thread safety: none.
#ifndef PORTLAB_NAT_EXPIRY_QUEUE_H_
#define PORTLAB_NAT_EXPIRY_QUEUE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace portlab::nat {

struct ExpiryEntry {
  int64_t at;  // nanoseconds
  uint32_t id;
  uint32_t generation;
};

class ExpiryQueue {
 public:
  // Adds `e`. Entries equal in (at, id) come out in either order.
  void Push(const ExpiryEntry& e);
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  // The least entry by (at, id). REQUIRES: !empty().
  const ExpiryEntry& top() const { return *top_; }
  // Takes top() off and returns it. REQUIRES: !empty().
  ExpiryEntry Pop();
  // Capacity hint: room for `n` entries in one lane. (The lane may move:
  // top_ is pointed at it again.)
  void Reserve(size_t n) {
    lanes_[0].items.reserve(n);
    if (size_ > 0) PointAtTop();
  }
  // Whether (at, id) of a comes before that of b.
  static bool Before(const ExpiryEntry& a, const ExpiryEntry& b) {
    return a.at != b.at ? a.at < b.at : a.id < b.id;
  }

 private:
  static constexpr int kLanes = 4;
  static constexpr int kHeap = kLanes;  // Source() of the heap's top
  struct Lane {
    std::vector<ExpiryEntry> items;
    size_t head = 0;  // items before it are taken
    bool empty() const { return head == items.size(); }
  };
  struct Later {
    bool operator()(const ExpiryEntry& a, const ExpiryEntry& b) const { return Before(b, a); }
  };
  // Which lane holds the least entry, or kHeap. REQUIRES: !empty().
  int Source() const;
  // Points top_ at source_'s first entry (after it changed, or moved).
  void PointAtTop() {
    top_ = source_ == kHeap ? &heap_.front() : &lanes_[source_].items[lanes_[source_].head];
  }
  Lane lanes_[kLanes];
  std::vector<ExpiryEntry> heap_;
  size_t size_ = 0;
  // Where the least entry is, kept up to date by every Push and Pop (top()
  // is read far more often than the queue changes).
  int source_ = kHeap;
  const ExpiryEntry* top_ = nullptr;
};

}  // namespace portlab::nat

#endif  // PORTLAB_NAT_EXPIRY_QUEUE_H_
