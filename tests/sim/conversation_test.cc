// Requests and answers run inside a simulation: workloads with request:,
// steps with expect_reply, servers whose app answers (stack/app.h), and
// how each is counted in the Result (sim/result.h's conversation figures).
#include <catch2/catch.hpp>
#include <string>

#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::sim {
namespace {

// Latency 2 ms: every answer comes back 4 ms after its request.
const std::string kServers =
    "name: c\n"
    "latency: 2ms\n"
    "hosts:\n"
    "  client: {address: 10.0.0.1}\n"
    "  server: {address: 10.0.0.2}\n"
    "steps:\n"
    "  - {at: 0s, host: server, op: listen, proto: tcp, port: 80, app: {respond: 500}}\n"
    "  - {at: 0s, host: server, op: listen, proto: tcp, port: 81, app: {respond: 500, close: true}}\n"
    "  - {at: 0s, host: server, op: listen, proto: tcp, port: 82}\n"
    "  - {at: 0s, host: server, op: bind, proto: udp, port: 7, app: echo}\n";

Result RunConversation(const std::string& yaml) {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(yaml, "c.yaml");
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  absl::StatusOr<Result> r = run::RunScenario(*s, run::RunOptions{});
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return *r;
}

const stack::ProtocolFigures& Figures(const Result& r, const std::string& host, net::Protocol p) {
  for (const HostResult& h : r.hosts)
    if (h.name == host) return h.of(p);
  FAIL("no host " << host);
  return r.hosts.front().tcp;
}

TEST_CASE("a request workload counts each answer and its time", "[conversation]") {
  struct Case {
    const char* name;
    std::string workload;
    int64_t answered;
    int64_t bytes_received;
    int64_t client_time_wait;  // who closed first shows where TIME-WAIT is
    int64_t server_time_wait;
  };
  const Case cases[] = {
      {"respond: five pages, the client closes after each",
       "{name: w, from: client, to: \"10.0.0.2:80\", rate: 10, count: 5, request: 100}", 5, 2500,
       5, 0},
      {"respond then close: the server closes, TIME-WAIT is the server's",
       "{name: w, from: client, to: \"10.0.0.2:81\", rate: 10, count: 5, request: 100}", 5, 2500,
       0, 5},
      {"no app: nothing answers, the connections stay open",
       "{name: w, from: client, to: \"10.0.0.2:82\", rate: 10, count: 5, request: 100}", 0, 0, 0,
       0},
      {"udp echo: each datagram comes back",
       "{name: w, proto: udp, from: client, to: \"10.0.0.2:7\", rate: 10, count: 5, request: 40}",
       5, 200, 0, 0},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      Result r = RunConversation(kServers + "workloads:\n  - " + c.workload + "\n");
      REQUIRE(r.workloads.size() == 1);
      const stack::ConversationFigures& w = r.workloads[0].conversation;
      CHECK(w.requests_sent == 5);
      CHECK(w.requests_answered == c.answered);
      CHECK(w.bytes_received == c.bytes_received);
      CHECK(w.bytes_sent == 5 * (r.workloads[0].protocol == "udp" ? 40 : 100));
      if (c.answered > 0) {
        CHECK(w.response_time_min_ns == Duration::Millis(4).nanos());
        CHECK(w.response_time_max_ns == Duration::Millis(4).nanos());
      }
      CHECK(Figures(r, "client", net::Protocol::kTcp).peak_time_wait == c.client_time_wait);
      CHECK(Figures(r, "server", net::Protocol::kTcp).peak_time_wait == c.server_time_wait);
    }
  }
}

TEST_CASE("a request step counts the answers of its own sockets", "[conversation]") {
  Result r = RunConversation(
      kServers +
      "  - {at: 1s, host: client, op: connect, proto: tcp, to: \"10.0.0.2:80\", count: 3, as: c}\n"
      "  - {at: 2s, host: client, op: send, sockets: c, bytes: 10, expect_reply: true}\n"
      "  - {at: 3s, host: client, op: send, sockets: c, bytes: 10}\n"
      "  - {at: 4s, host: client, op: send, proto: udp, to: \"10.0.0.2:7\", bytes: 33, count: 2,"
      " expect_reply: true}\n"
      "  - {at: 5s, host: client, op: send, proto: udp, to: \"10.0.0.2:9\", bytes: 33,"
      " expect_reply: true}\n");
  REQUIRE(r.steps.size() == 9);
  const stack::ConversationFigures& tcp = r.steps[5].conversation;
  CHECK(tcp.requests_sent == 3);
  CHECK(tcp.requests_answered == 3);
  CHECK(tcp.bytes_received == 1500);
  CHECK(tcp.response_time_mean_ns() == Duration::Millis(4).nanos());
  // A plain send awaits nothing: its answers (the app answers every
  // request) are bytes received, not answers counted.
  CHECK_FALSE(r.steps[6].conversation.any());
  CHECK(Figures(r, "client", net::Protocol::kTcp).conversation.requests_answered == 3);
  CHECK(Figures(r, "client", net::Protocol::kTcp).conversation.bytes_received == 3000);
  CHECK(r.steps[7].conversation.requests_answered == 2);
  CHECK(r.steps[7].conversation.bytes_received == 66);
  // Nobody on UDP 9: ICMP port unreachable, no answer.
  CHECK(r.steps[8].conversation.requests_sent == 1);
  CHECK(r.steps[8].conversation.requests_answered == 0);
  CHECK(Figures(r, "server", net::Protocol::kUdp).icmp_unreachable_sent == 1);
  CHECK(Figures(r, "server", net::Protocol::kUdp).conversation.requests_received == 2);
  CHECK(Figures(r, "server", net::Protocol::kTcp).conversation.requests_received == 6);
  CHECK(Figures(r, "server", net::Protocol::kTcp).conversation.responses_sent == 6);
}

}  // namespace
}  // namespace portlab::sim
