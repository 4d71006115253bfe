// What the series carry for the report's reference lines: each host's
// ephemeral range and its usable (unreserved) ports, each NAT's outside
// ports per address and per-subscriber limit, and each workload's client
// hosts for its predicted exhaustion.
#include <catch2/catch.hpp>
#include <string>

#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::sim {
namespace {

Result RunLimitsScenario() {
  const std::string yaml =
      "name: limits\n"
      "hosts:\n"
      "  client: {address: 100.64.0.10, sysctl: {ip_local_port_range: \"40000 40063\", "
      "ip_local_reserved_ports: \"40010-40019\"}}\n"
      "  server: {address: 198.51.100.80}\n"
      "nats:\n"
      "  cgn:\n"
      "    profile: cgnat\n"
      "    inside: 100.64.0.0/10\n"
      "    outside: 203.0.113.7\n"
      "    knobs: {port_block_size: 64, port_blocks: 2, port_range: \"2000 2999\", max_per_destination: 500}\n"
      "steps:\n"
      "  - {at: 0s, host: server, op: listen, proto: tcp, port: 80}\n"
      "workloads:\n"
      "  - {name: web, from: client, to: \"198.51.100.80:80\", rate: 100, stop: 1s}\n";
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(yaml, "limits.yaml");
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  absl::StatusOr<Result> r = run::RunScenario(*s, run::RunOptions());
  REQUIRE(r.ok());
  return *r;
}

TEST_CASE("a host's series carries its port range and usable ports", "[sim]") {
  const Result r = RunLimitsScenario();
  bool found = false;
  for (const HostSeries& s : r.series) {
    if (s.host != "client" || s.protocol != "tcp") continue;
    found = true;
    CHECK(s.port_lo == 40000);
    CHECK(s.port_hi == 40063);
    CHECK(s.usable_ports == 54);  // 64 less the 10 reserved
  }
  CHECK(found);
}

TEST_CASE("a NAT's series carries its outside ports per address and subscriber limit", "[sim]") {
  const Result r = RunLimitsScenario();
  REQUIRE(r.nat_series.size() == 1);
  CHECK(r.nat_series[0].ports_per_address == 1000);
  CHECK(r.nat_series[0].subscriber_limit == 128);
  CHECK(r.nat_series[0].destination_limit == 500);
}

TEST_CASE("a workload's result names its client hosts", "[sim]") {
  const Result r = RunLimitsScenario();
  REQUIRE(r.workloads.size() == 1);
  CHECK(r.workloads[0].client_hosts == std::vector<std::string>{"client"});
}

}  // namespace
}  // namespace portlab::sim
