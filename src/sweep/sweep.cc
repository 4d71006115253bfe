#include "portlab/sweep/sweep.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "portlab/run/memory_estimate.h"
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

// The runs at once, who share the memory limit.
int64_t RunsAtOnce(const Sweep& sweep) {
  return std::min<int64_t>(sweep.jobs, std::max<int64_t>(sweep.end - sweep.begin, 1));
}

// A point's status with " [with --set K=V ...]" after its message.
absl::Status WithSetNote(const absl::Status& st, const std::vector<scenario::Override>& overrides,
                         absl::string_view more = "") {
  return absl::Status(st.code(), absl::StrCat(st.message(), SetNote(overrides), more));
}

// The points planning loads and builds: point 0 (the header's figures) and
// each axis's every other value once, the other axes at their first — the
// sum of the axes' sizes, not their product.
std::vector<int64_t> PointsToCheck(const SweepPlan& plan) {
  std::vector<int64_t> points = {0};
  int64_t stride = 1;  // the last axis varies fastest
  for (size_t i = plan.axes.size(); i-- > 0;) {
    const int64_t n = static_cast<int64_t>(plan.axes[i].values.size());
    for (int64_t v = 1; v < n; ++v) points.push_back(v * stride);
    stride *= n;
  }
  return points;
}

}  // namespace

absl::StatusOr<std::unique_ptr<scenario::Scenario>> LoadSweepPoint(const Sweep& sweep, int64_t point) {
  const std::vector<scenario::Override> overrides = sweep.plan.PointOverrides(point);
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(sweep.text, sweep.scenario_file, overrides);
  if (!s.ok()) return s.status();
  const int64_t at_once = RunsAtOnce(sweep);
  if (absl::Status st = run::CheckMemoryLimit(*s, sweep.memory_limit / at_once); !st.ok()) {
    return WithSetNote(st, overrides,
                       at_once > 1 ? absl::StrCat(" (the limit shared by ", at_once, " runs at once, --jobs)") : "");
  }
  return std::make_unique<scenario::Scenario>(*std::move(s));
}

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
  sweep.text = *std::move(text);
  // By arithmetic, before any point is loaded.
  if (absl::Status st = CheckPlan(plan); !st.ok()) {
    return absl::Status(st.code(), absl::StrCat(request.scenario_file, ": ", st.message()));
  }
  std::tie(sweep.begin, sweep.end) = plan.ShardRuns(request.shard.value_or(Shard{}));

  std::optional<uint64_t> first_seed = request.first_seed;
  for (const int64_t p : PointsToCheck(plan)) {
    absl::StatusOr<std::unique_ptr<scenario::Scenario>> s = LoadSweepPoint(sweep, p);
    if (!s.ok()) return s.status();
    if (!first_seed) first_seed = (*s)->seed.value_or(1);  // point 0 comes first
    absl::StatusOr<std::unique_ptr<sim::Simulation>> built = sim::Simulation::Build(**s, *first_seed, nullptr);
    if (!built.ok()) return WithSetNote(built.status(), plan.PointOverrides(p));
    if (p == 0) sweep.header_figures = FiguresOf((*built)->Snapshot());
    ++sweep.points_checked;
  }
  plan.first_seed = *first_seed;
  return sweep;
}

absl::StatusOr<std::vector<PointSummary>> RunSweep(const Sweep& sweep,
                                                   const SweepRunner::EmitFn& emit,
                                                   const SweepRunner::ProgressFn& progress) {
  const SweepPlan& plan = sweep.plan;
  SweepSummary summary;
  SweepRunner runner(
      plan,
      [&sweep](int64_t point) -> absl::StatusOr<std::shared_ptr<const scenario::Scenario>> {
        absl::StatusOr<std::unique_ptr<scenario::Scenario>> s = LoadSweepPoint(sweep, point);
        if (!s.ok()) return s.status();
        return std::shared_ptr<const scenario::Scenario>(*std::move(s));
      },
      sweep.memory_limit);
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
