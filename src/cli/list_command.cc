// `portlab list`: the OS profiles, ephemeral port strategies, NAT profiles and scenarios
// this build knows. Profiles and strategies come from the stack's registries
// (stack/os_profile.h, stack/ephemeral_strategy.h), so the list grows with
// them; each entry names where its behaviour comes from.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "commands.h"
#include "portlab/base/strings.h"
#include "portlab/nat/nat_config.h"
#include "portlab/nat/nat_profiles.h"
#include "portlab/stack/ephemeral_strategy.h"
#include "portlab/stack/os_profile.h"

namespace portlab::cli {
namespace {

// Lines are wrapped to this many columns.
constexpr size_t kLineWidth = 79;

// Splits `text` into lines of at most `width` characters at spaces (a word
// longer than `width` gets a line of its own).
std::vector<std::string> Wrap(std::string_view text, size_t width) {
  std::vector<std::string> lines(1);
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(start, end - start);
    if (!lines.back().empty() && lines.back().size() + 1 + word.size() > width) {
      lines.emplace_back();
    }
    if (!lines.back().empty()) lines.back() += ' ';
    lines.back() += word;
    start = end + 1;
  }
  return lines;
}

// Prints each entry as "  NAME  DESCRIPTION" then "[SOURCE]", wrapped and
// indented under the description.
template <typename Entries>
void PrintEntries(const char* title, const Entries& entries) {
  size_t name_width = 0;
  for (const auto& e : entries) name_width = std::max(name_width, e.name.size());
  const std::string indent(2 + name_width + 2, ' ');
  const size_t text_width = std::max<size_t>(kLineWidth - indent.size(), 20);
  std::cout << title << "\n";
  for (const auto& e : entries) {
    std::vector<std::string> lines = Wrap(e.description, text_width);
    for (std::string& line : Wrap(absl::StrCat("[", AV(e.source), "]"),
                                  text_width)) {
      lines.push_back(std::move(line));
    }
    for (size_t i = 0; i < lines.size(); ++i) {
      if (i == 0) {
        std::cout << absl::StrFormat("  %-*s  %s\n",
                                     static_cast<int>(name_width), e.name,
                                     lines[i]);
      } else {
        std::cout << indent << lines[i] << "\n";
      }
    }
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
  PrintEntries("OS profiles", stack::Profiles());
  std::cout << "\n";
  PrintEntries("ephemeral port strategies", stack::Strategies());
  std::cout << "\n";
  PrintEntries("NAT profiles (nats: profile:)", nat::NatProfiles());
  std::cout << "\nNAT knobs (nats: knobs:, see scenarios/README.md)\n";
  std::string knobs;
  for (std::string_view k : nat::NatKnobNames()) absl::StrAppend(&knobs, knobs.empty() ? "" : " ", AV(k));
  for (const std::string& line : Wrap(knobs, kLineWidth - 2)) std::cout << "  " << line << "\n";
  // Each profile's knobs, by the OS's own names (host sysctl:, step set:).
  for (const stack::OsProfile& p : stack::Profiles()) {
    std::cout << "\n";
    std::string title = absl::StrCat(AV(p.name), " knobs");
    if (p.name == "linux") title += " (\"net.ipv4.\" prefix optional)";
    if (p.name == "custom") title += " (and every linux knob)";
    std::vector<stack::KnobInfo> own;
    for (const stack::KnobInfo& k : p.knob_info()) {
      if (p.name == "custom" && k.source != "portlab") continue;
      own.push_back(k);
    }
    PrintEntries(title.c_str(), own);
  }
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
