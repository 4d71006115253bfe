// Loopback, routes and broadcast in the engine, where the kernel test
// (tests/differential/routing_test.cc) cannot look: who gets a broadcast,
// that loopback never crosses a link or a NAT, what the trace says.
#include <catch2/catch.hpp>

#include <memory>
#include <set>
#include <sstream>
#include <string>

#include "portlab/report/trace_writer.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"
#include "portlab/sim/simulation.h"

namespace portlab::sim {
namespace {

struct RoutedRun {
  Result result;
  std::string trace;
};

RoutedRun RunRouted(const std::string& yaml) {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(yaml, "routing.yaml");
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  std::ostringstream out;
  report::TraceWriter writer(out, 8);
  run::RunOptions options;
  options.trace = &writer;
  absl::StatusOr<Result> r = run::RunScenario(*s, options);
  REQUIRE(r.ok());
  return {*r, out.str()};
}

const HostResult& HostNamed(const Result& r, const std::string& name) {
  for (const HostResult& h : r.hosts)
    if (h.name == name) return h;
  FAIL("no host " << name);
  return r.hosts[0];
}

TEST_CASE("routing model: a broadcast reaches its link and subnet only", "[sim][routing]") {
  const RoutedRun run = RunRouted(R"(
name: who hears a broadcast
hosts:
  a:     {address: 192.168.1.1/24}
  b:     {address: 192.168.1.2/24}
  other: {address: 192.168.2.3/24}
  plain: {address: 192.168.1.4}
  inside: {address: 10.0.0.5/24}
  far:   {address: 198.51.100.9}
nats:
  home: {inside: 10.0.0.0/24, outside: 203.0.113.1}
steps:
  - {at: 0s, host: b,      op: bind, proto: udp, port: 67}
  - {at: 0s, host: other,  op: bind, proto: udp, port: 67}
  - {at: 0s, host: plain,  op: bind, proto: udp, port: 67}
  - {at: 0s, host: inside, op: bind, proto: udp, port: 67}
  - {at: 1s, host: a, op: send, proto: udp, to: "192.168.1.255:67", bytes: 1, options: [broadcast]}
  - {at: 2s, host: a, op: send, proto: udp, to: "255.255.255.255:67", bytes: 1, options: [broadcast]}
  - {at: 3s, host: inside, op: send, proto: udp, to: "255.255.255.255:67", bytes: 1, options: [broadcast]}
)");
  struct Heard {
    const char* host;
    int64_t received;  // UDP datagrams that arrived
    int64_t demux_wildcard;
  };
  for (const Heard& h : {
           // The subnet broadcast and the limited one; a itself twice, on no socket.
           Heard{"a", 2, 0},
           Heard{"b", 2, 2},
           // Another subnet on the same link: only 255.255.255.255.
           Heard{"other", 1, 1},
           // No prefix, no network: likewise.
           Heard{"plain", 1, 1},
           // Behind the NAT: its own broadcast only (looped back), none from outside.
           Heard{"inside", 1, 1},
           // Outside, no network: the limited broadcast only, no socket.
           Heard{"far", 1, 0},
       }) {
    INFO(h.host);
    const HostResult& r = HostNamed(run.result, h.host);
    CHECK(r.udp.segments_received == h.received);
    const auto wildcard = r.udp.demux.find("listener-wildcard");
    CHECK((wildcard == r.udp.demux.end() ? 0 : wildcard->second) == h.demux_wildcard);
    // Nobody answers a broadcast with ICMP (RFC 1122 §3.2.2).
    CHECK(r.udp.icmp_unreachable_sent == 0);
  }
  CHECK(run.result.nats[0].translated_out == 0);
  CHECK(run.trace.find("broadcast (to every host of the link)") != std::string::npos);
}

TEST_CASE("routing model: loopback and the host's own address never leave the host", "[sim][routing]") {
  const RoutedRun run = RunRouted(R"(
name: loopback behind a NAT
loopback_latency: 7us
hosts:
  pc:  {address: 10.0.0.5/24}
  web: {address: 198.51.100.9}
nats:
  home: {inside: 10.0.0.0/24, outside: 203.0.113.1}
steps:
  - {at: 0s, host: pc, op: listen, proto: tcp, address: 127.0.0.1, port: 8080}
  - {at: 0s, host: web, op: listen, proto: tcp, address: 198.51.100.9, port: 8080}
  - {at: 1s, host: pc, op: connect, proto: tcp, to: "127.0.0.1:8080"}
  - {at: 1s, host: pc, op: connect, proto: tcp, to: "10.0.0.5:9"}
  - {at: 1s, host: web, op: connect, proto: tcp, to: "127.0.0.1:8080"}
)");
  CHECK(run.result.steps[2].ok == 1);
  // Refused by pc itself, 2 x 7 us later.
  CHECK(run.result.steps[3].errors.at("ECONNREFUSED") == 1);
  // web's 127.0.0.1 is web's own: it listens only on its network address.
  CHECK(run.result.steps[4].errors.at("ECONNREFUSED") == 1);
  CHECK(run.result.nats[0].translated_out == 0);
  CHECK(run.result.nats[0].mappings_created == 0);
  CHECK(run.trace.find("   1.000007000  pc        demux     SYN      127.0.0.1:") != std::string::npos);
  CHECK(run.trace.find("via lo (stays on this host)") != std::string::npos);
  bool refused_at = false;
  for (const FailureRecord& f : run.result.failure_log)
    if (f.host == "pc") refused_at = f.time == SimTime::FromNanos(1'000'014'000);
  CHECK(refused_at);
}

TEST_CASE("routing model: an on-link address nobody has, without and with UDP", "[sim][routing]") {
  const RoutedRun run = RunRouted(R"(
name: neighbour unanswered
hosts:
  pc: {address: 10.8.0.1/24, default_route: false}
steps:
  - {at: 0s, host: pc, op: connect, proto: tcp, to: "10.8.0.99:80"}
  - {at: 0s, host: pc, op: connect, proto: udp, to: "10.8.0.98:53", as: u}
  - {at: 0s, host: pc, op: send, sockets: u, bytes: 10}
  - {at: 0s, host: pc, op: connect, proto: udp, to: "192.0.2.1:53"}
)");
  CHECK(run.result.steps[0].errors.at("EHOSTUNREACH") == 1);
  CHECK(run.result.steps[2].ok == 1);
  CHECK(run.result.steps[3].errors.at("ENETUNREACH") == 1);
  // The connected UDP socket does not learn it: host unreachable is a soft
  // error, which __udp4_lib_err leaves out without IP_RECVERR (measured on
  // 6.18: SO_ERROR stays 0 and the next send() succeeds).
  CHECK(run.result.hosts[0].udp.failures.count("EHOSTUNREACH") == 0);
  // The trace quotes the connection an ICMP error is about, its far end first.
  CHECK(run.trace.find("ICMP host-unreachable 10.8.0.99:80 (http) -> 10.8.0.1:") != std::string::npos);
  CHECK(run.trace.find("no neighbour answers ARP") != std::string::npos);
}

TEST_CASE("routing model: a socket bound to a broadcast address receives there, sends from the route's source",
          "[sim][routing]") {
  // __inet_bind accepts the subnet's broadcast address (RTN_BROADCAST), not
  // its network address nor another subnet's broadcast (measured on 6.18
  // with 10.0.0.1/24 on a veth); tests/differential/scenarios/
  // bind-group-addresses.yaml holds the rest against the kernel.
  const RoutedRun run = RunRouted(R"(
name: bound to a broadcast address
hosts:
  a: {address: 192.168.1.1/24}
  b: {address: 192.168.1.2/24}
steps:
  - {at: 0s, host: b, op: bind, proto: udp, address: 192.168.1.255, port: 67}
  - {at: 0s, host: b, op: listen, proto: tcp, address: 192.168.1.255, port: 80}
  - {at: 0s, host: b, op: bind, proto: udp, address: 192.168.1.0, port: 68}
  - {at: 0s, host: b, op: bind, proto: udp, address: 192.168.2.255, port: 68}
  - {at: 1s, host: a, op: send, proto: udp, to: "192.168.1.255:67", bytes: 1, options: [broadcast]}
  - {at: 2s, host: b, op: connect, proto: udp, to: "192.168.1.1:9", bind: "192.168.1.255:0"}
  - {at: 3s, host: a, op: bind, proto: udp, address: 192.168.1.1, port: 69}
  - {at: 3s, host: b, op: bind, proto: udp, address: 192.168.1.255, port: 70, as: g}
  - {at: 4s, host: b, op: send, proto: udp, sockets: g, to: "192.168.1.1:69", bytes: 1}
)");
  CHECK(run.result.steps[0].ok == 1);
  CHECK(run.result.steps[1].ok == 1);
  CHECK(run.result.steps[2].errors.at("EADDRNOTAVAIL") == 1);
  CHECK(run.result.steps[3].errors.at("EADDRNOTAVAIL") == 1);
  const HostResult& b = HostNamed(run.result, "b");
  CHECK(b.udp.demux.at("listener-address") == 1);
  CHECK(run.result.steps[5].ok == 1);
  // a's socket on 69 hears b from b's own address, not from the broadcast one.
  CHECK(run.result.steps[8].ok == 1);
  CHECK(run.trace.find("mux       UDP      192.168.1.2:70 (gopher) -> 192.168.1.1:69") != std::string::npos);
  CHECK(run.trace.find("UDP      192.168.1.255:70") == std::string::npos);
  const HostResult& a = HostNamed(run.result, "a");
  CHECK(a.udp.demux.at("listener-address") == 1);
}

TEST_CASE("routing model: a connection toward 0.0.0.0 or :: is to this host over loopback", "[sim][routing]") {
  // tests/differential/scenarios/connect-to-unspecified.yaml holds the
  // errnos against the kernel; here the ends, as ss shows them on 6.18:
  // 127.0.0.1 to 127.0.0.1:8000, [::1] to [::1]:8001, the bound address to
  // itself.
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(R"(
name: toward the unspecified address
hosts:
  h: {addresses: [10.0.0.1, "2001:db8::1"]}
steps:
  - {at: 0s, host: h, op: listen, proto: tcp, address: 0.0.0.0, port: 8000}
  - {at: 0s, host: h, op: listen, proto: tcp, address: "::", port: 8001}
  - {at: 1s, host: h, op: connect, proto: tcp, to: "0.0.0.0:8000"}
  - {at: 1s, host: h, op: connect, proto: tcp, to: "[::]:8001"}
  - {at: 1s, host: h, op: connect, proto: tcp, to: "0.0.0.0:8000", bind: "10.0.0.1:40000"}
  - {at: 1s, host: h, op: connect, proto: udp, to: "0.0.0.0:53"}
)", "unspecified.yaml");
  REQUIRE(s.ok());
  absl::StatusOr<std::unique_ptr<Simulation>> simulation = Simulation::Build(*s, 1, nullptr);
  REQUIRE(simulation.ok());
  (*simulation)->Run(SimTime() + Duration::Seconds(2));
  std::multiset<std::string> clients;
  for (const stack::SocketRow& r : (*simulation)->hosts()[0]->SocketTable()) {
    if (!r.remote || r.state == "LISTEN") continue;
    const uint16_t to = r.remote->port.value();
    if (to != 8000 && to != 8001 && to != 53) continue;
    clients.insert(std::string(net::ProtocolName(r.protocol)) + " " + r.local.address.ToString() + " -> " +
                   r.remote->ToString() + (r.local.port.value() == 40000 ? " (40000)" : ""));
  }
  CHECK(clients == std::multiset<std::string>{
                       "tcp 127.0.0.1 -> 127.0.0.1:8000",
                       "tcp ::1 -> [::1]:8001",
                       "tcp 10.0.0.1 -> 10.0.0.1:8000 (40000)",
                       "udp 127.0.0.1 -> 127.0.0.1:53",
                   });
}

}  // namespace
}  // namespace portlab::sim
