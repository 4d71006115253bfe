#include "portlab/analysis/scenario_analysis.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "portlab/analysis/headroom_fixes.h"
#include "portlab/base/strings.h"
#include "portlab/base/suggest.h"
#include "portlab/run/expectations.h"
#include "portlab/stack/ephemeral_strategy.h"

namespace portlab::analysis {
namespace {

absl::Status ErrorAt(const scenario::SourceLocation& where, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(where.ToString(), ": ", message));
}

// What a `strategy:` expectation could have named instead, for its error.
std::string MetricsOf(const std::vector<sim::AnalysisFigure>& figures,
                      const std::string& strategy) {
  std::set<std::string> names;
  for (const sim::AnalysisFigure& f : figures) {
    if (f.strategy == strategy) names.insert(absl::StrCat(f.axis, ".", f.metric));
  }
  return absl::StrJoin(names, ", ");
}

// Every `strategy:` expectation must name exactly one figure.
absl::Status CheckExpectations(const scenario::Scenario& scenario, const sim::Result& result) {
  for (const scenario::ExpectSpec& entry : scenario.expect) {
    const auto* x = std::get_if<scenario::AnalysisExpect>(&entry.kind);
    if (!x) continue;
    std::vector<const sim::AnalysisFigure*> found = run::FindAnalysisFigures(result, *x);
    if (found.size() == 1) continue;
    if (found.empty()) {
      scenario::AnalysisExpect any = *x;
      any.x.reset();
      if (!x->x || run::FindAnalysisFigures(result, any).empty()) {
        return ErrorAt(entry.location,
                       absl::StrCat("metric: \"", x->metric, "\" is not a figure of ", x->strategy,
                                    " in this analysis (its figures: ",
                                    MetricsOf(result.analysis, x->strategy), ")"));
      }
      found = run::FindAnalysisFigures(result, any);
    }
    std::vector<std::string> xs;
    for (const sim::AnalysisFigure* f : found) {
      if (f->x) xs.push_back(absl::StrCat(*f->x));
    }
    return ErrorAt(entry.location,
                   absl::StrCat("metric: \"", x->metric, "\" has a value at each x; ",
                                x->x ? "x: must be one of " : "give x: one of ",
                                absl::StrJoin(xs, ", ")));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ComparisonOptions> AnalysisOptions(const scenario::Scenario& scenario,
                                                  uint64_t seed) {
  const scenario::AnalysisSpec& a = *scenario.analysis;
  ComparisonOptions o;
  o.seed = seed;
  for (size_t i = 0; i < a.strategies.size(); ++i) {
    absl::StatusOr<std::unique_ptr<stack::EphemeralStrategy>> probe =
        stack::MakeStrategy(a.strategies[i], seed);
    if (!probe.ok()) {
      return ErrorAt(a.strategy_locations[i],
                     absl::StrCat("strategies: ", probe.status().message()));
    }
  }
  o.strategies = a.strategies;
  absl::StatusOr<AxisSet> axes = ParseAxes(a.axes);
  if (!axes.ok()) return ErrorAt(a.location, axes.status().message());
  o.axes = *axes;
  if (a.range) o.range = *a.range;
  if (a.seeds) o.seeds = *a.seeds;
  if (a.occupancy) o.reuse.occupancy = *a.occupancy;
  if (a.churn) o.reuse.allocations = *a.churn;
  if (a.rate) o.reuse.rate = *a.rate;
  if (a.twait) o.reuse.twait = *a.twait;
  if (a.window) o.predict.max_window = *a.window;
  if (a.tries) o.predict.tries = *a.tries;
  if (a.budget) o.link.budget = *a.budget;
  if (a.pairs) o.link.pairs = *a.pairs;
  if (a.poison_trials) o.poison.trials = *a.poison_trials;
  if (a.poison_rate) o.poison.rate = *a.poison_rate;
  if (a.poison_rtt) o.poison.rtt = *a.poison_rtt;
  // Expectations naming no figure are refused before the comparison runs,
  // from the figures it will give, so `validate` refuses them too.
  sim::Result shapes;
  shapes.analysis = ComparisonFigureShapes(o);
  if (absl::Status st = CheckExpectations(scenario, shapes); !st.ok()) return st;
  return o;
}

absl::Status CheckScenarioWithAnalysis(const scenario::Scenario& scenario,
                                       const run::RunOptions& options) {
  if (absl::Status s = run::CheckScenario(scenario, options); !s.ok()) return s;
  if (!scenario.analysis) return absl::OkStatus();
  return AnalysisOptions(scenario, run::RunSeed(scenario, options)).status();
}

absl::StatusOr<ScenarioRun> RunScenarioWithAnalysis(const scenario::Scenario& scenario,
                                                    const run::RunOptions& options) {
  ScenarioRun run;
  std::optional<ComparisonOptions> analysis_options;
  if (scenario.analysis) {
    // Check the analysis before the simulation runs: a bad name costs nothing.
    absl::StatusOr<ComparisonOptions> o = AnalysisOptions(scenario, run::RunSeed(scenario, options));
    if (!o.ok()) return o.status();
    analysis_options = *std::move(o);
  }
  absl::StatusOr<sim::Result> result = run::RunScenario(scenario, options);
  if (!result.ok()) return result.status();
  run.result = *std::move(result);
  // The headroom section's fixes, by formula (analysis/headroom_fixes.h),
  // only where the section is shown: each costs a build of the scenario.
  sim::RunHeadroom& h = run.result.headroom;
  if (sim::HeadroomShown(run.result)) {
    absl::StatusOr<std::vector<sim::RankedFix>> fixes =
        RankFixesByFormula(scenario, run::RunSeed(scenario, options), *h.measured);
    if (!fixes.ok()) return fixes.status();
    h.fixes = *std::move(fixes);
  }
  if (!analysis_options) return run;

  absl::StatusOr<Comparison> c = CompareStrategies(*analysis_options);
  if (!c.ok()) return ErrorAt(scenario.analysis->location, c.status().message());
  run.result.analysis = ComparisonFigures(*c);
  run.comparison = *std::move(c);
  run::Conclude(scenario, run.result);
  return run;
}

}  // namespace portlab::analysis
