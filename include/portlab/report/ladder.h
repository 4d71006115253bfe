// Ladder: a run's selected events (event_selection.h) as a sequence diagram
// in data: lanes, arrows and marks, before anything is drawn. The HTML
// report draws it as SVG (ladder_svg.h) and `--mermaid` writes it as a
// Mermaid sequenceDiagram (mermaid_writer.h).
//
// Lanes: one per host, two per NAT (its inside and outside sides, next to
// each other, the hosts behind it to their left), and "(nobody)" when a
// segment went to an address no host has. Each event is one row, in order.
//   - A segment sent (mux) starts an arrow at its host's lane; the arrow
//     ends where the segment arrives: a demux (the rule and socket at its
//     head), a firewall's drop or reject there, a NAT's side. A NAT's
//     translation ends one arrow at the side it came in and starts the
//     next at the other side with the rewritten tuple (a kRewrite mark
//     between the two lanes). A broadcast starts one arrow per receiver; a
//     segment to the host itself (lo) is an arrow back to its own lane.
//   - Every other event is a mark on its lane: a call and its result (the
//     port picked and probes), a state change, a timer, a mapping, an
//     error or drop.
//
// Example:
//   Ladder ladder = BuildLadder(selection.events());
//   for (const LadderArrow& a : ladder.arrows) ...
//
// Deterministic; a pure function of the events.
#ifndef PORTLAB_REPORT_LADDER_H_
#define PORTLAB_REPORT_LADDER_H_

#include <string>
#include <vector>

#include "portlab/report/event_selection.h"

namespace portlab::report {

struct LadderLane {
  std::string name;     // "client", "home (inside)", "(nobody)"
  std::string address;  // the addresses seen there, "10.0.0.1"; may be ""
  bool nat = false;     // one side of a NAT (its two sides are neighbours)
};

enum class ArrowEnd {
  kDelivered,  // a socket took it (or a NAT passed it on)
  kRefused,    // no socket took it: the host answers RST or ICMP
  kDropped,    // a firewall or a NAT dropped it there
  kNoArrival,  // the run ended (or the selection cut) before it arrived
};

struct LadderArrow {
  int from_lane = 0;
  int to_lane = 0;
  int from_row = 0;  // the row (index into the events) of the send
  int to_row = 0;    // the row of the arrival (== from_row for kNoArrival)
  std::string label;  // "SYN|ACK 80 → 52341  512 B"
  std::string head;   // "listener-wildcard → sock 0", "filtered (rule 1)"
  ArrowEnd end = ArrowEnd::kDelivered;
  bool broadcast = false;
};

enum class MarkKind { kCall, kFailure, kState, kTimer, kNat, kRewrite, kOther };

struct LadderMark {
  int lane = 0;
  int to_lane = -1;  // kRewrite: the NAT's other side
  int row = 0;
  MarkKind kind = MarkKind::kOther;
  std::string text;
};

struct Ladder {
  std::vector<LadderLane> lanes;
  std::vector<LadderArrow> arrows;
  std::vector<LadderMark> marks;
  std::vector<SimTime> times;  // per row
};

Ladder BuildLadder(const std::vector<LoggedEvent>& events);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_LADDER_H_
