// EventQueue: pending events ordered by (time, sequence).
//
// Events at equal times run in the order they were scheduled, which makes a
// run deterministic. Most events come a fixed delay after "now" (a segment
// arrives one link latency after it was sent, a timer of one kind fires its
// fixed duration after it was armed), so those of one kind are scheduled in
// time order: each kind has a FIFO lane, and an event joins its lane when
// it is not earlier than the lane's last one. Anything else (a timer whose
// duration changed, backoff) goes to a binary heap. Pop takes the smallest
// (time, sequence) among the lane heads and the heap top, so the order is
// exactly that of one priority queue, at O(1) for lane events instead of
// O(log n) copies of 56-byte events. (TIME-WAIT does not live here one
// entry per socket: each host keeps a FIFO and arms one sweep at a time.)
//
// Example:
//   EventQueue q;
//   q.Push(e);          // the queued copy gets the next sequence number
//   while (!q.empty()) Handle(q.Pop());
//
// Thread safety: not thread-safe; one per Simulation.
#ifndef PORTLAB_SIM_EVENT_QUEUE_H_
#define PORTLAB_SIM_EVENT_QUEUE_H_

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "portlab/sim/event.h"
#include "portlab/sim/event_fifo.h"

namespace portlab::sim {

class EventQueue {
 public:
  void Push(const Event& e) {
    ++size_;
    const int l = LaneOf(e);
    EventFifo& lane = lanes_[l];
    if (lane.empty() || lane.back().time_ns <= e.time_ns) {
      const uint64_t sequence = next_sequence_++;
      lane.push_back(e).sequence = sequence;
      nonempty_ |= 1u << l;
      // A new tail never beats an existing head; only an empty lane can
      // change which source holds the minimum.
      if (lane.size() == 1) {
        heads_[l] = KeyOf(e.time_ns, sequence);
        NewHead(l, heads_[l]);
      }
      return;
    }
    heap_.push_back(e);
    heap_.back().sequence = next_sequence_++;
    std::push_heap(heap_.begin(), heap_.end(), Later{});
    NewHead(kHeap, KeyOf(heap_.front().time_ns, heap_.front().sequence));
  }
  // Push() of a segment delivery and of a timer, written straight into
  // their slot (no Event built and then copied): every segment and timer
  // of a run comes through these.
  void PushDelivery(int64_t time_ns, uint32_t target, const net::Segment& seg) {
    Emplace(kDeliverLane, time_ns, EventType::kDeliver, 0, target,
            [&seg](Event& slot) { CopySegmentByField(slot.segment, seg); });
  }
  void PushTimer(int64_t time_ns, EventType type, uint8_t kind, uint32_t target, TimerTarget timer) {
    Emplace(LaneOf(type, kind), time_ns, type, kind, target, [timer](Event& slot) {
      slot.timer.socket = timer.socket;
      slot.timer.generation = timer.generation;
    });
  }
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  // REQUIRES: !empty().
  const Event& top() const {
    const int src = MinSource();
    return src == kHeap ? heap_.front() : lanes_[src].front();
  }
  // The k-th segment (0 = the earliest) among those scheduled in delivery
  // order, or nullptr: deliveries are popped in that order (bar the rare
  // one in the heap), so a caller can start loading what the k-th will
  // touch while it handles the ones before.
  const Event* PeekDelivery(size_t k) const {
    const EventFifo& lane = lanes_[kDeliverLane];
    return k < lane.size() ? &lane.at(k) : nullptr;
  }
  // REQUIRES: !empty().
  Event Pop() {
    const int src = MinSource();
    --size_;
    // The source keeps the minimum while its next event still comes before
    // every other source's first (runs of deliveries, mostly): no rescan.
    if (src == kHeap) {
      std::pop_heap(heap_.begin(), heap_.end(), Later{});
      Event e = heap_.back();
      heap_.pop_back();
      if (heap_.empty()) {
        min_source_ = kUnknown;
      } else {
        min_key_ = KeyOf(heap_.front().time_ns, heap_.front().sequence);
        if (min_key_ > runner_up_) min_source_ = kUnknown;
      }
      return e;
    }
    EventFifo& lane = lanes_[src];
    Event e = lane.pop_front();
    if (lane.empty()) {
      nonempty_ &= ~(1u << src);
      min_source_ = kUnknown;
    } else {
      heads_[src] = KeyOf(lane.front().time_ns, lane.front().sequence);
      min_key_ = heads_[src];
      if (heads_[src] > runner_up_) min_source_ = kUnknown;
    }
    return e;
  }

