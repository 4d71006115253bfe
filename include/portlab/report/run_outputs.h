// RunOutputs: everything `portlab run` writes about one run. Before the
// run, Open makes each requested file (so a bad path costs nothing) and the
// trace and capture sinks to hand to the run; after it, WriteFiles writes
// the capture, the CSVs, the HTML report, the flows and the --explain card,
// and WriteResult the summary (or the JSON) to `out` and then the JSON file.
//
// The summary is, in order: a blank line after a trace, the strategy
// comparison (with `analysis:`), report::WriteSummary, and
//   memory: the scenario's estimated state 1.2 MiB[; peak RSS 9 MiB (this process[, its heap on huge pages])]
// The JSON is a "portlab" object (provenance.h), then report::ResultToJson,
// then a "machine" object ({"estimated_state_bytes", "peak_rss_bytes" and
// "huge_pages" when measured}); docs/schema/run.schema.json describes it.
//
// Example:
//   absl::StatusOr<RunOutputs> outputs = RunOutputs::Open(request, scenario, std::cout, std::cerr);
//   options.trace = outputs->trace();
//   options.packets = outputs->packets();
//   ... analysis::RunScenarioWithAnalysis(scenario, options) ...
//   absl::Status s = outputs->WriteFiles(run->result);
//   if (s.ok()) s = outputs->WriteResult(*run, {run::EstimateStateBytes(scenario), std::nullopt});
//
// Every failure is InvalidArgument naming the file ("PATH: cannot open for
// writing", "PATH: cannot write the time series", ...).
//
// Ownership: `out` and `err` are not owned and must outlive the RunOutputs.
// Thread safety: one owner.
#ifndef PORTLAB_REPORT_RUN_OUTPUTS_H_
#define PORTLAB_REPORT_RUN_OUTPUTS_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portlab/analysis/scenario_analysis.h"
#include "portlab/report/event_log.h"
#include "portlab/report/flow_writer.h"
#include "portlab/report/event_selection.h"
#include "portlab/report/output_file.h"
#include "portlab/report/pcap_writer.h"
#include "portlab/report/pcapng_capture.h"
#include "portlab/report/provenance.h"
#include "portlab/report/trace_filter.h"
#include "portlab/report/trace_writer.h"
#include "portlab/scenario/scenario.h"
#include "portlab/sim/result.h"
#include "portlab/trace/trace_fan_out.h"

namespace portlab::report {

// Which outputs a run asks for; each path "" for none, "-" for `out` in
// place of the summary (one of them at most).
struct RunOutputRequest {
  std::string json;     // the result as JSON (json_writer.h)
  std::string csv;      // the time series (csv_writer.h)
  std::string nat_csv;  // the NAT boxes' time series
  std::string report;   // HTML (html_report.h)
  std::string pcap;     // every packet: pcapng (pcapng_capture.h) for a name
                        // ending .pcapng, else classic pcap (pcap_writer.h)
  std::string pcap_format;  // "" by the name (and "-": pcap), "pcap" or "pcapng"
  std::string pcap_dir;     // a pcapng capture per host and per NAT there
  std::string mermaid;  // the sequence diagram as Mermaid (mermaid_writer.h)
  std::string report_filter;  // draw only these events in the report and the diagram
  bool trace = false;   // every event, to `out` (to `err` when an output goes to `out`)
  // Issue 20's views of the event stream (trace_filter.h, packet_card.h,
  // flow_writer.h):
  std::string trace_filter;  // print only these events; implies `trace`
  std::optional<int64_t> explain;  // the card of this event, to `out` after the trace
  std::string flows;         // one CSV row per connection or UDP flow
  // Prometheus (metrics_writer.h): the time series as OpenMetrics with
  // timestamps, and the final figures as a scrape would show them.
  std::string metrics;
  std::string metrics_final;
  // Who wrote the outputs and from what (provenance.h): in the JSON, the
  // captures, the report, the metrics and the diagram, and beside each CSV
  // file and classic pcap as FILE.provenance.json.
  Provenance provenance;
};

// What was measured of the machine, for the summary's memory line and the
// JSON's "machine".
struct MachineFigures {
  int64_t estimated_state_bytes = 0;      // run::EstimateStateBytes
  std::optional<int64_t> peak_rss_bytes;  // only when measured
  bool huge_pages = false;                // malloc's heap on huge pages (reported with peak_rss_bytes)
};

class RunOutputs {
 public:
  // Opens the files in the order json, csv, nat_csv, metrics, metrics_final, report, mermaid, pcap,
  // pcap_dir and returns the first failure; InvalidArgument when more than
  // one output asks for "-", or for a pcap_format other than "", "pcap"
  // and "pcapng". The trace's host column is as wide as the scenario's
  // longest host name. The report and --mermaid record the events they
  // draw (event_selection.h); the report also runs `scenario` again for its
  // tables (instant_tables.h), so `scenario` must outlive this object when
  // a report is asked for.
  static absl::StatusOr<RunOutputs> Open(const RunOutputRequest& request,
                                         const scenario::Scenario& scenario, std::ostream& out,
                                         std::ostream& err);

