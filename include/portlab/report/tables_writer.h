// The tables of a simulation at its current time, as `portlab table` prints
// them: "at 2.500 s", then each host's socket table (socket_table_writer.h)
// with, for a host with a firewall, its rule set as `nft list ruleset`
// shows it (ruleset_writer.h), and each NAT's table (nat_table_writer.h),
// each after a blank line, hosts
// first, in scenario order. A filter (socket_filter.h) keeps only the
// socket rows it matches; NAT tables are printed whole.
//
// Example:
//   (*simulation)->Run(SimTime() + Duration::Seconds(4));
//   TableOptions options;
//   options.only = "laptop";  // only laptop's table
//   WriteTables(**simulation, options, std::cout);
//
// Thread safety: reads `simulation`, which must not run meanwhile.
#ifndef PORTLAB_REPORT_TABLES_WRITER_H_
#define PORTLAB_REPORT_TABLES_WRITER_H_

#include <ostream>
#include <string_view>

#include "portlab/report/socket_filter.h"
#include "portlab/report/socket_table_writer.h"
#include "portlab/sim/simulation.h"

namespace portlab::report {

struct TableOptions {
  std::string_view only;             // a host or NAT name; "" for all
  const SocketFilter* filter = nullptr;  // null: every socket; not owned
  TableFormat format = TableFormat::kSs;
  // At most this many rows per socket or NAT table, then a line counting
  // the rest ("(and 812 more sockets)"); 0: every row.
  size_t max_rows = 0;
};

// Whether the simulation has a host or a NAT named `name`.
bool HasHostOrNat(const sim::Simulation& simulation, std::string_view name);

void WriteTables(const sim::Simulation& simulation, const TableOptions& options, std::ostream& out);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_TABLES_WRITER_H_
