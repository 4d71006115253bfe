#include "portlab/report/run_outputs.h"

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"

#include "nlohmann/json.hpp"
#include "portlab/report/comparison_writer.h"
#include "portlab/report/csv_writer.h"
#include "portlab/report/metrics_writer.h"
#include "portlab/report/html_report.h"
#include "portlab/report/instant_tables.h"
#include "portlab/report/json_writer.h"
#include "portlab/report/packet_card.h"
#include "portlab/report/mermaid_writer.h"
#include "portlab/report/summary_writer.h"
#include "portlab/run/memory_estimate.h"

namespace portlab::report {
namespace {

// Rows of each socket or NAT table the report shows at an instant (the
// rest are counted): an exhaustion run holds tens of thousands.
constexpr size_t kReportTableRows = 40;

void WriteRunJson(const sim::Result& result, const MachineFigures& machine, const Provenance& provenance,
                  std::ostream& out) {
  nlohmann::ordered_json j = {{"portlab", ProvenanceJson(provenance, kRunJsonFormat)}};
  nlohmann::ordered_json body = ResultToJson(result);
  for (auto& [key, value] : body.items()) j[key] = std::move(value);
  j["machine"] = {{"estimated_state_bytes", machine.estimated_state_bytes}};
  if (machine.peak_rss_bytes) {
    j["machine"]["peak_rss_bytes"] = *machine.peak_rss_bytes;
    j["machine"]["huge_pages"] = machine.huge_pages;
  }
  out << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

}  // namespace

absl::StatusOr<RunOutputs> RunOutputs::Open(const RunOutputRequest& request,
                                            const scenario::Scenario& scenario, std::ostream& out,
                                            std::ostream& err) {
  RunOutputs o(out, err);
  o.json_to_out_ = request.json == "-";
  o.provenance_ = request.provenance;
  o.trace_requested_ = request.trace;
  // "-" is `out`, for one output: two would interleave there.
  std::vector<std::string> to_out;
  for (auto [flag, path] : {std::pair{"--json", &request.json}, std::pair{"--csv", &request.csv},
                            std::pair{"--nat-csv", &request.nat_csv},
                            std::pair{"--metrics", &request.metrics},
                            std::pair{"--metrics-final", &request.metrics_final},
                            std::pair{"--report", &request.report}, std::pair{"--mermaid", &request.mermaid},
                            std::pair{"--pcap", &request.pcap}, std::pair{"--flows", &request.flows}}) {
    if (*path == "-") to_out.push_back(flag);
  }
  if (to_out.size() > 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "only one output can go to stdout ('-'); ", absl::StrJoin(to_out, " and "), " both ask for it"));
  }
  o.out_taken_ = !to_out.empty();
  for (auto [path, file] : {std::pair{&request.json, &o.json_}, std::pair{&request.csv, &o.csv_},
                            std::pair{&request.nat_csv, &o.nat_csv_},
                            std::pair{&request.metrics, &o.metrics_},
                            std::pair{&request.metrics_final, &o.metrics_final_},
                            std::pair{&request.report, &o.report_}, std::pair{&request.mermaid, &o.mermaid_}}) {
    absl::StatusOr<OutputFile> opened = OutputFile::OpenIfNamed(*path, &out);
    if (!opened.ok()) return opened.status();
    *file = *std::move(opened);
  }
  if (!request.trace_filter.empty()) {
    absl::StatusOr<TraceFilter> filter = TraceFilter::Parse(request.trace_filter);
    if (!filter.ok()) return filter.status();
    o.trace_filter_ = std::make_unique<TraceFilter>(*std::move(filter));
    o.trace_requested_ = true;
  }
  if (request.trace || o.trace_filter_) {
    size_t host_width = 0;
    for (const auto& host : scenario.hosts) host_width = std::max(host_width, host.name.size());
    // Keep `out` pure when an output goes there.
    o.trace_ = std::make_unique<TraceWriter>(o.out_taken_ ? err : out, static_cast<int>(host_width));
    o.trace_->set_filter(o.trace_filter_.get());
    o.fan_.Add(o.trace_.get());
  }
  o.scenario_ = &scenario;
  if (!request.report_filter.empty() && !o.report_.requested() && !o.mermaid_.requested()) {
    return absl::InvalidArgumentError("--report-filter: says what --report and --mermaid draw; neither is given");
  }
  if (o.report_.requested() || o.mermaid_.requested()) {
    o.selection_ = std::make_unique<EventSelection>();
    if (!request.report_filter.empty()) {
      absl::StatusOr<TraceFilter> filter = TraceFilter::Parse(request.report_filter);
      if (!filter.ok()) {  // the grammar's message, named after this flag
        absl::string_view why = filter.status().message();
        absl::ConsumePrefix(&why, "--trace-filter: ");
        return absl::InvalidArgumentError(absl::StrCat("--report-filter: ", why));
      }
      o.report_filter_ = std::make_unique<TraceFilter>(*std::move(filter));
      o.selection_->SetFilter(o.report_filter_.get());
    }
    o.fan_.Add(o.selection_.get());
  }
  if (request.explain) {
    o.explain_ = *request.explain;
    o.log_ = std::make_unique<EventLog>();
    o.fan_.Add(o.log_.get());
  }
  if (!request.flows.empty()) {
    // On the heap: the writer keeps the stream, and this object moves.
    absl::StatusOr<OutputFile> opened = OutputFile::OpenIfNamed(request.flows, &out);
    if (!opened.ok()) return opened.status();
    o.flows_ = std::make_unique<OutputFile>(*std::move(opened));
    o.flow_writer_ = std::make_unique<FlowWriter>(o.flows_->stream());
    o.fan_.Add(o.flow_writer_.get());
  }
  if (absl::Status s = o.OpenCaptures(request, scenario); !s.ok()) return s;
  return o;
}