 private:
  // Steps, deliveries, one lane per timer kind (stack::TimerKind), then
  // workload events (hold ends apart: a fixed hold keeps them in order) and
  // time-series samples.
  static constexpr int kDeliverLane = 1;
  static constexpr int kTimerLanes = 4;
  static constexpr int kWorkloadLane = 2 + kTimerLanes;
  static constexpr int kHoldEndLane = kWorkloadLane + 1;
  static constexpr int kSampleLane = kWorkloadLane + 2;
  static constexpr int kLanes = kSampleLane + 1;
  // WorkloadAction::kHoldEnd (sim/internal/workload_runner.h).
  static constexpr uint8_t kHoldEndAction = 2;
  static constexpr int kHeap = kLanes;
  static constexpr int kUnknown = -1;

  // Queues an event in lane `l` (or the heap when it is earlier than the
  // lane's tail), its header written here and its payload by `fill`.
  template <typename Fill>
  void Emplace(int l, int64_t time_ns, EventType type, uint8_t kind, uint32_t target, Fill fill) {
    ++size_;
    const uint64_t sequence = next_sequence_++;
    EventFifo& lane = lanes_[l];
    const bool in_lane = lane.empty() || lane.back().time_ns <= time_ns;
    Event& slot = in_lane ? lane.push_back_slot() : heap_.emplace_back();
    slot.time_ns = time_ns;
    slot.sequence = sequence;
    slot.type = type;
    slot.timer_kind = kind;
    slot.target = target;
    fill(slot);
    if (!in_lane) {
      std::push_heap(heap_.begin(), heap_.end(), Later{});
      NewHead(kHeap, KeyOf(heap_.front().time_ns, heap_.front().sequence));
      return;
    }
    nonempty_ |= 1u << l;
    if (lane.size() == 1) {
      heads_[l] = KeyOf(time_ns, sequence);
      NewHead(l, heads_[l]);
    }
  }

  // Copies a segment one field at a time. The sender has just written it
  // field by field; a plain struct copy reads it back 16 bytes at a time,
  // and a load that spans several pending narrow stores cannot be forwarded
  // from them: it waits until they, and every store before them, reach the
  // cache. On a run whose stores miss (10^6 connections) that wait was 6 %
  // of the time, all on this copy. The empty asm statements stop the
  // compiler from merging the loads back into wide ones.
  static void CopySegmentByField(net::Segment& d, const net::Segment& s) {
    d.kind = s.kind;
    asm volatile("" ::: "memory");
    d.flags = s.flags;
    asm volatile("" ::: "memory");
    d.sport = s.sport;
    asm volatile("" ::: "memory");
    d.dport = s.dport;
    asm volatile("" ::: "memory");
    d.src = s.src;
    asm volatile("" ::: "memory");
    d.dst = s.dst;
    asm volatile("" ::: "memory");
    d.inner_dst = s.inner_dst;
    asm volatile("" ::: "memory");
    d.length = s.length;
    asm volatile("" ::: "memory");
    // seq and ack together, as Host::SendTcp stores them (one 8-byte word).
    std::memcpy(&d.seq, &s.seq, sizeof d.seq + sizeof d.ack);
    d.inner_protocol = s.inner_protocol;
  }
  // Every field of a Segment is copied above: a new one must be too.
  static_assert(sizeof(net::Segment) == 32);
  static_assert(offsetof(net::Segment, ack) == offsetof(net::Segment, seq) + sizeof(uint32_t));

