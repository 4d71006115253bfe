// `portlab headroom SCENARIO [--at T] [--json FILE|-] [--no-check] [--seed N]
// [--set KEY=V] [--memory-limit SIZE]`: the pools of ports at a simulated
// time, the one that binds, and the fixes ranked, each checked by running
// the scenario with it (analysis/headroom_fixes.h).
#include <iostream>

#include "commands.h"
#include "flags.h"
#include "huge_pages.h"
#include "portlab/analysis/headroom_fixes.h"
#include "portlab/report/headroom_writer.h"
#include "portlab/report/output_file.h"
#include "portlab/run/memory_estimate.h"
#include "provenance.h"

namespace portlab::cli {

CLI::App* AddHeadroomCommand(CLI::App& app, HeadroomFlags& flags) {
  CLI::App* c = app.add_subcommand(
      "headroom", "Ports in use, capacity and time to exhaustion per pool (hosts and NATs), and the fixes ranked");
  c->add_option("SCENARIO", flags.scenario, "Scenario file (YAML; '-': stdin)")->required();
  c->add_option("--at", flags.at, "Simulated time of the state read (default 0s: after the steps at 0s)");
  c->add_option("--json", flags.json, "Write the figures as JSON to FILE ('-': stdout, instead of the text)");
  c->add_flag("--no-check", flags.no_check, "Predict the fixes without running the scenario with each");
  flags.seed_option = c->add_option("--seed", flags.seed, "Seed (overrides the scenario's)");
  c->add_option("--memory-limit", flags.memory_limit, "Refuse runs whose estimated state passes SIZE (default 8GiB)");
  AddSetOption(*c, flags.sets);
  return c;
}

int RunHeadroomCommand(const HeadroomFlags& flags) {
  absl::StatusOr<int64_t> limit = MemoryLimitFlag(flags.memory_limit);
  if (!limit.ok()) return Fail(limit.status());
  absl::StatusOr<Duration> at = ParseDuration(flags.at);
  if (!at.ok()) return Fail(FlagError("--at", at.status()));
  absl::StatusOr<report::OutputFile> json = report::OutputFile::OpenIfNamed(flags.json, &std::cout);
  if (!json.ok()) return Fail(FlagError("--json", json.status()));
  std::string sha256;
  absl::StatusOr<scenario::Scenario> s = LoadScenarioArg(flags.scenario, flags.sets, &sha256);
  if (!s.ok()) return Fail(s.status());
  RestartWithHugePagesIfLarge(run::EstimateStateBytes(*s), flags.scenario);
  analysis::HeadroomOptions options;
  options.seed = SeedFlag(flags.seed_option, flags.seed).value_or(s->seed.value_or(1));
  options.at = SimTime() + *at;
  options.check = !flags.no_check;
  options.memory_limit = *limit;
  absl::StatusOr<analysis::HeadroomReport> r = analysis::AnalyzeHeadroom(*s, options);
  if (!r.ok()) return Fail(r.status());
  if (!json->to_dash()) report::WriteHeadroomText(*r, flags.scenario, options.seed, std::cout);
  if (json->requested()) {
    report::WriteHeadroomJson(*r, flags.scenario, options.seed, ProvenanceOf(sha256, options.seed), json->stream());
    if (absl::Status w = json->Flush("the headroom JSON"); !w.ok()) return Fail(w);
  }
  return kExitPassed;
}

}  // namespace portlab::cli
