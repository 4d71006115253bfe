// `portlab list`: the OS profiles, ephemeral port strategies and scenarios
// this build knows. The profile and strategy tables grow as the stack does;
// each entry names where its behaviour comes from.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/str_format.h"
#include "commands.h"

namespace portlab::cli {
namespace {

struct Entry {
  const char* name;
  const char* description;
  const char* source;
};

constexpr Entry kProfiles[] = {
    {"linux",
     "Linux 6.x: ephemeral range 32768-60999, connect() ports by "
     "__inet_hash_connect (even first), bind(0) odd first, TIME-WAIT 60 s",
     "reference/os-ports.md; net/ipv4/inet_hashtables.c"},
};

constexpr Entry kStrategies[] = {
    {"linux",
     "Linux connect(): parity halves, 2^16 perturbation table, random "
     "increments, 10 s re-salting",
     "net/ipv4/inet_hashtables.c __inet_hash_connect"},
    {"sequential", "next port after the last one handed out, wrapping",
     "RFC 6056 §2.2 (traditional BSD)"},
    {"random", "random start, then sequential search (Algorithm 1)",
     "RFC 6056 §3.3.1"},
};

void PrintEntries(const char* title, const Entry* begin, const Entry* end) {
  size_t width = 0;
  for (const Entry* e = begin; e != end; ++e) {
    width = std::max(width, std::string(e->name).size());
  }
  std::cout << title << "\n";
  for (const Entry* e = begin; e != end; ++e) {
    std::cout << absl::StrFormat("  %-*s  %s\n  %-*s  [%s]\n",
                                 static_cast<int>(width), e->name,
                                 e->description, static_cast<int>(width), "",
                                 e->source);
  }
}

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
  PrintEntries("OS profiles", std::begin(kProfiles), std::end(kProfiles));
  std::cout << "\n";
  PrintEntries("ephemeral port strategies", std::begin(kStrategies),
               std::end(kStrategies));
  const std::vector<std::string> scenarios = ScenarioNames();
  std::cout << "\nscenarios";
  if (scenarios.empty()) {
    std::cout << "\n  (no scenarios/ directory here)\n";
  } else {
    std::cout << " (scenarios/*.yaml)\n";
    for (const std::string& name : scenarios) std::cout << "  " << name << "\n";
  }
  return kExitPassed;
}

}  // namespace portlab::cli
