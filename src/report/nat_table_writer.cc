#include "portlab/report/nat_table_writer.h"

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "report/internal/text_table.h"

namespace portlab::report {

using internal::Align;
using internal::TextTable;

void WriteNatTable(const nat::NatBoxSpec& spec, const std::vector<nat::NatTableRow>& rows, std::ostream& out) {
  std::vector<std::string> outside;
  for (const net::IpAddress& a : spec.outside) outside.push_back(a.ToString());
  out << absl::StrFormat("NAT %s  outside %s  inside %s/%d  (%s)\n", spec.name, absl::StrJoin(outside, ","),
                         spec.inside_network.ToString(), spec.inside_prefix, spec.profile);
  TextTable t({{"Proto", Align::kLeft},
               {"Inside", Align::kLeft},
               {"Outside", Align::kLeft},
               {"Remote", Align::kLeft},
               {"State", Align::kLeft},
               {"Left", Align::kRight}});
  for (const nat::NatTableRow& r : rows) {
    t.AddRow({std::string(net::ProtocolName(r.protocol)), r.inside.ToString(), r.outside.ToString(),
              r.has_remote ? r.remote.ToString() : "*", r.state,
              r.state == "STATIC" ? "-" : FormatSeconds(SimTime() + r.left) + "s"});
  }
  if (rows.empty()) {
    out << "  (no mappings)\n";
    return;
  }
  t.Print(out, "");
}

}  // namespace portlab::report
