// EventLog: a run's event stream kept whole, each event numbered from 1 in
// the order the run emitted it (the number `portlab run --trace` prints in
// its first column and `--explain N` takes).
//
// The core's TraceEvent points into the simulation and lives only during
// OnEvent; a LoggedEvent owns copies of its strings, and View() hands back a
// TraceEvent over them for the functions that read events (the trace
// filter, the packet card, the trace writer).
//
// Example:
//   EventLog log;
//   options.trace = &log;            // or fan.Add(&log)
//   RunScenario(scenario, options);
//   for (const LoggedEvent& e : log.events()) filter.Matches(e.View());
//
// Memory: every event of the run, about 200 bytes each: add it only for
// an output that asked for it. Not thread-safe (nor is the core).
#ifndef PORTLAB_REPORT_EVENT_LOG_H_
#define PORTLAB_REPORT_EVENT_LOG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "portlab/trace/trace_event.h"

namespace portlab::report {

struct LoggedEvent {
  int64_t number = 0;  // 1 for the run's first event
  trace::TraceEvent event;  // its string_views point into the fields below
  std::string host, what, result, state;

  LoggedEvent() = default;
  LoggedEvent(int64_t n, const trace::TraceEvent& e);
  LoggedEvent(const LoggedEvent& other);
  LoggedEvent& operator=(const LoggedEvent& other);

  // The event, its strings in this object: valid while it lives unchanged.
  const trace::TraceEvent& View() const { return event; }

 private:
  void Point();
};

class EventLog final : public trace::TraceSink {
 public:
  void OnEvent(const trace::TraceEvent& event) override;
  // Keeps `event` as the run's event `number` (a log of some events only,
  // such as a report's drawn ones); cards then cite the run's numbers.
  void Append(int64_t number, const trace::TraceEvent& event) { events_.emplace_back(number, event); }

  const std::vector<LoggedEvent>& events() const { return events_; }
  int64_t size() const { return static_cast<int64_t>(events_.size()); }
  // Event number n (1-based). REQUIRES: 1 <= n <= size().
  const LoggedEvent& at(int64_t n) const { return events_[n - 1]; }

 private:
  std::vector<LoggedEvent> events_;
};

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_EVENT_LOG_H_
