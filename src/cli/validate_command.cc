// `portlab validate SCENARIO...`: load each file and make the checks `run`
// makes before it runs (the model's, the memory estimate); nothing is run.
#include <iostream>

#include "commands.h"
#include "portlab/analysis/scenario_analysis.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::cli {

CLI::App* AddValidateCommand(CLI::App& app, ValidateFlags& flags) {
  CLI::App* validate = app.add_subcommand(
      "validate", "Check scenario files without running them");
  validate->add_option("SCENARIO", flags.scenarios, "Scenario files (YAML), scenarios' names (portlab list), or '-' for stdin")
      ->required();
  AddSetOption(*validate, flags.sets);
  return validate;
}

int RunValidateCommand(const ValidateFlags& flags) {
  for (const std::string& set : flags.sets) {  // once, not once per file
    if (absl::StatusOr<scenario::Override> o = scenario::ParseOverride(set); !o.ok()) {
      return Fail(FlagError("--set", o.status()));
    }
  }
  int status = kExitPassed;
  for (const std::string& file : flags.scenarios) {
    absl::StatusOr<scenario::Scenario> s = LoadScenarioArg(file, flags.sets);
    // What `run` would refuse before running it: the model's checks, the
    // memory estimate, an analysis: section's strategies.
    if (s.ok()) {
      if (absl::Status st = analysis::CheckScenarioWithAnalysis(*s, run::RunOptions()); !st.ok()) s = st;
    }
    if (s.ok()) {
      std::cout << file << ": ok" << std::endl;
    } else {
      // Loader messages already start with the file name (FILE:LINE:COL).
      std::cerr << s.status().message() << std::endl;
      status = kExitUsage;
    }
  }
  return status;
}

}  // namespace portlab::cli
