// TraceFanOut: one TraceSink that hands each event to several, in the
// order they were added, so a run can be traced, recorded for a report and
// captured at once (the core takes one sink).
//
// Example:
//   TraceFanOut fan;
//   fan.Add(&trace_writer);
//   fan.Add(&recorder);
//   options.trace = fan.empty() ? nullptr : &fan;
//
// Ownership: the sinks are not owned and must outlive the fan-out.
#ifndef PORTLAB_TRACE_TRACE_FAN_OUT_H_
#define PORTLAB_TRACE_TRACE_FAN_OUT_H_

#include <vector>

#include "portlab/trace/trace_event.h"

namespace portlab::trace {

class TraceFanOut final : public TraceSink {
 public:
  void Add(TraceSink* sink) { sinks_.push_back(sink); }
  bool empty() const { return sinks_.empty(); }
  // The one sink when there is one (no second dispatch), else this.
  TraceSink* sink() {
    if (sinks_.empty()) return nullptr;
    return sinks_.size() == 1 ? sinks_.front() : this;
  }

  void OnEvent(const TraceEvent& event) override {
    for (TraceSink* sink : sinks_) sink->OnEvent(event);
  }

 private:
  std::vector<TraceSink*> sinks_;
};

}  // namespace portlab::trace

#endif  // PORTLAB_TRACE_TRACE_FAN_OUT_H_
