#include "portlab/import/sysctl_parser.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "portlab/base/strings.h"
#include "portlab/stack/knobs.h"
#include "portlab/stack/os_profile.h"
#include "import/internal/text_lines.h"

namespace portlab::import {
namespace {

// A knob's name without "net.ipv4.", which the linux profile's setter
// takes either way.
std::string_view Canonical(std::string_view name) {
  return name.substr(0, 9) == "net.ipv4." ? name.substr(9) : name;
}

}  // namespace

void ParseSysctl(std::string_view text, Snapshot& out) {
  const stack::OsProfile& linux_profile = *stack::FindProfile("linux");
  const std::vector<std::string_view> lines = internal::SplitLines(text);
  out.lines = static_cast<int>(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    const int line = static_cast<int>(i) + 1;
    std::string_view l = lines[i];
    if (internal::Blank(l)) continue;
    const size_t eq = l.find(" = ");
    std::vector<internal::Field> name_f = internal::SplitFields(l.substr(0, eq == std::string_view::npos ? l.size() : eq));
    if (eq == std::string_view::npos || name_f.size() != 1) {
      out.problems.push_back({line, 1, "not a sysctl line: NAME = VALUE"});
      continue;
    }
    const std::string_view name = name_f[0].text;
    std::vector<std::string> words;
    for (const internal::Field& w : internal::SplitFields(l.substr(eq + 3))) words.emplace_back(w.text);
    const std::string value = absl::StrJoin(words, " ");
    // Only the names the linux profile lists are its knobs; the setter
    // also takes them without "net.ipv4.".
    bool knob = false;
    for (const stack::KnobInfo& k : linux_profile.knob_info()) {
      knob |= name == k.name || (name.substr(0, 9) == "net.ipv4." && name.substr(9) == k.name);
    }
    if (!knob) {
      ++out.other_settings;
      continue;
    }
    stack::Knobs scratch = linux_profile.knobs;
    if (absl::Status s = linux_profile.set_knob(scratch, name, value); !s.ok()) {
      out.problems.push_back({line, static_cast<int>(eq) + 4, std::string(s.message())});
      continue;
    }
    // A knob named twice (two outputs pasted into one file; with or
    // without "net.ipv4.") keeps its first line: a scenario sets a knob
    // once. The repeat is a line not read.
    const std::string_view knob_name = Canonical(name);
    const KnobLine* first = nullptr;
    for (const KnobLine& k : out.knobs) {
      if (Canonical(k.name) == knob_name) first = &k;
    }
    if (first != nullptr) {
      out.problems.push_back({line, 1, absl::StrCat(AV(name), " was read already at line ", first->line,
                                                    "; a knob is read once")});
      continue;
    }
    out.knobs.push_back({std::string(name), value, line});
  }
}

}  // namespace portlab::import
