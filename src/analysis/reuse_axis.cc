#include "portlab/analysis/reuse_axis.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "portlab/base/rng.h"

namespace portlab::analysis {
namespace {

int64_t NearestRank(const std::vector<int64_t>& sorted, double q) {
  if (sorted.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(q * sorted.size()));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace

int64_t ReuseTwait(const ReuseOptions& options) {
  return options.twait > 0 ? options.twait : static_cast<int64_t>(std::llround(options.rate * kTimeWaitSeconds));
}

absl::StatusOr<ReuseResult> MeasureReuse(const StrategyFactory& factory,
                                         const ReuseOptions& options) {
  if (options.seeds < 1) return absl::InvalidArgumentError("reuse: seeds must be >= 1");
  if (!(options.occupancy >= 0 && options.occupancy < 1)) {
    return absl::InvalidArgumentError("reuse: occupancy must be in [0, 1)");
  }
  // One allocation per tick of 1e9 / rate ns: a tick from 1 ns to 1000 s
  // (a rate of 1e-300 made it infinite, and its conversion undefined).
  if (!(options.rate >= 1e-3 && options.rate <= 1e9)) {
    return absl::InvalidArgumentError("reuse: rate must be from 0.001 to 1e9 connections per second");
  }
  if (options.allocations < 1) return absl::InvalidArgumentError("reuse: allocations must be >= 1");

  ReuseResult r;
  r.seed_count = options.seeds;
  r.twait = ReuseTwait(options);
  const Duration tick = Duration::Nanos(static_cast<int64_t>(1e9 / options.rate));
  const int held = static_cast<int>(options.occupancy * options.range.size());
  const Destination to = DefaultDestination();
  int64_t collisions = 0;

  for (int s = 0; s < options.seeds; ++s) {
    absl::StatusOr<std::unique_ptr<stack::EphemeralStrategy>> strategy =
        factory(DeriveSeed(options.seed, "analysis:reuse:" + std::to_string(s)));
    if (!strategy.ok()) return strategy.status();
    StrategyDriver driver(std::move(*strategy), options.range, tick);
    std::deque<net::Port> open;
    std::vector<int64_t> released_at(65536, -1);  // allocation index, -1 never
    std::vector<int64_t> intervals;
    int64_t seed_collisions = 0;
    for (int i = 0; i < held; ++i) {
      stack::PortSelection sel = driver.Connect(to);
      if (!sel.port) break;
      open.push_back(*sel.port);
    }
    for (int64_t a = 0; a < options.allocations; ++a) {
      stack::PortSelection sel = driver.Connect(to);
      if (sel.port) {
        const int64_t rel = released_at[sel.port->value()];
        if (rel >= 0) {
          const int64_t interval = a - rel;
          intervals.push_back(interval);
          if (interval <= r.twait) ++seed_collisions;
        }
        open.push_back(*sel.port);
      }
      // The oldest connection closes after this allocation.
      if (!open.empty()) {
        driver.Release(open.front());
        released_at[open.front().value()] = a;
        open.pop_front();
      }
    }
    std::sort(intervals.begin(), intervals.end());
    ReuseSeed seed;
    seed.connections = options.allocations;
    seed.reuses = static_cast<int64_t>(intervals.size());
    if (!intervals.empty()) seed.min = intervals.front();
    seed.p10 = NearestRank(intervals, 0.10);
    seed.median = NearestRank(intervals, 0.50);
    seed.p90 = NearestRank(intervals, 0.90);
    seed.reuse_fraction = static_cast<double>(seed.reuses) / static_cast<double>(seed.connections);
    seed.collision_rate = static_cast<double>(seed_collisions) / static_cast<double>(seed.connections);
    r.by_seed.push_back(seed);
    r.connections += seed.connections;
    r.reuses += seed.reuses;
    collisions += seed_collisions;
  }

  // Means over seeds, summed in seed order.
  for (const ReuseSeed& s : r.by_seed) {
    r.min += static_cast<double>(s.min);
    r.p10 += static_cast<double>(s.p10);
    r.median += static_cast<double>(s.median);
    r.p90 += static_cast<double>(s.p90);
  }
  const double n = static_cast<double>(r.by_seed.size());
  r.min /= n;
  r.p10 /= n;
  r.median /= n;
  r.p90 /= n;
  r.collision_rate = r.connections ? static_cast<double>(collisions) / r.connections : 0;
  return r;
}

}  // namespace portlab::analysis
