// The kernel runner against the facts the `linux` profile must reproduce:
// Cloudflare's connectx tests (cloudflare-blog 2022-02-connectx/test.py, see
// reference/oracles.md) and the observations in reference/os-ports.md. These
// check the runner and the kernel; comparing with the simulator is separate.
//
// A 1-4 range is refused by some kernels, so "4 ports" is 40000-40003 here.
// Server ports stay outside the range: every host shares one port space.
#include "differential/kernel_runner.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "differential/errno_names.h"
#include "differential/require_kernel.h"

namespace portlab::differential {
namespace {

using scenario::StepOp;
using scenario::StepSpec;
using Ports = std::vector<uint16_t>;

net::IpAddress Ip(const char* text) { return net::IpAddress::Parse(text).value(); }
net::Endpoint Ep(const char* text) { return net::Endpoint::Parse(text).value(); }

// client 10.0.0.1 with `range`; server 10.0.0.2 and 10.0.0.3 (two
// destinations), listening on *:8080 at step 0.
scenario::Scenario TwoDestinations(const std::string& name,
                                   const std::string& range) {
  scenario::Scenario s;
  s.name = name;
  scenario::HostSpec client;
  client.name = "client";
  client.addresses = {Ip("10.0.0.1"), Ip("10.0.0.4")};
  client.sysctl = {{"ip_local_port_range", range, {}}};
  scenario::HostSpec server;
  server.name = "server";
  server.addresses = {Ip("10.0.0.2"), Ip("10.0.0.3")};
  s.hosts = {client, server};
  StepSpec listen;
  listen.host = "server";
  listen.op = StepOp::kListen;
  listen.port = net::Port(8080);
  s.steps.push_back(listen);
  return s;
}

StepSpec& AddStep(scenario::Scenario& s, StepOp op, const char* host = "client") {
  StepSpec step;
  step.index = static_cast<int>(s.steps.size());
  step.at = s.steps.empty() ? SimTime() : s.steps.back().at;
  step.host = host;
  step.op = op;
  s.steps.push_back(step);
  return s.steps.back();
}

StepSpec& AddConnect(scenario::Scenario& s, const char* to, int64_t count) {
  StepSpec& step = AddStep(s, StepOp::kConnect);
  step.to = Ep(to);
  step.count = count;
  return step;
}

std::vector<sim::StepResult> Run(const scenario::Scenario& s) {
  absl::StatusOr<std::vector<sim::StepResult>> r = RunOnKernel(s);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  REQUIRE(r->size() == s.steps.size());
  return *std::move(r);
}

std::set<uint16_t> NonZero(const Ports& ports) {
  std::set<uint16_t> out;
  for (uint16_t p : ports) {
    if (p != 0) out.insert(p);
  }
  return out;
}

std::string Show(const std::map<std::string, int64_t>& errors) {
  std::string out;
  for (const auto& [name, count] : errors) {
    out += name + ":" + std::to_string(count) + " ";
  }
  return out;
}

std::string Show(const Ports& ports) {
  std::string out;
  for (uint16_t p : ports) out += std::to_string(p) + " ";
  return out;
}

void CheckStep(const sim::StepResult& r, int64_t ok,
               const std::map<std::string, int64_t>& errors) {
  INFO("step " << r.index << " " << r.op << " ports: " << Show(r.ports)
                << " errors: " << Show(r.errors));
  CHECK(r.calls == ok + [&] {
    int64_t n = 0;
    for (const auto& [name, count] : errors) n += count;
    return n;
  }());
  CHECK(r.ok == ok);
  CHECK(r.errors == errors);
  // `set` writes knobs, not sockets: it reports no ports.
  CHECK(r.ports.size() == (r.op == "set" ? 0 : static_cast<size_t>(r.calls)));
}

const std::set<uint16_t> kFourPorts = {40000, 40001, 40002, 40003};

TEST_CASE("errno names round-trip", "[kernel]") {
  for (int e : {EADDRINUSE, EADDRNOTAVAIL, EAGAIN, ECONNREFUSED, ETIMEDOUT,
                EINVAL, EACCES, EISCONN}) {
    CHECK(ErrnoFromName(ErrnoName(e)) == e);
  }
  CHECK(ErrnoName(EADDRNOTAVAIL) == "EADDRNOTAVAIL");
  CHECK(ErrnoName(100000) == "E#100000");
}

TEST_CASE("connectx: plain TCP connect shares ports across destinations",
          "[kernel]") {
  REQUIRE_KERNEL();
  scenario::Scenario s = TwoDestinations("connectx tcp", "40000 40003");
  AddConnect(s, "10.0.0.2:8080", 5);
  AddConnect(s, "10.0.0.3:8080", 5);
  std::vector<sim::StepResult> r = Run(s);
  CheckStep(r[0], 1, {});
  CHECK(r[0].ports == Ports{8080});
  CheckStep(r[1], 4, {{"EADDRNOTAVAIL", 1}});
  CheckStep(r[2], 4, {{"EADDRNOTAVAIL", 1}});
  CHECK(NonZero(r[1].ports) == kFourPorts);
  CHECK(NonZero(r[2].ports) == kFourPorts);
  CHECK(r[1].ports.back() == 0);
}

TEST_CASE("connectx: bind(*, 0) then connect does not share", "[kernel]") {
  REQUIRE_KERNEL();
  scenario::Scenario s = TwoDestinations("connectx bind", "40000 40003");
  AddConnect(s, "10.0.0.2:8080", 5).bind = Ep("0.0.0.0:0");
  AddConnect(s, "10.0.0.3:8080", 1).bind = Ep("0.0.0.0:0");
  std::vector<sim::StepResult> r = Run(s);
  CheckStep(r[1], 4, {{"EADDRINUSE", 1}});
  CHECK(NonZero(r[1].ports) == kFourPorts);
  CheckStep(r[2], 0, {{"EADDRINUSE", 1}});
  CHECK(r[2].ports == Ports{0});
}

TEST_CASE("connectx: bind(addr, 0) then connect, another address still binds",
          "[kernel]") {
  REQUIRE_KERNEL();
  scenario::Scenario s = TwoDestinations("connectx bind addr", "40000 40003");
  AddConnect(s, "10.0.0.2:8080", 5).bind = Ep("10.0.0.1:0");
  AddConnect(s, "10.0.0.3:8080", 1).bind = Ep("10.0.0.4:0");
  std::vector<sim::StepResult> r = Run(s);
  CheckStep(r[1], 4, {{"EADDRINUSE", 1}});
  CheckStep(r[2], 1, {});
}

TEST_CASE("connectx: IP_BIND_ADDRESS_NO_PORT shares again", "[kernel]") {
  REQUIRE_KERNEL();
  scenario::Scenario s = TwoDestinations("connectx no_port", "40000 40003");
  for (const char* to : {"10.0.0.2:8080", "10.0.0.3:8080"}) {
    StepSpec& c = AddConnect(s, to, 5);
    c.bind = Ep("10.0.0.1:0");
    c.options.bind_address_no_port = true;
  }
  std::vector<sim::StepResult> r = Run(s);
  CheckStep(r[1], 4, {{"EADDRNOTAVAIL", 1}});
  CheckStep(r[2], 4, {{"EADDRNOTAVAIL", 1}});
  CHECK(NonZero(r[2].ports) == kFourPorts);
}

TEST_CASE("connectx: UDP connect uses the range once, then EAGAIN", "[kernel]") {
  REQUIRE_KERNEL();
  scenario::Scenario s = TwoDestinations("connectx udp", "40000 40003");
  AddConnect(s, "10.0.0.2:9000", 5).protocol = net::Protocol::kUdp;
  AddConnect(s, "10.0.0.3:9000", 1).protocol = net::Protocol::kUdp;
  std::vector<sim::StepResult> r = Run(s);
  CheckStep(r[1], 4, {{"EAGAIN", 1}});
  CHECK(NonZero(r[1].ports) == kFourPorts);
  CheckStep(r[2], 0, {{"EAGAIN", 1}});
}

TEST_CASE("connectx: one unconnected bound socket costs one port", "[kernel]") {
  REQUIRE_KERNEL();
  scenario::Scenario s = TwoDestinations("connectx bound", "40000 40003");
  AddStep(s, StepOp::kBind).port = net::Port(0);
  AddConnect(s, "10.0.0.2:8080", 4);
  std::vector<sim::StepResult> r = Run(s);
  CheckStep(r[1], 1, {});
  CheckStep(r[2], 3, {{"EADDRNOTAVAIL", 1}});
  CHECK_FALSE(NonZero(r[2].ports).count(r[1].ports[0]));
}

// os-ports.md: bind(0) scans odd ports first (inet_csk_find_open_port,
// offset |= 1); connect() scans ports of low's parity first
// (__inet_hash_connect clears bit 0).
TEST_CASE("parity: bind(0) odd first, connect() even first", "[kernel]") {
  REQUIRE_KERNEL();
  scenario::Scenario s = TwoDestinations("parity", "40000 40007");
  StepSpec& binds = AddStep(s, StepOp::kBind);
  binds.count = 8;
  binds.as = "bound";
  AddStep(s, StepOp::kClose).sockets = "bound";
  AddConnect(s, "10.0.0.2:8080", 8);
  std::vector<sim::StepResult> r = Run(s);
  const sim::StepResult& bind = r[1];
  const sim::StepResult& conn = r[3];
  WARN("bind(0) ports: " << Show(bind.ports));
  WARN("connect ports: " << Show(conn.ports));
  CheckStep(bind, 8, {});
  CheckStep(conn, 8, {});
  CHECK(NonZero(bind.ports).size() == 8);
  CHECK(NonZero(conn.ports).size() == 8);
  for (size_t i = 0; i < 8; ++i) {
    INFO("call " << i);
    CHECK(bind.ports[i] % 2 == (i < 4 ? 1 : 0));
    CHECK(conn.ports[i] % 2 == (i < 4 ? 0 : 1));
  }
}

// os-ports.md "TIME-WAIT": immediate reconnect -> EADDRNOTAVAIL; another
// destination is not blocked; after 1.5 s with tcp_tw_reuse=1 -> ok.
TEST_CASE("TIME-WAIT holds the 4-tuple until tcp_tw_reuse recycles it",
          "[kernel]") {
  REQUIRE_KERNEL();
  scenario::Scenario s = TwoDestinations("time-wait", "40000 40003");
  AddConnect(s, "10.0.0.2:8080", 4).as = "first";
  AddStep(s, StepOp::kClose).sockets = "first";
  AddConnect(s, "10.0.0.2:8080", 1);
  AddConnect(s, "10.0.0.3:8080", 1);
  StepSpec& set = AddStep(s, StepOp::kSet);
  set.sysctl = {{"tcp_tw_reuse", "1", {}}};
  AddConnect(s, "10.0.0.2:8080", 1).at =
      SimTime() + Duration::Millis(1500);
  std::vector<sim::StepResult> r = Run(s);
  CheckStep(r[1], 4, {});
  CheckStep(r[2], 4, {});
  CHECK(NonZero(r[2].ports) == kFourPorts);
  CheckStep(r[3], 0, {{"EADDRNOTAVAIL", 1}});
  CheckStep(r[4], 1, {});
  CheckStep(r[5], 1, {});
  CHECK(r[5].protocol.empty());
  CheckStep(r[6], 1, {});
}

TEST_CASE("abort sends RST: no TIME-WAIT, the ports are free at once",
          "[kernel]") {
  REQUIRE_KERNEL();
  scenario::Scenario s = TwoDestinations("abort", "40000 40003");
  AddConnect(s, "10.0.0.2:8080", 4).as = "first";
  AddStep(s, StepOp::kAbort).sockets = "first";
  AddConnect(s, "10.0.0.2:8080", 4);
  std::vector<sim::StepResult> r = Run(s);
  CheckStep(r[3], 4, {});
}

TEST_CASE("refused, privileged ports, bad per-socket range", "[kernel]") {
  REQUIRE_KERNEL();
  scenario::Scenario s = TwoDestinations("errors", "40000 40003");
  AddConnect(s, "10.0.0.2:9999", 1);  // nobody listens
  StepSpec& low = AddStep(s, StepOp::kBind);
  low.port = net::Port(80);
  low.uid = 1000;
  AddStep(s, StepOp::kBind).port = net::Port(81);  // root may
  AddConnect(s, "10.0.0.2:8080", 1).options.local_port_range =
      std::pair<uint16_t, uint16_t>{40003, 40001};
  std::vector<sim::StepResult> r = Run(s);
  CheckStep(r[1], 0, {{"ECONNREFUSED", 1}});
  CheckStep(r[2], 0, {{"EACCES", 1}});
  CheckStep(r[3], 1, {});
  CHECK(r[3].ports == Ports{81});
  CheckStep(r[4], 0, {{"EINVAL", 1}});
}

TEST_CASE("IPv6 host addresses and listeners", "[kernel]") {
  REQUIRE_KERNEL();
  scenario::Scenario s;
  s.name = "v6";
  scenario::HostSpec client;
  client.name = "client";
  client.addresses = {Ip("2001:db8::1")};
  client.sysctl = {{"ip_local_port_range", "40000 40003", {}}};
  scenario::HostSpec server;
  server.name = "server";
  server.addresses = {Ip("2001:db8::2")};
  s.hosts = {client, server};
  StepSpec& listen = AddStep(s, StepOp::kListen, "server");
  listen.address = Ip("2001:db8::2");
  listen.port = net::Port(8080);
  AddConnect(s, "[2001:db8::2]:8080", 5).as = "c";
  AddStep(s, StepOp::kSend).sockets = "c";
  s.steps.back().bytes = 100;
  std::vector<sim::StepResult> r = Run(s);
  CheckStep(r[0], 1, {});
  CheckStep(r[1], 4, {{"EADDRNOTAVAIL", 1}});
  CheckStep(r[2], 4, {});
}

TEST_CASE("a scenario the kernel cannot honour is an error", "[kernel]") {
  REQUIRE_KERNEL();
  scenario::Scenario s = TwoDestinations("conflict", "40000 40003");
  s.hosts[1].sysctl = {{"ip_local_port_range", "50000 50003", {}}};
  CHECK(RunOnKernel(s).status().code() == absl::StatusCode::kInvalidArgument);
  scenario::Scenario t = TwoDestinations("label", "40000 40003");
  AddStep(t, StepOp::kClose).sockets = "nobody";
  CHECK(RunOnKernel(t).status().code() == absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace portlab::differential
