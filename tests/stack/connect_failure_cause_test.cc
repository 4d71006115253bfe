// Why a connect() found no port, as the failure's cause says: every
// candidate in TIME-WAIT, held by bound sockets, or used up by live
// connections (or a mix). Each case runs with a 10-port range (the
// per-destination index is then a short list), a 100-port range (it is
// then a bitmap), which count the candidates two different ways, and a
// 1,000-port range (16 words, so a walk that stops too early shows).
#include <catch2/catch.hpp>
#include <string>

#include "absl/strings/str_cat.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::stack {
namespace {

// The causes of the client's EADDRNOTAVAIL failures, "cause:count ...".
std::string Causes(const std::string& steps, int ports) {
  const std::string yaml = absl::StrCat(
      "name: cause\n"
      "hosts:\n"
      "  client: {address: 10.0.0.1, os: linux, sysctl: {ip_local_port_range: \"40000 ",
      40000 + ports - 1, "\"}}\n"
      "  server: {address: 10.0.0.2, os: linux}\n"
      "steps:\n"
      "  - {at: 0s, host: server, op: listen, proto: tcp, port: 80}\n",
      steps);
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(yaml, "cause.yaml");
  REQUIRE(s.ok());
  absl::StatusOr<sim::Result> r = run::RunScenario(*s, run::RunOptions{});
  REQUIRE(r.ok());
  std::string out;
  for (const auto& [errno_name, causes] : r->hosts[0].tcp.failures) {
    for (const auto& [cause, n] : causes) absl::StrAppend(&out, errno_name, " ", cause, ":", n, " ");
  }
  return out;
}

std::string Connects(int count, const char* at, const char* label = nullptr) {
  return absl::StrCat("  - {at: ", at, ", host: client, op: connect, proto: tcp, to: \"10.0.0.2:80\", count: ",
                      count, label ? absl::StrCat(", as: ", label) : "", "}\n");
}

TEST_CASE("connect() failure causes: TIME-WAIT, bound, live, mixed", "[stack]") {
  for (int ports : {10, 100, 1000}) {
    INFO(ports << " ports");
    const std::string close_all = "  - {at: 2s, host: client, op: close, proto: tcp, sockets: a}\n";
    CHECK(Causes(Connects(ports, "1s", "a") + close_all + Connects(1, "3s"), ports) ==
          "EADDRNOTAVAIL all candidates in TIME-WAIT:1 ");
    CHECK(Causes(Connects(ports + 2, "1s"), ports) == "EADDRNOTAVAIL range used up:2 ");
    CHECK(Causes(absl::StrCat("  - {at: 1s, host: client, op: bind, proto: tcp, port: 0, count: ", ports, "}\n") +
                     Connects(1, "2s"),
                 ports) == "EADDRNOTAVAIL ports held by bound sockets:1 ");
    // Half in TIME-WAIT, half live.
    const std::string half = absl::StrCat(Connects(ports / 2, "1s", "a"), close_all,
                                          Connects(ports - ports / 2, "3s"), Connects(1, "4s"));
    CHECK(Causes(half, ports) == "EADDRNOTAVAIL range used up:1 ");
    // Every port in TIME-WAIT but the last one taken (Linux fills the even
    // half first: an odd port near the end of the range), live: a walk
    // that stopped at the first TIME-WAIT would call it all TIME-WAIT.
    const std::string last_live = absl::StrCat(Connects(ports - 1, "1s", "a"), close_all,
                                               Connects(1, "3s"), Connects(1, "4s"));
    CHECK(Causes(last_live, ports) == "EADDRNOTAVAIL range used up:1 ");
    // Every port in TIME-WAIT but one bound by bind(): TIME-WAIT and bound
    // together are "range used up" too.
    const std::string one_bound =
        absl::StrCat("  - {at: 0.5s, host: client, op: bind, proto: tcp, port: 0}\n",
                     Connects(ports - 1, "1s", "a"), close_all, Connects(1, "3s"));
    CHECK(Causes(one_bound, ports) == "EADDRNOTAVAIL range used up:1 ");
    // Failures repeated while the TIME-WAITs last keep the cause.
    CHECK(Causes(Connects(ports, "1s", "a") + close_all + Connects(3, "3s") + Connects(2, "30s"), ports) ==
          "EADDRNOTAVAIL all candidates in TIME-WAIT:5 ");
  }
}

}  // namespace
}  // namespace portlab::stack
