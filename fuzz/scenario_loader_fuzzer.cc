// Fuzzes the scenario loader: the input is a scenario file's text. It is
// loaded as `fuzz.yaml` (scenario/loader.h) and, when it loads, checked as
// `portlab validate` checks it (analysis::CheckScenarioWithAnalysis: the
// model's checks, the memory estimate, the analysis: strategies), so every
// refusal `run` makes before running is exercised.
//
// Holds: no crash, leak or undefined behaviour, whatever the text; every
// refusal is InvalidArgument or ResourceExhausted naming "fuzz.yaml:".
// Seeds: fuzz/corpus/scenario_loader (scenarios/, tests' YAML); dictionary:
// fuzz/scenario.dict (the format's keys and words).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "portlab/analysis/scenario_analysis.h"
#include "portlab/scenario/loader.h"

using namespace portlab;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(text, "fuzz.yaml");
  if (!s.ok()) {
    fuzz::FuzzRequireBadInput(s.status(), "fuzz.yaml:");
    return 0;
  }
  if (absl::Status checked = analysis::CheckScenarioWithAnalysis(*s, run::RunOptions()); !checked.ok()) {
    fuzz::FuzzRequireBadInput(checked, "fuzz.yaml:");
  }
  return 0;
}
