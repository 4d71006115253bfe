// `portlab sweep SCENARIO --set KEY=V1,V2 ... [--seeds N] [--seed S]
//  [--jobs N] [--shard K/N] --csv FILE [--summary FILE] [--memory-limit SIZE]`: the grid of --set
// values times seeds, one CSV row per run, statistics over seeds.
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include "absl/strings/str_cat.h"
#include "commands.h"
#include "portlab/report/sweep_writer.h"
#include "portlab/run/memory_estimate.h"
#include "portlab/scenario/loader.h"
#include "portlab/sim/simulation.h"
#include "portlab/sweep/sweep_plan.h"
#include "portlab/sweep/sweep_runner.h"
#include "portlab/sweep/sweep_summary.h"
#include "progress.h"

namespace portlab::cli {
namespace {

std::string SetNote(const std::vector<scenario::Override>& overrides) {
  std::string note;
  for (const scenario::Override& o : overrides) absl::StrAppend(&note, " --set ", o.path, "=", o.value);
  return note.empty() ? note : absl::StrCat(" [with", note, "]");
}

}  // namespace

CLI::App* AddSweepCommand(CLI::App& app, SweepFlags& flags) {
  CLI::App* sweep = app.add_subcommand(
      "sweep", "Run a scenario over a grid of --set values and seeds; one CSV row per run");
  sweep->add_option("SCENARIO", flags.scenario, "Scenario file (YAML)")->required();
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
  sweep->add_option("--csv", flags.csv, "Write one row per run to FILE ('-': stdout)")->required();
  sweep->add_option("--summary", flags.summary,
                    "Write the statistics over seeds as CSV to FILE");
  sweep->add_option("--memory-limit", flags.memory_limit,
                    "Refuse a sweep whose simultaneous runs' estimated state is larger (default 8GiB)");
  return sweep;
}

int RunSweepCommand(const SweepFlags& flags) {
  sweep::SweepPlan plan;
  for (const std::string& s : flags.sets) {
    absl::StatusOr<sweep::SweepAxis> axis = sweep::ParseSweepAxis(s);
    if (!axis.ok()) {
      std::cerr << axis.status().message() << "\n";
      return kExitUsage;
    }
    plan.axes.push_back(std::move(*axis));
  }
  plan.seeds = flags.seeds;
  sweep::Shard shard;
  if (!flags.shard.empty()) {
    absl::StatusOr<sweep::Shard> s = sweep::ParseShard(flags.shard);
    if (!s.ok()) {
      std::cerr << s.status().message() << "\n";
      return kExitUsage;
    }
    shard = *s;
  }
  if (flags.jobs < 0) {
    std::cerr << "--jobs must be at least 1\n";
    return kExitUsage;
  }
  int64_t memory_limit = run::kDefaultMemoryLimit;
  if (!flags.memory_limit.empty()) {
    absl::StatusOr<int64_t> limit = run::ParseByteSize(flags.memory_limit);
    if (!limit.ok()) {
      std::cerr << "--memory-limit: " << limit.status().message() << "\n";
      return kExitUsage;
    }
    memory_limit = *limit;
  }
  const int jobs = flags.jobs > 0 ? flags.jobs
                                  : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  absl::StatusOr<std::string> text = scenario::ReadScenarioFile(flags.scenario);
  if (!text.ok()) {
    std::cerr << text.status().message() << "\n";
    return kExitUsage;
  }
  if (absl::Status st = sweep::CheckPlan(plan); !st.ok()) {
    std::cerr << flags.scenario << ": " << st.message() << "\n";
    return kExitUsage;
  }
  const auto [begin, end] = plan.ShardRuns(shard);

  // Every grid point is loaded and built before anything runs, so a bad
  // path or value stops the sweep (exit 2) in every shard alike. Only the
  // points this shard runs (and point 0, for the header) are kept.
  std::vector<std::unique_ptr<scenario::Scenario>> loaded(static_cast<size_t>(plan.points()));
  std::vector<const scenario::Scenario*> points(loaded.size(), nullptr);
  std::optional<uint64_t> first_seed;
  if (flags.seed_option && flags.seed_option->count() > 0) first_seed = flags.seed;
  sweep::RunFigures header_figures;
  for (int64_t p = 0; p < plan.points(); ++p) {
    const std::vector<scenario::Override> overrides = plan.PointOverrides(p);
    absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(*text, flags.scenario, overrides);
    if (!s.ok()) {
      std::cerr << s.status().message() << "\n";
      return kExitUsage;
    }
    if (!first_seed) first_seed = s->seed.value_or(1);
    const bool needed = p == 0 || (begin < end && plan.PointOf(begin) <= p && p <= plan.PointOf(end - 1));
    absl::StatusOr<std::unique_ptr<sim::Simulation>> built = sim::Simulation::Build(*s, *first_seed, nullptr);
    if (!built.ok()) {
      std::cerr << built.status().message() << SetNote(overrides) << "\n";
      return kExitUsage;
    }
    // Up to `jobs` runs hold their state at once.
    const int64_t at_once = std::min<int64_t>(jobs, std::max<int64_t>(end - begin, 1));
    if (absl::Status st = run::CheckMemoryLimit(*s, memory_limit / at_once); !st.ok()) {
      std::cerr << st.message() << SetNote(overrides)
                << (at_once > 1 ? absl::StrCat(" (the limit shared by ", at_once, " runs at once, --jobs)") : "")
                << "\n";
      return kExitUsage;
    }
    if (p == 0) header_figures = sweep::FiguresOf((*built)->Snapshot());
    if (needed) {
      loaded[p] = std::make_unique<scenario::Scenario>(std::move(*s));
      points[p] = loaded[p].get();
    }
  }
  plan.first_seed = *first_seed;

  const bool csv_to_stdout = flags.csv == "-";
  std::ofstream csv_file;
  if (!csv_to_stdout) {
    csv_file.open(flags.csv, std::ios::binary | std::ios::trunc);
    if (!csv_file) {
      std::cerr << flags.csv << ": cannot open for writing\n";
      return kExitUsage;
    }
  }
  std::ofstream summary_file;
  if (!flags.summary.empty()) {
    summary_file.open(flags.summary, std::ios::binary | std::ios::trunc);
    if (!summary_file) {
      std::cerr << flags.summary << ": cannot open for writing\n";
      return kExitUsage;
    }
  }
  std::ostream& csv = csv_to_stdout ? std::cout : csv_file;
  if (shard.index == 1) csv << report::SweepCsvHeader(plan, header_figures);

  sweep::SweepSummary summary;
  ProgressBar bar("sweep");
  sweep::SweepRunner runner(plan, points, memory_limit);
  absl::Status st = runner.Run(
      begin, end, jobs,
      [&](int64_t run, const sweep::RunFigures& f) {
        csv << report::SweepCsvRow(plan, run, f);
        summary.Add(plan.PointOf(run), plan.PointValues(plan.PointOf(run)), f);
      },
      [&](int64_t done, int64_t total) { bar.Update(done, total); });
  bar.Finish();
  csv.flush();
  if (!st.ok()) {
    std::cerr << st.message() << "\n";
    return kExitUsage;
  }
  if (!csv) {
    std::cerr << flags.csv << ": cannot write the CSV\n";
    return kExitUsage;
  }
  const std::vector<sweep::PointSummary> points_summary = summary.Finish();
  if (summary_file.is_open()) {
    report::WriteSweepSummaryCsv(plan, points_summary, summary_file);
    if (!summary_file.flush()) {
      std::cerr << flags.summary << ": cannot write the summary\n";
      return kExitUsage;
    }
  }
  if (!csv_to_stdout) {
    std::cout << "portlab sweep: " << flags.scenario << ": " << plan.points() << " grid point"
              << (plan.points() == 1 ? "" : "s") << " x " << plan.seeds << " seed"
              << (plan.seeds == 1 ? "" : "s") << " (from " << plan.first_seed << ") = " << plan.runs()
              << " runs";
    if (!flags.shard.empty()) {
      std::cout << "; shard " << shard.index << "/" << shard.count << ": runs " << begin << " to "
                << end - 1;
    }
    std::cout << "\n";
    report::WriteSweepSummary(plan, points_summary, std::cout);
  }
  std::cout.flush();
  return kExitPassed;
}

}  // namespace portlab::cli
