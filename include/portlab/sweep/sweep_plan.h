// SweepPlan: the runs of `portlab sweep`, a grid of `--set` values times
// seeds, numbered so that any slice of them (a shard) is deterministic.
//
// Runs are numbered 0 .. runs()-1. Run r is grid point r / seeds with seed
// first_seed + r % seeds; grid points enumerate the axes like nested loops,
// the first --set outermost. A shard K/N is the contiguous block of runs
// [floor((K-1)·runs/N), floor(K·runs/N)), so the shards' rows, concatenated
// in shard order, are the rows of the unsharded sweep.
//
// Example:
//   SweepPlan plan;
//   plan.axes.push_back(*ParseSweepAxis("hosts.client.sysctl.tcp_tw_reuse=0,1"));
//   plan.seeds = 10;
//   auto [begin, end] = plan.ShardRuns(*ParseShard("2/4"));
//
// Thread safety: a value.
#ifndef PORTLAB_SWEEP_SWEEP_PLAN_H_
#define PORTLAB_SWEEP_SWEEP_PLAN_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/base/limits.h"
#include "portlab/scenario/overrides.h"

namespace portlab::sweep {

// One `--set KEY=V1,V2,...`.
struct SweepAxis {
  std::string key;
  std::vector<std::string> values;  // at least one
};

// "KEY=V1,V2,..." -> axis. InvalidArgument for a missing '=', an empty KEY
// or value, a KEY that does not split (scenario::SplitKeyPath), or `seed`
// (seeds come from --seeds).
absl::StatusOr<SweepAxis> ParseSweepAxis(std::string_view text);

// Shard K of N, 1 <= K <= N.
struct Shard {
  int64_t index = 1;
  int64_t count = 1;
};
// "K/N" -> shard. InvalidArgument unless 1 <= K <= N.
absl::StatusOr<Shard> ParseShard(std::string_view text);

struct SweepPlan {
  std::vector<SweepAxis> axes;
  int64_t seeds = 1;
  uint64_t first_seed = 1;

  // The product of the axes' sizes (1 with no axes).
  int64_t points() const;
  int64_t runs() const { return points() * seeds; }
  int64_t PointOf(int64_t run) const { return run / seeds; }
  uint64_t SeedOf(int64_t run) const { return first_seed + static_cast<uint64_t>(run % seeds); }
  // The value each axis takes at `point`, in axis order.
  std::vector<std::string> PointValues(int64_t point) const;
  // The overrides that make grid point `point`.
  std::vector<scenario::Override> PointOverrides(int64_t point) const;
  // [begin, end) of the runs in `shard`.
  std::pair<int64_t, int64_t> ShardRuns(const Shard& shard) const;
};

inline constexpr int64_t kMaxSweepRuns = limits::kMaxSweepRuns;

// InvalidArgument when the grid times the seeds exceeds kMaxSweepRuns or
// seeds < 1.
absl::Status CheckPlan(const SweepPlan& plan);

}  // namespace portlab::sweep

#endif  // PORTLAB_SWEEP_SWEEP_PLAN_H_
