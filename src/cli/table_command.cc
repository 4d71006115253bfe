// `portlab table SCENARIO --at T [--host H] [--seed N]`: the socket tables
// as `ss` would print them at simulated time T, and each NAT's table.
#include <iostream>

#include "commands.h"
#include "portlab/report/nat_table_writer.h"
#include "portlab/report/socket_table_writer.h"
#include "portlab/scenario/loader.h"
#include "portlab/sim/simulation.h"

namespace portlab::cli {

CLI::App* AddTableCommand(CLI::App& app, TableFlags& flags) {
  CLI::App* table = app.add_subcommand("table", "Print ss-style socket tables at a simulated time");
  table->add_option("SCENARIO", flags.scenario, "Scenario file (YAML)")->required();
  table->add_option("--at", flags.at, "Simulated time (e.g. 2.5s)")->required();
  table->add_option("--host", flags.host, "Only this host (or NAT)");
  flags.seed_option = table->add_option("--seed", flags.seed, "Seed (overrides the scenario's)");
  return table;
}

int RunTableCommand(const TableFlags& flags) {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioFile(flags.scenario);
  if (!s.ok()) {
    std::cerr << s.status().message() << "\n";
    return kExitUsage;
  }
  absl::StatusOr<Duration> at = ParseDuration(flags.at);
  if (!at.ok()) {
    std::cerr << "--at: " << at.status().message() << "\n";
    return kExitUsage;
  }
  uint64_t seed = flags.seed_option && flags.seed_option->count() > 0 ? flags.seed
                                                                       : s->seed.value_or(1);
  absl::StatusOr<std::unique_ptr<sim::Simulation>> simulation =
      sim::Simulation::Build(*s, seed, nullptr);
  if (!simulation.ok()) {
    std::cerr << simulation.status().message() << "\n";
    return kExitUsage;
  }
  bool is_nat = false;
  for (const auto& n : (*simulation)->nats()) is_nat |= n->name() == flags.host;
  if (!flags.host.empty() && !(*simulation)->host(flags.host) && !is_nat) {
    std::cerr << "--host: the scenario has no host or NAT \"" << flags.host << "\"\n";
    return kExitUsage;
  }
  (*simulation)->Run(SimTime() + *at);
  std::cout << "at " << FormatSeconds((*simulation)->now()) << " s\n";
  for (const auto& h : (*simulation)->hosts()) {
    if (!flags.host.empty() && h->name() != flags.host) continue;
    std::cout << "\n";
    report::WriteSocketTable(h->name(), h->addresses(), h->SocketTable(), std::cout);
  }
  for (const auto& n : (*simulation)->nats()) {
    if (!flags.host.empty() && n->name() != flags.host) continue;
    std::cout << "\n";
    report::WriteNatTable(n->spec(), n->Table((*simulation)->now()), std::cout);
  }
  return kExitPassed;
}

}  // namespace portlab::cli
