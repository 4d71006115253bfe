// The socket and NAT tables at chosen instants of a run, as `portlab table`
// prints them (tables_writer.h), for the report's step-through.
//
// How: the run is made again, from the same scenario and seed, and stopped
// at each instant in turn (Simulation::Run(t) runs every event up to and
// including t; the next Run goes on from there), and the tables are written
// there. The first run is not touched, so a run that asks for no report
// pays nothing; a report pays one more run up to its last instant. The
// same scenario and seed give the same events (the core's rule), so these
// are the tables the first run had at those times, after every event of
// that instant.
//
// Example:
//   absl::StatusOr<std::vector<InstantTables>> tables =
//       TablesAtInstants(scenario, result.seed, {SimTime() + Duration::Seconds(1)}, 40);
//
// Returns what Simulation::Build returns on failure (it succeeded once for
// this scenario, so in practice never). Deterministic.
#ifndef PORTLAB_REPORT_INSTANT_TABLES_H_
#define PORTLAB_REPORT_INSTANT_TABLES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/base/time.h"
#include "portlab/scenario/scenario.h"

namespace portlab::report {

struct InstantTables {
  SimTime time;
  std::string text;  // "at 1.002 s" and every table, as `portlab table` prints them
};

// One entry per distinct time of `times`, in time order. `max_rows` caps
// each table (TableOptions::max_rows).
absl::StatusOr<std::vector<InstantTables>> TablesAtInstants(const scenario::Scenario& scenario, uint64_t seed,
                                                            std::vector<SimTime> times, size_t max_rows);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_INSTANT_TABLES_H_
