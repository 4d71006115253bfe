// A NAT's `sessions:` key (scenarios/README.md, "Translations already
// there"): what an entry loads to, each malformed entry refused at its
// FILE:LINE:COLUMN, all of a file's at once; then the sessions in the
// built NAT's table.
#include <catch2/catch.hpp>
#include <string>

#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::scenario {
namespace {

std::string NatWithSessions(const std::string& entries) {
  return "name: x\nhosts:\n  c: {address: 10.88.0.10}\nnats:\n  router:\n    profile: linux-masquerade\n"
         "    inside: 10.88.0.0/24\n    outside: 203.0.113.1\n    sessions:\n" +
         entries;
}

TEST_CASE("sessions: entries load one translation or many", "[loader][nat-sessions]") {
  absl::StatusOr<Scenario> s = LoadScenarioText(
      NatWithSessions("      - {state: ESTABLISHED, inside: \"10.88.0.11:43353\", outside: \"203.0.113.1:61000\", "
                      "remote: \"203.0.113.2:443\", timer: 431994s}\n"
                      "      - {state: time_wait, inside: 10.88.0.10, outside: 203.0.113.1, ports: \"35859,41713-41714\", "
                      "count: 3, remote: \"203.0.113.2:443\", timer: 114s}\n"
                      "      - {proto: udp, state: UNREPLIED, inside: \"10.88.0.10:5000\", outside: \"203.0.113.1:5000\", "
                      "remote: \"8.8.8.8:53\"}\n"),
      "s.yaml");
  REQUIRE(s.ok());
  const std::vector<PresetNatSessionSpec>& k = s->nats[0].sessions;
  REQUIRE(k.size() == 3);
  CHECK(k[0].state == nat::SessionState::kTcpEstablished);
  CHECK(k[0].outside_port == 61000);
  CHECK(k[0].count == 1);
  CHECK(k[0].timer == Duration::Seconds(431994));
  CHECK(k[1].state == nat::SessionState::kTcpTimeWait);
  CHECK(k[1].outside_port == 0);
  CHECK(k[1].count == 3);
  CHECK(k[1].location.ToString() == "s.yaml:11:9");
  CHECK(k[2].protocol == net::Protocol::kUdp);
  CHECK(k[2].state == nat::SessionState::kUdpUnreplied);
  CHECK(!k[2].timer);
}

TEST_CASE("malformed sessions: entries are all refused where they are wrong", "[loader][nat-sessions]") {
  absl::StatusOr<Scenario> s = LoadScenarioText(
      NatWithSessions(
          "      - {state: OPEN, inside: \"10.88.0.10:1\", outside: \"203.0.113.1:1\", remote: \"203.0.113.2:443\"}\n"
          "      - {state: ESTABLISHED, inside: \"10.99.0.10:1\", outside: \"203.0.113.1:1\", remote: \"203.0.113.2:443\"}\n"
          "      - {state: ESTABLISHED, inside: \"10.88.0.10:1\", outside: \"203.0.113.7:1\", remote: \"203.0.113.2:443\"}\n"
          "      - {state: ESTABLISHED, inside: \"10.88.0.10:1\", outside: \"203.0.113.1:1\", remote: \"10.88.0.20:443\"}\n"
          "      - {proto: udp, state: ESTABLISHED, inside: \"10.88.0.10:1\", outside: \"203.0.113.1:1\", remote: \"203.0.113.2:53\"}\n"
          "      - {state: ESTABLISHED, inside: \"10.88.0.10:2\", outside: \"203.0.113.1:2\", remote: \"203.0.113.2:443\"}\n"
          "      - {state: ESTABLISHED, inside: \"10.88.0.11:2\", outside: \"203.0.113.1:2\", remote: \"203.0.113.2:443\"}\n"
          "      - {state: ESTABLISHED, inside: 10.88.0.10, outside: 203.0.113.1, ports: \"2-3\", remote: \"203.0.113.2:443\"}\n"
          "      - {state: ESTABLISHED, inside: \"10.88.0.10:4\", remote: \"203.0.113.2:443\"}\n"
          "      - {state: ESTABLISHED, inside: 10.88.0.10, outside: 203.0.113.1, ports: \"5-6\", count: 3, remote: \"203.0.113.2:443\"}\n"),
      "b.yaml");
  REQUIRE(!s.ok());
  const std::string m(s.status().message());
  INFO(m);
  CHECK(m.find("b.yaml:10:17: state: \"OPEN\" is not a TCP conntrack state; SYN_SENT, SYN_RECV, ESTABLISHED, "
               "FIN_WAIT, CLOSE_WAIT, LAST_ACK, TIME_WAIT or CLOSE") != std::string::npos);
  CHECK(m.find("b.yaml:11:38: inside: 10.99.0.10 is not in NAT router's inside network 10.88.0.0/24") !=
        std::string::npos);
  CHECK(m.find("b.yaml:12:63: outside: 203.0.113.7 is not an outside address of NAT router (203.0.113.1)") !=
        std::string::npos);
  CHECK(m.find("b.yaml:13:88: remote: 10.88.0.20 must be an IPv4 address beyond NAT router") != std::string::npos);
  CHECK(m.find("b.yaml:14:29: state: \"ESTABLISHED\" is not a UDP conntrack state; UNREPLIED or REPLIED (ASSURED)") !=
        std::string::npos);
  CHECK(m.find("b.yaml:16:9: sessions entry: tcp outside 203.0.113.1:2 toward 203.0.113.2:443 is held by an "
               "earlier entry") != std::string::npos);
  CHECK(m.find("b.yaml:17:9: sessions entry: tcp inside 10.88.0.10:2 toward 203.0.113.2:443 is held by an "
               "earlier entry") != std::string::npos);
  CHECK(m.find("b.yaml:18:9: sessions entry needs state:, inside:") != std::string::npos);
  CHECK(m.find("b.yaml:19:93: count: 3, but the entry lists 2 ports") != std::string::npos);
}

TEST_CASE("placed sessions are in the NAT's table and its figures at the start", "[loader][nat-sessions]") {
  absl::StatusOr<Scenario> s = LoadScenarioText(
      "until: 200s\n" +
          NatWithSessions("      - {state: ESTABLISHED, inside: 10.88.0.10, outside: 203.0.113.1, ports: "
                          "\"40000-40009\", remote: \"203.0.113.2:443\", timer: 100s}\n"),
      "s.yaml");
  REQUIRE(s.ok());
  absl::StatusOr<sim::Result> r = run::RunScenario(*s, run::RunOptions());
  REQUIRE(r.ok());
  REQUIRE(r->nats.size() == 1);
  CHECK(r->nats[0].peak_sessions == 10);
  CHECK(r->nats[0].mappings_created == 0);
  CHECK(r->nats[0].sessions == 0);  // expired at 100 s
}

TEST_CASE("a sessions: entry the NAT's rules refuse names its place when the run is built", "[loader][nat-sessions]") {
  absl::StatusOr<Scenario> s = LoadScenarioText(
      "name: x\nhosts:\n  c: {address: 10.88.0.10}\nnats:\n  router:\n    profile: rfc-recommended\n"
      "    inside: 10.88.0.0/24\n    outside: 203.0.113.1\n    sessions:\n"
      "      - {state: ESTABLISHED, inside: \"10.88.0.10:1\", outside: \"203.0.113.1:5000\", remote: \"203.0.113.2:443\"}\n"
      "      - {state: ESTABLISHED, inside: \"10.88.0.11:1\", outside: \"203.0.113.1:5000\", remote: \"203.0.113.3:443\"}\n",
      "p.yaml");
  REQUIRE(s.ok());
  absl::StatusOr<sim::Result> r = run::RunScenario(*s, run::RunOptions());
  REQUIRE(!r.ok());
  CHECK(r.status().message() ==
        "p.yaml:11:9: sessions: tcp 10.88.0.11:1 as 203.0.113.1:5000 -> 203.0.113.3:443: another inside endpoint's "
        "mapping uses this outside port, and the NAT does not overlap ports");
}

}  // namespace
}  // namespace portlab::scenario
