// The hosts' `sockets:` key (scenarios/README.md, "Sockets already there"):
// what an entry loads to, and each malformed entry refused at its
// FILE:LINE:COLUMN; then a loaded scenario's sockets in the host's tables.
#include <catch2/catch.hpp>
#include <string>

#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::scenario {
namespace {

std::string WithSockets(const std::string& entries) {
  return "name: x\nhosts:\n  c:\n    address: 10.0.0.1\n    sockets:\n" + entries;
}

TEST_CASE("sockets: entries load one port or many", "[loader][sockets]") {
  absl::StatusOr<Scenario> s = LoadScenarioText(
      WithSockets("      - {state: LISTEN, local: \"0.0.0.0:22\"}\n"
                  "      - {state: TIME-WAIT, local: 10.0.0.1, ports: \"40000-40009, 40020\", remote: \"10.0.0.2:80\", "
                  "timer: 42s, count: 11}\n"
                  "      - {proto: udp, state: UNCONN, local: \"0.0.0.0:5353\"}\n"
                  "      - {state: established, local: \"10.0.0.1:40030\", remote: \"10.0.0.2:80\"}\n"),
      "s.yaml");
  REQUIRE(s.ok());
  const std::vector<PresetSocketSpec>& k = s->hosts[0].sockets;
  REQUIRE(k.size() == 4);
  CHECK(k[0].state == SocketState::kListen);
  CHECK(k[0].count == 1);
  CHECK(k[1].state == SocketState::kTimeWait);
  CHECK(k[1].count == 11);
  REQUIRE(k[1].ports.size() == 2);
  CHECK(k[1].ports[0].lo == 40000);
  CHECK(k[1].ports[0].hi == 40009);
  CHECK(k[1].timer == Duration::Seconds(42));
  CHECK(k[1].location.ToString() == "s.yaml:7:9");
  CHECK(k[2].protocol == net::Protocol::kUdp);
  CHECK(k[3].state == SocketState::kEstablished);
}

struct BadSockets {
  std::string entry;
  std::string error;  // the whole message
};

TEST_CASE("malformed sockets: entries are refused where they are wrong", "[loader][sockets]") {
  const std::vector<BadSockets> cases = {
      {"      - {local: \"0.0.0.0:22\"}\n",
       "b.yaml:6:9: sockets entry needs state: (LISTEN, ESTAB, TIME-WAIT, ... as ss prints it)"},
      {"      - {state: OPEN, local: \"0.0.0.0:22\"}\n",
       "b.yaml:6:17: state: \"OPEN\" is not a TCP state; LISTEN, SYN-SENT, SYN-RECV, ESTAB, FIN-WAIT-1, "
       "FIN-WAIT-2, CLOSE-WAIT, CLOSING, LAST-ACK or TIME-WAIT"},
      {"      - {proto: udp, state: LISTEN, local: \"0.0.0.0:22\"}\n",
       "b.yaml:6:29: state: \"LISTEN\" is not a UDP state; UNCONN (bound) or ESTAB (connected)"},
      {"      - {state: ESTAB, local: \"10.0.0.1:40000\"}\n",
       "b.yaml:6:9: sockets entry: ESTAB needs remote: \"ADDR:PORT\""},
      {"      - {state: LISTEN, local: \"0.0.0.0:22\", remote: \"10.0.0.2:80\"}\n",
       "b.yaml:6:46: remote: a LISTEN socket has no remote end"},
      {"      - {state: ESTAB, local: 10.0.0.1, ports: \"40010-40000\", remote: \"10.0.0.2:80\"}\n",
       "b.yaml:6:48: ports: \"40010-40000\" runs backwards"},
      {"      - {state: ESTAB, local: 10.0.0.1, ports: \"40000,40000\", remote: \"10.0.0.2:80\"}\n",
       "b.yaml:6:48: ports: \"40000\" is not above the port before it (list ports ascending, once each)"},
      {"      - {state: ESTAB, local: 10.0.0.1, ports: \"40000-40001\", count: 3, remote: \"10.0.0.2:80\"}\n",
       "b.yaml:6:70: count: 3, but the entry lists 2 ports"},
      {"      - {state: ESTAB, local: \"10.0.0.1:40000\", remote: \"10.0.0.2:80\", timer: 3s}\n",
       "b.yaml:6:72: timer: only a TIME-WAIT or FIN-WAIT-2 entry has one (the time left on it)"},
      {"      - {state: TIME-WAIT, local: \"10.0.0.1:40000\", remote: \"10.0.0.2:80\", timer: none}\n",
       "b.yaml:6:83: timer: none is for a FIN-WAIT-2 its application holds (shut down, not closed)"},
      {"      - {state: ESTAB, local: \"10.0.0.1:0\", remote: \"10.0.0.2:80\"}\n",
       "b.yaml:6:31: local: the port must be 1 to 65535"},
  };
  for (const BadSockets& c : cases) {
    INFO(c.entry);
    absl::StatusOr<Scenario> s = LoadScenarioText(WithSockets(c.entry), "b.yaml");
    REQUIRE_FALSE(s.ok());
    CHECK(std::string(s.status().message()) == c.error);
  }
}

TEST_CASE("a sockets: entry the host cannot hold is refused when the run is built", "[loader][sockets]") {
  absl::StatusOr<Scenario> s = LoadScenarioText(
      WithSockets("      - {state: ESTAB, local: \"10.0.0.1:40000\", remote: \"10.0.0.2:80\"}\n"
                  "      - {state: ESTAB, local: 10.0.0.1, ports: \"39999-40001\", remote: \"10.0.0.2:80\"}\n"),
      "t.yaml");
  REQUIRE(s.ok());
  absl::StatusOr<sim::Result> r = run::RunScenario(*s, run::RunOptions());
  REQUIRE_FALSE(r.ok());
  CHECK(std::string(r.status().message()) ==
        "t.yaml:7:9: sockets: tcp 10.0.0.1:40000 -> 10.0.0.2:80: this 4-tuple is already held by an earlier entry");
}

TEST_CASE("placed sockets count in a run's figures and expectations", "[loader][sockets]") {
  absl::StatusOr<Scenario> s = LoadScenarioText(
      "name: x\nhosts:\n  c:\n    address: 10.0.0.1\n    sysctl: {ip_local_port_range: \"40000 40009\"}\n"
      "    sockets:\n"
      "      - {state: ESTAB, local: 10.0.0.1, ports: \"40000-40007\", remote: \"10.0.0.2:80\"}\n"
      "      - {state: TIME-WAIT, local: 10.0.0.1, ports: \"40008-40009\", remote: \"10.0.0.2:80\", timer: 20s}\n"
      "  s: {address: 10.0.0.2}\n"
      "steps:\n"
      "  - {at: 0s, host: s, op: listen, proto: tcp, port: 80}\n"
      "  - {at: 1s, host: c, op: connect, proto: tcp, to: \"10.0.0.2:80\"}\n"
      "  - {at: 21s, host: c, op: connect, proto: tcp, to: \"10.0.0.2:80\", count: 2}\n"
      "expect:\n"
      "  - {step: 1, ok: 0, errors: {EADDRNOTAVAIL: 1}}\n"
      "  - {step: 2, ok: 2, ports: [40008, 40009]}\n"
      "  - {host: c, peak_time_wait: 2, peak_ports_in_use: 10}\n",
      "f.yaml");
  INFO(s.status().message());
  REQUIRE(s.ok());
  absl::StatusOr<sim::Result> r = run::RunScenario(*s, run::RunOptions());
  REQUIRE(r.ok());
  for (const sim::ExpectationResult& e : r->expectations) {
    INFO(e.detail);
    CHECK(e.passed);
  }
  CHECK(r->passed);
}

}  // namespace
}  // namespace portlab::scenario
