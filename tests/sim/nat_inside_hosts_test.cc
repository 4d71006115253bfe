// Which hosts a NAT serves (Simulation::BuildNats): a host with two
// addresses in one NAT's inside network is behind that NAT once; a host
// with addresses behind two NATs is refused, naming both.
#include <catch2/catch.hpp>
#include <string>

#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::sim {
namespace {

std::string TwoAddressHost(const std::string& second) {
  return "name: x\nhosts:\n  c: {addresses: [10.88.0.12, " + second +
         "]}\n  s: {address: 203.0.113.2}\n"
         "nats:\n  a: {inside: 10.88.0.0/24, outside: 203.0.113.1}\n"
         "  b: {inside: 10.99.0.0/24, outside: 203.0.113.9}\n"
         "steps:\n  - {at: 0s, host: s, op: listen, proto: tcp, port: 443}\n"
         "  - {at: 1s, host: c, op: connect, proto: tcp, to: \"203.0.113.2:443\"}\n"
         "expect:\n  - {step: 1, ok: 1}\n";
}

TEST_CASE("a host with two addresses in one NAT's inside network is behind it once", "[nat][routing]") {
  // Built before: the second address was taken for a second NAT, and the
  // message named a NAT not yet built (a crash).
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(TwoAddressHost("10.88.0.13"), "two.yaml");
  REQUIRE(s.ok());
  absl::StatusOr<Result> r = run::RunScenario(*s, run::RunOptions());
  REQUIRE(r.ok());
  CHECK(r->passed);
}

TEST_CASE("a host with addresses behind two NATs is refused", "[nat][routing]") {
  // By the loader, with the file's other errors (scenario/model_checks.h)...
  absl::StatusOr<scenario::Scenario> bad = scenario::LoadScenarioText(TwoAddressHost("10.99.0.13"), "two.yaml");
  REQUIRE(!bad.ok());
  CHECK(bad.status().message() == "two.yaml:7:3: host c is inside NATs a and b");
  // ...and by the engine, for a scenario made in code.
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(TwoAddressHost("10.88.0.13"), "two.yaml");
  REQUIRE(s.ok());
  s->hosts[0].addresses[1] = *net::IpAddress::Parse("10.99.0.13");
  absl::StatusOr<Result> r = run::RunScenario(*s, run::RunOptions());
  REQUIRE(!r.ok());
  CHECK(r.status().message() == "two.yaml:7:3: host c is inside NATs a and b");
}

}  // namespace
}  // namespace portlab::sim
