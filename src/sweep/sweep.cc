#include "portlab/sweep/sweep.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "portlab/scenario/loader.h"
#include "portlab/sim/simulation.h"

namespace portlab::sweep {
namespace {

// " [with --set K=V ...]" for a point's overrides; "" without any.
std::string SetNote(const std::vector<scenario::Override>& overrides) {
  std::string note;
  for (const scenario::Override& o : overrides) absl::StrAppend(&note, " --set ", o.path, "=", o.value);
  return note.empty() ? note : absl::StrCat(" [with", note, "]");
}

}  // namespace

absl::StatusOr<Sweep> PlanSweep(const SweepRequest& request) {
  Sweep sweep;
  sweep.scenario_file = request.scenario_file;
  sweep.plan.axes = request.axes;
  sweep.plan.seeds = request.seeds;
  sweep.shard = request.shard;
  sweep.jobs = request.jobs;
  sweep.memory_limit = request.memory_limit;
  SweepPlan& plan = sweep.plan;

  absl::StatusOr<std::string> text = scenario::ReadScenarioFile(request.scenario_file);
  if (!text.ok()) return text.status();
  sweep.scenario_text = *text;
  if (absl::Status st = CheckPlan(plan); !st.ok()) {
    return absl::Status(st.code(), absl::StrCat(request.scenario_file, ": ", st.message()));
  }
  std::tie(sweep.begin, sweep.end) = plan.ShardRuns(request.shard.value_or(Shard{}));
  const int64_t begin = sweep.begin, end = sweep.end;

  // Only the points this shard runs (and point 0, for the header) are kept.
  sweep.loaded.resize(static_cast<size_t>(plan.points()));
  sweep.points.assign(sweep.loaded.size(), nullptr);
  std::optional<uint64_t> first_seed = request.first_seed;
  // Up to `jobs` runs hold their state at once.
  const int64_t at_once = std::min<int64_t>(request.jobs, std::max<int64_t>(end - begin, 1));
  for (int64_t p = 0; p < plan.points(); ++p) {
    const std::vector<scenario::Override> overrides = plan.PointOverrides(p);
    absl::StatusOr<scenario::Scenario> s =
        scenario::LoadScenarioText(*text, request.scenario_file, overrides);
    if (!s.ok()) return s.status();
    if (!first_seed) first_seed = s->seed.value_or(1);
    const bool needed = p == 0 || (begin < end && plan.PointOf(begin) <= p && p <= plan.PointOf(end - 1));
    absl::StatusOr<std::unique_ptr<sim::Simulation>> built = sim::Simulation::Build(*s, *first_seed, nullptr);
    if (!built.ok()) {
      return absl::Status(built.status().code(),
                          absl::StrCat(built.status().message(), SetNote(overrides)));
    }
    if (absl::Status st = run::CheckMemoryLimit(*s, request.memory_limit / at_once); !st.ok()) {
      return absl::Status(
          st.code(),
          absl::StrCat(st.message(), SetNote(overrides),
                       at_once > 1 ? absl::StrCat(" (the limit shared by ", at_once, " runs at once, --jobs)")
                                   : ""));
    }
    if (p == 0) sweep.header_figures = FiguresOf((*built)->Snapshot());
    if (needed) {
      sweep.loaded[p] = std::make_unique<scenario::Scenario>(*std::move(s));
      sweep.points[p] = sweep.loaded[p].get();
    }
  }
  plan.first_seed = *first_seed;
  return sweep;
}

absl::StatusOr<std::vector<PointSummary>> RunSweep(const Sweep& sweep,
                                                   const SweepRunner::EmitFn& emit,
                                                   const SweepRunner::ProgressFn& progress) {
  const SweepPlan& plan = sweep.plan;
  SweepSummary summary;
  SweepRunner runner(plan, sweep.points, sweep.memory_limit);
  absl::Status st = runner.Run(
      sweep.begin, sweep.end, sweep.jobs,
      [&](int64_t run, const RunFigures& f) {
        emit(run, f);
        summary.Add(plan.PointOf(run), plan.PointValues(plan.PointOf(run)), f);
      },
      progress);
  if (!st.ok()) return st;
  return summary.Finish();
}

}  // namespace portlab::sweep
