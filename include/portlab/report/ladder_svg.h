// The ladder diagram (ladder.h) as inline SVG, for the HTML report: a
// column per lane with its name and addresses on top, the time of each row
// on the left, each segment an arrow from its sender's lane to where it
// arrived (flags, ports and bytes on it, the demux rule and socket, or the
// drop, at its head), each other event a line of text beside its lane.
//
// Every drawn thing is a <g class="ev" data-ev="ROWS"> naming the rows
// (events) it belongs to, and each row has a <rect class="row"
// data-row="N">, so a script can highlight one event (step_through.h).
// Colours are Okabe and Ito's colour-blind-safe palette; an arrow's kind is
// also told by its head (an arrowhead, ✕ for a drop, a dashed line for no
// arrival), not by colour alone.
//
// Example:
//   WriteLadderSvg(BuildLadder(selection.events()), out);
//
// Text is escaped; equal ladders give identical bytes.
#ifndef PORTLAB_REPORT_LADDER_SVG_H_
#define PORTLAB_REPORT_LADDER_SVG_H_

#include <ostream>

#include "portlab/report/ladder.h"

namespace portlab::report {

void WriteLadderSvg(const Ladder& ladder, std::ostream& out);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_LADDER_SVG_H_
