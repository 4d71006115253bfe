#include "portlab/report/event_log.h"

namespace portlab::report {

LoggedEvent::LoggedEvent(int64_t n, const trace::TraceEvent& e)
    : number(n), event(e), host(e.host), what(e.what), result(e.result), state(e.state) {
  Point();
}

LoggedEvent::LoggedEvent(const LoggedEvent& other)
    : number(other.number),
      event(other.event),
      host(other.host),
      what(other.what),
      result(other.result),
      state(other.state) {
  Point();
}

LoggedEvent& LoggedEvent::operator=(const LoggedEvent& other) {
  if (this == &other) return *this;
  number = other.number;
  event = other.event;
  host = other.host;
  what = other.what;
  result = other.result;
  state = other.state;
  Point();
  return *this;
}

// Short strings live inside the object (SSO), so the views are set again
// after every copy; a move is a copy for the same reason.
void LoggedEvent::Point() {
  event.host = host;
  event.what = what;
  event.result = result;
  event.state = state;
}

void EventLog::OnEvent(const trace::TraceEvent& event) {
  events_.emplace_back(size() + 1, event);
}

}  // namespace portlab::report
