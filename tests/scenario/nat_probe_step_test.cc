// `op: nat-probe` steps: loading (file:line:column errors), what the probe
// finds on the scenario's NATs, and `expect:` entries on its findings.
#include <catch2/catch.hpp>
#include <string>

#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::scenario {
namespace {

// steps: starts on line 9.
const std::string kHead =
    "name: p\n"
    "hosts:\n"
    "  c: {address: 100.64.0.5}\n"
    "  s: {address: 198.51.100.1}\n"
    "nats:\n"
    "  cgn: {profile: cgnat, inside: 100.64.0.0/10, outside: 203.0.113.9}\n"
    "  home: {profile: linux-masquerade, inside: 192.168.0.0/24, outside: 203.0.113.10,\n"
    "         knobs: {udp_timeout: 45s}}\n"
    "steps:\n";

std::string LoadError(const std::string& text) {
  absl::StatusOr<Scenario> s = LoadScenarioText(text, "p.yaml");
  REQUIRE_FALSE(s.ok());
  return std::string(s.status().message());
}

TEST_CASE("nat-probe steps load, and bad ones are named at file:line:column", "[nat][loader]") {
  absl::StatusOr<Scenario> ok = LoadScenarioText(kHead + "  - {at: 2s, op: nat-probe, nat: cgn}\n", "p.yaml");
  REQUIRE(ok.ok());
  CHECK(ok->steps[0].op == StepOp::kNatProbe);
  CHECK(ok->steps[0].nat == "cgn");
  CHECK(ok->steps[0].host.empty());

  struct Bad {
    std::string steps;
    std::string where;
    std::string says;
  };
  const Bad cases[] = {
      {"  - {at: 2s, op: nat-probe}\n", "p.yaml:10:5", "op nat-probe needs nat: (a name under nats:)"},
      {"  - {at: 2s, op: nat-probe, nat: office}\n", "p.yaml:10:34", "nat: \"office\" is not defined under nats:"},
      {"  - {at: 2s, op: nat-probe, nat: cgn, host: c}\n", "p.yaml:10:39",
       "key \"host\" is not allowed for op nat-probe; op nat-probe takes: at, op, nat"},
      {"  - {at: 2s, op: nat-probe, nat: cgn, proto: udp}\n", "p.yaml:10:39", "not allowed for op nat-probe"},
      {"  - {at: 2s, op: nat-probe, nat: cgn}\nexpect:\n  - {step: 0, classic: cone}\n", "p.yaml:12:24",
       "classic: expected one of full cone, restricted cone, port-restricted cone, symmetric"},
      {"  - {at: 2s, op: nat-probe, nat: cgn}\nexpect:\n  - {step: 0, ports: [1]}\n", "p.yaml:12:15",
       "unknown key \"ports\""},
      {"  - {at: 2s, op: nat-probe, nat: cgn}\nexpect:\n  - {step: 0}\n", "p.yaml:12:5", "checks nothing"},
      {"  - {at: 0s, host: c, op: bind, proto: udp, port: 1}\nexpect:\n  - {step: 0, mapping: endpoint-independent}\n",
       "p.yaml:12:15", "unknown key \"mapping\""},
  };
  for (const Bad& b : cases) {
    CAPTURE(b.steps);
    const std::string message = LoadError(kHead + b.steps);
    CHECK_THAT(message, Catch::Contains(b.where));
    CHECK_THAT(message, Catch::Contains(b.says));
  }
}

TEST_CASE("a nat-probe step classifies the scenario's NAT with its knobs", "[nat][sim]") {
  absl::StatusOr<Scenario> s = LoadScenarioText(
      kHead +
          "  - {at: 0s, host: s, op: bind, proto: udp, port: 53}\n"
          "  - {at: 1s, op: nat-probe, nat: cgn}\n"
          "  - {at: 2s, op: nat-probe, nat: home}\n"
          "expect:\n"
          "  - {step: 1, ok: 1, mapping: endpoint-independent, filtering: endpoint-independent,\n"
          "     classic: full cone, hairpinning: true, binding_lifetime: 300s}\n"
          "  - {step: 2, classic: port-restricted cone, hairpinning: false, binding_lifetime: 45s}\n"
          "  - {step: 2, classic: full cone, binding_lifetime: 30s}\n",
      "p.yaml");
  REQUIRE(s.ok());
  absl::StatusOr<sim::Result> r = run::RunScenario(*s, run::RunOptions());
  REQUIRE(r.ok());
  REQUIRE(r->nat_probes.size() == 2);
  const sim::NatProbeResult& cgn = r->nat_probes[0];
  CHECK(cgn.step == 1);
  CHECK(cgn.nat == "cgn");
  CHECK(cgn.at == SimTime() + Duration::Seconds(1));
  CHECK(cgn.client == "100.64.0.100:5000");  // in the NAT's inside network
  CHECK(cgn.error.empty());
  CHECK(cgn.report.classic == "full cone");
  const sim::NatProbeResult& home = r->nat_probes[1];
  CHECK(home.client == "192.168.0.100:5000");
  CHECK(home.report.classic == "port-restricted cone");
  REQUIRE(home.report.binding_lifetime);
  CHECK(*home.report.binding_lifetime == Duration::Seconds(45));  // the scenario's knob, not the profile's 30 s
  // The scenario's own NATs are untouched by the probes.
  CHECK(r->nats[0].mappings_created == 0);
  CHECK(r->nats[1].mappings_created == 0);
  REQUIRE(r->expectations.size() == 3);
  CHECK(r->expectations[0].passed);
  CHECK(r->expectations[1].passed);
  CHECK_FALSE(r->expectations[2].passed);  // the wrong guesses are caught
  CHECK_THAT(r->expectations[2].detail, Catch::Contains("MISMATCH classic port-restricted cone, expected full cone"));
  CHECK_THAT(r->expectations[2].detail, Catch::Contains("MISMATCH binding_lifetime 45s, expected 30s"));
  CHECK_FALSE(r->passed);
}

}  // namespace
}  // namespace portlab::scenario
