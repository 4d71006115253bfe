// A sweep of whole-lifecycle runs on 1 and 2 threads: how close `portlab
// sweep --jobs 2` comes to twice one core. Each iteration runs 8 seeds of
// the lifecycle bench's scenario (lifecycle_scenario.h) through
// sweep::SweepRunner, rows handed back in order as the CLI does.
//
// Timed in wall-clock time (UseRealTime): items_per_second is lifecycles
// per wall second over all threads.
#include <cstdint>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "lifecycle_scenario.h"
#include "portlab/scenario/loader.h"
#include "portlab/sweep/sweep_runner.h"

namespace portlab {
namespace {

constexpr int64_t kSeeds = 8;

void BM_Sweep(benchmark::State& state) {
  const int jobs = static_cast<int>(state.range(0));
  const int64_t lifecycles = state.range(1);
  absl::StatusOr<scenario::Scenario> s =
      scenario::LoadScenarioText(bench::LifecycleScenario(lifecycles), "sweep_bench");
  if (!s.ok()) {
    state.SkipWithError(std::string(s.status().message()).c_str());
    return;
  }
  sweep::SweepPlan plan;
  plan.seeds = kSeeds;
  const std::vector<const scenario::Scenario*> points = {&*s};
  sweep::SweepRunner runner(plan, points);
  int64_t rows = 0;
  for (auto _ : state) {
    absl::Status st = runner.Run(0, plan.runs(), jobs,
                                 [&](int64_t, const sweep::RunFigures&) { ++rows; }, nullptr);
    if (!st.ok()) {
      state.SkipWithError(std::string(st.message()).c_str());
      return;
    }
  }
  if (rows != state.iterations() * kSeeds) state.SkipWithError("a run was lost");
  state.SetItemsProcessed(state.iterations() * kSeeds * lifecycles);
}
BENCHMARK(BM_Sweep)
    ->ArgNames({"jobs", "lifecycles"})
    ->Args({1, 10000})
    ->Args({2, 10000})
    ->Args({1, 100000})
    ->Args({2, 100000})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace portlab
