// The tables of a simulation at its current time, as `portlab table` prints
// them: "at 2.500 s", then each host's socket table (socket_table_writer.h)
// and each NAT's table (nat_table_writer.h), each after a blank line, hosts
// first, in scenario order.
//
// Example:
//   (*simulation)->Run(SimTime() + Duration::Seconds(4));
//   WriteTables(**simulation, "laptop", std::cout);  // only laptop's table
//
// Thread safety: reads `simulation`, which must not run meanwhile.
#ifndef PORTLAB_REPORT_TABLES_WRITER_H_
#define PORTLAB_REPORT_TABLES_WRITER_H_

#include <ostream>
#include <string_view>

#include "portlab/sim/simulation.h"

namespace portlab::report {

// Whether the simulation has a host or a NAT named `name`.
bool HasHostOrNat(const sim::Simulation& simulation, std::string_view name);

// Every table, or only the one of the host or NAT `only` when it is not "".
void WriteTables(const sim::Simulation& simulation, std::string_view only, std::ostream& out);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_TABLES_WRITER_H_
