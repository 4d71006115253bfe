#include "portlab/report/instant_tables.h"

#include <algorithm>
#include <sstream>

#include "portlab/report/tables_writer.h"
#include "portlab/sim/simulation.h"

namespace portlab::report {

absl::StatusOr<std::vector<InstantTables>> TablesAtInstants(const scenario::Scenario& scenario, uint64_t seed,
                                                            std::vector<SimTime> times, size_t max_rows) {
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  std::vector<InstantTables> out;
  if (times.empty()) return out;
  absl::StatusOr<std::unique_ptr<sim::Simulation>> simulation = sim::Simulation::Build(scenario, seed, nullptr);
  if (!simulation.ok()) return simulation.status();
  TableOptions options;
  options.max_rows = max_rows;
  for (SimTime t : times) {
    (*simulation)->Run(t);
    std::ostringstream text;
    WriteTables(**simulation, options, text);
    out.push_back({t, text.str()});
  }
  return out;
}

}  // namespace portlab::report
