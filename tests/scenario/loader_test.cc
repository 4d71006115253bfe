// Tests for the YAML scenario loader: a table of good files and the values
// they parse to, a table of bad files and the exact FILE:LINE:COLUMN each is
// reported at, and a mutation run that must never throw.
#include "portlab/scenario/loader.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <regex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_split.h"

namespace portlab::scenario {
namespace {

std::string Message(const absl::Status& s) { return std::string(s.message()); }

// Every step-level case shares these hosts; the steps: list starts on line 6.
const std::string kHosts =
    "name: x\n"
    "hosts:\n"
    "  client: {address: 10.0.0.1}\n"
    "  server: {address: 10.0.0.2}\n"
    "steps:\n";

const std::string kFull = R"(name: one-destination exhaustion
seed: 7
latency: 250us
until: 2m
hosts:
  client:
    addresses: [10.0.0.1, "2001:db8::1"]
    os: custom
    sysctl: {ip_local_port_range: "40000 40063", tcp_tw_reuse: 0}
    firewall:
      - {proto: udp, port: 53, action: reject}
      - {proto: tcp, port: 22}
  server: {address: 10.0.0.2}
steps:
  - {at: 0s, host: server, op: listen, proto: tcp, port: 8080, close_after: 10ms, as: srv}
  - {at: 1s, host: client, op: connect, proto: tcp, to: "10.0.0.2:8080", count: 100, as: first,
     options: [reuseaddr, bind_address_no_port], local_port_range: "50000 40000"}
  - {host: client, op: close, proto: tcp, sockets: first}
  - {at: 3s, host: client, op: set, sysctl: {tcp_tw_reuse: 1}}
  - {at: 3s, host: client, op: bind, proto: udp, address: "::", port: 0, uid: 1000}
  - {at: 4s, host: client, op: send, proto: udp, to: "[2001:db8::2]:53", bytes: 512}
  - {at: 4s, host: client, op: connect, proto: tcp, bind: "10.0.0.1:0", to: "10.0.0.2:8080",
     ipv6: true}
  - {at: 5s, host: server, op: abort, proto: tcp, sockets: srv}
expect:
  - {step: 1, ok: 64, errors: {EADDRNOTAVAIL: 36}}
  - {step: 4, ports_in: "1024 65535", distinct_ports: true, ports: [40000]}
  - {host: client, peak_time_wait: 64, demux_none: 0}
  - {host: server, proto: udp, icmp_unreachable_sent: 1}
)";

TEST_CASE("loader parses every key of a full scenario", "[loader]") {
  absl::StatusOr<Scenario> s = LoadScenarioText(kFull, "full.yaml");
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  CHECK(s->file == "full.yaml");
  CHECK(s->name == "one-destination exhaustion");
  CHECK(s->seed == 7u);
  CHECK(s->latency == Duration::Micros(250));
  CHECK(s->until == SimTime() + Duration::Seconds(120));

  REQUIRE(s->hosts.size() == 2);
  const HostSpec& client = s->hosts[0];
  CHECK(client.name == "client");
  CHECK(client.location.ToString() == "full.yaml:6:3");
  REQUIRE(client.addresses.size() == 2);
  CHECK(client.addresses[0] == net::IpAddress::Parse("10.0.0.1").value());
  CHECK(client.addresses[1].is_v6());
  CHECK(client.os == "custom");
  REQUIRE(client.sysctl.size() == 2);
  CHECK(client.sysctl[0].name == "ip_local_port_range");
  CHECK(client.sysctl[0].value == "40000 40063");
  CHECK(client.sysctl[0].location.ToString() == "full.yaml:9:14");
  CHECK(client.sysctl[1].value == "0");
  REQUIRE(client.firewall.size() == 2);
  CHECK(client.firewall[0].protocol == net::Protocol::kUdp);
  CHECK(client.firewall[0].port == net::Port(53));
  CHECK(client.firewall[0].action == FirewallRule::Action::kReject);
  CHECK(client.firewall[1].action == FirewallRule::Action::kDrop);
  CHECK(s->hosts[1].os == "linux");

  REQUIRE(s->steps.size() == 8);
  const StepSpec& listen = s->steps[0];
  CHECK(listen.op == StepOp::kListen);
  CHECK(listen.port == net::Port(8080));
  CHECK(listen.close_after == Duration::Millis(10));
  CHECK(listen.as == "srv");
  CHECK(listen.location.ToString() == "full.yaml:15:5");
  CHECK_FALSE(listen.ipv6);

  const StepSpec& connect = s->steps[1];
  CHECK(connect.index == 1);
  CHECK(connect.at == SimTime() + Duration::Seconds(1));
  CHECK(connect.to == net::Endpoint::Parse("10.0.0.2:8080").value());
  CHECK(connect.count == 100);
  CHECK(connect.options.reuseaddr);
  CHECK(connect.options.bind_address_no_port);
  CHECK_FALSE(connect.options.reuseport);
  // Kept raw although lo > hi: the model answers EINVAL.
  CHECK(connect.options.local_port_range ==
        std::pair<uint16_t, uint16_t>(50000, 40000));

  CHECK(s->steps[2].at == connect.at);  // `at` defaults to the previous step's
  CHECK(s->steps[2].sockets == "first");
  CHECK(s->steps[2].op == StepOp::kClose);

  const StepSpec& set = s->steps[3];
  CHECK(set.op == StepOp::kSet);
  REQUIRE(set.sysctl.size() == 1);
  CHECK(set.sysctl[0].name == "tcp_tw_reuse");
  CHECK(set.sysctl[0].value == "1");

  const StepSpec& bind = s->steps[4];
  CHECK(bind.protocol == net::Protocol::kUdp);
  CHECK(bind.ipv6);  // set by the IPv6 address
  CHECK(bind.port == net::Port(0));
  CHECK(bind.uid == 1000u);

  CHECK(s->steps[5].ipv6);
  CHECK(s->steps[5].bytes == 512);
  CHECK(s->steps[6].bind == net::Endpoint::Parse("10.0.0.1:0").value());
  CHECK(s->steps[6].ipv6);
  CHECK(s->steps[7].op == StepOp::kAbort);

  REQUIRE(s->expect.size() == 4);
  const auto& step_entry = std::get<StepExpect>(s->expect[0].kind);
  CHECK(step_entry.step == 1);
  CHECK(step_entry.ok == 64);
  CHECK(step_entry.errors == std::map<std::string, int64_t>{{"EADDRNOTAVAIL", 36}});
  const auto& ports_entry = std::get<StepExpect>(s->expect[1].kind);
  CHECK(ports_entry.ports_in == net::PortRange{net::Port(1024), net::Port(65535)});
  CHECK(ports_entry.distinct_ports == true);
  CHECK(ports_entry.ports == std::vector<int>{40000});
  const auto& client_figures = std::get<HostExpect>(s->expect[2].kind);
  CHECK(client_figures.host == "client");
  CHECK(client_figures.protocol == net::Protocol::kTcp);
  CHECK(client_figures.figures ==
        std::map<std::string, int64_t>{{"peak_time_wait", 64}, {"demux_none", 0}});
  CHECK(std::get<HostExpect>(s->expect[3].kind).protocol == net::Protocol::kUdp);
  CHECK(s->expect[3].location.ToString() == "full.yaml:29:5");
}

struct GoodCase {
  const char* name;
  std::string yaml;
  std::function<void(const Scenario&)> check;
};

TEST_CASE("loader accepts good scenarios", "[loader]") {
  const std::vector<GoodCase> cases = {
      {"minimal: defaults", "name: m\nhosts: {a: {address: 10.0.0.1}}\n",
       [](const Scenario& s) {
         CHECK(s.latency == Duration::Millis(1));
         CHECK_FALSE(s.seed.has_value());
         CHECK_FALSE(s.until.has_value());
         CHECK(s.steps.empty());
         CHECK(s.expect.empty());
         CHECK(s.hosts[0].os == "linux");
         CHECK(s.loopback_latency == Duration::Micros(10));
         CHECK(s.hosts[0].prefixes == std::vector<int>{32});
         CHECK(s.hosts[0].default_route);
       }},
      {"prefixes, no default route, loopback latency, broadcast",
       "name: m\nloopback_latency: 50us\nhosts:\n  a: {addresses: [10.8.0.1/24, 10.9.0.1, "
       "\"2001:db8::1/64\"], default_route: false}\nsteps:\n  - {host: a, op: bind, proto: udp, "
       "port: 68, options: [broadcast]}\n",
       [](const Scenario& s) {
         CHECK(s.loopback_latency == Duration::Micros(50));
         CHECK(s.hosts[0].addresses[0].ToString() == "10.8.0.1");
         CHECK(s.hosts[0].prefixes == std::vector<int>{24, 32, 64});
         CHECK_FALSE(s.hosts[0].default_route);
         CHECK(s.steps[0].options.broadcast);
       }},
      {"first step without at is at 0s",
       kHosts + "  - {host: server, op: listen, proto: tcp}\n",
       [](const Scenario& s) {
         CHECK(s.steps[0].at == SimTime());
         CHECK_FALSE(s.steps[0].port.has_value());
         CHECK(s.steps[0].count == 1);
         CHECK(s.steps[0].uid == 0u);
       }},
      {"bare number at is seconds; equal times allowed",
       kHosts + "  - {at: 2, host: server, op: listen, proto: tcp}\n"
                "  - {at: 2s, host: client, op: bind, proto: udp, port: 1}\n",
       [](const Scenario& s) {
         CHECK(s.steps[1].at == SimTime() + Duration::Seconds(2));
       }},
      {"listen on bound sockets; reuseport; v6only",
       kHosts + "  - {host: server, op: bind, proto: tcp, port: 80, as: b, "
                "options: [reuseport]}\n"
                "  - {host: server, op: listen, proto: tcp, sockets: b, "
                "options: [v6only]}\n",
       [](const Scenario& s) {
         CHECK(s.steps[0].options.reuseport);
         CHECK(s.steps[1].sockets == "b");
         CHECK(s.steps[1].options.v6only);
       }},
      {"tcp send on labelled sockets",
       kHosts +
           "  - {host: client, op: connect, proto: tcp, to: \"10.0.0.2:80\", "
           "as: c}\n"
           "  - {host: client, op: send, proto: tcp, sockets: c, bytes: 0}\n",
       [](const Scenario& s) { CHECK(s.steps[1].op == StepOp::kSend); }},
      {"IPv6 destination in brackets",
       kHosts +
           "  - {host: client, op: connect, proto: udp, to: \"[::1]:9\"}\n",
       [](const Scenario& s) {
         CHECK(s.steps[0].ipv6);
         CHECK(s.steps[0].to->port == net::Port(9));
       }},
      {"ports_in as LO-HI; largest count",
       kHosts + "  - {host: client, op: bind, proto: udp, port: 0, count: "
                "10000000}\n"
                "expect:\n  - {step: 0, ports_in: 32768-60999}\n",
       [](const Scenario& s) {
         CHECK(s.steps[0].count == 10'000'000);
         CHECK(std::get<StepExpect>(s.expect[0].kind).ports_in->lo == net::Port(32768));
       }},
      {"block style, comments, seed 0",
       "# a comment\nname: block\nseed: 0\nhosts:\n  h1:\n    address: "
       "192.168.1.1\n"
       "    sysctl:\n      tcp_fin_timeout: 4096\n",
       [](const Scenario& s) {
         CHECK(s.seed == 0u);
         CHECK(s.hosts[0].sysctl[0].value == "4096");
         CHECK(s.hosts[0].sysctl[0].location.ToString() == "good.yaml:8:7");
       }},
  };
  for (const GoodCase& c : cases) {
    DYNAMIC_SECTION(c.name) {
      absl::StatusOr<Scenario> s = LoadScenarioText(c.yaml, "good.yaml");
      INFO(s.status().ToString());
      REQUIRE(s.ok());
      c.check(*s);
    }
  }
}

struct BadCase {
  const char* name;
  std::string yaml;
  const char* where;     // "LINE:COLUMN"
  const char* fragment;  // must appear in the message
};

TEST_CASE("loader rejects bad scenarios at the right place", "[loader]") {
  const std::vector<BadCase> cases = {
      {"unknown top-level key",
       "name: x\ncolour: red\nhosts: {a: {address: 10.0.0.1}}\n", "2:1",
       "unknown key \"colour\" in scenario; allowed keys: name, seed"},
      {"missing name", "hosts: {a: {address: 10.0.0.1}}\n", "1:1",
       "needs name:"},
      {"missing hosts", "name: x\n", "1:1", "needs hosts:"},
      {"empty hosts", "name: x\nhosts: {}\n", "2:8", "at least one host"},
      {"bad host name", "name: x\nhosts: {\"a b\": {address: 10.0.0.1}}\n",
       "2:9", "host name \"a b\""},
      {"host without address", "name: x\nhosts:\n  a: {os: linux}\n", "3:3",
       "needs address:"},
      {"address and addresses",
       "name: x\nhosts:\n  a: {address: 10.0.0.1, addresses: []}\n", "3:26",
       "not both"},
      {"bad host address", "name: x\nhosts:\n  a: {address: 10.0.0.300}\n",
       "3:16", "\"10.0.0.300\" is not an IPv4 or IPv6 address"},
      {"loopback host address", "name: x\nhosts:\n  a: {address: 127.0.0.1}\n",
       "3:16", "127.0.0.1 is a loopback address: every host already has 127.0.0.0/8"},
      {"any 127/8 host address",
       "name: x\nhosts:\n  a: {addresses: [10.0.0.1, 127.9.9.9/8]}\n", "3:29",
       "127.9.9.9 is a loopback address"},
      {"::1 host address", "name: x\nhosts:\n  a: {addresses: [\"::1\"]}\n", "3:19",
       "::1 is a loopback address"},
      {"prefix too long", "name: x\nhosts:\n  a: {address: 10.8.0.1/33}\n", "3:16",
       "the prefix length after / must be 1 to 32"},
      {"prefix not a number", "name: x\nhosts:\n  a: {address: 10.8.0.1/x}\n", "3:16",
       "the prefix length after / must be 1 to 32"},
      {"default_route not a boolean",
       "name: x\nhosts:\n  a: {address: 10.8.0.1/24, default_route: maybe}\n", "3:44",
       "default_route"},
      {"unknown option", kHosts + "  - {host: server, op: bind, proto: udp, port: 67, options: [broadcst]}\n",
       "6:62", "expected one of reuseaddr"},
      {"unknown host key",
       "name: x\nhosts:\n  a: {address: 10.0.0.1, ram: 4}\n", "3:26",
       "unknown key \"ram\" in host a"},
      {"sysctl value is a map",
       "name: x\nhosts:\n  a: {address: 10.0.0.1, sysctl: {x: {y: 1}}}\n",
       "3:38", "expected a value"},
      {"NAT outside address listed twice",
       "name: x\nhosts:\n  a: {address: 10.0.0.2}\nnats:\n  n: {inside: 10.0.0.0/24, outside: [203.0.113.1, 203.0.113.1]}\n",
       "5:51", "outside: 203.0.113.1 is listed twice"},
      {"firewall port 0",
       "name: x\nhosts:\n  a: {address: 10.0.0.1, firewall: [{proto: tcp, "
       "port: 0}]}\n",
       "3:56", "expected an integer from 1 to 65535"},
      {"firewall bad action",
       "name: x\nhosts:\n  a: {address: 10.0.0.1, firewall: [{proto: tcp, "
       "port: 1, action: "
       "allow}]}\n",
       "3:67", "expected one of drop, reject"},
      {"firewall port range reversed",
       "name: x\nhosts:\n  a: {address: 10.0.0.1, firewall: [{proto: tcp, dport: \"90-80\"}]}\n",
       "3:57", "is out of range or reversed"},
      {"firewall tcp-reset on udp",
       "name: x\nhosts:\n  a: {address: 10.0.0.1, firewall: [{proto: udp, dport: 53, action: reject, "
       "with: tcp-reset}]}\n",
       "3:83", "with: tcp-reset needs proto: tcp"},
      {"firewall with without reject",
       "name: x\nhosts:\n  a: {address: 10.0.0.1, firewall: [{dport: 53, with: admin-prohibited}]}\n",
       "3:49", "with: goes only with action: reject"},
      {"firewall short form with a full-form key",
       "name: x\nhosts:\n  a: {address: 10.0.0.1, firewall: [{proto: tcp, port: 22, dir: out}]}\n",
       "3:60", "does not go with port:"},
      {"firewall mixed families",
       "name: x\nhosts:\n  a: {address: 10.0.0.1, firewall: [{saddr: [10.0.0.0/8, \"2001:db8::/32\"]}]}\n",
       "3:58", "IPv4 and IPv6 prefixes in one rule"},
      {"firewall bad ct state",
       "name: x\nhosts:\n  a: {address: 10.0.0.1, firewall: [{ct: \"established,untracked\"}]}\n",
       "3:42", "ct: expected new, established, related"},
      {"firewall bad set name",
       "name: x\nhosts:\n  a: {address: 10.0.0.1, firewall: [{saddr: \"@a b\"}]}\n",
       "3:45", "a set is written alone"},
      {"firewall policy",
       "name: x\nhosts:\n  a: {address: 10.0.0.1, firewall_policy: {in: reject}}\n",
       "3:48", "expected one of accept, drop"},
      {"firewall step with two changes",
       kHosts + "  - {at: 1s, host: client, op: firewall, flush: true, delete: 1}\n", "6:5",
       "op firewall needs exactly one of"},
      {"firewall step position without insert",
       kHosts + "  - {at: 1s, host: client, op: firewall, delete: 1, position: 2}\n", "6:53",
       "position: goes only with insert:"},
      {"negative seed", "name: x\nseed: -1\nhosts: {a: {address: 10.0.0.1}}\n",
       "2:7", "seed: expected a non-negative integer"},
      {"bad duration",
       "name: x\nlatency: 5 parsecs\nhosts: {a: {address: 10.0.0.1}}\n", "2:10",
       "latency: \"5 parsecs\" is not a duration"},
      {"steps is a map", kHosts + "  op: bind\n", "6:3",
       "steps: expected a list, found a map"},
      {"unknown step key",
       kHosts + "  - {host: server, op: listen, proto: tcp, colour: 1}\n",
       "6:44", "unknown key \"colour\" in step 0; allowed keys: at, host, op"},
      {"key not for op",
       kHosts + "  - {host: server, op: close, proto: tcp, port: 80}\n", "6:43",
       "key \"port\" is not allowed for op close"},
      {"proto on set",
       kHosts + "  - {host: server, op: set, proto: tcp, sysctl: {a: 1}}\n",
       "6:29", "key \"proto\" is not allowed for op set"},
      {"missing proto", kHosts + "  - {host: server, op: listen}\n", "6:24",
       "op listen needs proto:"},
      {"missing op", kHosts + "  - {host: server}\n", "6:5", "needs op:"},
      {"unknown op", kHosts + "  - {host: server, op: accept, proto: tcp}\n",
       "6:24", "op: expected one of bind, listen"},
      {"bind without port",
       kHosts + "  - {host: server, op: bind, proto: tcp}\n", "6:5",
       "op bind needs port:"},
      {"port 70000",
       kHosts + "  - {host: server, op: bind, proto: tcp, port: 70000}\n",
       "6:48", "port: expected an integer from 0 to 65535, found \"70000\""},
      {"port abc",
       kHosts + "  - {host: server, op: bind, proto: tcp, port: abc}\n", "6:48",
       "found \"abc\""},
      {"port is a map",
       kHosts + "  - {host: server, op: bind, proto: tcp, port: {a: 1}}\n",
       "6:48", "found a map"},
      {"bad address",
       kHosts + "  - {host: server, op: bind, proto: tcp, address: 1.2.3, "
                "port: 1}\n",
       "6:51", "address: \"1.2.3\" is not an IPv4 or IPv6 address"},
      {"bad endpoint",
       kHosts + "  - {host: client, op: connect, proto: tcp, to: 10.0.0.2}\n",
       "6:49", "must be written ADDR:PORT"},
      {"time going backwards",
       kHosts +
           "  - {at: 2s, host: server, op: listen, proto: tcp}\n"
           "  - {at: 1500ms, host: client, op: bind, proto: tcp, port: 1}\n",
       "7:10", "at: 1500ms is earlier than the previous step's time (2s)"},
      {"unknown host in step",
       kHosts + "  - {host: db, op: listen, proto: tcp}\n", "6:12",
       "host: \"db\" is not defined under hosts:"},
      {"unknown label",
       kHosts + "  - {host: client, op: close, proto: tcp, sockets: nope}\n",
       "6:52", "sockets: \"nope\" is not a label defined by an earlier step"},
      {"label defined later",
       kHosts + "  - {host: client, op: close, proto: tcp, sockets: l}\n"
                "  - {host: client, op: bind, proto: tcp, port: 1, as: l}\n",
       "6:52", "not a label defined by an earlier step"},
      {"label defined twice",
       kHosts + "  - {host: client, op: bind, proto: tcp, port: 1, as: l}\n"
                "  - {host: client, op: bind, proto: tcp, port: 2, as: l}\n",
       "7:55", "already defined by step 0"},
      {"count too large",
       kHosts + "  - {host: client, op: bind, proto: tcp, port: 0, count: "
                "10000001}\n",
       "6:58", "huge requests are refused"},
      {"count zero",
       kHosts + "  - {host: client, op: bind, proto: tcp, port: 0, count: 0}\n",
       "6:58", "count: expected an integer of at least 1"},
      {"count overflows int64",
       kHosts + "  - {host: client, op: bind, proto: tcp, port: 0, count: "
                "99999999999999999999}\n",
       "6:58", "count: expected"},
      {"tcp send with to",
       kHosts +
           "  - {host: client, op: send, proto: tcp, to: \"10.0.0.2:1\"}\n",
       "6:42", "only for udp"},
      {"send with nothing",
       kHosts + "  - {host: client, op: send, proto: udp}\n", "6:5",
       "op send needs sockets:"},
      {"count with sockets",
       kHosts +
           "  - {host: client, op: bind, proto: tcp, port: 1, as: l}\n"
           "  - {host: client, op: listen, proto: tcp, sockets: l, count: 2}\n",
       "7:56", "\"count\" is not allowed with sockets:"},
      {"bad option",
       kHosts + "  - {host: client, op: bind, proto: tcp, port: 1, options: "
                "[fast]}\n",
       "6:61", "options: expected one of reuseaddr"},
      {"bad local_port_range",
       kHosts + "  - {host: client, op: bind, proto: tcp, port: 1, "
                "local_port_range: \"1 70000\"}\n",
       "6:69", "local_port_range: expected two integers"},
      {"ipv6 false with v6 address",
       kHosts + "  - {host: client, op: bind, proto: tcp, port: 1, ipv6: "
                "false, address: \"::1\"}\n",
       "6:73", "is IPv6 but the step says ipv6: false"},
      {"ipv6 not a bool",
       kHosts +
           "  - {host: client, op: bind, proto: tcp, port: 1, ipv6: yes}\n",
       "6:57", "ipv6: expected true or false"},
      {"set without sysctl", kHosts + "  - {host: client, op: set}\n", "6:5",
       "op set needs sysctl:"},
      {"duplicate key",
       kHosts + "  - {host: client, host: server, op: set, sysctl: {a: 1}}\n",
       "6:20", "key \"host\" appears twice (first at bad.yaml:6:6)"},
      {"expect step out of range",
       kHosts + "  - {host: server, op: listen, proto: tcp}\nexpect:\n  - "
                "{step: 1, ok: 1}\n",
       "8:12", "step: 1 does not exist"},
      {"expect step and host",
       kHosts + "  - {host: server, op: listen, proto: tcp}\nexpect:\n  - "
                "{step: 0, host: a}\n",
       "8:15", "names one of step:, host:, workload:, nat:, headroom: or strategy:"},
      {"expect neither",
       "name: x\nhosts: {a: {address: 10.0.0.1}}\nexpect:\n  - {ok: 1}\n",
       "4:5", "needs step: N"},
      {"expect checks nothing",
       kHosts + "  - {host: server, op: listen, proto: tcp}\nexpect:\n  - "
                "{step: 0}\n",
       "8:5", "checks nothing"},
      {"expect bad errno name",
       kHosts + "  - {host: server, op: listen, proto: tcp}\nexpect:\n"
                "  - {step: 0, errors: {addrinuse: 1}}\n",
       "8:24", "not an errno name"},
      {"expect unknown figure",
       "name: x\nhosts: {a: {address: 10.0.0.1}}\nexpect:\n  - {host: a, "
       "sockets_open: 1}\n",
       "4:15", "unknown key \"sockets_open\""},
      {"expect negative figure",
       "name: x\nhosts: {a: {address: 10.0.0.1}}\nexpect:\n  - {host: a, "
       "time_wait: -3}\n",
       "4:26", "time_wait: expected a non-negative integer"},
      {"expect step figure on step entry",
       kHosts + "  - {host: server, op: listen, proto: tcp}\nexpect:\n  - "
                "{step: 0, time_wait: 1}\n",
       "8:15", "unknown key \"time_wait\""},
      {"expect unknown host",
       "name: x\nhosts: {a: {address: 10.0.0.1}}\nexpect:\n  - {host: b, "
       "time_wait: 1}\n",
       "4:12", "host: \"b\" is not defined"},
      {"tab indentation", "name: x\nhosts:\n\ta: {address: 10.0.0.1}\n", "3:1",
       "invalid YAML: a tab in the indentation"},
      {"a tab after spaces", "name: x\nhosts:\n  a: {address: 10.0.0.1}\n \tb: {address: 10.0.0.2}\n", "4:2",
       "invalid YAML: a tab in the indentation"},
      {"key indented too deep", "name: x\nhosts:\n  a: {address: 10.0.0.1}\n   b: {address: 10.0.0.2}\n", "4:4",
       "this key is indented 3 spaces where line 3 has 2"},
      {"key indented too shallow", "name: x\nhosts:\n  a: {address: 10.0.0.1}\n b: {address: 10.0.0.2}\n", "4:2",
       "this key is indented 1 space where line 3 has 2"},
      {"no space after a colon", "name: x\nhosts:\n  a:{address: 10.0.0.1}\n", "3:3",
       "has a ':' with no space after it"},
      {"garbage YAML", "name: x\nhosts: {a: [}\n", "2:13", "invalid YAML"},
      {"unclosed flow map", "name: x\nhosts: {a: {address: 10.0.0.1}\n", "3:1",
       "invalid YAML"},
      {"unclosed quote", "name: x\nhosts: {a: {address: \"10.0.0.1}}\n", "3:1",
       "invalid YAML"},
      {"empty file", "", "1:1", "the file is empty"},
      {"only a comment", "# nothing\n", "1:1", "the file is empty"},
      {"list at top level", "- name: x\n- hosts: {}\n", "1:1",
       "a scenario is a map with name:, hosts:, steps: and expect:, found a "
       "list"},
      {"scalar at top level", "hello\n", "1:1", "found \"hello\""},
      {"two documents",
       "name: x\nhosts: {a: {address: 10.0.0.1}}\n---\nname: y\n", "3:1",
       "a second YAML document starts here"},
      // yaml-cpp 0.7's LoadAll never returns on this one.
      {"stray comma at the top", ",name: x\nhosts: {a: {address: 10.0.0.1}}\n",
       "1:1", "a second YAML document starts here"},
      {"binary junk",
       std::string("\x7f"
                   "ELF\x02\x01\x01\0\0\0\xff\xfe{[:",
                   15),
       "1:10", ""},
      {"deep nesting", std::string(100000, '['), "1:1", "invalid YAML"},
      {"nesting just below yaml-cpp's depth limit", std::string(1990, '['), "",
       "invalid YAML"},
      {"deep maps", std::string(300000, '{'), "", "invalid YAML"},
  };
  for (const BadCase& c : cases) {
    DYNAMIC_SECTION(c.name) {
      absl::StatusOr<Scenario> s;
      REQUIRE_NOTHROW(s = LoadScenarioText(c.yaml, "bad.yaml"));
      INFO(s.status().ToString());
      REQUIRE(s.status().code() == absl::StatusCode::kInvalidArgument);
      std::string prefix = std::string("bad.yaml:") + c.where;
      CHECK(Message(s.status()).rfind(prefix, 0) == 0);
      CHECK(Message(s.status()).find(c.fragment) != std::string::npos);
    }
  }
}

TEST_CASE("loader reads files and reports unreadable ones", "[loader]") {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / "portlab_loader_test";
  std::filesystem::create_directories(dir);

  SECTION("a good file") {
    std::filesystem::path p = dir / "ok.yaml";
    std::ofstream(p) << kFull;
    absl::StatusOr<Scenario> s = LoadScenarioFile(p.string());
    INFO(s.status().ToString());
    REQUIRE(s.ok());
    CHECK(s->file == p.string());
  }
  SECTION("a missing file is NotFound naming it") {
    std::string p = (dir / "missing.yaml").string();
    absl::StatusOr<Scenario> s = LoadScenarioFile(p);
    CHECK(s.status().code() == absl::StatusCode::kNotFound);
    CHECK(Message(s.status()).find(p) != std::string::npos);
  }
  SECTION("a directory is NotFound") {
    absl::StatusOr<Scenario> s = LoadScenarioFile(dir.string());
    CHECK(s.status().code() == absl::StatusCode::kNotFound);
  }
  SECTION("a file over 16 MiB is refused before parsing") {
    std::filesystem::path p = dir / "huge.yaml";
    {
      std::ofstream out(p, std::ios::binary);
      std::string line =
          "# padding padding padding padding padding padding padding\n";
      for (size_t n = 0; n <= (size_t{16} << 20); n += line.size()) out << line;
    }
    absl::StatusOr<Scenario> s = LoadScenarioFile(p.string());
    CHECK(s.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK(Message(s.status()).rfind(p.string() + ":1:1: ", 0) == 0);
    CHECK(Message(s.status()).find("16 MiB") != std::string::npos);
  }
  SECTION("a file of many read blocks loads whole, and costs its size") {
    std::filesystem::path p = dir / "padded.yaml";
    {
      std::ofstream out(p, std::ios::binary);
      for (int i = 0; i < 4000; ++i) out << "# padding padding padding padding padding padding padding\n";
      out << kFull;  // ~230 KiB of comments first: the scenario sits past several 64-KiB blocks
    }
    absl::StatusOr<std::string> text = ReadScenarioFile(p.string());
    REQUIRE(text.ok());
    CHECK(text->size() == std::filesystem::file_size(p));
    // Grown with what arrived, not a buffer of the 16-MiB limit.
    CHECK(text->capacity() < (size_t{1} << 20));
    absl::StatusOr<Scenario> s = LoadScenarioFile(p.string());
    INFO(s.status().ToString());
    CHECK(s.ok());
  }
  SECTION("a device that never ends is refused at the limit") {
    if (!std::filesystem::exists("/dev/zero")) return;
    absl::StatusOr<std::string> text = ReadScenarioFile("/dev/zero");
    CHECK(text.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK(Message(text.status()).find("16 MiB") != std::string::npos);
  }
  SECTION("a bad file's messages carry its path") {
    std::filesystem::path p = dir / "bad.yaml";
    std::ofstream(p) << "name: x\nport: 1\n";
    absl::StatusOr<Scenario> s = LoadScenarioFile(p.string());
    CHECK(Message(s.status()).rfind(p.string() + ":2:1: ", 0) == 0);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("loader survives aliases that multiply nodes", "[loader]") {
  // Anchors share nodes in yaml-cpp, so this stays small; the loader must not
  // expand it either.
  std::string yaml = "a: &a [x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'z'; ++c, ++prev) {
    yaml += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev +
            ", *" + prev + ", *" + prev + "]\n";
  }
  yaml += "name: bomb\nhosts: {h: {address: 10.0.0.1}}\nsteps: *z\n";
  absl::StatusOr<Scenario> s;
  REQUIRE_NOTHROW(s = LoadScenarioText(yaml, "bomb.yaml"));
  CHECK(s.status().code() == absl::StatusCode::kInvalidArgument);
}

// Small random edits of a valid file: every result must be a Scenario or an
// InvalidArgument at FILE:LINE:COLUMN, never an exception or a crash.
TEST_CASE("loader never throws on mutated input", "[loader]") {
  std::mt19937 rng(20240601);
  const std::string kInserts[] = {":",  "-",           "{",
                                  "}",  "[",           "]",
                                  "\t", "\n",          "\"",
                                  "'",  "&a",          "*a",
                                  "!!", "|",           ">",
                                  "#",  "? ",          ",",
                                  "0",  "99999999999", "-1",
                                  "  ", "\\",          "%",
                                  "@",  "\xff",        std::string(1, '\0'),
                                  "::", "1e9",         "null",
                                  "~",  "<<: *a"};
  const std::regex kLocated("^mut\\.yaml:[0-9]+:[0-9]+: .*");
  const std::regex kCount("^mut\\.yaml: and [0-9]+ more errors? \\(only the first 20 are shown\\)$");
  int ok = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string text = kFull;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t pos = rng() % (text.size() + 1);
      switch (rng() % 5) {
        case 0:  // delete a run
          text.erase(pos, 1 + rng() % 8);
          break;
        case 1:  // insert a token
          text.insert(pos, kInserts[rng() % std::size(kInserts)]);
          break;
        case 2: {  // duplicate a run
          std::string run = text.substr(pos, 1 + rng() % 40);
          text.insert(pos, run);
          break;
        }
        case 3:  // random byte
          if (pos < text.size()) text[pos] = static_cast<char>(rng() % 256);
          break;
        case 4: {  // swap two lines' worth of text
          size_t other = rng() % (text.size() + 1);
          if (pos > other) std::swap(pos, other);
          std::string a = text.substr(pos, std::min<size_t>(20, other - pos));
          text.erase(pos, a.size());
          text.insert(std::min(text.size(), other - a.size()), a);
          break;
        }
      }
    }
    absl::StatusOr<Scenario> s;
    REQUIRE_NOTHROW(s = LoadScenarioText(text, "mut.yaml"));
    if (s.ok()) {
      ++ok;
      continue;
    }
    INFO("mutation " << i << ": " << s.status().ToString() << "\n" << text);
    REQUIRE(s.status().code() == absl::StatusCode::kInvalidArgument);
    // Every error of the file, one a line, each at its place.
    for (const absl::string_view line : absl::StrSplit(Message(s.status()), '\n')) {
      REQUIRE((std::regex_match(std::string(line), kLocated) || std::regex_match(std::string(line), kCount)));
    }
  }
  // Some edits (in comments, in names) leave a valid file; most do not.
  CHECK(ok > 0);
  CHECK(ok < 2000);
}

}  // namespace
}  // namespace portlab::scenario
