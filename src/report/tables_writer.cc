#include "portlab/report/tables_writer.h"

#include <bit>

#include "portlab/base/time.h"
#include "portlab/report/nat_table_writer.h"
#include "portlab/report/ruleset_writer.h"
#include "portlab/report/socket_row.h"

namespace portlab::report {

bool HasHostOrNat(const sim::Simulation& simulation, std::string_view name) {
  for (const auto& h : simulation.hosts()) {
    if (h->name() == name) return true;
  }
  for (const auto& n : simulation.nats()) {
    if (n->name() == name) return true;
  }
  return false;
}

void WriteTables(const sim::Simulation& simulation, const TableOptions& options, std::ostream& out) {
  out << "at " << FormatSeconds(simulation.now()) << " s\n";
  const auto& hosts = simulation.hosts();
  for (uint32_t i = 0; i < hosts.size(); ++i) {
    const stack::Host& h = *hosts[i];
    if (!options.only.empty() && h.name() != options.only) continue;
    std::vector<TableRow> rows = TableRows(h, simulation.SocketLabels(i));
    const bool had_rows = !rows.empty();
    if (options.filter) {
      std::erase_if(rows, [&](const TableRow& r) { return !options.filter->Matches(r); });
    }
    if (options.format == TableFormat::kSs) SortAsSs(rows);
    const size_t more = options.max_rows > 0 && rows.size() > options.max_rows ? rows.size() - options.max_rows : 0;
    rows.resize(rows.size() - more);
    out << "\n";
    // ss shows the State column only when more than one state is selected.
    const bool state_column = !options.filter || !std::has_single_bit(options.filter->states());
    WriteSocketTable(h.name(), h.addresses(), rows, options.format, out,
                     had_rows ? "(no socket matches the filter)" : "(no sockets)", state_column);
    if (more > 0) out << "(and " << more << (more == 1 ? " more socket)\n" : " more sockets)\n");
    if (const stack::Firewall* fw = h.firewall()) {
      out << "\n";
      WriteRuleset(h.name(), *fw, h.pool(), simulation.now(), out);
    }
  }
  for (const auto& n : simulation.nats()) {
    if (!options.only.empty() && n->name() != options.only) continue;
    std::vector<nat::NatTableRow> rows = n->Table(simulation.now());
    const size_t more = options.max_rows > 0 && rows.size() > options.max_rows ? rows.size() - options.max_rows : 0;
    rows.resize(rows.size() - more);
    out << "\n";
    WriteNatTable(n->spec(), rows, out);
    if (more > 0) out << "(and " << more << (more == 1 ? " more session)\n" : " more sessions)\n");
  }
}

}  // namespace portlab::report
