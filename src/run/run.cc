#include "portlab/run/run.h"

#include "portlab/run/expectations.h"
#include "portlab/run/memory_estimate.h"
#include "portlab/sim/headroom.h"
#include "portlab/sim/simulation.h"

namespace portlab::run {

uint64_t RunSeed(const scenario::Scenario& scenario, const RunOptions& options) {
  return options.seed.value_or(scenario.seed.value_or(1));
}

void Conclude(const scenario::Scenario& scenario, sim::Result& result) {
  result.expectations = Evaluate(scenario.expect, result);
  result.passed = true;
  for (const sim::ExpectationResult& e : result.expectations) result.passed &= e.passed;
}

absl::Status CheckScenario(const scenario::Scenario& scenario, const RunOptions& options) {
  if (absl::Status st = CheckMemoryLimit(scenario, options.memory_limit); !st.ok()) return st;
  return sim::Simulation::Build(scenario, RunSeed(scenario, options), nullptr).status();
}

absl::StatusOr<sim::Result> RunScenario(const scenario::Scenario& scenario, const RunOptions& options) {
  const uint64_t seed = RunSeed(scenario, options);
  // Before anything is built: building the hosts is itself what a scenario
  // of too many hosts cannot afford.
  if (absl::Status st = CheckMemoryLimit(scenario, options.memory_limit); !st.ok()) return st;
  absl::StatusOr<std::unique_ptr<sim::Simulation>> sim = sim::Simulation::Build(scenario, seed, options.trace);
  if (!sim.ok()) return sim.status();
  SimTime until = options.until ? *options.until
                                : scenario.until.value_or(SimTime::Max());
  if (options.progress) (*sim)->SetProgressHook(options.progress, options.progress_every);
  (*sim)->SetPacketSink(options.packets);
  // The headroom is taken at the start, after the events at 0 s: the
  // prediction the run then tests, the same figures as `portlab headroom`
  // (at 0 s), and the state the fixes' formulas start from. At the end the
  // workloads have stopped drawing; at the first failure the pool is full
  // by definition and its in-use already holds rate x occupancy.
  sim::RunHeadroom headroom;
  if (std::optional<std::string> why = sim::HeadroomTooLarge(scenario)) {
    headroom.not_measured = *why;
  } else if (until >= SimTime()) {
    (*sim)->Run(SimTime());
    headroom.measured = sim::MeasureHeadroomOf(scenario, **sim, SimTime());
  }
  (*sim)->Run(until);
  sim::Result result = (*sim)->Snapshot();
  result.headroom = std::move(headroom);
  Conclude(scenario, result);
  return result;
}

}  // namespace portlab::run
