// The runs behind an exercise sheet (`portlab exercise`): one run recording
// the facts questions are drawn from (analysis/run_facts.h), and the tables
// a question shows, each as `portlab table --host H --at T` prints it.
//
// Example:
//   absl::StatusOr<analysis::RunFacts> facts = RecordRunFacts(scenario, options);
//   analysis::Exercise ex = analysis::BuildExercise(*facts, seed, 8);
//   absl::StatusOr<std::vector<std::string>> tables = RenderTables(scenario, seed, ex);
//
// Deterministic: the same scenario and seed give the same facts and tables.
#ifndef PORTLAB_REPORT_EXERCISE_RUN_H_
#define PORTLAB_REPORT_EXERCISE_RUN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/analysis/exercise.h"
#include "portlab/analysis/run_facts.h"
#include "portlab/run/run.h"
#include "portlab/scenario/scenario.h"

namespace portlab::report {

// Runs the scenario (run::RunScenario with `options`, whose trace must be
// null: the recorder takes it) and returns what it did, with the hosts and
// NATs as configured. Errors as run::RunScenario's.
absl::StatusOr<analysis::RunFacts> RecordRunFacts(const scenario::Scenario& scenario, run::RunOptions options);

// For each question of `exercise`, the text of its table (TableView) as
// `portlab table` prints it, or "" for a question without one. One more run
// of the scenario with `seed`, stopped at each table's time in order.
absl::StatusOr<std::vector<std::string>> RenderTables(const scenario::Scenario& scenario, uint64_t seed,
                                                      const analysis::Exercise& exercise);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_EXERCISE_RUN_H_
