// The pools of ports (sim/headroom.h) as text and JSON, shared by
// `portlab headroom`'s writer (headroom_writer.h) and the headroom section
// of `portlab run` (run_headroom_writer.h), so the two print the same table.
//
// Example:
//   WritePoolsTable(h, out);   // "pools" table, the binding pool starred
//   WriteBindingPool(h, out);  // "binding (*): ..." and its arithmetic
#ifndef PORTLAB_REPORT_INTERNAL_HEADROOM_CELLS_H_
#define PORTLAB_REPORT_INTERNAL_HEADROOM_CELLS_H_

#include <optional>
#include <ostream>
#include <string>

#include "nlohmann/json.hpp"
#include "portlab/base/time.h"
#include "portlab/sim/headroom.h"

namespace portlab::report::internal {

// "host client 10.0.0.1 -> 10.0.0.2:80 tcp", "NAT gw -> any tcp", "NAT gw port blocks".
std::string PoolName(const sim::HeadroomPool& p);
// "x0.94", "-" when infinite.
std::string RoomCell(double room);
// "12.5s", "never".
std::string WhenCell(std::optional<SimTime> t);

// The pools table and its legend, indented by two spaces. With
// `short_only`, only the binding pool and those with room up to
// sim::kShownRoom, at most kMaxShortPools of them, and a line counting the
// others.
inline constexpr size_t kMaxShortPools = 12;
void WritePoolsTable(const sim::Headroom& h, std::ostream& out, bool short_only = false);
// "binding (*): NAME", its capacity's derivation and when it runs out, and
// the other pools short of room.
void WriteBindingPool(const sim::Headroom& h, std::ostream& out);

nlohmann::ordered_json NumberOrNull(double x);
nlohmann::ordered_json SecondsOrNull(std::optional<SimTime> t);
// The pools as a JSON array of objects (kind, owner, source, ...).
nlohmann::ordered_json PoolsJson(const sim::Headroom& h);

}  // namespace portlab::report::internal

#endif  // PORTLAB_REPORT_INTERNAL_HEADROOM_CELLS_H_
