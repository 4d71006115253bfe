// TraceWriter: prints a run's event stream, one line per event, for students
// watching segments find their sockets (`portlab run --trace`).
//
//      #4     0.001000000  client  connect   tcp -> 10.0.0.2:8080  ok  local 10.0.0.1:40012  sock 3  (2 probes)
//      #5     0.001000000  client  mux       SYN      10.0.0.1:40012 -> 10.0.0.2:8080  from sock 3
//      #6     0.002000000  server  demux     SYN      10.0.0.1:40012 -> 10.0.0.2:8080  listener-wildcard 0.0.0.0:8080 -> sock 1
//      #7     0.002000000  server  state     sock 4  SYN-RECEIVED
//
// Columns: the event's number in the run (from 1; `portlab run --explain N`
// takes it, and a filtered trace keeps every event's number), simulated
// time in seconds (9 decimals), host, what happened, then details.
// A flow prints in the direction its segment travelled: local -> remote for
// sent segments, remote -> local for received ones (and for segments a
// firewall dropped on arrival, result "filtered"). Ports below 1024 carry
// their IANA service name ("10.0.0.2:80 (http)"). A host's firewall prints
// `fw` lines where an active chain accepts a segment ("accepted (rule 2)
// on input", or "(policy)"); its drops and rejects are demux (input) and
// drop (output) lines naming the rule.
//
// Example:
//   TraceWriter trace(std::cout, /*host_width=*/6);
//   options.trace = &trace;
//   RunScenario(scenario, options);
//
// Ownership: `out` is not owned and must outlive the writer. Deterministic:
// the same events give the same text. Not thread-safe (nor is the core).
#ifndef PORTLAB_REPORT_TRACE_WRITER_H_
#define PORTLAB_REPORT_TRACE_WRITER_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "portlab/trace/trace_event.h"

namespace portlab::report {

class TraceFilter;

// The word of the trace's kind column for `event`: the call's name for a
// call ("connect"), else "done", "mux", "demux", "drop", "fw", "state",
// "timer", "timewait", "nat", "nat-drop", "nat-map" or "nat-probe".
std::string_view TraceKindColumn(const trace::TraceEvent& event);
// The trace line's details after the kind column ("SYN  10.0.0.1:40000 ->
// 10.0.0.2:80 (http)  from sock 3").
std::string TraceDetails(const trace::TraceEvent& event);

class TraceWriter : public trace::TraceSink {
 public:
  // `host_width` pads the host column; pass the longest host name's length
  // so columns line up (longer names still print whole).
  explicit TraceWriter(std::ostream& out, int host_width = 6);

  // Prints only the events `filter` matches (numbered among all events).
  // `filter` is not owned and must outlive the writer; nullptr: every event.
  void set_filter(const TraceFilter* filter) { filter_ = filter; }

  void OnEvent(const trace::TraceEvent& event) override;

  // The line OnEvent prints for `event`, without the newline and the number.
  std::string FormatLine(const trace::TraceEvent& event) const;

 private:
  std::ostream& out_;
  int host_width_;
  const TraceFilter* filter_ = nullptr;
  int64_t events_ = 0;  // seen, printed or not
};

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_TRACE_WRITER_H_
