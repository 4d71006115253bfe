// SegmentJourneys: the events of a run's trace grouped by the segment they
// are about, from the socket that sent it (mux), through the firewalls
// and NATs it met, to the socket that received it (demux) or the drop
// that ended it. The packet card (report/packet_card.h) tells one.
//
// The trace carries no packet identity, so a journey is followed by what
// travels: each hop's event names the segment's flags and its tuple in
// the direction of travel (a NAT's rewrite gives the next hop's tuple);
// links keep order (equal latency, a FIFO queue), so among segments alike
// in flight at once the oldest arrives first. An ICMP error is followed by
// its kind and destination address alone (its ports are the quoted
// datagram's, which a NAT rewrites). A broadcast's journey has a receiver
// per host of the link.
//
// Pure functions of the log; not thread-safe (nor is the log).
#ifndef PORTLAB_REPORT_INTERNAL_SEGMENT_JOURNEYS_H_
#define PORTLAB_REPORT_INTERNAL_SEGMENT_JOURNEYS_H_

#include <cstdint>
#include <vector>

#include "portlab/report/event_log.h"

namespace portlab::report::internal {

struct Journeys {
  // Each journey's events by their position in the log (from 1; the run's
  // event numbers when the log holds the whole run), in the order they
  // happened.
  std::vector<std::vector<int64_t>> events;
  // For the event at position n, journey_of[n - 1] is its journey, or -1 for an
  // event about no segment (a call, a state change, a timer, ...).
  std::vector<int32_t> journey_of;
};

Journeys FollowSegments(const EventLog& log);

}  // namespace portlab::report::internal

#endif  // PORTLAB_REPORT_INTERNAL_SEGMENT_JOURNEYS_H_
