#include "portlab/report/comparison_writer.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "portlab/base/confidence_interval.h"
#include "portlab/base/strings.h"

namespace portlab::report {
namespace {

size_t NameWidth(const analysis::Comparison& c) {
  size_t w = 8;
  for (const auto& row : c.rows) w = std::max(w, row.strategy.size());
  return w;
}

// The figures of a comparison, found by strategy, axis, metric and x.
class FigureIndex {
 public:
  explicit FigureIndex(const analysis::Comparison& c) : all_(analysis::ComparisonFigures(c)) {}
  const sim::AnalysisFigure& Get(const std::string& strategy, std::string_view axis,
                                 std::string_view metric, std::optional<double> x = std::nullopt) const {
    for (const sim::AnalysisFigure& f : all_) {
      if (f.strategy == strategy && f.axis == axis && f.metric == metric && f.x == x) return f;
    }
    return none_;
  }

 private:
  std::vector<sim::AnalysisFigure> all_;
  sim::AnalysisFigure none_;
};

// "mean ±half" of a Student t interval at `precision` decimals; the mean
// alone when there is none (one seed).
std::string PlusMinus(const sim::AnalysisFigure& f, int precision) {
  if (!f.ci95) return absl::StrFormat("%.*f", precision, f.value);
  return absl::StrFormat("%.*f ±%.*f", precision, f.value, precision, (f.ci95->high - f.ci95->low) / 2);
}

void PrintCost(const analysis::Comparison& c, const FigureIndex& figs, int w, std::ostream& out) {
  out << "Cost: probes per connect() while filling the range toward one destination\n"
               "  N%      mean probes of the allocation made at N % occupancy (over seeds)\n"
               "  filled  ports obtained before a connect() failed (mean)\n"
               "  ±       half the 95 % Student t interval of the mean over seeds\n";
  out << absl::StrFormat("%-*s", w, "strategy");
  for (double p : analysis::kCostPoints) out << absl::StrFormat(" %12s", absl::StrCat(p, "%"));
  out << absl::StrFormat(" %14s\n", "filled");
  for (const auto& row : c.rows) {
    out << absl::StrFormat("%-*s", w, row.strategy);
    for (const auto& p : row.cost.points) {
      out << absl::StrFormat(" %12s", PlusMinus(figs.Get(row.strategy, "cost", "mean_probes_at",
                                                         p.occupancy_percent),
                                                1));
    }
    out << absl::StrFormat(" %14s\n", PlusMinus(figs.Get(row.strategy, "cost", "mean_ports_filled"), 0));
  }
}

void PrintReuse(const analysis::Comparison& c, const FigureIndex& figs, int w, std::ostream& out) {
  const analysis::ReuseOptions& o = c.options.reuse;
  const int64_t twait = c.rows.empty() ? 0 : c.rows.front().reuse.twait;
  out << absl::StrFormat(
      "Reuse: churn at %.0f %% occupancy (connect one, close the oldest), %d connections/seed\n"
      "  min p10 median p90  allocations between a port's release and its reuse (each seed's,\n"
      "           averaged over seeds)\n"
      "  reused   fraction of connections that got a previously released port\n"
      "  collide  fraction whose port was released <= %d allocations ago (one TIME-WAIT\n"
      "           at %.0f conn/s): a proxy for a SYN landing on the peer's TIME-WAIT\n"
      "  ±        half the 95 %% Student t interval of the mean over seeds\n",
      o.occupancy * 100, o.allocations, twait, o.rate);
  out << absl::StrFormat("%-*s %14s %14s %14s %14s %16s %16s\n", w, "strategy", "min", "p10",
                         "median", "p90", "reused", "collide");
  for (const auto& row : c.rows) {
    auto get = [&](std::string_view metric, std::optional<double> x = std::nullopt) {
      return figs.Get(row.strategy, "reuse", metric, x);
    };
    out << absl::StrFormat("%-*s %14s %14s %14s %14s %16s %16s\n", w, row.strategy,
                           PlusMinus(get("interval_min"), 0), PlusMinus(get("interval_p10"), 0),
                           PlusMinus(get("interval_median"), 0), PlusMinus(get("interval_p90"), 0),
                           PlusMinus(get("reuse_fraction"), 4),
                           PlusMinus(get("collision_rate", static_cast<double>(row.reuse.twait)), 4));
  }
}

void PrintPredictability(const analysis::Comparison& c, const FigureIndex& figs, int w, std::ostream& out) {
  const int kmax = c.options.predict.max_window;
  const int tries = c.options.predict.tries;
  out << absl::StrFormat(
      "Predictability: an observer of the last k TCP connect() ports toward one destination\n"
      "guesses the next (UDP query ports and the DNS race: --axis poisoning)\n"
      "  1try k=N    probability the best predictor is right in one try seeing N ports\n"
      "  %dtry k=N  probability it is right within %d tries (g, g+1, g-1, ...)\n"
      "  predictor   the best one-try predictor at k=%d (last+1, last+delta, mode-delta)\n"
      "  ±           half the 95 %% Student t interval of the mean over seeds\n",
      tries, tries, kmax);
  const std::string tries_metric = absl::StrCat("p_", tries, "_tries");
  out << absl::StrFormat("%-*s %16s %16s %16s %16s  %s\n", w, "strategy", "1try k=1",
                         absl::StrCat("1try k=", kmax), absl::StrCat(tries, "try k=1"),
                         absl::StrCat(tries, "try k=", kmax), "predictor");
  for (const auto& row : c.rows) {
    const auto& ws = row.predict.windows;
    auto get = [&](std::string_view metric, int k) {
      return PlusMinus(figs.Get(row.strategy, "predictability", metric, k), 4);
    };
    out << absl::StrFormat("%-*s %16s %16s %16s %16s  %s\n", w, row.strategy, get("p_1_try", 1),
                           get("p_1_try", kmax), get(tries_metric, 1), get(tries_metric, kmax),
                           ws.back().best_one);
  }
}

// "20/20 (95 % CI 83.2-100 %)": a count of successes and its
// Clopper-Pearson interval, in percent.
std::string SuccessCount(int64_t k, int64_t n) {
  if (n < 1) return absl::StrCat(k, "/", n);
  const ConfidenceInterval ci = ClopperPearson(k, n);
  return absl::StrFormat("%d/%d (95 %% CI %.3g-%.3g %%)", k, n, ci.low * 100, ci.high * 100);
}

void PrintLinkability(const analysis::Comparison& c, const FigureIndex& figs, int w, std::ostream& out) {
  const analysis::LinkOptions& o = c.options.link;
  out << absl::StrFormat(
      "Linkability: the Kol-Klein-Gilad attack (attacker-chosen destinations, 1 ms apart)\n"
      "  success  victims (seeds) where %d colliding destination pair(s) were found and\n"
      "           confirmed again on a visit 60 s later, within %d connections, with the\n"
      "           95 %% Clopper-Pearson interval of the fraction\n"
      "  median max  connections the attacker needed, over the successful victims; the\n"
      "           median's 95 %% interval from order statistics (6 successes or more)\n",
      o.pairs, o.budget);
  out << absl::StrFormat("%-*s %28s %22s %8s\n", w, "strategy", "success", "median", "max");
  for (const auto& row : c.rows) {
    const analysis::LinkResult& l = row.link;
    const sim::AnalysisFigure& median =
        figs.Get(row.strategy, "linkability", "median_connections", static_cast<double>(l.budget));
    const std::string median_text =
        median.ci95 ? absl::StrFormat("%d [%.0f, %.0f]", l.median_connections, median.ci95->low,
                                      median.ci95->high)
                    : absl::StrCat(l.median_connections);
    out << absl::StrFormat("%-*s %28s %22s %8d\n", w, row.strategy,
                           SuccessCount(l.successes, l.seed_count), median_text, l.max_connections);
  }
}

void PrintPoisoning(const analysis::Comparison& c, int w, std::ostream& out) {
  const analysis::PoisonAxisOptions& o = c.options.poison;
  const int64_t forgeries = c.rows.empty() ? 0 : c.rows.front().poison.forgeries;
  out << absl::StrFormat(
      "Poisoning: the DNS cache-poisoning race over UDP query ports (Linux's stack with\n"
      "udp_strategy set), %d races per strategy, %d forged answers/s for %s (F = %d)\n"
      "  poisoned   races an off-path attacker won: it saw three of its own queries' ports,\n"
      "             bet on one port if they kept a stride, else covered the range\n"
      "  95%% Wilson the interval of the poisoned fraction\n"
      "  RFC 5452   P_s = F / (P x 65536), P = 1 for a one-port bet, else the range size\n"
      "  one-port   races where the attacker bet on one port\n",
      o.trials, o.rate, FormatDuration(o.rtt), forgeries);
  out << absl::StrFormat("%-*s %10s %10s %21s %10s %8s\n", w, "strategy", "poisoned", "rate",
                         "95% Wilson", "RFC 5452", "one-port");
  for (const auto& row : c.rows) {
    const sim::PoisonFigures& f = row.poison;
    out << absl::StrFormat("%-*s %10s %10.6f [%8.6f, %8.6f] %10.6f %8s%s\n", w, row.strategy,
                           absl::StrCat(f.poisoned, "/", f.trials), f.rate(), f.interval.lo,
                           f.interval.hi, f.analytic, absl::StrCat(f.predicted),
                           f.agrees() ? "" : "  (RFC figure outside the interval)");
  }
}

}  // namespace

void WriteComparison(const analysis::Comparison& c, std::ostream& out) {
  const int w = static_cast<int>(NameWidth(c));
  const analysis::AxisSet& axes = c.options.axes;
  out << absl::StrFormat("Strategy comparison: range %s, %d seeds, seed %d\n",
                         c.options.range.ToString(), c.options.seeds, c.options.seed);
  const FigureIndex figs(c);
  if (axes.cost) {
    out << "\n";
    PrintCost(c, figs, w, out);
  }
  if (axes.reuse) {
    out << "\n";
    PrintReuse(c, figs, w, out);
  }
  if (axes.predictability) {
    out << "\n";
    PrintPredictability(c, figs, w, out);
  }
  if (axes.linkability) {
    out << "\n";
    PrintLinkability(c, figs, w, out);
  }
  if (axes.poisoning) {
    out << "\n";
    PrintPoisoning(c, w, out);
  }
  for (const std::string& s : c.skipped) out << "\nskipped (failed to build): " << s << "\n";
}

}  // namespace portlab::report