absl::Status RunOutputs::OpenCaptures(const RunOutputRequest& request, const scenario::Scenario& scenario) {
  // --pcap: pcapng by the name's extension or --pcap-format; "-" stays
  // classic unless --pcap-format pcapng asks.
  const std::string& format = request.pcap_format;
  if (!format.empty() && format != "pcap" && format != "pcapng") {
    return absl::InvalidArgumentError(
        absl::StrCat("--pcap-format: \"", format, "\" is not a capture format; use pcap or pcapng"));
  }
  if (!format.empty() && request.pcap.empty()) {
    return absl::InvalidArgumentError("--pcap-format: says the format of --pcap, which is not given");
  }
  if (!request.pcap.empty()) {
    const bool pcapng = format.empty() ? absl::EndsWith(request.pcap, ".pcapng") : format == "pcapng";
    if (pcapng) {
      absl::StatusOr<std::unique_ptr<PcapngCapture>> opened = PcapngCapture::OpenFile(request.pcap, scenario, provenance_, out_);
      if (!opened.ok()) return opened.status();
      pcapng_ = *std::move(opened);
    } else {
      absl::StatusOr<std::unique_ptr<PcapWriter>> opened = PcapWriter::Open(request.pcap, out_);
      if (!opened.ok()) return opened.status();
      pcap_ = *std::move(opened);
      pcap_path_ = request.pcap;
      packet_fan_.Add(pcap_.get());
    }
  }
  if (!request.pcap_dir.empty()) {
    absl::StatusOr<std::unique_ptr<PcapngCapture>> opened = PcapngCapture::OpenDir(request.pcap_dir, scenario, provenance_);
    if (!opened.ok()) return opened.status();
    pcap_dir_ = *std::move(opened);
  }
  // A pcapng capture comments each packet with the decisions of the event stream.
  for (PcapngCapture* capture : {pcapng_.get(), pcap_dir_.get()}) {
    if (capture == nullptr) continue;
    packet_fan_.Add(capture);
    fan_.Add(capture);
  }
  return absl::OkStatus();
}

