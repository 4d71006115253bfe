// EventSelection: the events a picture of a run draws (the report's ladder
// diagram and step-through, `--mermaid`), chosen while the run streams them
// so that memory stays bounded however long the run is.
//
// The rule. Events are grouped into conversations: the events whose flow is
// one pair of endpoints and a protocol (either direction; a NAT's
// translation joins its two sides into one conversation). A conversation's
// kind is its protocol, its two addresses and its lower port (the service,
// for a client's connection). Kept are:
//   - every event of the first Limits::per_kind conversations of each kind,
//     up to Limits::conversations conversations in all (a conversation is
//     chosen at its first call or segment sent; events of it arriving
//     elsewhere, a demux or a NAT, follow that choice);
//   - the first event of each kind of failure (a call's errno, a segment no
//     socket took, a firewall's drop or reject, a NAT's drop reason, per
//     host), and the rest of its conversation from there;
//   - events with no peer or no port yet (bind, listen, a listener's state,
//     NAT probes), the first Limits::setup_events of them (a failure among
//     them only as its kind's first), and a NAT's mapping events for an
//     endpoint of a kept conversation.
// At most Limits::per_conversation events of one conversation and
// Limits::events in all are kept; everything else is counted in left_out().
// A run small enough to draw whole is drawn whole.
//
// Example:
//   EventSelection selection;
//   fan.Add(&selection);           // trace::TraceFanOut of the run
//   ... run ...
//   for (const LoggedEvent& e : selection.events()) ...  // numbered as in the run
//   std::string note = selection.Note();  // "" when nothing was left out
//
// Memory: the kept events, and state per kept conversation and kind; never
// per event or conversation left out. Deterministic: the same stream gives
// the same selection. Not thread-safe (nor is the core).
#ifndef PORTLAB_REPORT_EVENT_SELECTION_H_
#define PORTLAB_REPORT_EVENT_SELECTION_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "portlab/net/endpoint.h"
#include "portlab/report/event_log.h"
#include "portlab/report/trace_filter.h"
#include "portlab/trace/trace_event.h"

namespace portlab::report {

// Whether an event reports a failure: a call's errno, a segment no socket
// took ("none"), a firewall's drop or reject, a drop on the way, a NAT's.
bool IsFailure(const trace::TraceEvent& event);

class EventSelection final : public trace::TraceSink {
 public:
  struct Limits {
    int per_kind = 2;            // conversations drawn per kind
    int conversations = 40;      // conversations drawn in all
    int failure_kinds = 32;      // failure kinds drawn
    int setup_events = 64;       // events with no peer
    int per_conversation = 40;   // events drawn of one conversation
    int events = 600;            // events drawn in all
  };
  // What was not kept.
  struct LeftOut {
    int64_t events = 0;
    int64_t segments = 0;  // of them, segments sent
    int64_t calls = 0;     // of them, socket calls
    int64_t failures = 0;  // of them, failures of a kind already drawn
    int64_t filtered = 0;  // of them, events the filter did not match
  };

  EventSelection() = default;
  explicit EventSelection(Limits limits) : limits_(limits) {}

  void OnEvent(const trace::TraceEvent& event) override;

  // Draws only events `filter` matches (`--report-filter`, trace_filter.h),
  // the rule above applied to them; null for every event. Not owned; must
  // outlive the selection.
  void SetFilter(const TraceFilter* filter) { filter_ = filter; }

  // The kept events, each numbered as in the run's whole stream (from 1).
  const std::vector<LoggedEvent>& events() const { return events_; }
  const LeftOut& left_out() const { return left_out_; }
  int64_t seen() const { return seen_; }
  // One sentence saying what was left out and by which rule, or "" when
  // every event was kept.
  std::string Note() const;

 private:
  // A conversation: protocol and its two endpoints, the lower first.
  using ConversationKey = std::tuple<net::Protocol, net::Endpoint, net::Endpoint>;
  // A kind: protocol, its two addresses (lower first), the lower port.
  using KindKey = std::tuple<net::Protocol, net::IpAddress, net::IpAddress, uint16_t>;

  bool Keep(const trace::TraceEvent& event);
  // Starts drawing `key` (its kind counted); false when the limits say no.
  bool Choose(const ConversationKey& key);
  void Adopt(const ConversationKey& key);
  bool Take(const ConversationKey& key);

  Limits limits_;
  const TraceFilter* filter_ = nullptr;
  std::vector<LoggedEvent> events_;
  LeftOut left_out_;
  int64_t seen_ = 0;
  int setup_kept_ = 0;
  // Kept conversations -> events kept of each.
  std::map<ConversationKey, int> conversations_;
  std::map<KindKey, int> kinds_;
  std::set<std::pair<net::Protocol, net::Endpoint>> endpoints_;
  std::set<std::string> failure_kinds_;
};

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_EVENT_SELECTION_H_
