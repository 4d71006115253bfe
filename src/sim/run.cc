#include "portlab/sim/run.h"

#include "portlab/sim/expectations.h"
#include "portlab/sim/memory_estimate.h"
#include "portlab/sim/simulation.h"

namespace portlab::sim {

absl::StatusOr<Result> RunScenario(const scenario::Scenario& scenario, const RunOptions& options) {
  uint64_t seed = options.seed.value_or(scenario.seed.value_or(1));
  absl::StatusOr<std::unique_ptr<Simulation>> sim = Simulation::Build(scenario, seed, options.trace);
  if (!sim.ok()) return sim.status();
  if (absl::Status st = CheckMemoryLimit(scenario, options.memory_limit); !st.ok()) return st;
  SimTime until = options.until ? *options.until
                                : scenario.until.value_or(SimTime::Max());
  if (options.progress) (*sim)->SetProgressHook(options.progress, options.progress_every);
  (*sim)->Run(until);
  Result result = (*sim)->Snapshot();
  result.expectations = Evaluate(scenario.expect, result);
  for (const ExpectationResult& e : result.expectations) result.passed &= e.passed;
  return result;
}

}  // namespace portlab::sim
