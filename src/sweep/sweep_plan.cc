#include "portlab/sweep/sweep_plan.h"

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "portlab/base/strings.h"

namespace portlab::sweep {

absl::StatusOr<SweepAxis> ParseSweepAxis(std::string_view text) {
  absl::StatusOr<scenario::Override> o = scenario::ParseOverride(text);
  if (!o.ok()) return o.status();
  absl::StatusOr<std::vector<std::string>> parts = scenario::SplitKeyPath(o->path);
  if (!parts.ok()) return parts.status();
  if (parts->size() == 1 && (*parts)[0] == "seed") {
    return absl::InvalidArgumentError("--set seed=...: a sweep takes its seeds from --seeds (and --seed for the first)");
  }
  // The run CSV's own columns (report/sweep_writer.h): summarize finds the
  // axes between `seed` and `passed`, so an axis of one of these names
  // would not read back (fuzz/findings/sweep_csv). No scenario has such a
  // top-level key.
  if (parts->size() == 1 && ((*parts)[0] == "run" || (*parts)[0] == "point" || (*parts)[0] == "passed")) {
    return absl::InvalidArgumentError(absl::StrCat("--set ", (*parts)[0], "=...: `", (*parts)[0],
                                                   "` is a column of the sweep's CSV, not a scenario key"));
  }
  SweepAxis axis;
  axis.key = o->path;
  for (absl::string_view v : absl::StrSplit(AV(o->value), ',')) {
    if (v.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--set ", AV(text), ": an empty value (values are separated by single commas)"));
    }
    axis.values.emplace_back(v);
  }
  return axis;
}

absl::StatusOr<Shard> ParseShard(std::string_view text) {
  std::vector<absl::string_view> kn = absl::StrSplit(AV(text), '/');
  Shard s;
  if (kn.size() != 2 || !absl::SimpleAtoi(kn[0], &s.index) || !absl::SimpleAtoi(kn[1], &s.count) ||
      s.count < 1 || s.index < 1 || s.index > s.count) {
    return absl::InvalidArgumentError(
        absl::StrCat("--shard \"", AV(text), "\": expected K/N with 1 <= K <= N, e.g. 2/4"));
  }
  return s;
}

int64_t SweepPlan::points() const {
  int64_t n = 1;
  for (const SweepAxis& a : axes) {
    // Saturate: CheckPlan refuses anything this large.
    n = n > kMaxSweepRuns ? n : n * static_cast<int64_t>(a.values.size());
  }
  return n;
}

std::vector<std::string> SweepPlan::PointValues(int64_t point) const {
  std::vector<std::string> values(axes.size());
  // The last axis varies fastest.
  for (size_t i = axes.size(); i-- > 0;) {
    const int64_t n = static_cast<int64_t>(axes[i].values.size());
    values[i] = axes[i].values[point % n];
    point /= n;
  }
  return values;
}

std::vector<scenario::Override> SweepPlan::PointOverrides(int64_t point) const {
  std::vector<std::string> values = PointValues(point);
  std::vector<scenario::Override> o;
  for (size_t i = 0; i < axes.size(); ++i) o.push_back({axes[i].key, values[i]});
  return o;
}

std::pair<int64_t, int64_t> SweepPlan::ShardRuns(const Shard& shard) const {
  const int64_t n = runs();
  // n <= kMaxSweepRuns and count is small enough in practice; use 128-bit
  // products so no shard count can overflow.
  auto at = [&](int64_t k) {
    return static_cast<int64_t>(static_cast<__int128>(k) * n / shard.count);
  };
  return {at(shard.index - 1), at(shard.index)};
}

absl::Status CheckPlan(const SweepPlan& plan) {
  if (plan.seeds < 1) return absl::InvalidArgumentError("--seeds must be at least 1");
  if (plan.seeds > kMaxSweepRuns || plan.points() > kMaxSweepRuns ||
      plan.points() * plan.seeds > kMaxSweepRuns) {
    return absl::InvalidArgumentError(absl::StrCat("the sweep asks for more than ", kMaxSweepRuns,
                                                   " runs (grid points x seeds); refused"));
  }
  return absl::OkStatus();
}

}  // namespace portlab::sweep
