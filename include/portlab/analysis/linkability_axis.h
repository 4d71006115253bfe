// Linkability axis: the Kol–Klein–Gilad device-tracking attack.
//
// Kol, Klein and Gilad (USENIX Security 2023, arXiv 2209.12993) track a
// Linux device across networks and browsers: RFC 6056 Algorithm 4 picks a
// port as hash1(dest) + table[hash2(dest)], then advances that table cell.
// Which attacker destinations share a cell depends only on the per-boot key,
// so the set of colliding destination pairs is a device ID. The attacker
// (e.g. a web page) makes the victim connect to destinations it controls
// (its addresses, many destination ports) and reads the source ports.
//
// What is modelled, generically over any EphemeralStrategy:
//   1. Calibration: 16 back-to-back connection pairs to fresh destinations
//      give the "one step" port difference. If every pair shows the same
//      difference d the counter is deterministic: a shared cell shows
//      exactly 2d for d_j, other, d_j. Otherwise single steps are noisy and
//      "two steps" means a difference in (max single, 2 x max single].
//   2. Scan: destinations d_0, d_1, ... are each connected twice, the second
//      time `window` destinations later. If d_j's difference exceeds one step,
//      some destination connected in between advanced d_j's cell.
//   3. Confirm: each in-between destination c is tested with d_j, c, d_j,
//      `repeats` times; every test must show two steps.
//   4. Persist: a confirmed pair is tested again on a later visit (60 s
//      later), since an ID must survive. A pair passing both counts.
// The attack succeeds when `pairs` pairs were found within `budget`
// connections. Connections are 1 ms apart and closed at once; no other
// traffic. Current Linux defeats it: a 2^16 table makes collisions rare, the
// random increments blur the steps, and re-salting every 10 s reassigns
// cells between visits.
//
// Example:
//   LinkResult r = MeasureLinkability(FactoryFor("linux"), {}).value();
//   // r.successes == 0
#ifndef PORTLAB_ANALYSIS_LINKABILITY_AXIS_H_
#define PORTLAB_ANALYSIS_LINKABILITY_AXIS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/analysis/strategy_driver.h"

namespace portlab::analysis {

struct LinkOptions {
  net::PortRange range = kDefaultRange;
  int seeds = 20;
  uint64_t seed = 1;
  int64_t budget = 50000;  // connections the attacker may cause per victim
  int window = 8;          // destinations between a destination's two connections
  int repeats = 4;         // confirmation tests per candidate pair
  int pairs = 1;           // colliding pairs that make the ID
};

struct LinkResult {
  int seed_count = 0;
  int64_t budget = 0;
  int successes = 0;                // seeds (victims) where the attack succeeded
  // Connections needed, over the successful seeds; 0 when none succeeded.
  int64_t median_connections = 0;
  int64_t max_connections = 0;
  double mean_connections = 0;
  // Each seed's connections needed, in seed order; -1 where the attack
  // did not succeed within the budget.
  std::vector<int64_t> needed_by_seed;
};

// InvalidArgument for seeds < 1, budget < 1, window < 1, repeats < 1 or
// pairs < 1; a factory error as returned.
absl::StatusOr<LinkResult> MeasureLinkability(const StrategyFactory& factory,
                                              const LinkOptions& options);

}  // namespace portlab::analysis

#endif  // PORTLAB_ANALYSIS_LINKABILITY_AXIS_H_
