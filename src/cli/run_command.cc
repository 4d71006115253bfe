// `portlab run SCENARIO [--seed N] [--json FILE] [--csv FILE] [--nat-csv FILE] [--pcap FILE] [--pcap-format F] [--pcap-dir DIR]
//  [--report FILE.html] [--report-filter FILTER] [--mermaid FILE] [--trace] [--trace-filter FILTER] [--explain N] [--flows FILE.csv] [--metrics FILE] [--metrics-final FILE] [--until T]
//  [--memory-limit SIZE] [--peak-rss] [--set KEY=VALUE]`
#include <iostream>
#include <optional>

#include "commands.h"
#include "flags.h"
#include "huge_pages.h"
#include "machine.h"
#include "portlab/analysis/scenario_analysis.h"
#include "portlab/base/time.h"
#include "portlab/report/run_outputs.h"
#include "portlab/run/memory_estimate.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"
#include "progress.h"
#include "provenance.h"

namespace portlab::cli {

CLI::App* AddRunCommand(CLI::App& app, RunFlags& flags) {
  CLI::App* run = app.add_subcommand(
      "run", "Run a scenario, print what happened and check its expect:");
  run->add_option("SCENARIO", flags.scenario, "Scenario file (YAML), a scenario's name (portlab list), or '-' for stdin")
      ->required();
  flags.seed_option =
      run->add_option("--seed", flags.seed, "Seed (overrides the scenario's)");
  AddSetOption(*run, flags.sets);
  run->add_option("--json", flags.json,
                  "Write the result as JSON to FILE ('-': stdout, no summary)");
  run->add_option("--csv", flags.csv,
                  "Write the time series (per host and protocol) as CSV to FILE, its provenance in "
                  "FILE.provenance.json ('-': stdout, no summary, no provenance)");
  run->add_option("--nat-csv", flags.nat_csv,
                  "Write the NAT boxes' time series (mappings, ports, drops) as CSV to FILE, its provenance in "
                  "FILE.provenance.json ('-': stdout, no summary, no provenance)");
  run->add_option("--pcap", flags.pcap,
                  "Write every packet (headers, simulated times) as a capture to FILE, for Wireshark: pcapng "
                  "(an interface per host and NAT side, decisions as comments, the provenance in the section "
                  "header) for FILE.pcapng, else classic pcap (the provenance in FILE.provenance.json) ('-': "
                  "stdout, no summary)");
  run->add_option("--pcap-format", flags.pcap_format,
                  "The --pcap capture's format whatever its name: pcap or pcapng (e.g. for '-')");
  run->add_option("--pcap-dir", flags.pcap_dir,
                  "Write a pcapng capture per host (DIR/HOST.pcapng) and per NAT (DIR/NAT.pcapng) to DIR, "
                  "made if missing");
  run->add_option("--report", flags.report,
                  "Write an HTML report (expectations, the sequence of events with the tables at each, time-series charts, "
                  "the summary) to FILE ('-': stdout, no summary)");
  run->add_option("--report-filter", flags.report_filter,
                  "Draw only the events matching FILTER in --report and --mermaid (--trace-filter's grammar, "
                  "e.g. 'port=443'), the selection rule for big runs applied to them");
  run->add_option("--mermaid", flags.mermaid,
                  "Write the run's sequence diagram as Mermaid (sequenceDiagram) to FILE ('-': stdout, no summary)");
  run->add_flag("--trace", flags.trace,
                "Print every event (calls, mux, demux, states) first");
  run->add_option("--trace-filter", flags.trace_filter,
                  "Print only the events matching FILTER, e.g. 'host=client port=80 proto=tcp kind=demux,mux' "
                  "(keys host, port, addr, proto, kind; implies --trace)");
  flags.explain_option = run->add_option("--explain", flags.explain,
                  "Print the card of event N (the number --trace prints): its segment's journey from socket "
                  "to socket, the port choice, firewall rules, NAT rewrites and demux lookups");
  run->add_option("--flows", flags.flows,
                  "Write one CSV row per TCP connection or UDP flow to FILE, its provenance in FILE.provenance.json "
                  "('-': stdout, no summary, no provenance)");
  run->add_option("--metrics", flags.metrics,
                  "Write the time series and final figures as OpenMetrics text with timestamps (simulated time 0 "
                  "is 2026-01-01T00:00:00Z), for promtool tsdb create-blocks-from openmetrics, to FILE ('-': "
                  "stdout, no summary)");
  run->add_option("--metrics-final", flags.metrics_final,
                  "Write the final figures as a Prometheus scrape would show them (text format 0.0.4, no "
                  "timestamps; promtool check metrics) to FILE ('-': stdout, no summary)");
  run->add_option("--until", flags.until,
                  "Stop at this simulated time (e.g. 90s, 1.5m)");
  run->add_flag("--peak-rss", flags.peak_rss,
                "Also report this process's peak resident set (summary and JSON \"machine\"); "
                "the one output that differs between runs");
  run->add_option("--memory-limit", flags.memory_limit,
                  "Refuse a scenario whose estimated state is larger (default 8GiB)");
  AddProgressOption(*run, flags.progress);
  return run;
}

namespace {

// The run's options from its flags (--seed, --until, --memory-limit).
absl::StatusOr<run::RunOptions> RunOptionsOf(const RunFlags& flags) {
  run::RunOptions options;
  options.seed = SeedFlag(flags.seed_option, flags.seed);
  if (!flags.until.empty()) {
    absl::StatusOr<Duration> until = ParseDuration(flags.until);
    if (!until.ok()) return FlagError("--until", until.status());
    options.until = SimTime() + *until;
  }
  absl::StatusOr<int64_t> limit = MemoryLimitFlag(flags.memory_limit);
  if (!limit.ok()) return limit.status();
  options.memory_limit = *limit;
  return options;
}

}  // namespace

int RunRunCommand(const RunFlags& flags) {
  std::string sha256;
  absl::StatusOr<scenario::Scenario> scenario = LoadScenarioArg(flags.scenario, flags.sets, &sha256);
  if (!scenario.ok()) return Fail(scenario.status());
  const int64_t estimated_state_bytes = run::EstimateStateBytes(*scenario);
  RestartWithHugePagesIfLarge(estimated_state_bytes, flags.scenario);
  absl::StatusOr<run::RunOptions> options = RunOptionsOf(flags);
  if (!options.ok()) return Fail(options.status());
  absl::StatusOr<report::RunOutputs> outputs = report::RunOutputs::Open(
      {.json = flags.json, .csv = flags.csv, .nat_csv = flags.nat_csv, .report = flags.report,
       .pcap = flags.pcap, .pcap_format = flags.pcap_format, .pcap_dir = flags.pcap_dir, .mermaid = flags.mermaid, .report_filter = flags.report_filter,
       .trace = flags.trace, .trace_filter = flags.trace_filter,
       .explain = flags.explain_option->count() > 0 ? std::optional<int64_t>(flags.explain) : std::nullopt,
       .flows = flags.flows, .metrics = flags.metrics, .metrics_final = flags.metrics_final,
       .provenance = ProvenanceOf(sha256, run::RunSeed(*scenario, *options))},
      *scenario, std::cout, std::cerr);
  if (!outputs.ok()) return Fail(outputs.status());
  options->trace = outputs->trace();
  options->packets = outputs->packets();

  // A long run shows how far it got (progress.h), not over a trace.
  RunProgress progress(ProgressStyleOf(flags.progress));
  if (progress.enabled() && !flags.trace && flags.trace_filter.empty()) {
    options->progress = [&](SimTime now, int64_t events) { progress.Update(now, events); };
  }
  absl::StatusOr<analysis::ScenarioRun> run = analysis::RunScenarioWithAnalysis(*scenario, *options);
  progress.Finish();
  if (!run.ok()) return Fail(run.status());
  if (absl::Status s = outputs->WriteFiles(run->result); !s.ok()) return Fail(s);

  // The peak RSS is measured by this program, not the core, and only on
  // request (--peak-rss): it is the one figure of a run that depends on the
  // machine, and without it the output is byte-identical (README.md, "Using it").
  report::MachineFigures machine;
  if (flags.peak_rss) {
    machine.peak_rss_bytes = PeakRssBytes();
    machine.huge_pages = MallocOnHugePages();
  }
  machine.estimated_state_bytes = estimated_state_bytes;
  if (absl::Status s = outputs->WriteResult(*run, machine); !s.ok()) return Fail(s);
  return run->result.passed ? kExitPassed : kExitFailed;
}

}  // namespace portlab::cli
