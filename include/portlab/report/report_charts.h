// The HTML report's charts (report/html_report.h), one section for the
// hosts and one for the NAT boxes, each chart an SvgLineChart
// (report/svg_chart.h).
//
// Per host and protocol with activity:
//   - "ports and connections": ports in use, TIME-WAIT and established as
//     step lines; the usable port range (ip_local_port_range less
//     ip_local_reserved_ports) as a reference line when the ports in use
//     reach a quarter of it (otherwise a note under the chart says where it
//     is); the first failure (from the failure groups) and each workload's
//     predicted exhaustion (the summary's "exhaustion predicted at") as
//     vertical marks;
//   - for a host that ran a workload, "connect() calls per second": the
//     workload's connect() attempts and the host's failed calls per second
//     over each sampling interval, with the same marks; for one whose calls
//     came from steps (bursts at instants, where a rate would mislead),
//     "failed calls so far", when any failed.
// Per NAT:
//   - "mappings and sessions" (and port blocks, when it hands out blocks);
//   - "outside ports in use" per outside address and the most one
//     subscriber holds, with the outside port range per address, the
//     per-subscriber limit and the sessions allowed toward one destination
//     per address as reference lines (same quarter rule);
//   - "drops per second", by reason, when it dropped anything.
//
// Example:
//   WriteHostCharts(result, out);
//   WriteNatCharts(result, out);
//
// Each writes nothing when the run has no such series. Equal Results give
// identical bytes. Thread safety: pure functions.
#ifndef PORTLAB_REPORT_REPORT_CHARTS_H_
#define PORTLAB_REPORT_REPORT_CHARTS_H_

#include <ostream>

#include "portlab/report/svg_chart.h"
#include "portlab/sim/result.h"

namespace portlab::report {

void WriteHostCharts(const sim::Result& result, std::ostream& out);
void WriteNatCharts(const sim::Result& result, std::ostream& out);

// A cumulative counter sampled at (time s, count) turned into its rate per
// second over each sampling interval, as step points: (start of the
// interval, rate) for each interval, then (end of the last, its rate). A
// last interval shorter than half the one before (the run ended between
// samples) is merged into that one. Fewer than two points give none.
SvgLineChart::Points PerSecond(const SvgLineChart::Points& cumulative);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_REPORT_CHARTS_H_
