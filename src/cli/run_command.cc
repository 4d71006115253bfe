// `portlab run SCENARIO [--seed N] [--json FILE] [--csv FILE] [--nat-csv FILE] [--pcap FILE] [--report FILE.html] [--trace] [--until T]
//  [--memory-limit SIZE] [--peak-rss]`
#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>

#include "commands.h"
#include "machine.h"
#include "portlab/analysis/scenario_analysis.h"
#include "portlab/base/time.h"
#include "portlab/report/comparison_writer.h"
#include "portlab/report/csv_writer.h"
#include "portlab/report/html_report.h"
#include "portlab/report/json_writer.h"
#include "portlab/report/pcap_writer.h"
#include "portlab/report/summary_writer.h"
#include "portlab/report/trace_writer.h"
#include "portlab/run/memory_estimate.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"
#include "progress.h"

namespace portlab::cli {

CLI::App* AddRunCommand(CLI::App& app, RunFlags& flags) {
  CLI::App* run = app.add_subcommand(
      "run", "Run a scenario, print what happened and check its expect:");
  run->add_option("SCENARIO", flags.scenario, "Scenario file (YAML)")
      ->required();
  flags.seed_option =
      run->add_option("--seed", flags.seed, "Seed (overrides the scenario's)");
  run->add_option("--json", flags.json,
                  "Write the result as JSON to FILE ('-': stdout, no summary)");
  run->add_option("--csv", flags.csv,
                  "Write the time series (per host and protocol) as CSV to FILE");
  run->add_option("--nat-csv", flags.nat_csv,
                  "Write the NAT boxes' time series (mappings, ports, drops) as CSV to FILE");
  run->add_option("--pcap", flags.pcap,
                  "Write every packet (headers, simulated times) as a pcap capture to FILE, for Wireshark");
  run->add_option("--report", flags.report,
                  "Write an HTML report (expectations, time-series charts, the summary) to FILE");
  run->add_flag("--trace", flags.trace,
                "Print every event (calls, mux, demux, states) first");
  run->add_option("--until", flags.until,
                  "Stop at this simulated time (e.g. 90s, 1.5m)");
  run->add_flag("--peak-rss", flags.peak_rss,
                "Also report this process's peak resident set (summary and JSON \"machine\"); "
                "the one output that differs between runs");
  run->add_option("--memory-limit", flags.memory_limit,
                  "Refuse a scenario whose estimated state is larger (default 8GiB)");
  return run;
}

int RunRunCommand(const RunFlags& flags) {
  absl::StatusOr<scenario::Scenario> scenario =
      scenario::LoadScenarioFile(flags.scenario);
  if (!scenario.ok()) {
    std::cerr << scenario.status().message() << "\n";
    return kExitUsage;
  }

  run::RunOptions options;
  if (flags.seed_option != nullptr && flags.seed_option->count() > 0) {
    options.seed = flags.seed;
  }
  if (!flags.until.empty()) {
    absl::StatusOr<Duration> until = ParseDuration(flags.until);
    if (!until.ok()) {
      std::cerr << "--until: " << until.status().message() << "\n";
      return kExitUsage;
    }
    options.until = SimTime() + *until;
  }
  if (!flags.memory_limit.empty()) {
    absl::StatusOr<int64_t> limit = run::ParseByteSize(flags.memory_limit);
    if (!limit.ok()) {
      std::cerr << "--memory-limit: " << limit.status().message() << "\n";
      return kExitUsage;
    }
    options.memory_limit = *limit;
  }

  // Open the JSON file before running, so a bad path costs nothing.
  const bool json_to_stdout = flags.json == "-";
  std::ofstream json_file;
  if (!flags.json.empty() && !json_to_stdout) {
    json_file.open(flags.json, std::ios::binary | std::ios::trunc);
    if (!json_file) {
      std::cerr << flags.json << ": cannot open for writing\n";
      return kExitUsage;
    }
  }
  std::ofstream csv_file;
  std::ofstream nat_csv_file;
  std::ofstream report_file;
  for (auto [name, file] : {std::pair{&flags.csv, &csv_file}, std::pair{&flags.nat_csv, &nat_csv_file},
                            std::pair{&flags.report, &report_file}}) {
    if (name->empty()) continue;
    file->open(*name, std::ios::binary | std::ios::trunc);
    if (!*file) {
      std::cerr << *name << ": cannot open for writing\n";
      return kExitUsage;
    }
  }
  std::unique_ptr<report::TraceWriter> trace;
  if (flags.trace) {
    size_t host_width = 0;
    for (const auto& host : scenario->hosts) {
      host_width = std::max(host_width, host.name.size());
    }
    // Keep stdout pure JSON when the JSON goes there.
    trace = std::make_unique<report::TraceWriter>(
        json_to_stdout ? std::cerr : std::cout, static_cast<int>(host_width));
    options.trace = trace.get();
  }

  std::unique_ptr<report::PcapWriter> pcap;
  if (!flags.pcap.empty()) {
    absl::StatusOr<std::unique_ptr<report::PcapWriter>> opened = report::PcapWriter::Open(flags.pcap);
    if (!opened.ok()) {
      std::cerr << opened.status().message() << "\n";
      return kExitUsage;
    }
    pcap = *std::move(opened);
    options.packets = pcap.get();
  }

  // A long run shows how far it got, on a terminal only (progress.h), and
  // not over a trace.
  RunProgress progress;
  if (progress.enabled() && !flags.trace) {
    options.progress = [&](SimTime now, int64_t events) { progress.Update(now, events); };
  }
  absl::StatusOr<analysis::ScenarioRun> run =
      analysis::RunScenarioWithAnalysis(*scenario, options);
  progress.Finish();
  if (!run.ok()) {
    std::cerr << run.status().message() << "\n";
    return kExitUsage;
  }
  const sim::Result* result = &run->result;
  if (pcap) {
    if (absl::Status s = pcap->Close(); !s.ok()) {
      std::cerr << s.message() << "\n";
      return kExitUsage;
    }
  }

  // Each file opened above gets its writer's output; a failed write is exit 2.
  using Writer = void (*)(const sim::Result&, std::ostream&);
  const struct {
    std::ofstream& file;
    const std::string& name;
    const char* what;
    Writer write;
  } outputs[] = {{csv_file, flags.csv, "the time series", report::WriteSeriesCsv},
                 {nat_csv_file, flags.nat_csv, "the NAT time series", report::WriteNatSeriesCsv},
                 {report_file, flags.report, "the report", report::WriteHtmlReport}};
  for (const auto& o : outputs) {
    if (!o.file.is_open()) continue;
    o.write(*result, o.file);
    if (!o.file.flush()) {
      std::cerr << o.name << ": cannot write " << o.what << "\n";
      return kExitUsage;
    }
  }
  // The peak RSS is measured by this program, not the core, and only on
  // request (--peak-rss): it is the one figure of a run that depends on the
  // machine, and without it the output is byte-identical (DESIGN.md §6).
  const int64_t peak_rss = flags.peak_rss ? PeakRssBytes() : 0;
  const int64_t estimate = run::EstimateStateBytes(*scenario);
  auto write_json = [&](std::ostream& out) {
    nlohmann::ordered_json j = report::ResultToJson(*result);
    j["machine"] = {{"estimated_state_bytes", estimate}};
    if (flags.peak_rss) j["machine"]["peak_rss_bytes"] = peak_rss;
    out << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  };
  if (json_to_stdout) {
    write_json(std::cout);
  } else {
    if (flags.trace) std::cout << "\n";
    if (run->comparison) {
      report::WriteComparison(*run->comparison, std::cout);
      std::cout << "\n";
    }
    report::WriteSummary(*result, std::cout);
    std::cout << "\nmemory: the scenario's estimated state " << run::FormatBytes(estimate);
    if (flags.peak_rss) std::cout << "; peak RSS " << run::FormatBytes(peak_rss) << " (this process)";
    std::cout << "\n";
    if (json_file.is_open()) {
      write_json(json_file);
      if (!json_file.flush()) {
        std::cerr << flags.json << ": cannot write the JSON result\n";
        return kExitUsage;
      }
    }
  }
  std::cout.flush();
  return result->passed ? kExitPassed : kExitFailed;
}

}  // namespace portlab::cli
