#include "portlab/report/catalogue_writer.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "portlab/base/strings.h"
#include "portlab/nat/nat_config.h"
#include "portlab/nat/nat_profiles.h"
#include "portlab/stack/ephemeral_strategy.h"
#include "portlab/stack/os_profile.h"

namespace portlab::report {

std::vector<std::string> WrapWords(std::string_view text, size_t width) {
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

namespace {

// Lines are wrapped to this many columns.
constexpr size_t kLineWidth = 79;

// Prints each entry as "  NAME  DESCRIPTION" then "[SOURCE]", wrapped and
// indented under the description.
template <typename Entries>
void PrintEntries(const char* title, const Entries& entries, std::ostream& out) {
  size_t name_width = 0;
  for (const auto& e : entries) name_width = std::max(name_width, e.name.size());
  const std::string indent(2 + name_width + 2, ' ');
  const size_t text_width = std::max<size_t>(kLineWidth - indent.size(), 20);
  out << title << "\n";
  for (const auto& e : entries) {
    std::vector<std::string> lines = WrapWords(e.description, text_width);
    for (std::string& line : WrapWords(absl::StrCat("[", AV(e.source), "]"), text_width)) {
      lines.push_back(std::move(line));
    }
    for (size_t i = 0; i < lines.size(); ++i) {
      if (i == 0) {
        out << absl::StrFormat("  %-*s  %s\n", static_cast<int>(name_width), e.name, lines[i]);
      } else {
        out << indent << lines[i] << "\n";
      }
    }
  }
}

}  // namespace

void WriteCatalogue(const std::vector<std::string>& scenarios,
                    const std::vector<std::string>& directories, std::ostream& out) {
  PrintEntries("OS profiles", stack::Profiles(), out);
  out << "\n";
  PrintEntries("ephemeral port strategies", stack::Strategies(), out);
  out << "\n";
  PrintEntries("NAT profiles (nats: profile:)", nat::NatProfiles(), out);
  out << "\nNAT knobs (nats: knobs:, see scenarios/README.md)\n";
  std::string knobs;
  for (std::string_view k : nat::NatKnobNames()) absl::StrAppend(&knobs, knobs.empty() ? "" : " ", AV(k));
  for (const std::string& line : WrapWords(knobs, kLineWidth - 2)) out << "  " << line << "\n";
  // Each profile's knobs, by the OS's own names (host sysctl:, step set:).
  for (const stack::OsProfile& p : stack::Profiles()) {
    out << "\n";
    std::string title = absl::StrCat(AV(p.name), " knobs");
    if (p.name == "linux") title += " (\"net.ipv4.\" prefix optional)";
    if (p.name == "custom") title += " (and every linux knob)";
    std::vector<stack::KnobInfo> own;
    for (const stack::KnobInfo& k : p.knob_info()) {
      if (p.name == "custom" && k.source != "portlab") continue;
      own.push_back(k);
    }
    PrintEntries(title.c_str(), own, out);
  }
  out << "\nscenarios";
  if (scenarios.empty()) {
    out << "\n  (none: no scenarios/ directory here, none installed)\n";
  } else {
    if (directories.size() == 1 && directories[0] == "scenarios") {
      out << " (scenarios/*.yaml)\n";
    } else {
      out << " (*.yaml in " << absl::StrJoin(directories, ", ") << "; portlab run NAME runs one)\n";
    }
    for (const std::string& name : scenarios) out << "  " << name << "\n";
  }
}

}  // namespace portlab::report