absl::Status RunOutputs::WriteFiles(const sim::Result& result) {
  if (pcap_) {
    if (absl::Status s = pcap_->Close(); !s.ok()) return s;
    // Classic pcap has no field for it: a sidecar (provenance.h).
    if (pcap_path_ != "-") {
      if (absl::Status s = WriteProvenanceSidecar(pcap_path_, provenance_, kPcapFormat); !s.ok()) return s;
    }
  }
  for (PcapngCapture* capture : {pcapng_.get(), pcap_dir_.get()}) {
    if (capture == nullptr) continue;
    if (absl::Status s = capture->Close(); !s.ok()) return s;
  }
  // A CSV's provenance goes beside it (FILE.provenance.json), the metrics'
  // inside (portlab_build_info).
  using Writer = void (*)(const sim::Result&, std::ostream&);
  const struct {
    OutputFile& file;
    const char* what;
    Writer write;
    int format;
  } csvs[] = {{csv_, "the time series", WriteSeriesCsv, kSeriesCsvFormat},
              {nat_csv_, "the NAT time series", WriteNatSeriesCsv, kNatSeriesCsvFormat}};
  for (const auto& f : csvs) {
    if (!f.file.requested()) continue;
    f.write(result, f.file.stream());
    if (absl::Status s = f.file.Flush(f.what); !s.ok()) return s;
    if (absl::Status s = WriteProvenanceSidecar(f.file, provenance_, f.format); !s.ok()) return s;
  }
  using MetricsWriter = void (*)(const sim::Result&, const Provenance&, std::ostream&);
  const struct {
    OutputFile& file;
    const char* what;
    MetricsWriter write;
  } metrics[] = {{metrics_, "the metrics", WriteMetricsSeries},
                 {metrics_final_, "the final metrics", WriteMetricsFinal}};
  for (const auto& f : metrics) {
    if (!f.file.requested()) continue;
    f.write(result, provenance_, f.file.stream());
    if (absl::Status s = f.file.Flush(f.what); !s.ok()) return s;
  }
  if (report_.requested()) {
    StepThrough step{selection_.get(), {}};
    std::vector<SimTime> times;
    for (const LoggedEvent& e : selection_->events()) times.push_back(e.View().time);
    absl::StatusOr<std::vector<InstantTables>> tables =
        TablesAtInstants(*scenario_, result.seed, std::move(times), kReportTableRows);
    if (!tables.ok()) return tables.status();
    step.tables = *std::move(tables);
    WriteHtmlReport(result, provenance_, report_.stream(), &step);
    if (absl::Status s = report_.Flush("the report"); !s.ok()) return s;
  }
  if (mermaid_.requested()) {
    WriteMermaid(result.scenario, result.seed, *selection_, provenance_, mermaid_.stream());
    if (absl::Status s = mermaid_.Flush("the Mermaid diagram"); !s.ok()) return s;
  }
  if (flow_writer_) {
    flow_writer_->Finish();
    if (absl::Status s = flows_->Flush("the flows"); !s.ok()) return s;
    if (absl::Status s = WriteProvenanceSidecar(*flows_, provenance_, kFlowsCsvFormat); !s.ok()) return s;
  }
  if (log_) {
    absl::StatusOr<PacketCard> card = BuildPacketCard(*log_, explain_);
    if (!card.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--explain: ", card.status().message()));
    }
    std::ostream& out = out_taken_ ? *err_ : *out_;
    if (trace_requested_) out << "\n";
    WritePacketCardText(*card, out);
    if (!out_taken_ && !trace_requested_) out << "\n";  // the summary follows (after a trace, WriteResult spaces it)
  }
  return absl::OkStatus();
}

absl::Status RunOutputs::WriteResult(const analysis::ScenarioRun& run,
                                     const MachineFigures& machine) {
  std::ostream& out = *out_;
  if (json_to_out_) {
    WriteRunJson(run.result, machine, provenance_, out);
    out.flush();
    return absl::OkStatus();
  }
  if (!out_taken_) {  // else another output went to `out`, in place of the summary
    if (trace_requested_) out << "\n";
    if (run.comparison) {
      WriteComparison(*run.comparison, out);
      out << "\n";
    }
    WriteSummary(run.result, out);
    out << "\nmemory: the scenario's estimated state " << run::FormatBytes(machine.estimated_state_bytes);
    if (machine.peak_rss_bytes) {
      out << "; peak RSS " << run::FormatBytes(*machine.peak_rss_bytes)
          << (machine.huge_pages ? " (this process, its heap on huge pages)" : " (this process)");
    }
    out << "\n";
  }
  if (json_.requested()) {
    WriteRunJson(run.result, machine, provenance_, json_.stream());
    if (absl::Status s = json_.Flush("the JSON result"); !s.ok()) return s;
  }
  out.flush();
  return absl::OkStatus();
}

}  // namespace portlab::report
