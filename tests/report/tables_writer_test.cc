// `portlab table`'s writer (report/tables_writer.h): the time, then each
// host's and NAT's table, or only the one asked for.
#include "portlab/report/tables_writer.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "portlab/scenario/loader.h"

namespace portlab::report {
namespace {

constexpr char kTablesYaml[] =
    "name: tables test\n"
    "hosts:\n"
    "  client: {address: 10.0.0.1, os: linux}\n"
    "  server: {address: 10.0.0.2, os: linux}\n"
    "steps:\n"
    "  - {at: 0s, host: server, op: listen, proto: tcp, port: 8080}\n"
    "  - {at: 1s, host: client, op: connect, proto: tcp, to: \"10.0.0.2:8080\", count: 2}\n";

TEST_CASE("the tables at a time: every host's, or one", "[report]") {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(kTablesYaml, "t.yaml");
  REQUIRE(s.ok());
  absl::StatusOr<std::unique_ptr<sim::Simulation>> simulation = sim::Simulation::Build(*s, 1, nullptr);
  REQUIRE(simulation.ok());
  const sim::Simulation& sim = **simulation;
  CHECK(HasHostOrNat(sim, "client"));
  CHECK(HasHostOrNat(sim, "server"));
  CHECK_FALSE(HasHostOrNat(sim, "router"));
  CHECK_FALSE(HasHostOrNat(sim, ""));
  (*simulation)->Run(SimTime() + Duration::Millis(2500));

  struct Case {
    const char* only;
    bool client;
    bool server;
  } cases[] = {{"", true, true}, {"client", true, false}, {"server", false, true}, {"router", false, false}};
  for (const Case& c : cases) {
    INFO(c.only);
    std::ostringstream out;
    WriteTables(sim, c.only, out);
    const std::string text = out.str();
    CHECK(text.starts_with("at 2.5 s\n"));
    CHECK((text.find("\nclient  10.0.0.1\n") != std::string::npos) == c.client);
    CHECK((text.find("\nserver  10.0.0.2\n") != std::string::npos) == c.server);
    if (c.server) CHECK(text.find("LISTEN") != std::string::npos);
  }
}

}  // namespace
}  // namespace portlab::report