  static int LaneOf(const Event& e) { return LaneOf(e.type, e.timer_kind); }
  static int LaneOf(EventType type, uint8_t timer_kind) {
    switch (type) {
      case EventType::kStep:
      case EventType::kScan:
        return 0;
      case EventType::kDeliver:
        return 1;
      case EventType::kTimer:
        break;
      case EventType::kWorkload:
        return timer_kind == kHoldEndAction ? kHoldEndLane : kWorkloadLane;
      case EventType::kSample:
        return kSampleLane;
    }
    return 2 + std::min<int>(timer_kind, kTimerLanes - 1);
  }

  static bool Before(const Event& a, const Event& b) {
    if (a.time_ns != b.time_ns) return a.time_ns < b.time_ns;
    return a.sequence < b.sequence;
  }

  // Which lane (or the heap) holds the smallest event; cached until the
  // next Push or Pop that can change it. REQUIRES: !empty().
  int MinSource() const {
    if (min_source_ != kUnknown) return min_source_;
    int best = kUnknown;
    // Above every event's key (no sequence is 2^64 - 1).
    Key best_key = ~Key{0}, second_key = ~Key{0};
    if (!heap_.empty()) {
      best = kHeap;
      best_key = KeyOf(heap_.front().time_ns, heap_.front().sequence);
    }
    for (uint32_t m = nonempty_; m != 0; m &= m - 1) {
      const int i = std::countr_zero(m);
      if (heads_[i] < best_key) {
        second_key = best_key;
        best = i;
        best_key = heads_[i];
      } else if (heads_[i] < second_key) {
        second_key = heads_[i];
      }
    }
    min_source_ = best;
    min_key_ = best_key;
    runner_up_ = second_key;
    return best;
  }

  // A function object, not a function: std::push_heap / pop_heap then
  // inline the comparison instead of calling through a pointer.
  struct Later {
    bool operator()(const Event& a, const Event& b) const { return Before(b, a); }
  };
  // (time, sequence) as one unsigned 128-bit number in the same order (the
  // time's sign bit flipped): the minimum search compares with one cmp/sbb
  // pair instead of a three-way comparison per field.
  using Key = unsigned __int128;
  static Key KeyOf(int64_t time_ns, uint64_t sequence) {
    return (Key{static_cast<uint64_t>(time_ns) ^ (uint64_t{1} << 63)} << 64) | sequence;
  }

  // Source `src` (a lane or the heap) has a new first event, of key `key`,
  // no later than its first before, and no other source's first changed:
  // the cached minimum and runner-up follow without a rescan of every lane
  // (rescanning at every new lane head and heap top cost 2.5 % of a CGNAT
  // day's instructions).
  void NewHead(int src, Key key) {
    if (min_source_ == kUnknown) return;
    if (src == min_source_) {
      min_key_ = key;
    } else if (key < min_key_) {
      runner_up_ = min_key_;
      min_source_ = src;
      min_key_ = key;
    } else if (key < runner_up_) {
      runner_up_ = key;
    }
  }
  // Each non-empty lane's head key, side by side: finding the minimum
  // reads one small array, not each lane's block.
  EventFifo lanes_[kLanes];
  Key heads_[kLanes] = {};
  std::vector<Event> heap_;
  size_t size_ = 0;
  uint32_t nonempty_ = 0;  // bit i: lanes_[i] is not empty
  mutable int min_source_ = kUnknown;
  // With min_source_ known: its first key, and the smallest first key
  // among the other sources.
  mutable Key min_key_ = 0;
  mutable Key runner_up_ = 0;
  uint64_t next_sequence_ = 0;
};

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_EVENT_QUEUE_H_
