// `portlab table SCENARIO --at T [--host H] [--format ss|netstat] [--seed N]
// [FILTER...]`: the socket tables as `ss` or `netstat -an` would print them
// at simulated time T, only the sockets ss's FILTER keeps, and each NAT's
// table.
#include <iostream>

#include "absl/strings/str_cat.h"
#include "commands.h"
#include "flags.h"
#include "huge_pages.h"
#include "portlab/report/socket_filter.h"
#include "portlab/report/tables_writer.h"
#include "portlab/run/memory_estimate.h"
#include "portlab/scenario/loader.h"
#include "portlab/sim/simulation.h"

namespace portlab::cli {

CLI::App* AddTableCommand(CLI::App& app, TableFlags& flags) {
  CLI::App* table = app.add_subcommand("table", "Print ss- or netstat-style socket tables at a simulated time");
  table->add_option("SCENARIO", flags.scenario, "Scenario file (YAML), a scenario's name (portlab list), or '-' for stdin")->required();
  table->add_option("FILTER", flags.filter,
                    "ss's filter: [state S | exclude S]... [EXPRESSION], e.g. state established "
                    "'( dport = :443 or dport = :80 )'");
  table->add_option("--at", flags.at, "Simulated time (e.g. 2.5s)")->required();
  table->add_option("--host", flags.host, "Only this host (or NAT)");
  table->add_option("--format", flags.format, "ss (as ss -tuan prints) or netstat (as netstat -an prints)");
  flags.seed_option = table->add_option("--seed", flags.seed, "Seed (overrides the scenario's)");
  AddSetOption(*table, flags.sets);
  return table;
}

int RunTableCommand(const TableFlags& flags) {
  absl::StatusOr<report::TableFormat> format = report::ParseTableFormat(flags.format);
  if (!format.ok()) return Fail(format.status());
  absl::StatusOr<report::SocketFilter> filter = report::SocketFilter::Parse(flags.filter);
  if (!filter.ok()) return Fail(filter.status());
  absl::StatusOr<scenario::Scenario> s = LoadScenarioArg(flags.scenario, flags.sets);
  if (!s.ok()) return Fail(s.status());
  RestartWithHugePagesIfLarge(run::EstimateStateBytes(*s), flags.scenario);
  absl::StatusOr<Duration> at = ParseDuration(flags.at);
  if (!at.ok()) return Fail(FlagError("--at", at.status()));
  const uint64_t seed = SeedFlag(flags.seed_option, flags.seed).value_or(s->seed.value_or(1));
  absl::StatusOr<std::unique_ptr<sim::Simulation>> simulation = sim::Simulation::Build(*s, seed, nullptr);
  if (!simulation.ok()) return Fail(simulation.status());
  if (!flags.host.empty() && !report::HasHostOrNat(**simulation, flags.host)) {
    return Fail(absl::InvalidArgumentError(
        absl::StrCat("--host: the scenario has no host or NAT \"", flags.host, "\"")));
  }
  (*simulation)->Run(SimTime() + *at);
  report::TableOptions options;
  options.only = flags.host;
  options.filter = flags.filter.empty() ? nullptr : &*filter;
  options.format = *format;
  report::WriteTables(**simulation, options, std::cout);
  return kExitPassed;
}

}  // namespace portlab::cli
