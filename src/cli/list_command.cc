// `portlab list`: the OS profiles, ephemeral port strategies, NAT profiles and scenarios
// this build knows (report/catalogue_writer.h); the scenarios are those
// `portlab run NAME` finds (scenario_search.h).
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "scenario_search.h"
#include "portlab/report/catalogue_writer.h"

namespace portlab::cli {

CLI::App* AddListCommand(CLI::App& app) {
  return app.add_subcommand(
      "list", "List OS profiles, port strategies and scenarios");
}

int RunListCommand() {
  report::WriteCatalogue(ScenarioNames(), ScenarioDirectories(), std::cout);
  return kExitPassed;
}

}  // namespace portlab::cli
