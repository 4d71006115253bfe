// JSON form of a run's Result (the shape docs/ARCHITECTURE.md points to here;
// docs/schema/run.schema.json is its JSON Schema). `portlab run --json`
// writes it after a "portlab" object, the provenance (report/provenance.h),
// and before a "machine" object (report/run_outputs.h):
//
//   {"scenario": "...", "seed": 7, "end_time_s": 3.0,
//    "steps": [{"index": 1, "at_s": 1.0, "host": "client", "op": "connect",
//               "protocol": "tcp", "calls": 100, "ok": 64,
//               "errors": {"EADDRNOTAVAIL": 36}, "ports": [40012, ...]}],
//    "hosts": {"client": {"tcp": {...ProtocolFigures..., "first_failure_s": 28.2}, "udp": {...}}},
//             (a `quantity:` group is one entry under its name, with
//              "members" and "members_calling", its members' figures summed
//              and its peaks the largest member's, first_failure_s the
//              first of any member; a member a step or a host: expectation
//              names has an entry of its own too; sim::HostResult)
//    "analysis": [{"strategy": "linux", "axis": "cost",
//                  "metric": "mean_probes_at", "x": 99, "value": 14125.8,
//                  "seed_count": 20, "ci95": [14000.1, 14251.5],
//                  "interval": "student-t"}],  (only with `analysis:`; ci95
//                  and interval null where the figure has none, see
//                  analysis/strategy_comparison.h)
//    "poisonings": [{"step": 2, "at_s": 1.0, "host": "resolver",
//                    "query_ports": "sequential", "rate": 100000, "rtt_s": 0.1,
//                    "trials": 1000, "forgeries": 10000, "range_ports": 28232,
//                    "predicted": 1000, "port_covered": 1000, "reached": ...,
//                    "icmp": ..., "poisoned": 150, "success_rate": 0.15,
//                    "interval": [0.129, 0.174], "analytic": 0.1526,
//                    "agrees": true}],   (only with dns-poison steps)
//    "scans": [{"step": 3, "at_s": 1.0, "host": "scanner", "source": "203.0.113.9",
//               "target": "10.0.0.2", "type": "syn", "probes_sent": 9,
//               "finished_s": 3.002, "unfinished": 0,
//               "ports": {"tcp/22": {"state": "open", "reason": "syn-ack",
//                                    "tries": 1}, ...}}],
//                                             (only with scan steps, in step order;
//                                              ports ascending; nmap's words)
//    "workloads": [{"name": "...", "attempts": ..., "ok": ..., "errors": {...},
//                   "first_failure_s": ..., "ok_rate": ..., "prediction": {...}}],
//    "failures": {"total": N, "groups": [{"host", "protocol", "source", "errno",
//                 "cause", "count", "first_s", "last_s"}], "first": [...]},
//    "headroom": {"at_s": 0, "shown": false, "not_measured": null, "pools": [...],
//                 "binding": 0, "fixes": [...]},   (run_headroom_writer.h)
//    "sample_interval_s": 6.6,
//    "expectations": [{"index": 0, "passed": true, "detail": "..."}],
//    "passed": true}
//
// `workloads` appears only when the scenario has some; `first_failure_s` is
// null when nothing failed. A prediction's "limit" names the NAT limit that
// binds ("NAT gcp, 64 ports per VM and destination", sim/port_capacity.h),
// null when the client's own range does; "limit_reached_s" is when that
// NAT limit is reached, where first_failure_s is when connect() first fails.
// Where a NAT's port blocks bind (more of the workload's clients behind it
// than blocks), "limit" names them ("NAT gitlab, 434 port blocks (31 per
// outside address x 14)"), "clients_refused" says how many of the clients
// get no block (absent otherwise), "needed_ports" and "usable_ports" count
// blocks (the clients behind the NAT, its blocks) and "rate_per_port_pool"
// and "sustainable_rate" are null: no rate frees a block.
// The time series goes to CSV (csv_writer.h).
// Each ProtocolFigures field appears under its C++ name (snake_case);
// `failures` is {"ERRNO": {"cause": count}} and `demux` is {"rule": count}.
// A step, workload or host figures object that sent or served a request
// (stack/app.h) also has "conversation": {"requests_sent",
// "requests_answered", "requests_received", "responses_sent", "bytes_sent",
// "bytes_received", and once something was answered "response_time_min_s",
// "response_time_mean_s", "response_time_max_s"}; without one it is left
// out, so runs without applications write what they always wrote.
// A host's "tcp" figures whose connect() calls reached the port choice also
// have "connect_latency": {"calls", "probes_p50", "probes_p99", "p50_s",
// "p99_s"}: over the whole run, the percentiles of the candidates each call
// examined and of its modelled duration (stack/connect_latency.h).
// A host with a firewall (stack/firewall.h) also has "firewall":
// {"rules": [{"number": 1, "chain": "in", "rule": "tcp dport 22 drop",
// "packets": 11, "bytes": 440}], "policy": {"in": "accept", "out":
// "accept"}, "policy_drops": {"in": 0, "out": 0}}; rules in list order,
// numbered from 1 as the trace names them.
// Times are numbers in seconds. Object keys keep a fixed order (hosts in
// scenario order), so equal Results give byte-identical text.
//
// Example:
//   std::ofstream out("run.json");
//   WriteJson(result, out);
//
// Thread safety: pure functions of their arguments.
#ifndef PORTLAB_REPORT_JSON_WRITER_H_
#define PORTLAB_REPORT_JSON_WRITER_H_

#include <ostream>

#include "nlohmann/json.hpp"
#include "portlab/sim/result.h"

namespace portlab::report {

// The Result as an ordered JSON value (insertion-ordered keys).
nlohmann::ordered_json ResultToJson(const sim::Result& result);

// Writes ResultToJson(result) indented by 2, followed by a newline.
void WriteJson(const sim::Result& result, std::ostream& out);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_JSON_WRITER_H_
