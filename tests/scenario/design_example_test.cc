// The example scenario the project was designed around (the one the design
// contract gives), character for character: the core must work as written,
// including `close` taking the protocol of the sockets it names.
#include <catch2/catch.hpp>

#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::scenario {
namespace {

constexpr char kDesignExample[] = R"(name: one-destination exhaustion
seed: 7                      # optional; --seed overrides
hosts:
  client: {address: 10.0.0.1, os: linux,      # or addresses: [10.0.0.1, 10.0.0.3]
           sysctl: {ip_local_port_range: "40000 40063", tcp_tw_reuse: 0}}
  server: {address: 10.0.0.2, os: linux}
steps:                       # socket calls, in time order
  - {at: 0s, host: server, op: listen, proto: tcp, port: 8080}
  - {at: 1s, host: client, op: connect, proto: tcp, to: "10.0.0.2:8080", count: 100, as: first}
  - {at: 2s, host: client, op: close, sockets: first}
  - {at: 3s, host: client, op: set, sysctl: {tcp_tw_reuse: 1}}
expect:
  - {step: 1, ok: 64, errors: {EADDRNOTAVAIL: 36}}
)";

TEST_CASE("the design example scenario runs as written", "[loader][scenarios]") {
  absl::StatusOr<Scenario> s = LoadScenarioText(kDesignExample, "design.yaml");
  REQUIRE(s.ok());
  CHECK(s->steps[2].protocol == net::Protocol::kTcp);
  absl::StatusOr<sim::Result> r = run::RunScenario(*s, {});
  REQUIRE(r.ok());
  CHECK(r->passed);
  CHECK(r->steps[2].calls == 64);  // the 36 failed sockets were closed at once
}

TEST_CASE("proto: must agree with the sockets a step names", "[loader]") {
  std::string text = kDesignExample;
  text.replace(text.find("op: close, sockets"), 18, "op: close, proto: udp, sockets");
  absl::StatusOr<Scenario> s = LoadScenarioText(text, "design.yaml");
  REQUIRE_FALSE(s.ok());
  CHECK(std::string(s.status().message()).find("design.yaml:10:") == 0);
  CHECK(std::string(s.status().message()).find("which are tcp") != std::string::npos);
}

}  // namespace
}  // namespace portlab::scenario
