// Event: one pending event of a simulation (a step, a segment delivery, a
// timer, a workload action, a time-series sample), as the event queue holds
// it.
#ifndef PORTLAB_SIM_EVENT_H_
#define PORTLAB_SIM_EVENT_H_

#include <cstdint>

#include "portlab/net/segment.h"

namespace portlab::sim {

// kWorkload: a workload generator's event (timer_kind is its action, target
// its source, timer its socket); kSample: a point of the time series;
// kScan: a scan step's probe or timeout (timer_kind its action, target the
// scan, timer the port and try; src/sim/internal/scan_runner.h).
enum class EventType : uint8_t { kStep, kDeliver, kTimer, kWorkload, kSample, kScan };

// A timer's socket (index and timer generation).
struct TimerTarget {
  uint32_t socket = 0;
  uint32_t generation = 0;
};

// 56 bytes: a segment and a timer's target share their space, since every
// event is copied into and out of the queue.
struct Event {
  Event() : segment() {}
  int64_t time_ns = 0;
  uint64_t sequence = 0;
  EventType type = EventType::kStep;
  uint8_t timer_kind = 0;
  uint32_t target = 0;  // step index, host index, or workload source
  union {
    net::Segment segment;  // kDeliver
    TimerTarget timer;       // kTimer, kWorkload
  };
};
static_assert(sizeof(Event) == 56);

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_EVENT_H_
