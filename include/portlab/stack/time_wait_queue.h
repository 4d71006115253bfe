// TimeWaitQueue: a host's TIME-WAIT sockets in the order they entered
// TIME-WAIT, with their expiry, and whether the one sweep timer is armed.
//
// Every TIME-WAIT of a host lasts the same (the time_wait knob, rounded up
// by the kernel's timer wheel), so entries expire in the order they were
// queued: a FIFO, no priority queue. A socket that leaves TIME-WAIT early
// (recycled by connect(), reset, killed for a PCB) keeps its entry; the
// entry names the socket's slot and generation, so the sweep skips it.
//
// Example:
//   if (queue.Push({expiry_ns, index, generation})) ArmSweepAt(expiry_ns);
//   ...  // the sweep timer fires
//   queue.SweepStarted();
//   while (!queue.empty() && queue.front().expiry_ns <= now) { ...; queue.pop_front(); }
//   if (queue.Rearm()) ArmSweepAt(queue.front().expiry_ns);
//
// Invariants:
//   - Entries are in the order Push() received them. Their expiries do not
//     decrease while the time_wait knob stays unchanged.
//   - An entry may be stale: its socket's slot no longer holds that
//     generation, or the socket is no longer in TIME-WAIT.
//   - At most one sweep timer is armed. Outside a sweep (between
//     SweepStarted() and Rearm()) one is armed whenever the queue is not
//     empty.
//
// Thread safety: none; the core is single-threaded.
#ifndef PORTLAB_STACK_TIME_WAIT_QUEUE_H_
#define PORTLAB_STACK_TIME_WAIT_QUEUE_H_

#include <cstddef>
#include <cstdint>

#include "portlab/base/ring_queue.h"

namespace portlab::stack {

struct TimeWaitEntry {
  int64_t expiry_ns;
  uint32_t index;       // the socket's slot
  uint32_t generation;  // the socket's generation when it entered TIME-WAIT
};

class TimeWaitQueue {
 public:
  // Queues `e` last. True when no sweep timer is armed: the caller must arm
  // one for e.expiry_ns (the queue now counts it armed).
  bool Push(const TimeWaitEntry& e) {
    entries_.push_back(e);
    if (armed_) return false;
    armed_ = true;
    return true;
  }
  // The sweep timer fired: none is armed until Rearm().
  void SweepStarted() { armed_ = false; }
  // After a sweep: true when entries remain, and the caller must arm the
  // sweep timer for front().expiry_ns (the queue now counts it armed).
  bool Rearm() {
    if (entries_.empty()) return false;
    armed_ = true;
    return true;
  }

  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }
  // REQUIRES: !empty().
  const TimeWaitEntry& front() const { return entries_.front(); }
  void pop_front() { entries_.pop_front(); }
  // The i-th entry from the front. REQUIRES: i < size().
  const TimeWaitEntry& operator[](size_t i) const { return entries_[i]; }

 private:
  RingQueue<TimeWaitEntry> entries_;  // nothing allocated until the first TIME-WAIT
  bool armed_ = false;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_TIME_WAIT_QUEUE_H_
