#include "portlab/report/exercise_run.h"

#include <algorithm>
#include <sstream>
#include <utility>

#include "portlab/nat/nat_box.h"
#include "portlab/report/tables_writer.h"
#include "portlab/scenario/scan_spec.h"
#include "portlab/sim/simulation.h"
#include "portlab/stack/host.h"

namespace portlab::report {

absl::StatusOr<analysis::RunFacts> RecordRunFacts(const scenario::Scenario& scenario, run::RunOptions options) {
  analysis::FactRecorder recorder;
  options.trace = &recorder;
  const uint64_t seed = run::RunSeed(scenario, options);
  absl::StatusOr<sim::Result> result = run::RunScenario(scenario, options);
  if (!result.ok()) return result.status();
  analysis::RunFacts facts = std::move(recorder).Take();
  facts.scenario_name = scenario.name;
  for (const sim::ScanResult& scan : result->scans) {
    for (const sim::ScanPortResult& port : scan.ports) {
      analysis::ScanFact f;
      f.at = scan.at;
      f.step = scan.step;
      f.scanner = scan.host;
      f.target = scan.target;
      f.type = std::string(scenario::ScanTypeName(scan.type));
      f.protocol = scan.type == scenario::ScanType::kUdp ? "udp" : "tcp";
      f.port = port.port;
      f.state = std::string(scenario::PortStateName(port.state));
      f.reason = std::string(scenario::ScanReasonName(port.reason));
      facts.scans.push_back(std::move(f));
    }
  }
  facts.latency = scenario.latency;
  // The hosts and NATs as the run built them (profiles, sysctl: applied).
  absl::StatusOr<std::unique_ptr<sim::Simulation>> built = sim::Simulation::Build(scenario, seed, nullptr);
  if (!built.ok()) return built.status();
  for (size_t i = 0; i < (*built)->hosts().size(); ++i) {
    const stack::Host& h = *(*built)->hosts()[i];
    analysis::HostFacts hf;
    hf.name = h.name();
    hf.os = std::string(h.profile().name);
    hf.os_description = std::string(h.profile().description);
    hf.range = h.knobs().ip_local_port_range;
    hf.tcp_strategy = h.knobs().tcp_strategy;
    for (const scenario::HostSpec& spec : scenario.hosts) {
      if (spec.name == h.name()) hf.has_firewall = !spec.firewall.empty();
    }
    facts.hosts.push_back(std::move(hf));
  }
  for (const std::unique_ptr<nat::NatBox>& n : (*built)->nats()) {
    analysis::NatFacts nf;
    nf.name = n->name();
    const nat::NatConfig& c = n->config();
    nf.port_preservation = c.port_preservation;
    nf.sequential = c.port_selection == nat::PortSelection::kSequential;
    nf.port_lo = c.port_lo;
    nf.port_hi = c.port_hi;
    for (const scenario::NatSpec& spec : scenario.nats) {
      if (spec.name == nf.name) nf.profile = spec.profile;
    }
    facts.nats.push_back(std::move(nf));
  }
  return facts;
}

absl::StatusOr<std::vector<std::string>> RenderTables(const scenario::Scenario& scenario, uint64_t seed,
                                                      const analysis::Exercise& exercise) {
  std::vector<std::string> tables(exercise.questions.size());
  std::vector<size_t> order;
  for (size_t i = 0; i < exercise.questions.size(); ++i) {
    if (exercise.questions[i].table) order.push_back(i);
  }
  if (order.empty()) return tables;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return exercise.questions[a].table->at < exercise.questions[b].table->at;
  });
  absl::StatusOr<std::unique_ptr<sim::Simulation>> simulation = sim::Simulation::Build(scenario, seed, nullptr);
  if (!simulation.ok()) return simulation.status();
  for (size_t i : order) {
    const analysis::TableView& view = *exercise.questions[i].table;
    (*simulation)->Run(view.at);
    TableOptions options;
    options.only = view.host;
    std::ostringstream out;
    WriteTables(**simulation, options, out);
    tables[i] = out.str();
  }
  return tables;
}

}  // namespace portlab::report
