// `portlab list`: the OS profiles, ephemeral port strategies, NAT profiles and scenarios
// this build knows (report/catalogue_writer.h); the scenarios are those in
// ./scenarios.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

#include "commands.h"
#include "portlab/report/catalogue_writer.h"

namespace portlab::cli {
namespace {

// Scenario names (file stems) in ./scenarios, sorted; empty when none.
std::vector<std::string> ScenarioNames() {
  namespace fs = std::filesystem;
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it("scenarios", ec), end; !ec && it != end;
       it.increment(ec)) {
    const fs::path& path = it->path();
    if (path.extension() == ".yaml") names.push_back(path.stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

CLI::App* AddListCommand(CLI::App& app) {
  return app.add_subcommand(
      "list", "List OS profiles, port strategies and scenarios");
}

int RunListCommand() {
  report::WriteCatalogue(ScenarioNames(), std::cout);
  return kExitPassed;
}

}  // namespace portlab::cli
