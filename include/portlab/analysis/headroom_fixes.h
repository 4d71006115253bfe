// Headroom fixes: the changes that relieve a scenario's binding pool
// (sim/headroom.h), each applied to a copy of the Scenario, its
// headroom predicted by measuring the changed scenario, ranked by the room
// it buys, and checked by running the changed scenario to its end
// (`portlab headroom`, README "portlab headroom").
//
// The fixes, each only where it applies to the binding pool:
//   host range       more source addresses (the client host gets addresses
//                    beside its own and each workload binds its connections
//                    to each in turn: a pool per (source, destination)),
//                    a wider ip_local_port_range (1024-65535; Linux hosts),
//                    tcp_tw_reuse = 1 (a rate whose client closes first),
//                    IP_BIND_ADDRESS_NO_PORT (bind-before-connect: one
//                    pool per destination again), the server closing first
//                    (TIME-WAIT moves to the server), more destinations (a
//                    workload's destination gets addresses beside it on its
//                    server, whose listener takes the wildcard);
//   NAT ports per VM larger port blocks (port_block_size), dynamic
//                    allocation (port_block_growth: doubling);
//   NAT per destination / outside ports
//                    more NAT addresses (outside:), more destinations;
//   any pool a TCP rate draws on
//                    pooling connections (each connection carries R
//                    requests: R times fewer new connections, each held R
//                    times longer).
// A fix's outcome counts what the binding pool's own steps and workloads
// did (failures by the run's failure groups), so other parts of the
// scenario do not blur it.
//
// Work is bounded: one run of the scenario plus one per fix, refused
// before any (ResourceExhausted, with the count) when the runs together
// would make more than kMaxCheckedConnections connections or one of them
// would pass the memory limit.
//
// Example:
//   HeadroomOptions o{.seed = 1};
//   absl::StatusOr<HeadroomReport> r = AnalyzeHeadroom(scenario, o);
//   for (const Fix& f : r->fixes) ... f.formula, f.predicted, f.simulated ...
#ifndef PORTLAB_ANALYSIS_HEADROOM_FIXES_H_
#define PORTLAB_ANALYSIS_HEADROOM_FIXES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/sim/headroom.h"
#include "portlab/base/time.h"
#include "portlab/run/memory_estimate.h"
#include "portlab/scenario/scenario.h"

namespace portlab::analysis {

// The most connections the checking runs may make together.
inline constexpr double kMaxCheckedConnections = 5e7;

enum class FixKind : uint8_t {
  kWiderRange,
  kTwReuse,
  kBindAddressNoPort,
  kServerClosesFirst,
  kMoreDestinations,
  kLargerPortBlocks,
  kDynamicAllocation,
  kMoreNatAddresses,
  kMoreSourceAddresses,
  kPooling,
};
// "wider ip_local_port_range", "tcp_tw_reuse=1", ...
std::string_view FixKindName(FixKind k);

// What the binding pool's steps and workloads are predicted to do, or did.
struct Verdict {
  double room = 0;                         // the least room among their pools
  std::optional<SimTime> exhaustion;       // the earliest exhaustion among them
  int64_t failures = 0;                    // predicted: burst failures; simulated: failed calls
  std::optional<SimTime> first_failure;    // simulated
  std::string binding;                     // predicted: the pool that binds, in words
};

struct Fix {
  FixKind kind = FixKind::kWiderRange;
  std::string change;   // what is changed, "hosts client: ip_local_port_range 1024 65535"
  std::string formula;  // the arithmetic, "capacity 28232 -> 64512 ports: 64512 / 60.004 s = 1075 conn/s"
  scenario::Scenario scenario;  // the scenario with the fix applied
  // Workloads the fix adds in place of the binding pool's (more source
  // addresses splits each), whose failures count as the pool's.
  std::vector<std::string> added_workloads;
  Verdict predicted;
  std::optional<Verdict> simulated;  // when checked
};

struct HeadroomOptions {
  uint64_t seed = 1;
  SimTime at;
  bool check = true;  // run the scenario and each fix
  int64_t memory_limit = run::kDefaultMemoryLimit;
};

struct HeadroomReport {
  sim::Headroom headroom;
  Verdict predicted;                 // the scenario as it is
  std::optional<Verdict> simulated;  // when checked
  std::vector<Fix> fixes;            // ranked: most room first
  int runs = 0;                      // runs made to check
  double connections_per_run = 0;    // the estimate the bound used
};

// The fixes that apply to `h`'s binding pool, not yet predicted or checked.
std::vector<Fix> PlanFixes(const scenario::Scenario& scenario, const sim::Headroom& h);

// Measures the headroom at options.at, plans the fixes, predicts each,
// ranks them and, with options.check, runs the scenario and each fix.
// InvalidArgument as MeasureHeadroom; ResourceExhausted for checking work
// over the bounds above.
absl::StatusOr<HeadroomReport> AnalyzeHeadroom(const scenario::Scenario& scenario, const HeadroomOptions& options);

// The fixes of `h` (measured at h.at), predicted and ranked as
// AnalyzeHeadroom does, not checked: `portlab run`'s headroom section.
absl::StatusOr<std::vector<sim::RankedFix>> RankFixesByFormula(const scenario::Scenario& scenario, uint64_t seed,
                                                               const sim::Headroom& h);

// The connections one run of `scenario` makes at most: the steps'
// connect() counts and each workload's rate (or pool) over its time.
double EstimateConnections(const scenario::Scenario& scenario);

}  // namespace portlab::analysis

#endif  // PORTLAB_ANALYSIS_HEADROOM_FIXES_H_
