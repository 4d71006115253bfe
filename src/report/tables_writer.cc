#include "portlab/report/tables_writer.h"

#include "portlab/base/time.h"
#include "portlab/report/nat_table_writer.h"
#include "portlab/report/socket_table_writer.h"

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

void WriteTables(const sim::Simulation& simulation, std::string_view only, std::ostream& out) {
  out << "at " << FormatSeconds(simulation.now()) << " s\n";
  for (const auto& h : simulation.hosts()) {
    if (!only.empty() && h->name() != only) continue;
    out << "\n";
    WriteSocketTable(h->name(), h->addresses(), h->SocketTable(), out);
  }
  for (const auto& n : simulation.nats()) {
    if (!only.empty() && n->name() != only) continue;
    out << "\n";
    WriteNatTable(n->spec(), n->Table(simulation.now()), out);
  }
}

}  // namespace portlab::report
