// `app:` on bind and listen steps, `expect_reply:` on send steps,
// `request:` on workloads and the `answered:` step expectation, as the
// loader reads them, and every error they can make, at its line and column.
#include <catch2/catch.hpp>

#include <functional>
#include <string>

#include "portlab/scenario/loader.h"

namespace portlab::scenario {
namespace {

// Hosts on lines 2-4; the steps: list starts on line 6.
const std::string kAppHead =
    "name: x\n"
    "hosts:\n"
    "  client: {address: 10.0.0.1}\n"
    "  server: {address: 10.0.0.2}\n"
    "steps:\n";

TEST_CASE("loader reads apps, requests and answered", "[loader][app]") {
  struct Case {
    const char* name;
    std::string yaml;
    std::function<void(const Scenario&)> check;
  };
  const Case cases[] = {
      {"no app: none", kAppHead + "  - {host: server, op: listen, proto: tcp, port: 80}\n",
       [](const Scenario& s) { CHECK_FALSE(s.steps[0].app.has_value()); }},
      {"echo by name", kAppHead + "  - {host: server, op: listen, proto: tcp, port: 7, app: echo}\n",
       [](const Scenario& s) {
         REQUIRE(s.steps[0].app);
         CHECK(s.steps[0].app->kind == AppSpec::Kind::kEcho);
       }},
      {"respond with close",
       kAppHead + "  - {host: server, op: listen, proto: tcp, port: 80, app: {respond: 1500, close: true}}\n",
       [](const Scenario& s) {
         REQUIRE(s.steps[0].app);
         CHECK(s.steps[0].app->kind == AppSpec::Kind::kRespond);
         CHECK(s.steps[0].app->bytes == 1500);
         CHECK(s.steps[0].app->close);
         CHECK_FALSE(s.steps[0].app->from_new_port);
       }},
      {"udp from a new port",
       kAppHead + "  - {host: server, op: bind, proto: udp, port: 69, app: {respond: 512, from_new_port: true}}\n",
       [](const Scenario& s) { CHECK(s.steps[0].app->from_new_port); }},
      {"answers and to_sender: a TFTP transfer",
       kAppHead + "  - {host: server, op: bind, proto: udp, port: 69, app: {respond: 512, from_new_port: true, answers: 2}}\n"
                  "  - {host: client, op: send, proto: udp, to: \"10.0.0.2:69\", bytes: 20, expect_reply: true, as: t}\n"
                  "  - {host: client, op: send, sockets: t, to_sender: true, bytes: 4}\n",
       [](const Scenario& s) {
         CHECK(s.steps[0].app->answers == 2);
         CHECK(s.steps[2].to_sender);
         CHECK(s.steps[2].protocol == net::Protocol::kUdp);
       }},
      {"discard as a map", kAppHead + "  - {host: server, op: bind, proto: udp, port: 9, app: {discard: true}}\n",
       [](const Scenario& s) { CHECK(s.steps[0].app->kind == AppSpec::Kind::kDiscard); }},
      {"a request and its expectation",
       kAppHead + "  - {host: client, op: send, proto: udp, to: \"10.0.0.2:53\", bytes: 40, expect_reply: true}\n"
                  "expect:\n  - {step: 0, answered: 1}\n",
       [](const Scenario& s) {
         CHECK(s.steps[0].expect_reply);
         CHECK(std::get<StepExpect>(s.expect[0].kind).answered == 1);
       }},
      {"a workload's request",
       "name: x\nhosts:\n  client: {address: 10.0.0.1}\n  server: {address: 10.0.0.2}\n"
       "workloads:\n  - {name: web, from: client, to: \"10.0.0.2:80\", rate: 1, count: 2, request: 300}\n"
       "expect:\n  - {workload: web, requests_answered: 2, response_time_max_us: [0, 5000]}\n",
       [](const Scenario& s) {
         CHECK(s.workloads[0].request == 300);
         CHECK(s.workloads[0].bytes == 0);
       }},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      absl::StatusOr<Scenario> s = LoadScenarioText(c.yaml, "good.yaml");
      INFO(s.status().ToString());
      REQUIRE(s.ok());
      c.check(*s);
    }
  }
}

TEST_CASE("loader rejects bad apps and requests at the right place", "[loader][app]") {
  struct Case {
    const char* name;
    std::string yaml;
    const char* where;     // "LINE:COLUMN"
    const char* fragment;  // must appear in the message
  };
  const Case cases[] = {
      {"unknown app name", kAppHead + "  - {host: server, op: listen, proto: tcp, port: 7, app: chargen}\n",
       "6:58", "app: expected one of discard, echo"},
      {"no behaviour in the map", kAppHead + "  - {host: server, op: listen, proto: tcp, port: 7, app: {close: true}}\n",
       "6:58", "give exactly one of respond:, echo:, discard:"},
      {"two behaviours", kAppHead + "  - {host: server, op: listen, proto: tcp, port: 7, app: {echo: true, respond: 5}}\n",
       "6:58", "give exactly one of"},
      {"echo: false", kAppHead + "  - {host: server, op: listen, proto: tcp, port: 7, app: {echo: false}}\n",
       "6:65", "only true makes sense"},
      {"negative respond", kAppHead + "  - {host: server, op: listen, proto: tcp, port: 7, app: {respond: -1}}\n",
       "6:68", "app respond"},
      {"unknown app key", kAppHead + "  - {host: server, op: listen, proto: tcp, port: 7, app: {echo: true, delay: 1s}}\n",
       "6:71", "unknown key \"delay\" in app"},
      {"from_new_port on tcp",
       kAppHead + "  - {host: server, op: listen, proto: tcp, port: 69, app: {respond: 512, from_new_port: true}}\n",
       "6:59", "from_new_port is for udp"},
      {"app on a connect", kAppHead + "  - {host: client, op: connect, proto: tcp, to: \"10.0.0.2:7\", app: echo}\n",
       "6:63", "key \"app\" is not allowed for op connect"},
      {"expect_reply on a listen",
       kAppHead + "  - {host: server, op: listen, proto: tcp, port: 7, expect_reply: true}\n", "6:53",
       "key \"expect_reply\" is not allowed for op listen"},
      {"expect_reply not a bool",
       kAppHead + "  - {host: client, op: send, proto: udp, to: \"10.0.0.2:7\", expect_reply: maybe}\n",
       "6:74", "expect_reply"},
      {"answered on a step without a request",
       kAppHead + "  - {host: client, op: send, proto: udp, to: \"10.0.0.2:7\"}\nexpect:\n  - {step: 0, answered: 1}\n",
       "8:15", "step 0 sends no request"},
      {"answers: 0", kAppHead + "  - {host: server, op: bind, proto: udp, port: 9, app: {echo: true, answers: 0}}\n",
       "6:78", "app answers"},
      {"to_sender with to:",
       kAppHead + "  - {host: client, op: send, proto: udp, to: \"10.0.0.2:7\", to_sender: true}\n", "6:60",
       "to_sender: is for udp sends on labelled sockets"},
      {"to_sender on tcp",
       kAppHead + "  - {host: client, op: connect, proto: tcp, to: \"10.0.0.2:7\", as: c}\n"
                  "  - {host: client, op: send, sockets: c, to_sender: true}\n", "7:42",
       "to_sender: is for udp"},
      {"request and bytes",
       "name: x\nhosts:\n  client: {address: 10.0.0.1}\n"
       "workloads:\n  - {name: w, from: client, to: \"10.0.0.2:80\", rate: 1, count: 1, bytes: 5, request: 5}\n",
       "5:77", "request: and bytes: both say what the client sends"},
      {"request of 0", "name: x\nhosts:\n  client: {address: 10.0.0.1}\n"
       "workloads:\n  - {name: w, from: client, to: \"10.0.0.2:80\", rate: 1, count: 1, request: 0}\n",
       "5:76", "request"},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      absl::StatusOr<Scenario> s;
      REQUIRE_NOTHROW(s = LoadScenarioText(c.yaml, "bad.yaml"));
      INFO(s.status().ToString());
      REQUIRE(s.status().code() == absl::StatusCode::kInvalidArgument);
      const std::string message(s.status().message());
      CHECK(message.rfind(std::string("bad.yaml:") + c.where, 0) == 0);
      CHECK(message.find(c.fragment) != std::string::npos);
    }
  }
}

}  // namespace
}  // namespace portlab::scenario
