// Running a whole scenario: its simulation (run::RunScenario) and, when it
// has `analysis:`, the strategy comparison, whose figures join the Result
// (Result::analysis) so that `expect:` entries with `strategy:` check them.
//
// Example:
//   absl::StatusOr<ScenarioRun> run = RunScenarioWithAnalysis(scenario, options);
//   if (run.ok() && run->comparison) report::WriteComparison(*run->comparison, std::cout);
//
// Deterministic: the comparison's seed is the run's seed (run::RunSeed).
#ifndef PORTLAB_ANALYSIS_SCENARIO_ANALYSIS_H_
#define PORTLAB_ANALYSIS_SCENARIO_ANALYSIS_H_

#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "portlab/analysis/strategy_comparison.h"
#include "portlab/run/run.h"
#include "portlab/scenario/scenario.h"
#include "portlab/sim/result.h"

namespace portlab::analysis {

struct ScenarioRun {
  sim::Result result;
  std::optional<Comparison> comparison;  // set when the scenario has `analysis:`
};

// The comparison options `analysis:` asks for, with `seed`. InvalidArgument
// naming file:line:column for a strategy MakeStrategy does not know, or a
// `strategy:` expectation naming no figure the comparison will give (or
// one with a value at each x and no x:), found before it runs.
absl::StatusOr<ComparisonOptions> AnalysisOptions(const scenario::Scenario& scenario,
                                                  uint64_t seed);

// InvalidArgument naming file:line:column for a model error (as
// run::RunScenario), an unknown strategy, or a `strategy:` expectation that
// names no figure of the comparison or, without x:, several.
absl::StatusOr<ScenarioRun> RunScenarioWithAnalysis(const scenario::Scenario& scenario,
                                                    const run::RunOptions& options);

// What RunScenarioWithAnalysis refuses before it runs, without running:
// run::CheckScenario's refusals, then AnalysisOptions'. For `portlab
// validate` and the scenario fuzzers (fuzz/).
absl::Status CheckScenarioWithAnalysis(const scenario::Scenario& scenario,
                                       const run::RunOptions& options);

}  // namespace portlab::analysis

#endif  // PORTLAB_ANALYSIS_SCENARIO_ANALYSIS_H_
