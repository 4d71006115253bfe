// The tables at chosen instants (report/instant_tables.h): one run stopped
// at each instant in turn gives what a run to that instant alone gives,
// and each table is cut at max_rows with the rest counted.
#include "portlab/report/instant_tables.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "portlab/report/tables_writer.h"
#include "portlab/scenario/loader.h"
#include "portlab/sim/simulation.h"

namespace portlab::report {
namespace {

constexpr char kInstantYaml[] =
    "name: instants\n"
    "hosts:\n"
    "  client: {address: 10.0.0.1, os: linux}\n"
    "  server: {address: 10.0.0.2, os: linux}\n"
    "steps:\n"
    "  - {at: 0s, host: server, op: listen, proto: tcp, port: 8080}\n"
    "  - {at: 1s, host: client, op: connect, proto: tcp, to: \"10.0.0.2:8080\", count: 2, as: c}\n"
    "  - {at: 2s, host: client, op: close, proto: tcp, sockets: c}\n";

std::string TablesAlone(const scenario::Scenario& s, SimTime at, size_t max_rows) {
  absl::StatusOr<std::unique_ptr<sim::Simulation>> simulation = sim::Simulation::Build(s, 1, nullptr);
  REQUIRE(simulation.ok());
  (*simulation)->Run(at);
  std::ostringstream out;
  TableOptions options;
  options.max_rows = max_rows;
  WriteTables(**simulation, options, out);
  return out.str();
}

TEST_CASE("TablesAtInstants stops one run at each instant as a run to that instant alone would") {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(kInstantYaml, "t.yaml");
  REQUIRE(s.ok());
  const SimTime a = SimTime() + Duration::Millis(1001), b = SimTime() + Duration::Millis(2500);
  absl::StatusOr<std::vector<InstantTables>> tables = TablesAtInstants(*s, 1, {b, a, b, SimTime()}, 40);
  REQUIRE(tables.ok());
  REQUIRE(tables->size() == 3);  // in time order, once each
  CHECK((*tables)[0].time == SimTime());
  CHECK((*tables)[1].time == a);
  CHECK((*tables)[2].time == b);
  for (const InstantTables& t : *tables) CHECK(t.text == TablesAlone(*s, t.time, 40));
  CHECK((*tables)[1].text.find("SYN-SENT") != std::string::npos);
  CHECK((*tables)[2].text.find("TIME-WAIT") != std::string::npos);
}

TEST_CASE("WriteTables cuts each table at max_rows and counts the rest") {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(kInstantYaml, "t.yaml");
  REQUIRE(s.ok());
  const std::string text = TablesAlone(*s, SimTime() + Duration::Millis(1500), 1);
  CHECK(text.find("(and 1 more socket)\n") != std::string::npos);   // client: 2 connections
  CHECK(text.find("(and 2 more sockets)\n") != std::string::npos);  // server: listener, 2 accepted
  CHECK(TablesAlone(*s, SimTime() + Duration::Millis(1500), 0).find("more socket") == std::string::npos);
}

}  // namespace
}  // namespace portlab::report
