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
  o.poison.range = in.range;
  o.poison.seed = in.seed;
  return o;
}

// Numbers print with up to 9 significant digits: stable and diffable.
std::string Num(double v) { return absl::StrFormat("%.9g", v); }

constexpr std::string_view kAxisNames[] = {"cost", "reuse", "predictability", "linkability",
                                           "poisoning"};

}  // namespace

absl::Span<const std::string_view> AxisNames() { return kAxisNames; }

absl::StatusOr<AxisSet> ParseAxes(const std::vector<std::string>& names) {
  if (names.empty()) return AxisSet{};
  AxisSet set{false, false, false, false, false};
  for (const std::string& n : names) {
    if (n == "cost") set.cost = true;
    else if (n == "reuse") set.reuse = true;
    else if (n == "predictability") set.predictability = true;
    else if (n == "linkability") set.linkability = true;
    else if (n == "poisoning") set.poisoning = true;
    else
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown axis \"", n, "\" (axes: cost, reuse, predictability, linkability, poisoning)"));
  }
  return set;
}

absl::StatusOr<StrategyAnalysis> AnalyzeStrategy(std::string name, const StrategyFactory& factory,
                                                 const ComparisonOptions& options) {
  const ComparisonOptions o = Filled(options);
  StrategyAnalysis a;
  a.strategy = std::move(name);
  if (o.axes.cost) {
    absl::StatusOr<CostResult> cost = MeasureCost(factory, o.cost);
    if (!cost.ok()) return cost.status();
    a.cost = *std::move(cost);
  }
  if (o.axes.reuse) {
    absl::StatusOr<ReuseResult> reuse = MeasureReuse(factory, o.reuse);
    if (!reuse.ok()) return reuse.status();
    a.reuse = *reuse;
  }
  if (o.axes.predictability) {
    absl::StatusOr<PredictResult> predict = MeasurePredictability(factory, o.predict);
    if (!predict.ok()) return predict.status();
    a.predict = *std::move(predict);
  }
  if (o.axes.linkability) {
    absl::StatusOr<LinkResult> link = MeasureLinkability(factory, o.link);
    if (!link.ok()) return link.status();
    a.link = *link;
  }
  if (o.axes.poisoning) {
    absl::StatusOr<sim::PoisonFigures> poison = MeasurePoisoning(a.strategy, o.poison);
    if (!poison.ok()) return poison.status();
    a.poison = *poison;
  }
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

std::vector<sim::AnalysisFigure> ComparisonFigures(const Comparison& comparison) {
  std::vector<sim::AnalysisFigure> out;
  const AxisSet& axes = comparison.options.axes;
  for (const StrategyAnalysis& a : comparison.rows) {
    auto add = [&](const char* axis, std::string metric, std::optional<double> x, double value,
                   int seeds) {
      out.push_back({a.strategy, axis, std::move(metric), x, value, seeds});
    };
    if (axes.cost) {
      const int n = a.cost.seed_count;
      for (const CostPoint& p : a.cost.points) {
        add("cost", "mean_probes_at", p.occupancy_percent, p.mean_probes, p.samples);
      }
      for (size_t b = 0; b < a.cost.curve.size(); ++b) {
        add("cost", "mean_probes_bucket", static_cast<double>(b), a.cost.curve[b], n);
      }
      add("cost", "mean_ports_filled", std::nullopt, a.cost.mean_filled, n);
    }
    if (axes.reuse) {
      const ReuseResult& r = a.reuse;
      const int n = r.seed_count;
      add("reuse", "interval_min", std::nullopt, static_cast<double>(r.min), n);
      add("reuse", "interval_p10", std::nullopt, static_cast<double>(r.p10), n);
      add("reuse", "interval_median", std::nullopt, static_cast<double>(r.median), n);
      add("reuse", "interval_p90", std::nullopt, static_cast<double>(r.p90), n);
      add("reuse", "reuse_fraction", std::nullopt,
          r.connections ? static_cast<double>(r.reuses) / r.connections : 0, n);
      add("reuse", "collision_rate", static_cast<double>(r.twait), r.collision_rate, n);
    }
    if (axes.predictability) {
      const std::string tries = absl::StrCat("p_", a.predict.tries, "_tries");
      for (const PredictWindow& w : a.predict.windows) {
        add("predictability", "p_1_try", w.k, w.p_one, a.predict.seed_count);
        add("predictability", tries, w.k, w.p_tries, a.predict.seed_count);
      }
    }
    if (axes.linkability) {
      const LinkResult& l = a.link;
      const double budget = static_cast<double>(l.budget);
      add("linkability", "success_rate", budget,
          l.seed_count ? static_cast<double>(l.successes) / l.seed_count : 0, l.seed_count);
      add("linkability", "median_connections", budget,
          static_cast<double>(l.median_connections), l.successes);
      add("linkability", "max_connections", budget, static_cast<double>(l.max_connections),
          l.successes);
    }
    if (axes.poisoning) {
      const sim::PoisonFigures& f = a.poison;
      const int n = static_cast<int>(f.trials);
      add("poisoning", "success_rate", std::nullopt, f.rate(), n);
      add("poisoning", "interval_lo", std::nullopt, f.interval.lo, n);
      add("poisoning", "interval_hi", std::nullopt, f.interval.hi, n);
      add("poisoning", "analytic", std::nullopt, f.analytic, n);
      add("poisoning", "one_port_bets", std::nullopt,
          n ? static_cast<double>(f.predicted) / n : 0, n);
      add("poisoning", "forgeries", std::nullopt, static_cast<double>(f.forgeries), n);
    }
  }
  return out;
}

std::string ComparisonCsv(const Comparison& comparison) {
  std::string out = "strategy,axis,metric,x,value,seed_count\n";
  for (const sim::AnalysisFigure& f : ComparisonFigures(comparison)) {
    absl::StrAppend(&out, f.strategy, ",", f.axis, ",", f.metric, ",", f.x ? Num(*f.x) : "", ",",
                    Num(f.value), ",", f.seed_count, "\n");
  }
  return out;
}

}  // namespace portlab::analysis
