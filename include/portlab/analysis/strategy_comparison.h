// StrategyComparison: the four axes (cost, reuse, predictability,
// linkability), and on request the fifth (poisoning: the DNS race over UDP
// query ports), for a list of strategies, and their long-format CSV.
//
// Each strategy is built through its StrategyFactory once per seed and
// axis, with a seed derived from (options seed, axis, seed index), so the
// result depends only on the options: the same options give byte-identical
// CSV. No I/O: the caller prints or writes the results.
//
// Example:
//   ComparisonOptions o;
//   o.strategies = {"linux", "random"};
//   Comparison c = CompareStrategies(o).value();
//   std::string csv = ComparisonCsv(c);
#ifndef PORTLAB_ANALYSIS_STRATEGY_COMPARISON_H_
#define PORTLAB_ANALYSIS_STRATEGY_COMPARISON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "portlab/analysis/cost_axis.h"
#include "portlab/analysis/linkability_axis.h"
#include "portlab/analysis/poisoning_axis.h"
#include "portlab/analysis/predictability_axis.h"
#include "portlab/analysis/reuse_axis.h"
#include "portlab/sim/result.h"

namespace portlab::analysis {

// Which axes to measure; by default the four of TCP connect() and the
// bind tables. Poisoning (UDP query ports) runs a thousand races per
// strategy, so only when named.
struct AxisSet {
  bool cost = true;
  bool reuse = true;
  bool predictability = true;
  bool linkability = true;
  bool poisoning = false;
};

// The axis names, in report order: cost, reuse, predictability,
// linkability, poisoning.
absl::Span<const std::string_view> AxisNames();
// An AxisSet of the named axes (none named: the default four);
// InvalidArgument naming an unknown one.
absl::StatusOr<AxisSet> ParseAxes(const std::vector<std::string>& names);

struct ComparisonOptions {
  // Names from stack::Strategies(); empty: every strategy that builds.
  std::vector<std::string> strategies;
  net::PortRange range = kDefaultRange;
  int seeds = 20;
  uint64_t seed = 1;
  AxisSet axes;
  // Per-axis settings; their range, seeds and seed are overwritten with the
  // three above (poisoning's range and seed; it has trials, not seeds).
  CostOptions cost;
  ReuseOptions reuse;
  PredictOptions predict;
  LinkOptions link;
  PoisonAxisOptions poison;
};

// Axes left out (AxisSet) keep their default-constructed results.
struct StrategyAnalysis {
  std::string strategy;
  CostResult cost;
  ReuseResult reuse;
  PredictResult predict;
  LinkResult link;
  sim::PoisonFigures poison;
};

struct Comparison {
  ComparisonOptions options;           // as used (axis options filled in)
  std::vector<StrategyAnalysis> rows;  // in the order of the strategy list
  // Strategies of stack::Strategies() left out of a default run because
  // they failed to build, each "name: message".
  std::vector<std::string> skipped;
};

// NotFound for a named strategy MakeStrategy does not know; InvalidArgument
// for bad axis options.
absl::StatusOr<Comparison> CompareStrategies(const ComparisonOptions& options);

// The axes of one strategy built by `factory` (tests inject doubles; the
// poisoning axis builds hosts, which take the strategy by `name`).
absl::StatusOr<StrategyAnalysis> AnalyzeStrategy(std::string name, const StrategyFactory& factory,
                                                 const ComparisonOptions& options);

// Every number of the measured axes, strategy by strategy, in a fixed
// order, each with its 95 % interval (base/confidence_interval.h): a mean
// over seeds has Student's t, a count of successes over seeds or trials
// Clopper-Pearson (poisoning's success rate keeps the race's Wilson
// interval), the median of the linkability attack's connections the
// order-statistics interval; an extreme (max_connections), an interval's
// own bound, an analytic figure and one seed have none.
std::vector<sim::AnalysisFigure> ComparisonFigures(const Comparison& comparison);

// The figures ComparisonFigures gives under `options` for its listed
// strategies (each strategy, axis, metric and x; values 0, no seeds):
// what a `strategy:` expectation may name, known before anything runs.
std::vector<sim::AnalysisFigure> ComparisonFigureShapes(const ComparisonOptions& options);

// Long format of ComparisonFigures: a header
// "strategy,axis,metric,x,value,seed_count,ci95_low,ci95_high,interval",
// then one line per number; x is empty for metrics without an abscissa,
// ci95_low and ci95_high empty where the figure has no interval, interval names
// the method ("student-t", "clopper-pearson", "wilson",
// "median-order-statistics", or empty).
std::string ComparisonCsv(const Comparison& comparison);

// The seeds behind each figure: a header "strategy,axis,metric,x,seed,value",
// then one line per figure and seed that has a value (seed: its index
// 0..seeds-1 in the axis's seed order; a linkability success_rate row is 1
// for a linked victim, 0 otherwise; the connection figures list only the
// linked seeds; poisoning has trials, not seeds, and no rows). Plain
// columns, no quoting: pandas.read_csv reads it without options.
std::string ComparisonPerSeedCsv(const Comparison& comparison);

}  // namespace portlab::analysis

#endif  // PORTLAB_ANALYSIS_STRATEGY_COMPARISON_H_
