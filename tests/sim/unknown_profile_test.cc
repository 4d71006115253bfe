// An unknown OS or NAT profile is refused at its file:line:column, with the
// profiles that exist listed: by the loader (scenario/model_checks.h), and
// by the engine for a scenario changed in code.
#include <catch2/catch.hpp>
#include <string>

#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::sim {
namespace {

std::string RunError(const std::string& yaml) {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(yaml, "u.yaml");
  REQUIRE_FALSE(s.ok());
  return std::string(s.status().message());
}

TEST_CASE("unknown OS and NAT profiles name the place and the known profiles", "[sim]") {
  const std::string os = RunError("name: u\nhosts:\n  a: {address: 10.0.0.1, os: plan9}\n");
  CHECK_THAT(os, Catch::StartsWith("u.yaml:3:"));
  CHECK_THAT(os, Catch::Contains("unknown os \"plan9\"; profiles: linux, "));
  const std::string nat = RunError(
      "name: u\nhosts:\n  a: {address: 192.168.1.2}\n"
      "nats:\n  home: {profile: carrier-pigeon, inside: 192.168.1.0/24, outside: 203.0.113.1}\n");
  CHECK_THAT(nat, Catch::StartsWith("u.yaml:5:"));
  CHECK_THAT(nat, Catch::Contains("unknown NAT profile \"carrier-pigeon\"; profiles: rfc-recommended, full-cone, "));
}

TEST_CASE("the engine refuses an unknown profile in a scenario changed in code", "[sim]") {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(
      "name: u\nhosts:\n  a: {address: 192.168.1.2}\n"
      "nats:\n  home: {inside: 192.168.1.0/24, outside: 203.0.113.1}\n",
      "u.yaml");
  REQUIRE(s.ok());
  s->hosts[0].os.assign("plan9");
  s->nats[0].profile.assign("carrier-pigeon");
  absl::StatusOr<Result> r = run::RunScenario(*s, run::RunOptions());
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(std::string(r.status().message()), Catch::StartsWith("u.yaml:3:3: unknown os \"plan9\""));
  CHECK_THAT(std::string(r.status().message()), Catch::Contains("\nu.yaml:5:3: unknown NAT profile \"carrier-pigeon\""));
}

}  // namespace
}  // namespace portlab::sim
