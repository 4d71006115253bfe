#include "portlab/report/ruleset_writer.h"

#include <string>

#include "absl/strings/str_join.h"

namespace portlab::report {

void WriteRuleset(std::string_view host, const stack::Firewall& fw, const net::AddressPool& pool, SimTime now,
                  std::ostream& out) {
  out << "table inet " << host << " {\n";
  const stack::AddressSets& sets = fw.sets();
  for (size_t s = 0; s < sets.size(); ++s) {
    out << "\tset " << sets.name(static_cast<int>(s)) << " {\n\t\ttype ipv4_addr\n\t\tflags timeout\n";
    std::vector<std::string> elements;
    for (const auto& [a, expiry] : sets.Elements(static_cast<int>(s), now)) {
      std::string e = pool.Get(a).ToString();
      if (expiry != SimTime::Max()) {
        e += " expires " + FormatSeconds(SimTime() + (expiry - now)) + "s";
      }
      elements.push_back(std::move(e));
    }
    if (!elements.empty()) out << "\t\telements = { " << absl::StrJoin(elements, ", ") << " }\n";
    out << "\t}\n\n";
  }
  for (stack::FwDirection d : {stack::FwDirection::kIn, stack::FwDirection::kOut}) {
    const bool in = d == stack::FwDirection::kIn;
    out << "\tchain " << (in ? "input" : "output") << " {\n";
    out << "\t\ttype filter hook " << (in ? "input" : "output")
        << " priority filter; policy " << stack::VerdictName(fw.policy(d)) << ";\n";
    for (size_t i = 0; i < fw.size(); ++i) {
      if (fw.rule(i).direction != d) continue;
      out << "\t\t" << stack::RuleText(fw.rule(i), &fw.figures(i)) << "\n";
    }
    out << "\t}\n";
    if (in) out << "\n";
  }
  out << "}\n";
}

}  // namespace portlab::report