  // The sinks to put in run::RunOptions; nullptr when nothing asks for
  // them. Owned by this object. Every output that reads the event stream
  // (--trace, and any writer that needs the events) adds its sink to one
  // fan-out in Open.
  trace::TraceSink* trace() { return fan_.sink(); }
  trace::PacketSink* packets() { return packet_fan_.sink(); }

  // Closes the capture, then writes the time series, the NAT time series,
  // the metrics (series, then final figures), the report, the Mermaid diagram and the flows; the first failure stops
  // it. With `explain`, then prints the card (InvalidArgument when the
  // event is out of range or about no segment).
  absl::Status WriteFiles(const sim::Result& result);

  // Writes the summary (nothing when another output went to `out`), or the
  // JSON when it goes to `out`, then the JSON file; flushes `out`.
  absl::Status WriteResult(const analysis::ScenarioRun& run, const MachineFigures& machine);

 private:
  RunOutputs(std::ostream& out, std::ostream& err) : out_(&out), err_(&err) {}
  // --pcap and --pcap-dir: the captures, added to the packet (and event)
  // fan-outs.
  absl::Status OpenCaptures(const RunOutputRequest& request, const scenario::Scenario& scenario);

  std::ostream* out_;
  std::ostream* err_;
  bool json_to_out_ = false;
  bool out_taken_ = false;  // an output goes to `out`: no summary there
  bool trace_requested_ = false;
  Provenance provenance_;
  OutputFile json_;
  OutputFile csv_;
  OutputFile nat_csv_;
  OutputFile report_;
  OutputFile mermaid_;
  OutputFile metrics_;
  OutputFile metrics_final_;
  const scenario::Scenario* scenario_ = nullptr;
  // The events the report and the Mermaid diagram draw; null when neither
  // is asked for (nothing recorded).
  std::unique_ptr<EventSelection> selection_;
  std::unique_ptr<TraceFilter> report_filter_;  // --report-filter
  std::unique_ptr<TraceWriter> trace_;
  trace::TraceFanOut fan_;  // the sinks above that read events, in order
  std::unique_ptr<PcapWriter> pcap_;         // --pcap, classic
  std::string pcap_path_;                    // its path, for the provenance sidecar
  std::unique_ptr<PcapngCapture> pcapng_;    // --pcap, pcapng
  std::unique_ptr<PcapngCapture> pcap_dir_;  // --pcap-dir
  trace::PacketFanOut packet_fan_;           // the captures above, in order
  // Issue 20's views.
  std::unique_ptr<TraceFilter> trace_filter_;
  int64_t explain_ = 0;
  std::unique_ptr<EventLog> log_;  // every event, for --explain
  std::unique_ptr<OutputFile> flows_;
  std::unique_ptr<FlowWriter> flow_writer_;
};

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_RUN_OUTPUTS_H_
