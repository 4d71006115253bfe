#include "portlab/analysis/strategy_comparison.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "portlab/base/strings.h"
#include "portlab/stack/ephemeral_strategy.h"

namespace portlab::analysis {
namespace {

ComparisonOptions Filled(const ComparisonOptions& in) {
  ComparisonOptions o = in;
  o.cost.range = o.reuse.range = o.predict.range = o.link.range = in.range;
  o.cost.seeds = o.reuse.seeds = o.predict.seeds = o.link.seeds = in.seeds;
  o.cost.seed = o.reuse.seed = o.predict.seed = o.link.seed = in.seed;
  return o;
}

// Numbers print with up to 9 significant digits: stable and diffable.
std::string Num(double v) { return absl::StrFormat("%.9g", v); }

}  // namespace

absl::StatusOr<StrategyAnalysis> AnalyzeStrategy(std::string name, const StrategyFactory& factory,
                                                 const ComparisonOptions& options) {
  const ComparisonOptions o = Filled(options);
  StrategyAnalysis a;
  a.strategy = std::move(name);
  absl::StatusOr<CostResult> cost = MeasureCost(factory, o.cost);
  if (!cost.ok()) return cost.status();
  a.cost = *std::move(cost);
  absl::StatusOr<ReuseResult> reuse = MeasureReuse(factory, o.reuse);
  if (!reuse.ok()) return reuse.status();
  a.reuse = *reuse;
  absl::StatusOr<PredictResult> predict = MeasurePredictability(factory, o.predict);
  if (!predict.ok()) return predict.status();
  a.predict = *std::move(predict);
  absl::StatusOr<LinkResult> link = MeasureLinkability(factory, o.link);
  if (!link.ok()) return link.status();
  a.link = *link;
  return a;
}

absl::StatusOr<Comparison> CompareStrategies(const ComparisonOptions& options) {
  Comparison c;
  c.options = Filled(options);
  std::vector<std::string> names = options.strategies;
  const bool explicit_list = !names.empty();
  if (!explicit_list) {
    for (const stack::StrategyInfo& info : stack::Strategies()) {
      absl::StatusOr<std::unique_ptr<stack::EphemeralStrategy>> probe =
          stack::MakeStrategy(info.name, options.seed);
      if (probe.ok()) {
        names.emplace_back(info.name);
      } else {
        c.skipped.push_back(absl::StrCat(AV(info.name), ": ", probe.status().message()));
      }
    }
  }
  for (const std::string& name : names) {
    if (explicit_list) {
      absl::StatusOr<std::unique_ptr<stack::EphemeralStrategy>> probe =
          stack::MakeStrategy(name, options.seed);
      if (!probe.ok()) return probe.status();
    }
    absl::StatusOr<StrategyAnalysis> a = AnalyzeStrategy(name, FactoryFor(name), options);
    if (!a.ok()) return a.status();
    c.rows.push_back(*std::move(a));
  }
  return c;
}

std::string ComparisonCsv(const Comparison& comparison) {
  std::string out = "strategy,axis,metric,x,value,seed_count\n";
  auto line = [&out](const std::string& strategy, const char* axis, const char* metric,
                     const std::string& x, double value, int seeds) {
    absl::StrAppend(&out, strategy, ",", axis, ",", metric, ",", x, ",", Num(value), ",", seeds,
                    "\n");
  };
  for (const StrategyAnalysis& a : comparison.rows) {
    const std::string& s = a.strategy;
    const int n = a.cost.seed_count;
    for (const CostPoint& p : a.cost.points) {
      line(s, "cost", "mean_probes_at", Num(p.occupancy_percent), p.mean_probes, p.samples);
    }
    for (size_t b = 0; b < a.cost.curve.size(); ++b) {
      line(s, "cost", "mean_probes_bucket", Num(static_cast<double>(b)), a.cost.curve[b], n);
    }
    line(s, "cost", "mean_ports_filled", "", a.cost.mean_filled, n);

    const ReuseResult& r = a.reuse;
    line(s, "reuse", "interval_min", "", static_cast<double>(r.min), r.seed_count);
    line(s, "reuse", "interval_p10", "", static_cast<double>(r.p10), r.seed_count);
    line(s, "reuse", "interval_median", "", static_cast<double>(r.median), r.seed_count);
    line(s, "reuse", "interval_p90", "", static_cast<double>(r.p90), r.seed_count);
    line(s, "reuse", "reuse_fraction", "",
         r.connections ? static_cast<double>(r.reuses) / r.connections : 0, r.seed_count);
    line(s, "reuse", "collision_rate", Num(static_cast<double>(r.twait)), r.collision_rate,
         r.seed_count);

    for (const PredictWindow& w : a.predict.windows) {
      line(s, "predictability", "p_1_try", Num(w.k), w.p_one, a.predict.seed_count);
      line(s, "predictability", absl::StrCat("p_", a.predict.tries, "_tries").c_str(), Num(w.k),
           w.p_tries, a.predict.seed_count);
    }

    const LinkResult& l = a.link;
    line(s, "linkability", "success_rate", Num(static_cast<double>(l.budget)),
         static_cast<double>(l.successes) / l.seed_count, l.seed_count);
    line(s, "linkability", "median_connections", Num(static_cast<double>(l.budget)),
         static_cast<double>(l.median_connections), l.successes);
    line(s, "linkability", "max_connections", Num(static_cast<double>(l.budget)),
         static_cast<double>(l.max_connections), l.successes);
  }
  return out;
}

}  // namespace portlab::analysis
