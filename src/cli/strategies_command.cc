// `portlab strategies [--strategy NAME]... [--range "LO HI"] [--seeds N]
// [--seed S] [--csv FILE] [--per-seed-csv FILE] [axis options]`: compares ephemeral port strategies on four axes,
// or five with `--axis poisoning` (analysis/strategy_comparison.h), and prints one table per
// axis.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "commands.h"
#include "provenance.h"
#include "flags.h"
#include "portlab/analysis/strategy_comparison.h"
#include "portlab/base/strings.h"
#include "portlab/report/comparison_writer.h"
#include "portlab/report/output_file.h"

namespace portlab::cli {
namespace {

// The comparison its flags ask for.
absl::StatusOr<analysis::ComparisonOptions> ComparisonOptionsOf(const StrategiesFlags& flags) {
  analysis::ComparisonOptions o;
  o.strategies = flags.strategies;
  o.seeds = flags.seeds;
  o.seed = flags.seed;
  if (!flags.range.empty()) {
    absl::StatusOr<net::PortRange> r = net::PortRange::Parse(flags.range);
    if (!r.ok()) return FlagError("--range", r.status());
    o.range = *r;
  }
  o.predict.max_window = flags.window;
  o.predict.tries = flags.tries;
  o.reuse.occupancy = flags.occupancy;
  o.reuse.allocations = flags.churn;
  o.reuse.rate = flags.rate;
  o.reuse.twait = flags.twait;
  o.link.budget = flags.budget;
  o.link.pairs = flags.pairs;
  o.poison.trials = flags.trials;
  o.poison.rate = flags.spoof_rate;
  absl::StatusOr<Duration> rtt = ParseDuration(flags.rtt);
  if (!rtt.ok()) return FlagError("--rtt", rtt.status());
  o.poison.rtt = *rtt;
  absl::StatusOr<analysis::AxisSet> axes = analysis::ParseAxes(flags.axes);
  if (!axes.ok()) return FlagError("--axis", axes.status());
  o.axes = *axes;
  return o;
}

}  // namespace

CLI::App* AddStrategiesCommand(CLI::App& app, StrategiesFlags& flags) {
  CLI::App* cmd = app.add_subcommand(
      "strategies",
      "Compare ephemeral port strategies: cost, reuse, predictability, linkability (and poisoning)");
  cmd->add_option("--strategy", flags.strategies,
                  "A strategy to analyse (repeatable; default: all of `portlab list`)");
  cmd->add_option("--range", flags.range, "Port range \"LO HI\" (default \"32768 60999\")");
  cmd->add_option("--seeds", flags.seeds, "Runs (victims) per strategy and axis (default 20)");
  cmd->add_option("--seed", flags.seed, "Base seed (default 1)");
  cmd->add_option("--axis", flags.axes,
                  "An axis to measure: cost, reuse, predictability, linkability, poisoning "
                  "(repeatable; default: the first four)");
  cmd->add_option("--csv", flags.csv,
                  "Also write every number with its 95% interval as long-format CSV to FILE, its provenance "
                  "in FILE.provenance.json ('-': stdout, in place of the tables)");
  cmd->add_option("--per-seed-csv", flags.per_seed_csv,
                  "Also write each seed's value of every figure as CSV to FILE, its provenance in "
                  "FILE.provenance.json ('-': stdout, in place of the tables)");
  cmd->add_option("--window", flags.window, "Predictability: observe k = 1..N ports (default 5)");
  cmd->add_option("--tries", flags.tries, "Predictability: the \"within N tries\" budget (default 100)");
  cmd->add_option("--trials", flags.trials,
                  "Poisoning: DNS poisoning races per strategy (default 1000)");
  cmd->add_option("--spoof-rate", flags.spoof_rate,
                  "Poisoning: the attacker's forged answers per second (default 100000)");
  cmd->add_option("--rtt", flags.rtt,
                  "Poisoning: query to authentic answer, the race's window (default 100ms)");
  cmd->add_option("--occupancy", flags.occupancy,
                  "Reuse: fraction of the range kept in use (default 0.25; 0.5 is Linux's "
                  "even/odd boundary)");
  cmd->add_option("--churn", flags.churn, "Reuse: churn connections per seed (default 20000)");
  cmd->add_option("--rate", flags.rate, "Reuse: connections per second (default 100)");
  cmd->add_option("--twait", flags.twait,
                  "Reuse: collision threshold in allocations (default rate x 60 s)");
  cmd->add_option("--budget", flags.budget, "Linkability: attacker's connection budget");
  cmd->add_option("--pairs", flags.pairs, "Linkability: colliding pairs the attacker needs");
  return cmd;
}

int RunStrategiesCommand(const StrategiesFlags& flags) {
  absl::StatusOr<analysis::ComparisonOptions> options = ComparisonOptionsOf(flags);
  if (!options.ok()) return Fail(options.status());
  // Opened before the comparison runs, so a bad path costs nothing.
  if (flags.csv == "-" && flags.per_seed_csv == "-") {
    return Fail(absl::InvalidArgumentError(
        "only one output can go to stdout ('-'); --csv and --per-seed-csv both ask for it"));
  }
  absl::StatusOr<report::OutputFile> csv = report::OutputFile::OpenIfNamed(flags.csv, &std::cout);
  if (!csv.ok()) return Fail(FlagError("--csv", csv.status()));
  absl::StatusOr<report::OutputFile> per_seed =
      report::OutputFile::OpenIfNamed(flags.per_seed_csv, &std::cout);
  if (!per_seed.ok()) return Fail(FlagError("--per-seed-csv", per_seed.status()));
  absl::StatusOr<analysis::Comparison> c = analysis::CompareStrategies(*options);
  if (!c.ok()) return Fail(c.status());
  if (!csv->to_dash() && !per_seed->to_dash()) {
    report::WriteComparison(*c, std::cout);
    std::cout << "\nWall time per allocation: bench/connect_alloc_bench (Google Benchmark).\n";
  }
  if (csv->requested()) {
    csv->stream() << analysis::ComparisonCsv(*c);
    if (absl::Status s = csv->Flush("the CSV"); !s.ok()) return Fail(FlagError("--csv", s));
    if (absl::Status s = report::WriteProvenanceSidecar(*csv, ProvenanceOf("", flags.seed), report::kStrategiesCsvFormat);
        !s.ok()) {
      return Fail(FlagError("--csv", s));
    }
  }
  if (per_seed->requested()) {
    per_seed->stream() << analysis::ComparisonPerSeedCsv(*c);
    if (absl::Status s = per_seed->Flush("the per-seed CSV"); !s.ok()) {
      return Fail(FlagError("--per-seed-csv", s));
    }
    if (absl::Status s =
            report::WriteProvenanceSidecar(*per_seed, ProvenanceOf("", flags.seed), report::kStrategiesCsvFormat);
        !s.ok()) {
      return Fail(FlagError("--per-seed-csv", s));
    }
  }
  return kExitPassed;
}

}  // namespace portlab::cli
