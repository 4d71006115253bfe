// bind(port 0) on a range held by connections and TIME-WAITs. The bind
// tester skips, a word at a time, the ports an owner bound to the host's
// one IPv4 address holds (BindTester, stack/port_testers.h); these cases
// check that it finds the same ports as the port-by-port test and never
// skips a port that is free for the binding address.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::stack {
namespace {

// A client with `addresses` and a 1,000-port range: 600 connections closed
// (TIME-WAIT from 2 s to ~62 s), 300 more live, then at 4 s `binds`
// bind(BIND_ADDRESS:0) calls, and at 5 s a connect() on the last bound one.
sim::Result Run(const std::string& addresses, const std::string& bind_address, int binds) {
  const std::string yaml = absl::StrCat(
      "name: bind past exhaustion\n"
      "hosts:\n"
      "  client: {addresses: [", addresses, "], os: linux, sysctl: {ip_local_port_range: \"40000 40999\"}}\n"
      "  server: {address: 10.0.0.2, os: linux}\n"
      "steps:\n"
      "  - {at: 0s, host: server, op: listen, proto: tcp, port: 80}\n"
      "  - {at: 1s, host: client, op: connect, proto: tcp, to: \"10.0.0.2:80\", count: 600, as: a}\n"
      "  - {at: 2s, host: client, op: close, proto: tcp, sockets: a}\n"
      "  - {at: 3s, host: client, op: connect, proto: tcp, to: \"10.0.0.2:80\", count: 300}\n"
      "  - {at: 4s, host: client, op: bind, proto: tcp, address: ", bind_address, ", port: 0, count: ",
      binds, "}\n");
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(yaml, "bind.yaml");
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  absl::StatusOr<sim::Result> r = run::RunScenario(*s, run::RunOptions{});
  REQUIRE(r.ok());
  return *r;
}

TEST_CASE("bind(0) past exhaustion finds what a port-by-port test finds", "[stack][bind]") {
  // With a second IPv4 address the tester cannot skip for a specific-address
  // bind (an owner on 10.0.0.1 says nothing about 10.0.0.9): the same
  // host name and seed, so the same strategy draws, port by port.
  const sim::Result skipping = Run("10.0.0.1", "10.0.0.1", 150);
  const sim::Result reference = Run("10.0.0.1, 10.0.0.9", "10.0.0.1", 150);
  const sim::StepResult& a = skipping.steps.back();
  const sim::StepResult& b = reference.steps.back();
  // 100 ports free: 100 binds succeed, 50 fail.
  CHECK(a.ok == 100);
  CHECK(a.errors.at("EADDRINUSE") == 50);
  CHECK(a.ports == b.ports);
  CHECK(a.ok == b.ok);
  CHECK(skipping.hosts[0].tcp.allocation_probes == reference.hosts[0].tcp.allocation_probes);
  // The wildcard overlaps every owner: it skips too, and finds the same.
  const sim::Result wildcard = Run("10.0.0.1", "0.0.0.0", 150);
  CHECK(wildcard.steps.back().ports == a.ports);
}

TEST_CASE("bind(0) on another address is not blocked by owners on the first", "[stack][bind]") {
  // Every port of the range is held on 10.0.0.1 (TIME-WAIT or live); a
  // bind on 10.0.0.9 overlaps none of them and gets a port each time, a
  // bind on 10.0.0.1 or the wildcard none once the 100 free ones are gone.
  const sim::Result other = Run("10.0.0.1, 10.0.0.9", "10.0.0.9", 150);
  CHECK(other.steps.back().ok == 150);
  const sim::Result same = Run("10.0.0.1, 10.0.0.9", "0.0.0.0", 150);
  CHECK(same.steps.back().ok == 100);
}

}  // namespace
}  // namespace portlab::stack
