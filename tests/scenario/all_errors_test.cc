// The loader reports every error of a file at once (scenario/internal/
// diagnostics.h): each at its FILE:LINE:COLUMN, in file order, at most 20
// and then a count; an error that only follows from an earlier one (a step
// naming a host whose entry failed) is not reported; a YAML syntax error
// is still the one error. And each unknown name's "did you mean".
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "portlab/scenario/loader.h"

namespace portlab::scenario {
namespace {

// The lines of the error a file is refused with.
std::vector<std::string> AllErrorsOf(const std::string& text) {
  absl::StatusOr<Scenario> s = LoadScenarioText(text, "m.yaml");
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == absl::StatusCode::kInvalidArgument);
  return absl::StrSplit(std::string(s.status().message()), '\n');
}

TEST_CASE("a file's independent mistakes are all reported, in file order", "[loader][errors]") {
  const std::string text =
      "name: many\n"                                               // 1
      "seed: -3\n"                                                 // 2
      "hosts:\n"                                                   // 3
      "  client: {adress: 10.0.0.1}\n"                             // 4
      "  server: {address: 10.0.0.2, os: linux}\n"                 // 5
      "  web: {address: 10.0.0.300}\n"                             // 6
      "steps:\n"                                                   // 7
      "  - {at: 0s, host: server, op: lisen, proto: tcp}\n"        // 8
      "  - {at: 1s, host: servr, op: listen, proto: tcp}\n"        // 9
      "  - {at: 2s, host: server, op: bind, proto: tcp, port: 99999}\n"  // 10
      "expect:\n"                                                  // 11
      "  - {host: server, established: -1}\n"                      // 12
      "nats:\n"                                                    // 13
      "  n: {inside: 10.0.0.0/8, outside: 203.0.113.1, colour: red}\n";  // 14
  const std::vector<std::string> lines = AllErrorsOf(text);
  const std::vector<std::string> where = {"m.yaml:2:7: seed:",   "m.yaml:4:12: unknown key \"adress\"",
                                          "m.yaml:6:18: address:", "m.yaml:8:32: op:",
                                          "m.yaml:9:20: host: \"servr\"", "m.yaml:10:56: port:",
                                          "m.yaml:12:33: established:", "m.yaml:14:49: unknown key \"colour\""};
  REQUIRE(lines.size() == where.size());
  for (size_t i = 0; i < where.size(); ++i) {
    CAPTURE(i);
    CHECK_THAT(lines[i], Catch::StartsWith(where[i]));
  }
  CHECK_THAT(lines[1], Catch::Contains("(did you mean \"address\"?)"));
  CHECK_THAT(lines[3], Catch::Contains("(did you mean \"listen\"?)"));
  CHECK_THAT(lines[4], Catch::Contains("(did you mean \"server\"?)"));
}

TEST_CASE("every unknown key of one map is reported", "[loader][errors]") {
  const std::vector<std::string> lines = AllErrorsOf(
      "name: x\n"
      "hosts:\n"
      "  a: {adress: 10.0.0.1, oss: linux, x-mine: 1}\n");
  REQUIRE(lines.size() == 2);
  CHECK_THAT(lines[0], Catch::StartsWith("m.yaml:3:7: unknown key \"adress\""));
  CHECK_THAT(lines[1], Catch::StartsWith("m.yaml:3:25: unknown key \"oss\" (did you mean \"os\"?)"));
}

TEST_CASE("a host's keys are checked each on its own", "[loader][errors]") {
  const std::vector<std::string> lines = AllErrorsOf(
      "name: x\n"
      "hosts:\n"
      "  a:\n"
      "    address: 10.0.0.1\n"
      "    default_route: maybe\n"
      "    firewall:\n"
      "      - {proto: tcp, port: 70000}\n"
      "      - {proto: tcpp, port: 22}\n"
      "    sysctl: {a: [1]}\n");
  REQUIRE(lines.size() == 4);
  CHECK_THAT(lines[0], Catch::StartsWith("m.yaml:5:20: default_route:"));
  CHECK_THAT(lines[1], Catch::StartsWith("m.yaml:7:28: port:"));
  CHECK_THAT(lines[2], Catch::StartsWith("m.yaml:8:17: proto:"));
  CHECK_THAT(lines[3], Catch::StartsWith("m.yaml:9:17: "));
}

TEST_CASE("at most 20 errors are shown, then how many more", "[loader][errors]") {
  std::string text = "name: x\nhosts:\n  a: {address: 10.0.0.1}\nsteps:\n";
  for (int i = 0; i < 25; ++i) text += "  - {host: a, op: bind, proto: tcp, port: -1}\n";
  const std::vector<std::string> lines = AllErrorsOf(text);
  REQUIRE(lines.size() == 21);
  CHECK_THAT(lines[0], Catch::StartsWith("m.yaml:5:"));
  CHECK_THAT(lines[19], Catch::StartsWith("m.yaml:24:"));
  CHECK(lines[20] == "m.yaml: and 5 more errors (only the first 20 are shown)");
}

TEST_CASE("a hostile file's errors are counted up to a bound", "[loader][errors]") {
  std::string text = "name: x\nhosts:\n  a: {address: 10.0.0.1}\nsteps:\n";
  for (int i = 0; i < 5000; ++i) text += "  - {host: a, op: bind, proto: tcp, port: -1}\n";
  const std::vector<std::string> lines = AllErrorsOf(text);
  REQUIRE(lines.size() == 21);
  CHECK(lines[20] ==
        "m.yaml: and at least 980 more errors (only the first 20 are shown; the check stops at 1000)");
}

TEST_CASE("an error that follows from an earlier one is not reported", "[loader][errors]") {
  struct Case {
    std::string name;
    std::string text;
    std::string only;  // the one error reported
  };
  const std::string two_hosts = "name: x\nhosts:\n  a: {address: 10.0.0.1}\n";
  const Case cases[] = {
      {"steps, workloads and expectations naming a host whose entry failed",
       "name: x\nhosts:\n  a: {address: 10.0.0.1}\n  b: {address: nope}\n"
       "workloads:\n  - {name: w, from: b, to: \"10.0.0.1:80\", rate: 1, stop: 1s}\n"
       "steps:\n  - {host: b, op: listen, proto: tcp}\n"
       "expect:\n  - {host: b, established: 0}\n",
       "m.yaml:4:16: address:"},
      {"the members of a quantity: host whose entry failed",
       "name: x\nhosts:\n  a: {address: 10.0.0.1}\n  c: {address: 10.0.0.9, quantity: 0}\n"
       "steps:\n  - {host: c.1, op: listen, proto: tcp}\n",
       "m.yaml:4:36: quantity:"},
      {"every host when hosts: itself failed",
       "name: x\nhosts: [a]\nsteps:\n  - {host: a, op: listen, proto: tcp}\n",
       "m.yaml:2:8: hosts: expected a map"},
      {"a missing key that an unknown key may have meant",
       two_hosts + "steps:\n  - {host: a, op: bind, proto: tcp, prot: 80}\n",
       "m.yaml:5:37: unknown key \"prot\""},
      {"a missing top-level key that an unknown one may have meant",
       "name: x\nhots:\n  a: {address: 10.0.0.1}\n",
       "m.yaml:2:1: unknown key \"hots\" (did you mean \"hosts\"?)"},
      {"a label defined by a step that failed",
       two_hosts + "steps:\n  - {host: a, op: connect, proto: tcp, to: nowhere, as: c}\n"
                   "  - {host: a, op: close, sockets: c}\n",
       "m.yaml:5:44: to:"},
      {"a workload whose entry failed, started by a step",
       two_hosts + "workloads:\n  - {name: w, from: a, to: \"10.0.0.1:80\", rate: fast, stop: 1s}\n"
                   "steps:\n  - {host: a, op: start, workload: w}\n",
       "m.yaml:5:49: rate:"},
      {"a workload's stop step that failed",
       two_hosts + "workloads:\n  - {name: w, from: a, to: \"10.0.0.1:80\", rate: 1}\n"
                   "steps:\n  - {at: 1s, host: a, op: stop, workload: w, port: 1}\n",
       "m.yaml:7:46: key \"port\" is not allowed"},
      {"a NAT whose entry failed, probed by a step",
       two_hosts + "nats:\n  n: {inside: 10.0.0.0/33, outside: 203.0.113.1}\n"
                   "steps:\n  - {op: nat-probe, nat: n}\n",
       "m.yaml:5:15: inside:"},
      {"expectations on steps when a step failed (their numbers are unknown)",
       two_hosts + "steps:\n  - {host: a, op: lisen, proto: tcp}\n  - {host: a, op: listen, proto: tcp}\n"
                   "expect:\n  - {step: 1, ok: 1}\n",
       "m.yaml:5:19: op:"},
      {"strategy: expectations when analysis: failed",
       "name: x\nanalysis: {strategies: linux}\nexpect:\n  - {strategy: linux, metric: cost, max: 1}\n",
       "m.yaml:2:24: strategies:"},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      const std::vector<std::string> lines = AllErrorsOf(c.text);
      CAPTURE(c.text);
      REQUIRE(lines.size() == 1);
      CHECK_THAT(lines[0], Catch::StartsWith(c.only));
    }
  }
}

