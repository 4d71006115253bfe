#include "portlab/analysis/strategy_comparison.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "portlab/base/confidence_interval.h"
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

namespace {

// (seed index, value) pairs of values given in seed order.
std::vector<std::pair<int, double>> Indexed(const std::vector<double>& values) {
  std::vector<std::pair<int, double>> out;
  for (size_t s = 0; s < values.size(); ++s) out.emplace_back(static_cast<int>(s), values[s]);
  return out;
}

// A mean over seeds: its Student t interval from the seeds' values.
void WithMeanInterval(sim::AnalysisFigure& f, std::vector<std::pair<int, double>> per_seed) {
  std::vector<double> values;
  for (const auto& [seed, v] : per_seed) values.push_back(v);
  f.ci95 = MeanInterval(values);
  f.interval = f.ci95 ? IntervalMethod::kStudentT : IntervalMethod::kNone;
  f.per_seed = std::move(per_seed);
}

// k successes in n trials: the Clopper-Pearson interval.
void WithBinomialInterval(sim::AnalysisFigure& f, int64_t k, int64_t n) {
  if (n < 1) return;
  f.ci95 = ClopperPearson(k, n);
  f.interval = IntervalMethod::kClopperPearson;
}

std::string CsvNumber(const std::optional<double>& v) { return v ? Num(*v) : ""; }

}  // namespace

std::vector<sim::AnalysisFigure> ComparisonFigureShapes(const ComparisonOptions& options) {
  // The figures ComparisonFigures adds below, axis by axis, and their x.
  const ComparisonOptions o = Filled(options);
  std::vector<sim::AnalysisFigure> out;
  for (const std::string& strategy : o.strategies) {
    auto add = [&](const char* axis, std::string metric, std::optional<double> x = std::nullopt) {
      sim::AnalysisFigure& f = out.emplace_back();
      f.strategy = strategy;
      f.axis = axis;
      f.metric = std::move(metric);
      f.x = x;
    };
    if (o.axes.cost) {
      for (double pct : kCostPoints) add("cost", "mean_probes_at", pct);
      for (int b = 0; b < kCostCurveBuckets; ++b) add("cost", "mean_probes_bucket", b);
      add("cost", "mean_ports_filled");
    }
    if (o.axes.reuse) {
      for (const char* metric : {"interval_min", "interval_p10", "interval_median", "interval_p90", "reuse_fraction"}) {
        add("reuse", metric);
      }
      add("reuse", "collision_rate", static_cast<double>(ReuseTwait(o.reuse)));
    }
    if (o.axes.predictability) {
      for (int k = 1; k <= o.predict.max_window; ++k) {
        add("predictability", "p_1_try", k);
        add("predictability", absl::StrCat("p_", o.predict.tries, "_tries"), k);
      }
    }
    if (o.axes.linkability) {
      for (const char* metric : {"success_rate", "median_connections", "max_connections"}) {
        add("linkability", metric, static_cast<double>(o.link.budget));
      }
    }
    if (o.axes.poisoning) {
      for (const char* metric :
           {"success_rate", "interval_lo", "interval_hi", "analytic", "one_port_bets", "forgeries"}) {
        add("poisoning", metric);
      }
    }
  }
  return out;
}

