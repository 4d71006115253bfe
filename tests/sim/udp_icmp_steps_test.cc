// A step counts the ICMP errors its datagrams draw as the host counts them
// (scenarios/README.md, "What a step counts"): a connected UDP socket's
// datagram to a closed port is one ECONNREFUSED for the step that sent it,
// in the step's errors, the failure groups and the host's figures alike.
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::sim {
namespace {

constexpr char kUdpIcmpYaml[] =
    "name: udp to closed ports\n"
    "hosts:\n"
    "  client: {address: 10.0.0.1, os: linux}\n"
    "  server: {address: 10.0.0.2, os: linux}\n"
    "steps:\n"
    "  - {at: 0s, host: client, op: connect, proto: udp, to: \"10.0.0.2:9999\", as: c}\n"
    "  - {at: 1s, host: client, op: send, proto: udp, sockets: c, bytes: 10}\n"
    "  - {at: 2s, host: client, op: send, proto: udp, sockets: c, bytes: 10}\n"
    "  - {at: 3s, host: client, op: send, proto: udp, to: \"10.0.0.2:9998\", bytes: 10}\n";

TEST_CASE("UDP ICMP errors count against the step that sent, as the host counts them", "[sim]") {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(kUdpIcmpYaml, "u.yaml");
  REQUIRE(s.ok());
  absl::StatusOr<Result> r = run::RunScenario(*s, run::RunOptions());
  REQUIRE(r.ok());
  REQUIRE(r->steps.size() == 4);
  struct Case {
    int step;
    int64_t ok;
    int64_t refused;
  } cases[] = {
      {0, 1, 0},  // connect() sends nothing
      {1, 1, 1},  // the datagram draws port unreachable
      {2, 1, 1},
      {3, 1, 0},  // unconnected: Linux ignores the ICMP without IP_RECVERR
  };
  int64_t refused = 0;
  for (const Case& c : cases) {
    INFO("step " << c.step);
    const StepResult& step = r->steps[c.step];
    CHECK(step.ok == c.ok);
    auto it = step.errors.find("ECONNREFUSED");
    CHECK((it == step.errors.end() ? 0 : it->second) == c.refused);
    refused += c.refused;
  }
  const HostResult& client = r->hosts[0];
  REQUIRE(client.name == "client");
  int64_t host_refused = 0;
  for (const auto& [cause, n] : client.udp.failures.at("ECONNREFUSED")) host_refused += n;
  CHECK(host_refused == refused);
  int64_t grouped = 0;
  for (const FailureGroup& g : r->failure_groups) {
    if (g.errno_name == "ECONNREFUSED") grouped += g.count;
  }
  CHECK(grouped == refused);
}

// udp_sendmsg: sendto() toward port 0 is EINVAL, after inet_sendmsg has
// autobound the socket (tests/differential/scenarios/udp-sendto-port-zero.yaml
// holds the errnos against the kernel): the failed call's socket has a port,
// and a socket that had only an address keeps the port for its next send.
constexpr char kPortZeroYaml[] =
    "name: sendto port 0\n"
    "hosts:\n"
    "  h: {address: 10.0.0.1, os: linux}\n"
    "  s: {address: 10.0.0.2, os: linux}\n"
    "steps:\n"
    "  - {at: 0s, host: h, op: send, proto: udp, to: \"10.0.0.2:0\", bytes: 1}\n"
    "  - {at: 1s, host: h, op: bind, proto: udp, address: 10.0.0.1, port: 0, options: [bind_address_no_port], as: u}\n"
    "  - {at: 2s, host: h, op: send, proto: udp, sockets: u, to: \"10.0.0.2:0\", bytes: 70000}\n"
    "  - {at: 3s, host: h, op: send, proto: udp, sockets: u, to: \"10.0.0.2:0\", bytes: 1}\n"
    "  - {at: 4s, host: h, op: send, proto: udp, sockets: u, to: \"10.0.0.2:53\", bytes: 1}\n";

TEST_CASE("UDP sendto() toward port 0 fails EINVAL, the socket autobound", "[sim]") {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(kPortZeroYaml, "z.yaml");
  REQUIRE(s.ok());
  absl::StatusOr<Result> r = run::RunScenario(*s, run::RunOptions());
  REQUIRE(r.ok());
  REQUIRE(r->steps.size() == 5);
  CHECK(r->steps[0].errors == std::map<std::string, int64_t>{{"EINVAL", 1}});
  REQUIRE(r->steps[0].ports.size() == 1);
  CHECK(r->steps[0].ports[0] != 0);
  // Toward IPv4, udp_sendmsg's length check (len > 0xFFFF) comes first.
  CHECK(r->steps[2].errors == std::map<std::string, int64_t>{{"EMSGSIZE", 1}});
  CHECK(r->steps[3].errors == std::map<std::string, int64_t>{{"EINVAL", 1}});
  CHECK(r->steps[4].ok == 1);
  REQUIRE(r->steps[3].ports.size() == 1);
  REQUIRE(r->steps[4].ports.size() == 1);
  CHECK(r->steps[3].ports[0] != 0);
  CHECK(r->steps[3].ports[0] == r->steps[4].ports[0]);
  CHECK(r->steps[2].ports[0] == r->steps[3].ports[0]);
}

}  // namespace
}  // namespace portlab::sim