TEST_CASE("a YAML syntax error is the one error", "[loader][errors]") {
  const std::vector<std::string> lines = AllErrorsOf(
      "name: x\n"
      "seed: -1\n"
      "hosts:\n"
      "  a: {address: 10.0.0.1\n");
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0], Catch::StartsWith("m.yaml:"));
  CHECK_THAT(lines[0], Catch::Contains("invalid YAML"));
}

TEST_CASE("unknown names come with the nearest known one", "[loader][errors]") {
  const std::string head =
      "name: x\nhosts:\n  a: {address: 10.0.0.1}\n"
      "nats:\n  office: {inside: 10.0.0.0/8, outside: 203.0.113.1}\n"
      "workloads:\n  - {name: browse, from: a, to: \"10.0.0.1:80\", rate: 1, stop: 1s}\n";
  struct Case {
    std::string tail;
    std::string says;
  };
  const Case cases[] = {
      {"steps:\n  - {op: nat-probe, nat: ofice}\n", "nat: \"ofice\" (did you mean \"office\"?) is not defined under nats:"},
      {"steps:\n  - {host: a, op: start, workload: brwse}\n",
       "workload: \"brwse\" (did you mean \"browse\"?) is not defined under workloads:"},
      {"expect:\n  - {workload: browze, failures: 0}\n", "workload: \"browze\" (did you mean \"browse\"?)"},
      {"steps:\n  - {host: a, op: listen, proto: tcp, as: server}\n  - {host: a, op: close, proto: tcp, sockets: sever}\n",
       "sockets: \"sever\" (did you mean \"server\"?) is not a label defined by an earlier step's as:"},
      {"expect:\n  - {nat: office, mapings: 1}\n", "\"mapings\" (did you mean \"mappings\"?) is not a NAT figure"},
      {"steps:\n  - {host: a, op: listen, proto: tcp, options: [reuseadr]}\n", "(did you mean \"reuseaddr\"?)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.tail);
    const std::vector<std::string> lines = AllErrorsOf(head + c.tail);
    REQUIRE(lines.size() == 1);
    CHECK_THAT(lines[0], Catch::Contains(c.says));
  }
  const std::vector<std::string> strategy = AllErrorsOf(
      "name: x\nanalysis: {strategies: [linux, random]}\nexpect:\n  - {strategy: randon, metric: cost, max: 1}\n");
  REQUIRE(strategy.size() == 1);
  CHECK_THAT(strategy[0], Catch::Contains("strategy: \"randon\" (did you mean \"random\"?) is not among analysis: strategies:"));
}

}  // namespace
}  // namespace portlab::scenario
