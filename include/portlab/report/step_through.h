// The report's "Sequence of events" section: the ladder diagram
// (ladder_svg.h) of the selected events (event_selection.h) beside the
// event list, each event as `--trace` prints it, with previous/next buttons
// and the ← → keys, and the socket and NAT tables at that instant
// (instant_tables.h).
//
// The page stays one file that fetches nothing, and reads without scripts:
// every event and every instant's tables are in the page, each event
// linking to its tables; the small inline script only shows the current
// event's tables, highlights its arrow or mark and its row, and moves on
// with the buttons and keys. It marks the page when it ran
// (<html data-step-through="ready">), and WriteStepThroughHead's handler
// writes any script error to <html data-script-error="...">, so a browser
// test can read both from the DOM. FILE.html#step=N opens at event N
// (from 1). Opened as FILE.html#selftest, the script
// steps itself with the keys and buttons and writes where it got to in
// data-selftest ("3 of 57").
//
// Each event's <li id="ev-N"> holds a <div class="card" id="card-N">: for
// a segment, its packet card (packet_card.h: the sender's socket and port
// choice, the firewalls and NATs on its way, the demux lookups at its
// arrival), told from the drawn events; empty for a call, a state or a
// timer. With the script only the selected event's card shows; without
// it every card reads under its event.
//
// Example:
//   StepThrough s{&selection, *TablesAtInstants(scenario, seed, times, 40)};
//   WriteStepThroughHead(out);   // inside <head>
//   WriteStepThrough(s, out);    // inside <body>
//
// Equal inputs give identical bytes.
#ifndef PORTLAB_REPORT_STEP_THROUGH_H_
#define PORTLAB_REPORT_STEP_THROUGH_H_

#include <ostream>
#include <vector>

#include "portlab/report/event_selection.h"
#include "portlab/report/instant_tables.h"

namespace portlab::report {

struct StepThrough {
  const EventSelection* selection = nullptr;  // not owned
  std::vector<InstantTables> tables;          // at the events' times
};

// The section's style and the script-error handler, for <head>.
void WriteStepThroughHead(std::ostream& out);
void WriteStepThrough(const StepThrough& step, std::ostream& out);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_STEP_THROUGH_H_
