// Runs a two-host scenario through the installed library and prints what
// its connect() step did: "connect ok 3 of 3".
#include <iostream>

#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

int main() {
  constexpr char kScenario[] = R"(name: consumer
hosts:
  client: {address: 10.0.0.1}
  server: {address: 10.0.0.2}
steps:
  - {at: 0s, host: server, op: listen, proto: tcp, port: 80}
  - {at: 1s, host: client, op: connect, proto: tcp, to: "10.0.0.2:80", count: 3}
)";
  absl::StatusOr<portlab::scenario::Scenario> s = portlab::scenario::LoadScenarioText(kScenario, "consumer.yaml");
  if (!s.ok()) {
    std::cerr << s.status().message() << "\n";
    return 2;
  }
  absl::StatusOr<portlab::sim::Result> r = portlab::run::RunScenario(*s, {});
  if (!r.ok()) {
    std::cerr << r.status().message() << "\n";
    return 2;
  }
  const portlab::sim::StepResult& connect = r->steps.at(1);
  std::cout << "connect ok " << connect.ok << " of " << connect.calls << "\n";
  return 0;
}
