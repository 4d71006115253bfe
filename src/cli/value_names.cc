#include "value_names.h"

#include <string>
#include <utility>

namespace portlab::cli {
namespace {

// Sorted by name. SCENARIO is a file, a scenario's name (portlab list) or
// '-' for stdin.
constexpr std::pair<std::string_view, std::string_view> kValueNames[] = {
    {"--at", "DURATION"},
    {"--axis", "AXIS"},
    {"--csv", "FILE"},
    {"--flows", "FILE"},
    {"--format", "FORMAT"},
    {"--host", "HOST"},
    {"--interval", "DURATION"},
    {"--json", "FILE"},
    {"--knob", "KNOB=VALUE"},
    {"--memory-limit", "SIZE"},
    {"--mermaid", "FILE"},
    {"--nat-csv", "FILE"},
    {"--out", "DIR"},
    {"--output", "FILE"},
    {"--pcap", "FILE"},
    {"--pcap-dir", "DIR"},
    {"--pcap-format", "FORMAT"},
    {"--profile", "PROFILE"},
    {"--progress", "MODE"},
    {"--range", "LOW-HIGH"},
    {"--report", "FILE"},
    {"--report-filter", "FILTER"},
    {"--rtt", "DURATION"},
    {"--set", "KEY=VALUE"},
    {"--shard", "K/N"},
    {"--strategy", "STRATEGY"},
    {"--summary", "FILE"},
    {"--trace-filter", "FILTER"},
    {"--until", "DURATION"},
    {"ANSWERS", "FILE"},
    {"CSV", "FILE"},
    {"DIR", "DIR"},
    {"FILE", "FILE"},
    {"FILTER", "FILTER"},
    {"KEY", "FILE"},
    {"SCENARIO", "SCENARIO"},
    {"SHELL", "SHELL"},
};

// The name an option is looked up by: its first long name, else its
// positional name.
std::string KeyOf(const CLI::Option& o) {
  if (!o.get_lnames().empty()) return "--" + o.get_lnames().front();
  return o.get_name(true, false);
}

}  // namespace

std::string_view ValueNameOf(std::string_view name) {
  for (const auto& [key, value] : kValueNames) {
    if (key == name) return value;
  }
  return {};
}

bool IsFileValue(std::string_view value_name) { return value_name == "FILE" || value_name == "SCENARIO"; }

bool IsDirValue(std::string_view value_name) { return value_name == "DIR"; }

void NameOptionValues(CLI::App& app) {
  for (CLI::App* command : app.get_subcommands({})) {
    for (CLI::Option* o : command->get_options()) {
      const std::string_view name = ValueNameOf(KeyOf(*o));
      if (!name.empty()) o->type_name(std::string(name));
    }
  }
}

}  // namespace portlab::cli
