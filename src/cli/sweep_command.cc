// `portlab sweep SCENARIO --set KEY=V1,V2 ... [--seeds N] [--seed S]
//  [--jobs N] [--shard K/N] --csv FILE [--summary FILE] [--memory-limit SIZE]`: the grid of --set
// values times seeds, one CSV row per run, statistics over seeds.
#include <algorithm>
#include <iostream>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "commands.h"
#include "provenance.h"
#include "scenario_search.h"
#include "flags.h"
#include "portlab/report/output_file.h"
#include "portlab/report/sweep_writer.h"
#include "portlab/sweep/sweep.h"
#include "portlab/sweep/sweep_plan.h"
#include "progress.h"

namespace portlab::cli {
namespace {

// The sweep its flags ask for; --jobs 0 means one run per core.
absl::StatusOr<sweep::SweepRequest> SweepRequestOf(const SweepFlags& flags) {
  sweep::SweepRequest request;
  if (const std::string hint = ScenarioNotFoundHint(flags.scenario); !hint.empty()) {
    return absl::NotFoundError(absl::StrCat(flags.scenario, ": cannot read scenario file: ", hint));
  }
  request.scenario_file = ResolveScenarioPath(flags.scenario);
  for (const std::string& s : flags.sets) {
    absl::StatusOr<sweep::SweepAxis> axis = sweep::ParseSweepAxis(s);
    if (!axis.ok()) return axis.status();
    request.axes.push_back(*std::move(axis));
  }
  request.seeds = flags.seeds;
  if (!flags.shard.empty()) {
    absl::StatusOr<sweep::Shard> shard = sweep::ParseShard(flags.shard);
    if (!shard.ok()) return shard.status();
    request.shard = *shard;
  }
  if (flags.jobs < 0) return absl::InvalidArgumentError("--jobs must be at least 1");
  absl::StatusOr<int64_t> limit = MemoryLimitFlag(flags.memory_limit);
  if (!limit.ok()) return limit.status();
  request.memory_limit = *limit;
  request.jobs = flags.jobs > 0 ? flags.jobs
                                : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  request.first_seed = SeedFlag(flags.seed_option, flags.seed);
  return request;
}

}  // namespace

CLI::App* AddSweepCommand(CLI::App& app, SweepFlags& flags) {
  CLI::App* sweep = app.add_subcommand(
      "sweep", "Run a scenario over a grid of --set values and seeds; one CSV row per run");
  sweep->add_option("SCENARIO", flags.scenario, "Scenario file (YAML) or a scenario's name (portlab list)")->required();
  sweep->add_option("--set", flags.sets,
                    "KEY=V1,V2,...: a path into the scenario (hosts.client.sysctl.tcp_tw_reuse, "
                    "steps.1.count) and its values; repeat for more axes");
  sweep->add_option("--seeds", flags.seeds, "Seeds per grid point (default 1)");
  flags.seed_option = sweep->add_option("--seed", flags.seed,
                                        "First seed (default: the scenario's, else 1)");
  sweep->add_option("--jobs", flags.jobs, "Simulations run at once (default: the number of cores)");
  sweep->add_option("--shard", flags.shard,
                    "K/N: run only the K-th of N equal slices of the runs (the header is "
                    "written by shard 1)");
  sweep->add_option("--csv", flags.csv, "Write one row per run to FILE, its provenance in FILE.provenance.json ('-': stdout, no report)")->required();
  sweep->add_option("--summary", flags.summary,
                    "Write the statistics over seeds as CSV to FILE, its provenance in FILE.provenance.json ('-': "
                    "stdout, no report)");
  sweep->add_option("--memory-limit", flags.memory_limit,
                    "Refuse a sweep whose simultaneous runs' estimated state is larger (default 8GiB)");
  AddProgressOption(*sweep, flags.progress);
  return sweep;
}

int RunSweepCommand(const SweepFlags& flags) {
  absl::StatusOr<sweep::SweepRequest> request = SweepRequestOf(flags);
  if (!request.ok()) return Fail(request.status());
  absl::StatusOr<sweep::Sweep> sweep = sweep::PlanSweep(*request);
  if (!sweep.ok()) return Fail(sweep.status());
  if (flags.csv == "-" && flags.summary == "-") {
    return Fail(absl::InvalidArgumentError(
        "only one output can go to stdout ('-'); --csv and --summary both ask for it"));
  }
  absl::StatusOr<report::OutputFile> csv = report::OutputFile::Open(flags.csv, &std::cout);
  if (!csv.ok()) return Fail(csv.status());
  absl::StatusOr<report::OutputFile> summary = report::OutputFile::OpenIfNamed(flags.summary, &std::cout);
  if (!summary.ok()) return Fail(summary.status());

  ProgressBar bar("sweep", ProgressStyleOf(flags.progress));
  absl::StatusOr<std::vector<sweep::PointSummary>> points = report::RunSweepToCsv(
      *sweep, csv->stream(), [&](int64_t done, int64_t total) { bar.Update(done, total); });
  bar.Finish();
  if (!points.ok()) return Fail(points.status());
  if (absl::Status s = csv->Flush("the CSV"); !s.ok()) return Fail(s);
  // A sweep's seed is its first (the runs use first_seed + k).
  const report::Provenance provenance = ProvenanceOf(Sha256Hex(sweep->scenario_text), sweep->plan.first_seed);
  if (absl::Status s = report::WriteProvenanceSidecar(*csv, provenance, report::kSweepCsvFormat); !s.ok()) {
    return Fail(s);
  }
  if (summary->requested()) {
    report::WriteSweepSummaryCsv(sweep->plan, *points, summary->stream());
    if (absl::Status s = summary->Flush("the summary"); !s.ok()) return Fail(s);
    if (absl::Status s = report::WriteProvenanceSidecar(*summary, provenance, report::kSweepSummaryFormat);
        !s.ok()) {
      return Fail(s);
    }
  }
  if (!csv->to_dash() && !summary->to_dash()) report::WriteSweepReport(*sweep, *points, std::cout);
  std::cout.flush();
  return kExitPassed;
}

}  // namespace portlab::cli