std::vector<sim::AnalysisFigure> ComparisonFigures(const Comparison& comparison) {
  std::vector<sim::AnalysisFigure> out;
  const AxisSet& axes = comparison.options.axes;
  for (const StrategyAnalysis& a : comparison.rows) {
    auto add = [&](const char* axis, std::string metric, std::optional<double> x, double value,
                   int seeds) -> sim::AnalysisFigure& {
      sim::AnalysisFigure& f = out.emplace_back();
      f.strategy = a.strategy;
      f.axis = axis;
      f.metric = std::move(metric);
      f.x = x;
      f.value = value;
      f.seed_count = seeds;
      return f;
    };
    if (axes.cost) {
      const int n = a.cost.seed_count;
      for (const CostPoint& p : a.cost.points) {
        WithMeanInterval(add("cost", "mean_probes_at", p.occupancy_percent, p.mean_probes, p.samples),
                         p.by_seed);
      }
      for (size_t b = 0; b < a.cost.curve.size(); ++b) {
        const auto& by_seed = a.cost.curve_by_seed[b];
        WithMeanInterval(add("cost", "mean_probes_bucket", static_cast<double>(b), a.cost.curve[b],
                             static_cast<int>(by_seed.size())),
                         by_seed);
      }
      WithMeanInterval(add("cost", "mean_ports_filled", std::nullopt, a.cost.mean_filled, n),
                       Indexed(a.cost.filled_by_seed));
    }
    if (axes.reuse) {
      const ReuseResult& r = a.reuse;
      const int n = r.seed_count;
      auto seeds = [&](auto field) {
        std::vector<double> v;
        for (const ReuseSeed& s : r.by_seed) v.push_back(static_cast<double>(field(s)));
        return Indexed(v);
      };
      WithMeanInterval(add("reuse", "interval_min", std::nullopt, r.min, n),
                       seeds([](const ReuseSeed& s) { return s.min; }));
      WithMeanInterval(add("reuse", "interval_p10", std::nullopt, r.p10, n),
                       seeds([](const ReuseSeed& s) { return s.p10; }));
      WithMeanInterval(add("reuse", "interval_median", std::nullopt, r.median, n),
                       seeds([](const ReuseSeed& s) { return s.median; }));
      WithMeanInterval(add("reuse", "interval_p90", std::nullopt, r.p90, n),
                       seeds([](const ReuseSeed& s) { return s.p90; }));
      WithMeanInterval(add("reuse", "reuse_fraction", std::nullopt,
                           r.connections ? static_cast<double>(r.reuses) / r.connections : 0, n),
                       seeds([](const ReuseSeed& s) { return s.reuse_fraction; }));
      WithMeanInterval(add("reuse", "collision_rate", static_cast<double>(r.twait), r.collision_rate, n),
                       seeds([](const ReuseSeed& s) { return s.collision_rate; }));
    }
    if (axes.predictability) {
      const std::string tries = absl::StrCat("p_", a.predict.tries, "_tries");
      for (const PredictWindow& w : a.predict.windows) {
        WithMeanInterval(add("predictability", "p_1_try", w.k, w.p_one, a.predict.seed_count),
                         Indexed(w.p_one_by_seed));
        WithMeanInterval(add("predictability", tries, w.k, w.p_tries, a.predict.seed_count),
                         Indexed(w.p_tries_by_seed));
      }
    }
    if (axes.linkability) {
      const LinkResult& l = a.link;
      const double budget = static_cast<double>(l.budget);
      std::vector<std::pair<int, double>> linked, needed;
      std::vector<double> sorted;
      for (size_t s = 0; s < l.needed_by_seed.size(); ++s) {
        const int64_t c = l.needed_by_seed[s];
        linked.emplace_back(static_cast<int>(s), c >= 0 ? 1.0 : 0.0);
        if (c >= 0) {
          needed.emplace_back(static_cast<int>(s), static_cast<double>(c));
          sorted.push_back(static_cast<double>(c));
        }
      }
      std::sort(sorted.begin(), sorted.end());
      sim::AnalysisFigure& rate = add("linkability", "success_rate", budget,
                                      l.seed_count ? static_cast<double>(l.successes) / l.seed_count : 0,
                                      l.seed_count);
      WithBinomialInterval(rate, l.successes, l.seed_count);
      rate.per_seed = std::move(linked);
      sim::AnalysisFigure& median = add("linkability", "median_connections", budget,
                                        static_cast<double>(l.median_connections), l.successes);
      median.ci95 = MedianInterval(sorted);
      if (median.ci95) median.interval = IntervalMethod::kMedianOrderStatistics;
      median.per_seed = needed;
      // The largest of the successes: an extreme, with no interval.
      add("linkability", "max_connections", budget, static_cast<double>(l.max_connections),
          l.successes)
          .per_seed = std::move(needed);
    }
    if (axes.poisoning) {
      const sim::PoisonFigures& f = a.poison;
      const int n = static_cast<int>(f.trials);
      sim::AnalysisFigure& rate = add("poisoning", "success_rate", std::nullopt, f.rate(), n);
      if (n > 0) {
        rate.ci95 = ConfidenceInterval{f.interval.lo, f.interval.hi};
        rate.interval = IntervalMethod::kWilson;
      }
      add("poisoning", "interval_lo", std::nullopt, f.interval.lo, n);
      add("poisoning", "interval_hi", std::nullopt, f.interval.hi, n);
      add("poisoning", "analytic", std::nullopt, f.analytic, n);
      WithBinomialInterval(add("poisoning", "one_port_bets", std::nullopt,
                               n ? static_cast<double>(f.predicted) / n : 0, n),
                           f.predicted, n);
      add("poisoning", "forgeries", std::nullopt, static_cast<double>(f.forgeries), n);
    }
  }
  return out;
}

std::string ComparisonCsv(const Comparison& comparison) {
  std::string out = "strategy,axis,metric,x,value,seed_count,ci95_low,ci95_high,interval\n";
  for (const sim::AnalysisFigure& f : ComparisonFigures(comparison)) {
    absl::StrAppend(&out, f.strategy, ",", f.axis, ",", f.metric, ",", CsvNumber(f.x), ",",
                    Num(f.value), ",", f.seed_count, ",",
                    CsvNumber(f.ci95 ? std::optional<double>(f.ci95->low) : std::nullopt), ",",
                    CsvNumber(f.ci95 ? std::optional<double>(f.ci95->high) : std::nullopt), ",",
                    AV(IntervalMethodName(f.interval)), "\n");
  }
  return out;
}

std::string ComparisonPerSeedCsv(const Comparison& comparison) {
  std::string out = "strategy,axis,metric,x,seed,value\n";
  for (const sim::AnalysisFigure& f : ComparisonFigures(comparison)) {
    for (const auto& [seed, value] : f.per_seed) {
      absl::StrAppend(&out, f.strategy, ",", f.axis, ",", f.metric, ",", CsvNumber(f.x), ",", seed,
                      ",", Num(value), "\n");
    }
  }
  return out;
}

}  // namespace portlab::analysis
