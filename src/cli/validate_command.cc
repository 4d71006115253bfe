// `portlab validate SCENARIO...`: load each file; nothing is run.
#include <iostream>

#include "commands.h"
#include "portlab/scenario/loader.h"

namespace portlab::cli {

CLI::App* AddValidateCommand(CLI::App& app, ValidateFlags& flags) {
  CLI::App* validate = app.add_subcommand(
      "validate", "Check scenario files without running them");
  validate->add_option("SCENARIO", flags.scenarios, "Scenario files (YAML; '-': stdin)")
      ->required();
  return validate;
}

int RunValidateCommand(const ValidateFlags& flags) {
  int status = kExitPassed;
  for (const std::string& file : flags.scenarios) {
    absl::StatusOr<scenario::Scenario> s = LoadScenarioArg(file);
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
