// `portlab strategies [--strategy NAME]... [--range "LO HI"] [--seeds N]
// [--seed S] [--csv FILE] [axis options]`: compares ephemeral port strategies on four axes
// (analysis/strategy_comparison.h) and prints one table per axis.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "commands.h"
#include "portlab/analysis/strategy_comparison.h"
#include "portlab/base/strings.h"

namespace portlab::cli {
namespace {

size_t NameWidth(const analysis::Comparison& c) {
  size_t w = 8;
  for (const auto& row : c.rows) w = std::max(w, row.strategy.size());
  return w;
}

void PrintCost(const analysis::Comparison& c, int w) {
  std::cout << "Cost: probes per connect() while filling the range toward one destination\n"
               "  N%      mean probes of the allocation made at N % occupancy (over seeds)\n"
               "  filled  ports obtained before a connect() failed (mean)\n";
  std::cout << absl::StrFormat("%-*s", w, "strategy");
  for (double p : analysis::kCostPoints) std::cout << absl::StrFormat(" %9s", absl::StrCat(p, "%"));
  std::cout << absl::StrFormat(" %8s\n", "filled");
  for (const auto& row : c.rows) {
    std::cout << absl::StrFormat("%-*s", w, row.strategy);
    for (const auto& p : row.cost.points) std::cout << absl::StrFormat(" %9.1f", p.mean_probes);
    std::cout << absl::StrFormat(" %8.0f\n", row.cost.mean_filled);
  }
}

void PrintReuse(const analysis::Comparison& c, int w) {
  const analysis::ReuseOptions& o = c.options.reuse;
  const int64_t twait = c.rows.empty() ? 0 : c.rows.front().reuse.twait;
  std::cout << absl::StrFormat(
      "Reuse: churn at %.0f %% occupancy (connect one, close the oldest), %d connections/seed\n"
      "  min p10 median p90  allocations between a port's release and its reuse\n"
      "  reused   fraction of connections that got a previously released port\n"
      "  collide  fraction whose port was released <= %d allocations ago (one TIME-WAIT\n"
      "           at %.0f conn/s): a proxy for a SYN landing on the peer's TIME-WAIT\n",
      o.occupancy * 100, o.allocations, twait, o.rate);
  std::cout << absl::StrFormat("%-*s %8s %8s %8s %8s %8s %8s\n", w, "strategy", "min", "p10",
                               "median", "p90", "reused", "collide");
  for (const auto& row : c.rows) {
    const analysis::ReuseResult& r = row.reuse;
    std::cout << absl::StrFormat("%-*s %8d %8d %8d %8d %8.4f %8.4f\n", w, row.strategy, r.min,
                                 r.p10, r.median, r.p90,
                                 r.connections ? double(r.reuses) / r.connections : 0.0,
                                 r.collision_rate);
  }
}

void PrintPredictability(const analysis::Comparison& c, int w) {
  const int kmax = c.options.predict.max_window;
  const int tries = c.options.predict.tries;
  std::cout << absl::StrFormat(
      "Predictability: an observer of the last k ports toward one destination guesses the next\n"
      "  1try k=N    probability the best predictor is right in one try seeing N ports\n"
      "  %dtry k=N  probability it is right within %d tries (g, g+1, g-1, ...)\n"
      "  predictor   the best one-try predictor at k=%d (last+1, last+delta, mode-delta)\n",
      tries, tries, kmax);
  std::cout << absl::StrFormat("%-*s %10s %10s %10s %10s  %s\n", w, "strategy", "1try k=1",
                               absl::StrCat("1try k=", kmax), absl::StrCat(tries, "try k=1"),
                               absl::StrCat(tries, "try k=", kmax), "predictor");
  for (const auto& row : c.rows) {
    const auto& ws = row.predict.windows;
    std::cout << absl::StrFormat("%-*s %10.4f %10.4f %10.4f %10.4f  %s\n", w, row.strategy,
                                 ws.front().p_one, ws.back().p_one, ws.front().p_tries,
                                 ws.back().p_tries, ws.back().best_one);
  }
}

void PrintLinkability(const analysis::Comparison& c, int w) {
  const analysis::LinkOptions& o = c.options.link;
  std::cout << absl::StrFormat(
      "Linkability: the Kol-Klein-Gilad attack (attacker-chosen destinations, 1 ms apart)\n"
      "  success  victims (seeds) where %d colliding destination pair(s) were found and\n"
      "           confirmed again on a visit 60 s later, within %d connections\n"
      "  median max  connections the attacker needed, over the successful victims\n",
      o.pairs, o.budget);
  std::cout << absl::StrFormat("%-*s %8s %8s %8s\n", w, "strategy", "success", "median", "max");
  for (const auto& row : c.rows) {
    const analysis::LinkResult& l = row.link;
    std::cout << absl::StrFormat("%-*s %8s %8d %8d\n", w, row.strategy,
                                 absl::StrCat(l.successes, "/", l.seed_count),
                                 l.median_connections, l.max_connections);
  }
}

}  // namespace

CLI::App* AddStrategiesCommand(CLI::App& app, StrategiesFlags& flags) {
  CLI::App* cmd = app.add_subcommand(
      "strategies", "Compare ephemeral port strategies: cost, reuse, predictability, linkability");
  cmd->add_option("--strategy", flags.strategies,
                  "A strategy to analyse (repeatable; default: all of `portlab list`)");
  cmd->add_option("--range", flags.range, "Port range \"LO HI\" (default \"32768 60999\")");
  cmd->add_option("--seeds", flags.seeds, "Runs (victims) per strategy and axis (default 20)");
  cmd->add_option("--seed", flags.seed, "Base seed (default 1)");
  cmd->add_option("--csv", flags.csv, "Also write every number as long-format CSV to FILE");
  cmd->add_option("--window", flags.window, "Predictability: observe k = 1..N ports (default 5)");
  cmd->add_option("--tries", flags.tries, "Predictability: the \"within N tries\" budget (default 100)");
  cmd->add_option("--occupancy", flags.occupancy,
                  "Reuse: fraction of the range kept in use (default 0.5)");
  cmd->add_option("--churn", flags.churn, "Reuse: churn connections per seed (default 20000)");
  cmd->add_option("--rate", flags.rate, "Reuse: connections per second (default 100)");
  cmd->add_option("--twait", flags.twait,
                  "Reuse: collision threshold in allocations (default rate x 60 s)");
  cmd->add_option("--budget", flags.budget, "Linkability: attacker's connection budget");
  cmd->add_option("--pairs", flags.pairs, "Linkability: colliding pairs the attacker needs");
  return cmd;
}

int RunStrategiesCommand(const StrategiesFlags& flags) {
  analysis::ComparisonOptions o;
  o.strategies = flags.strategies;
  o.seeds = flags.seeds;
  o.seed = flags.seed;
  if (!flags.range.empty()) {
    absl::StatusOr<net::PortRange> r = net::PortRange::Parse(flags.range);
    if (!r.ok()) {
      std::cerr << "--range: " << r.status().message() << "\n";
      return kExitUsage;
    }
    o.range = *r;
  }
  o.predict.max_window = flags.window;
  o.predict.tries = flags.tries;
  o.reuse.occupancy = flags.occupancy;
  o.reuse.allocations = flags.churn;
  o.reuse.rate = flags.rate;
  o.reuse.twait = flags.twait;
  o.link.budget = flags.budget;
  o.link.pairs = flags.pairs;
  absl::StatusOr<analysis::Comparison> c = analysis::CompareStrategies(o);
  if (!c.ok()) {
    std::cerr << c.status().message() << "\n";
    return kExitUsage;
  }
  const int w = static_cast<int>(NameWidth(*c));
  std::cout << absl::StrFormat("portlab strategies: range %s, %d seeds, seed %d\n\n",
                               c->options.range.ToString(), c->options.seeds, c->options.seed);
  PrintCost(*c, w);
  std::cout << "\n";
  PrintReuse(*c, w);
  std::cout << "\n";
  PrintPredictability(*c, w);
  std::cout << "\n";
  PrintLinkability(*c, w);
  for (const std::string& s : c->skipped) std::cout << "\nskipped (failed to build): " << s << "\n";
  std::cout << "\nWall time per allocation: bench/connect_alloc_bench (Google Benchmark).\n";
  if (!flags.csv.empty()) {
    std::ofstream out(flags.csv, std::ios::binary);
    out << analysis::ComparisonCsv(*c);
    if (!out) {
      std::cerr << "--csv: cannot write " << flags.csv << "\n";
      return kExitUsage;
    }
  }
  return kExitPassed;
}

}  // namespace portlab::cli
