// The model's checks (scenario/model_checks.h) reported into a load's
// Diagnostics, so the loader lists them with its own errors. Names whose
// entries failed are excused (diagnostics.h): a partly read scenario
// gives no error that only follows from an earlier one.
#ifndef PORTLAB_SCENARIO_INTERNAL_MODEL_CHECKS_H_
#define PORTLAB_SCENARIO_INTERNAL_MODEL_CHECKS_H_

#include "portlab/scenario/scenario.h"
#include "scenario/internal/diagnostics.h"

namespace portlab::scenario::internal {

// Reports every error of scenario/model_checks.h's list to `diagnostics`.
void ReportModelErrors(const Scenario& scenario, Diagnostics& diagnostics);

}  // namespace portlab::scenario::internal

#endif  // PORTLAB_SCENARIO_INTERNAL_MODEL_CHECKS_H_
