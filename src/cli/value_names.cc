#include "value_names.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "portlab/base/decimal.h"

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
    {"--metrics", "FILE"},
    {"--metrics-final", "FILE"},
    {"--nat-csv", "FILE"},
    {"--out", "DIR"},
    {"--output", "FILE"},
    {"--pcap", "FILE"},
    {"--per-seed-csv", "FILE"},
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

// CLI11 reads a number with strtoll/strtold (base 0: hex and octal), so the
// text it is handed is replaced by its plain decimal form first.
CLI::Validator StrictNumber(const std::string& type) {
  return CLI::Validator(
      [type](std::string& text) -> std::string {
        if (type == "UINT") {
          if (std::optional<uint64_t> v = ParseDecimalUnsigned(text)) {
            text = std::to_string(*v);
            return "";
          }
          return absl::StrCat("\"", text, "\" is not a whole number from 0 to 18446744073709551615");
        }
        if (type == "INT") {
          if (std::optional<int64_t> v = ParseDecimalInteger(text)) {
            text = std::to_string(*v);
            return "";
          }
          return absl::StrCat("\"", text, "\" is not a whole number (decimal digits)");
        }
        if (ParseDecimalNumber(text)) return "";
        return absl::StrCat("\"", text, "\" is not a finite decimal number");
      },
      "", "decimal");
}

}  // namespace

std::vector<const CLI::App*> ShownCommands(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App* c) { return !c->get_group().empty(); });
}

std::string_view ValueNameOf(std::string_view name) {
  for (const auto& [key, value] : kValueNames) {
    if (key == name) return value;
  }
  return {};
}

void MakeNumbersStrict(CLI::App& app) {
  for (CLI::App* command : app.get_subcommands({})) {
    for (CLI::Option* o : command->get_options()) {
      const std::string type = o->get_type_name();
      if (type == "UINT" || type == "INT" || type == "FLOAT") o->transform(StrictNumber(type));
    }
  }
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
