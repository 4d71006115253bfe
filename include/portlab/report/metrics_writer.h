// The run's time series and final figures as Prometheus metrics
// (`portlab run --metrics FILE`, `--metrics-final FILE`), so a simulated
// incident is graphed with the same tools, and often the same names, as a
// real one.
//
// WriteMetricsSeries: OpenMetrics text (https://openmetrics.io, the
// specification at github.com/prometheus/OpenMetrics, "Text format"): per
// family `# TYPE`, `# UNIT` (seconds only), `# HELP`, then every sample of
// each of its series in time order, each with its timestamp, and `# EOF`.
// `promtool tsdb create-blocks-from openmetrics FILE DIR` (Prometheus's
// backfill, https://prometheus.io/docs/prometheus/latest/storage/#backfilling-from-openmetrics-format)
// loads it. One sample per point of the time series (sim::HostSeries,
// nat::NatSeries: one per sampling interval, and one at the end), and the
// workloads' figures at the run's end.
//
// WriteMetricsFinal: the same families' last values, without timestamps,
// in the Prometheus text exposition format (version 0.0.4,
// https://prometheus.io/docs/instrumenting/exposition_formats/: `# HELP`
// and `# TYPE` name the sample, `_total` included; no `# UNIT`, no
// `# EOF`): what a scrape of the simulated machine would return when the
// run ends. `promtool check metrics` accepts it.
//
// The time base: simulated time 0 is kMetricsEpochSeconds, 2026-01-01
// 00:00:00 UTC; a sample at simulated time t has timestamp epoch + t,
// written in seconds with 3 decimals (Prometheus keeps milliseconds). Of
// points of one series less than a millisecond apart (a `sample:` under
// 1 ms) only the last of each millisecond is written.
//
// Families (labels in braces; counters are cumulative from time 0):
//   portlab_build_info{version,commit,format,scenario_sha256,seed,command}
//                                            first: the output's provenance (provenance.h) as
//                                            the conventional *_build_info metric, value 1 (an
//                                            OpenMetrics `info` family `portlab_build` with one
//                                            sample at simulated time 0; in the 0.0.4 text a gauge)
//   node_sockstat_TCP_tw{host}               gauge    TCP sockets in TIME-WAIT (node_exporter's name)
//   portlab_tcp_established{host}            gauge    TCP connections in ESTABLISHED (node_exporter's
//                                                     node_netstat_Tcp_CurrEstab also counts CLOSE-WAIT,
//                                                     and promtool's lint refuses its camelCase)
//   portlab_ports_in_use{host,proto}         gauge    local ports held
//   portlab_connect_attempts_total{host,proto}        counter  connect() calls
//   portlab_socket_failures_total{host,proto,errno}   counter  failed socket calls, by errno
//   portlab_allocation_probes_total{host,proto}       counter  candidate ports examined
//   portlab_connect_port_choices_total{host} counter  TCP connect() calls that reached the port choice
//   portlab_connect_probes_p50{host}, _p99   gauge    their probes' percentiles over the interval
//   portlab_connect_latency_p50_seconds{host}, _p99_seconds
//                                            gauge    their modelled duration's percentiles over the
//                                                     interval (stack/connect_latency.h); no sample
//                                                     for an interval without such a call
//   node_nf_conntrack_entries{nat}           gauge    the NAT's sessions (node_exporter's name for a
//                                                     Linux NAT's conntrack entries)
//   portlab_nat_mappings{nat}, portlab_nat_port_blocks{nat}, portlab_nat_subscribers{nat},
//   portlab_nat_max_subscriber_ports{nat}    gauges
//   portlab_nat_ports_in_use{nat,address}    gauge    outside ports held per outside address
//   portlab_nat_translated_out_total{nat}, portlab_nat_translated_in_total{nat},
//   portlab_nat_hairpinned_total{nat}        counters
//   portlab_nat_drops_total{nat,reason}      counter  segments dropped, every reason of nat/drop_reason.h
//   portlab_workload_attempts_total{workload}, portlab_workload_ok_total{workload},
//   portlab_workload_failures_total{workload}
//                                            counters at the run's end only
// Families are written in this order, series in the order of the result
// (hosts, then protocols; NATs in scenario order), so the same Result gives
// the same bytes.
//
// Example:
//   WriteMetricsSeries(result, provenance, file);   // then: promtool tsdb create-blocks-from openmetrics FILE DIR
//   WriteMetricsFinal(result, provenance, std::cout);
//
// Thread safety: pure functions of their arguments.
#ifndef PORTLAB_REPORT_METRICS_WRITER_H_
#define PORTLAB_REPORT_METRICS_WRITER_H_

#include <cstdint>
#include <ostream>

#include "portlab/report/provenance.h"
#include "portlab/sim/result.h"

namespace portlab::report {

// 2026-01-01T00:00:00Z as Unix seconds: simulated time 0 in the metrics.
inline constexpr int64_t kMetricsEpochSeconds = 1767225600;

void WriteMetricsSeries(const sim::Result& result, const Provenance& provenance, std::ostream& out);
void WriteMetricsFinal(const sim::Result& result, const Provenance& provenance, std::ostream& out);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_METRICS_WRITER_H_
