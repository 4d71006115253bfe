// EventQueue: pending events ordered by (time, sequence).
//
// Events at equal times run in the order they were scheduled, which makes a
// run deterministic. A binary heap over a flat vector: no allocation per
// event once the vector has grown. (TIME-WAIT does not live here one entry
// per socket: each host keeps a FIFO and arms one sweep at a time.)
#ifndef PORTLAB_SIM_EVENT_QUEUE_H_
#define PORTLAB_SIM_EVENT_QUEUE_H_

#include <algorithm>
#include <cstdint>
#include <vector>

#include "portlab/sim/time.h"
#include "portlab/stack/segment.h"

namespace portlab::sim {

enum class EventType : uint8_t { kStep, kDeliver, kTimer };

struct Event {
  int64_t time_ns = 0;
  uint64_t sequence = 0;
  EventType type = EventType::kStep;
  uint8_t timer_kind = 0;
  uint32_t target = 0;  // step index, or host index
  uint32_t socket = 0;  // timer: socket index
  uint32_t generation = 0;
  stack::Segment segment;  // kDeliver
};

class EventQueue {
 public:
  void Push(Event e) {
    e.sequence = next_sequence_++;
    heap_.push_back(e);
    std::push_heap(heap_.begin(), heap_.end(), Later{});
  }
  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }
  // REQUIRES: !empty().
  const Event& top() const { return heap_.front(); }
  Event Pop() {
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    Event e = heap_.back();
    heap_.pop_back();
    return e;
  }

 private:
  // A function object, not a function: std::push_heap / pop_heap then
  // inline the comparison instead of calling through a pointer.
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      if (a.time_ns != b.time_ns) return a.time_ns > b.time_ns;
      return a.sequence > b.sequence;
    }
  };
  std::vector<Event> heap_;
  uint64_t next_sequence_ = 0;
};

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_EVENT_QUEUE_H_
