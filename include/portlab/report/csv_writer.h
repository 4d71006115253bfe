// CSV form of a run's time series (`portlab run --csv FILE`).
//
// One row per sample per host and protocol that did anything; a
// `quantity:` group is one `host`, its name, each row its members' figures
// summed at that instant (sim::HostSeries):
//
//   time_s,host,proto,ports_in_use,time_wait,established,attempts,failures,allocation_probes,
//     port_choices,connect_probes_p50,connect_probes_p99,connect_latency_p50_ns,
//     connect_latency_p99_ns,EADDRNOTAVAIL,...
//   0,client,tcp,0,0,0,0,0,0,0,,,,,0
//   6.6,client,tcp,6601,0,1,6601,0,6601,6601,1,2,4438,4475,0
//
// Gauges (ports_in_use, time_wait, established) are values at the instant;
// counters (attempts: every connect() call, steps', workloads' and scans'
// alike; failures: failed calls of any kind; allocation_probes: the probes
// of the ports found; and one column per errno seen anywhere in the run,
// failures with that errno) are
// cumulative from the start. The connect_ columns are of the interval since
// the previous row (sim::SeriesPoint): TCP connect() calls that reached the
// port choice, the 50th and 99th percentiles of their probes and of their
// modelled duration in nanoseconds (stack/connect_latency.h); the
// percentiles are empty when the interval had no such call, and the
// columns are 0 and empty for UDP. Rows are ordered by host, then protocol, then
// time; the same Result gives the same bytes.
//
// The NATs' series (`portlab run --nat-csv FILE`) have their own columns:
//
//   time_s,nat,mappings,sessions,port_blocks,subscribers,max_subscriber_ports,
//     translated_out,translated_in,hairpinned,drops,drops_no_mapping,...,
//     ports@203.0.113.1,...
//
// mappings, sessions, port_blocks, subscribers (inside addresses holding a
// port), max_subscriber_ports (the most one of them holds) and ports@ADDR
// (outside ports in use on that address; empty for another NAT's address)
// are values at the instant; the rest are cumulative. One drops_REASON
// column per reason of nat/nat_figures.h, always. Rows are ordered by NAT
// (scenario order), then time.
//
// Example:
//   std::ofstream out("series.csv");
//   WriteSeriesCsv(result, out);
//   WriteNatSeriesCsv(result, nat_out);
//
// Thread safety: a pure function of its arguments.
#ifndef PORTLAB_REPORT_CSV_WRITER_H_
#define PORTLAB_REPORT_CSV_WRITER_H_

#include <ostream>

#include "portlab/sim/result.h"

namespace portlab::report {

void WriteSeriesCsv(const sim::Result& result, std::ostream& out);
void WriteNatSeriesCsv(const sim::Result& result, std::ostream& out);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_CSV_WRITER_H_
