#include "portlab/report/comparison_writer.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "portlab/base/strings.h"

namespace portlab::report {
namespace {

size_t NameWidth(const analysis::Comparison& c) {
  size_t w = 8;
  for (const auto& row : c.rows) w = std::max(w, row.strategy.size());
  return w;
}

void PrintCost(const analysis::Comparison& c, int w, std::ostream& out) {
  out << "Cost: probes per connect() while filling the range toward one destination\n"
               "  N%      mean probes of the allocation made at N % occupancy (over seeds)\n"
               "  filled  ports obtained before a connect() failed (mean)\n";
  out << absl::StrFormat("%-*s", w, "strategy");
  for (double p : analysis::kCostPoints) out << absl::StrFormat(" %9s", absl::StrCat(p, "%"));
  out << absl::StrFormat(" %8s\n", "filled");
  for (const auto& row : c.rows) {
    out << absl::StrFormat("%-*s", w, row.strategy);
    for (const auto& p : row.cost.points) out << absl::StrFormat(" %9.1f", p.mean_probes);
    out << absl::StrFormat(" %8.0f\n", row.cost.mean_filled);
  }
}

void PrintReuse(const analysis::Comparison& c, int w, std::ostream& out) {
  const analysis::ReuseOptions& o = c.options.reuse;
  const int64_t twait = c.rows.empty() ? 0 : c.rows.front().reuse.twait;
  out << absl::StrFormat(
      "Reuse: churn at %.0f %% occupancy (connect one, close the oldest), %d connections/seed\n"
      "  min p10 median p90  allocations between a port's release and its reuse\n"
      "  reused   fraction of connections that got a previously released port\n"
      "  collide  fraction whose port was released <= %d allocations ago (one TIME-WAIT\n"
      "           at %.0f conn/s): a proxy for a SYN landing on the peer's TIME-WAIT\n",
      o.occupancy * 100, o.allocations, twait, o.rate);
  out << absl::StrFormat("%-*s %8s %8s %8s %8s %8s %8s\n", w, "strategy", "min", "p10",
                               "median", "p90", "reused", "collide");
  for (const auto& row : c.rows) {
    const analysis::ReuseResult& r = row.reuse;
    out << absl::StrFormat("%-*s %8d %8d %8d %8d %8.4f %8.4f\n", w, row.strategy, r.min,
                                 r.p10, r.median, r.p90,
                                 r.connections ? double(r.reuses) / r.connections : 0.0,
                                 r.collision_rate);
  }
}

void PrintPredictability(const analysis::Comparison& c, int w, std::ostream& out) {
  const int kmax = c.options.predict.max_window;
  const int tries = c.options.predict.tries;
  out << absl::StrFormat(
      "Predictability: an observer of the last k TCP connect() ports toward one destination\n"
      "guesses the next (UDP query ports and the DNS race: --axis poisoning)\n"
      "  1try k=N    probability the best predictor is right in one try seeing N ports\n"
      "  %dtry k=N  probability it is right within %d tries (g, g+1, g-1, ...)\n"
      "  predictor   the best one-try predictor at k=%d (last+1, last+delta, mode-delta)\n",
      tries, tries, kmax);
  out << absl::StrFormat("%-*s %10s %10s %10s %10s  %s\n", w, "strategy", "1try k=1",
                               absl::StrCat("1try k=", kmax), absl::StrCat(tries, "try k=1"),
                               absl::StrCat(tries, "try k=", kmax), "predictor");
  for (const auto& row : c.rows) {
    const auto& ws = row.predict.windows;
    out << absl::StrFormat("%-*s %10.4f %10.4f %10.4f %10.4f  %s\n", w, row.strategy,
                                 ws.front().p_one, ws.back().p_one, ws.front().p_tries,
                                 ws.back().p_tries, ws.back().best_one);
  }
}

void PrintLinkability(const analysis::Comparison& c, int w, std::ostream& out) {
  const analysis::LinkOptions& o = c.options.link;
  out << absl::StrFormat(
      "Linkability: the Kol-Klein-Gilad attack (attacker-chosen destinations, 1 ms apart)\n"
      "  success  victims (seeds) where %d colliding destination pair(s) were found and\n"
      "           confirmed again on a visit 60 s later, within %d connections\n"
      "  median max  connections the attacker needed, over the successful victims\n",
      o.pairs, o.budget);
  out << absl::StrFormat("%-*s %8s %8s %8s\n", w, "strategy", "success", "median", "max");
  for (const auto& row : c.rows) {
    const analysis::LinkResult& l = row.link;
    out << absl::StrFormat("%-*s %8s %8d %8d\n", w, row.strategy,
                                 absl::StrCat(l.successes, "/", l.seed_count),
                                 l.median_connections, l.max_connections);
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
  if (axes.cost) {
    out << "\n";
    PrintCost(c, w, out);
  }
  if (axes.reuse) {
    out << "\n";
    PrintReuse(c, w, out);
  }
  if (axes.predictability) {
    out << "\n";
    PrintPredictability(c, w, out);
  }
  if (axes.linkability) {
    out << "\n";
    PrintLinkability(c, w, out);
  }
  if (axes.poisoning) {
    out << "\n";
    PrintPoisoning(c, w, out);
  }
  for (const std::string& s : c.skipped) out << "\nskipped (failed to build): " << s << "\n";
}

}  // namespace portlab::report
