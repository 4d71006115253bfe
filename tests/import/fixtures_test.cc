// The recorded fixtures (tests/import/fixtures/README.md says the state
// the namespaces were put in, tools/record-import-fixtures how): what each
// parser read against that known state, every fixture's import loading and
// running, and the imported scenario going on as the machine went on.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

#include "portlab/import/scenario_writer.h"
#include "portlab/import/snapshot_reader.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"
#include "import/fixture_files.h"

namespace portlab::import {
namespace {

using testing::ReadFixture;

Snapshot Read(const std::string& name) { return testing::ReadFixtureSnapshot(name); }

// "tcp ESTAB -> 10.77.0.2:8080" -> count; listeners by their local end.
std::map<std::string, int64_t> Census(const Snapshot& s) {
  std::map<std::string, int64_t> out;
  for (const ObservedSocket& o : s.sockets) {
    std::string key = std::string(net::ProtocolName(o.protocol)) + " " + std::string(scenario::SocketStateName(o.state));
    key += o.remote ? " -> " + o.remote->address.ToString() + ":" + std::to_string(o.remote->port.value())
                    : " on " + o.local.ToString();
    // The server's five connections to the listener on 9000 come from
    // ephemeral ports: counted by the local end.
    if (o.remote && o.local.port.value() == 9000) key = "tcp ESTAB accepted on 10.77.0.1:9000";
    ++out[key];
  }
  return out;
}

// The client namespace's TCP sockets when "base" was taken (README.md).
const std::map<std::string, int64_t> kBaseTcp = {
    {"tcp LISTEN on 0.0.0.0:2222", 1},
    {"tcp LISTEN on 10.77.0.1:9000", 1},
    {"tcp ESTAB -> 10.77.0.2:8080", 80},
    {"tcp ESTAB -> 10.77.0.2:8081", 10},
    {"tcp ESTAB accepted on 10.77.0.1:9000", 5},
    {"tcp TIME-WAIT -> 10.77.0.2:8080", 40},
};

TEST_CASE("each recorded TCP list reads as the state the namespace was put in", "[import][fixtures]") {
  for (const char* name : {"base.ss-tan.txt", "base.ss-tanpo.txt", "base.proc-net-tcp.txt"}) {
    INFO(name);
    const Snapshot s = Read(name);
    CHECK(s.problems.empty());
    CHECK(Census(s) == kBaseTcp);
  }
  // ss -o and /proc/net/tcp give each TIME-WAIT its time left: the 40 were
  // made at once ~25 s before, so all lie in one second of each other,
  // under the 60 s TIME-WAIT.
  for (const char* name : {"base.ss-tanpo.txt", "base.proc-net-tcp.txt"}) {
    INFO(name);
    Duration lo = Duration::Seconds(60), hi;
    for (const ObservedSocket& o : Read(name).sockets) {
      if (o.state != scenario::SocketState::kTimeWait) continue;
      REQUIRE(o.timer);
      lo = std::min(lo, *o.timer);
      hi = std::max(hi, *o.timer);
    }
    CHECK(hi <= Duration::Seconds(36));
    CHECK(lo >= Duration::Seconds(30));
    CHECK(hi - lo <= Duration::Seconds(1));
  }
  CHECK(Read("base.proc-net-tcp6.txt").sockets.empty());
}

TEST_CASE("the recorded UDP, netstat, sysctl, sockstat and conntrack outputs", "[import][fixtures]") {
  const Snapshot udp = Read("base.ss-uan.txt");
  CHECK(udp.format == Format::kSsUdp);
  CHECK(Census(udp) == std::map<std::string, int64_t>{{"udp UNCONN on 0.0.0.0:5353", 1},
                                                        {"udp ESTAB -> 10.77.0.2:53", 1}});
  const Snapshot netstat = Read("base.netstat-an.txt");
  CHECK(netstat.format == Format::kNetstatLinux);
  CHECK(netstat.problems.empty());
  std::map<std::string, int64_t> both = kBaseTcp;
  both["udp UNCONN on 0.0.0.0:5353"] = 1;
  both["udp ESTAB -> 10.77.0.2:53"] = 1;
  CHECK(Census(netstat) == both);
  const Snapshot sysctl = Read("base.sysctl.txt");
  CHECK(sysctl.problems.empty());
  std::map<std::string, std::string> knobs;
  for (const KnobLine& k : sysctl.knobs) knobs[k.name] = k.value;
  CHECK(knobs["net.ipv4.ip_local_port_range"] == "40000 40499");
  CHECK(knobs["net.ipv4.tcp_fin_timeout"] == "60");
  const Snapshot sockstat = Read("base.sockstat.txt");
  REQUIRE(sockstat.sockstat);
  CHECK(sockstat.sockstat->tcp_inuse == 97);  // 2 listeners and 95 connections
  CHECK(sockstat.sockstat->tcp_tw == 40);
  CHECK(sockstat.sockstat->udp_inuse == 2);
  const Snapshot ct = Read("base.conntrack-L.txt");
  CHECK(ct.problems.empty());
  std::map<std::string, int64_t> states;
  for (const ConntrackEntry& e : ct.conntrack) ++states[e.state];
  CHECK(states == std::map<std::string, int64_t>{{"ESTABLISHED", 95}, {"TIME_WAIT", 40}});
  const Snapshot cs = Read("base.conntrack-S.txt");
  CHECK(cs.problems.empty());
  CHECK_FALSE(cs.conntrack_stats.empty());
}

TEST_CASE("the recorded router's conntrack: every entry a masquerade to its outside address",
          "[import][fixtures]") {
  // tools/record-nat-fixture: 10.88.0.10 held 40 and closed 20 first,
  // 10.88.0.11 held 30, all to 203.0.113.2:443, through one masquerade.
  const Snapshot ct = Read("nat.conntrack-L.txt");
  CHECK(ct.problems.empty());
  std::map<std::string, int64_t> by_inside;
  for (const ConntrackEntry& e : ct.conntrack) {
    INFO("line " << e.line);
    CHECK(e.original_dst.ToString() == "203.0.113.2:443");
    CHECK(e.reply_dst.address.ToString() == "203.0.113.1");
    CHECK(e.timeout_s > 0);
    ++by_inside[absl::StrCat(e.original_src.address.ToString(), " ", e.state)];
  }
  CHECK(by_inside == std::map<std::string, int64_t>{{"10.88.0.10 ESTABLISHED", 40},
                                                    {"10.88.0.10 TIME_WAIT", 20},
                                                    {"10.88.0.11 ESTABLISHED", 30}});
  CHECK(Read("nat.conntrack-S.txt").problems.empty());
}

TEST_CASE("the hand-written macOS and Windows netstat fixtures", "[import][fixtures]") {
  const Snapshot mac = Read("netstat-macos.txt");
  CHECK(mac.format == Format::kNetstatMacos);
  CHECK(mac.problems.empty());
  CHECK(Census(mac) == std::map<std::string, int64_t>{{"tcp ESTAB -> 198.51.100.7:443", 2},
                                                        {"tcp TIME-WAIT -> 198.51.100.7:443", 1},
                                                        {"tcp CLOSE-WAIT -> 203.0.113.9:993", 1},
                                                        {"tcp ESTAB -> 2001:db8:1::7:443", 1},
                                                        {"tcp LISTEN on 127.0.0.1:631", 1},
                                                        {"tcp LISTEN on [::]:22", 1},
                                                        {"udp UNCONN on 0.0.0.0:5353", 1},
                                                        {"udp ESTAB -> 198.51.100.53:53", 1}});
  const Snapshot win = Read("netstat-windows.txt");
  CHECK(win.format == Format::kNetstatWindows);
  CHECK(win.problems.empty());
  CHECK(Census(win) == std::map<std::string, int64_t>{{"tcp LISTEN on 0.0.0.0:135", 1},
                                                        {"tcp LISTEN on 0.0.0.0:445", 1},
                                                        {"tcp ESTAB -> 198.51.100.7:443", 2},
                                                        {"tcp TIME-WAIT -> 198.51.100.7:443", 1},
                                                        {"tcp CLOSE-WAIT -> 203.0.113.9:80", 1},
                                                        {"tcp SYN-SENT -> 203.0.113.9:80", 1},
                                                        {"tcp LISTEN on [::]:135", 1},
                                                        {"tcp ESTAB -> 2001:db8:1::7:443", 1},
                                                        {"udp UNCONN on 0.0.0.0:500", 1},
                                                        {"udp UNCONN on [::]:500", 1}});
}

absl::StatusOr<sim::Result> ImportAndRun(const std::vector<std::string>& files, ImportOptions options,
                                         std::string* yaml_out = nullptr) {
  std::vector<Snapshot> snapshots;
  for (const std::string& f : files) snapshots.push_back(Read(f));
  absl::StatusOr<std::string> yaml = WriteImportedScenario(snapshots, options);
  if (!yaml.ok()) return yaml.status();
  if (yaml_out) *yaml_out = *yaml;
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(*yaml, "imported.yaml");
  if (!s.ok()) return s.status();
  return run::RunScenario(*s, run::RunOptions());
}

TEST_CASE("every fixture's import loads and runs", "[import][fixtures]") {
  for (const char* name :
       {"base.ss-tan.txt", "base.ss-tanpo.txt", "base.ss-uan.txt", "base.proc-net-tcp.txt", "base.proc-net-tcp6.txt",
        "base.sockstat.txt", "base.sysctl.txt", "base.netstat-an.txt", "base.conntrack-L.txt", "base.conntrack-S.txt",
        "netstat-macos.txt", "netstat-windows.txt", "a.ss-tan.txt", "b.ss-tanpo.txt"}) {
    INFO(name);
    absl::StatusOr<sim::Result> r = ImportAndRun({name}, ImportOptions());
    INFO(r.status().message());
    CHECK(r.ok());
  }
  // One machine's outputs together: the TCP sockets of ss and /proc/net are
  // the same sockets, placed once; sockstat agrees with the lists.
  std::string yaml;
  absl::StatusOr<sim::Result> r = ImportAndRun({"base.ss-tanpo.txt", "base.proc-net-tcp.txt", "base.ss-uan.txt",
                                                "base.sysctl.txt", "base.sockstat.txt", "base.conntrack-L.txt"},
                                               ImportOptions(), &yaml);
  INFO(yaml);
  REQUIRE(r.ok());
  CHECK_THAT(yaml, Catch::Contains("besides 40 TIME-WAITs, and 2 UDP sockets: the same counts."));
  CHECK_THAT(yaml, Catch::Contains("net.ipv4.ip_local_port_range: \"40000 40499\"  # base.sysctl.txt:"));
  REQUIRE(r->hosts.size() == 1);
  CHECK(r->hosts[0].tcp.peak_time_wait == 40);
  CHECK(r->hosts[0].tcp.established == 95);
}

TEST_CASE("the recorded router's conntrack becomes its NAT's sessions, in use from the start",
          "[import][fixtures][headroom]") {
  // tools/record-nat-fixture: 90 entries, each translated to 203.0.113.1
  // with its port kept; placed, they hold 90 places toward the server.
  std::string yaml;
  absl::StatusOr<sim::Result> r = ImportAndRun({"nat.conntrack-L.txt"}, ImportOptions(), &yaml);
  INFO(yaml);
  REQUIRE(r.ok());
  CHECK_THAT(yaml, Catch::Contains("The 90 translated entries are NAT imported-nat's sessions"));
  CHECK_THAT(yaml, Catch::Contains("inside: 10.88.0.0/24"));
  REQUIRE(r->nats.size() == 1);
  CHECK(r->nats[0].peak_sessions == 90);
  CHECK(r->nats[0].mappings_created == 0);
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(
      yaml + "expect:\n  - {headroom: imported-nat, kind: NAT outside ports, in_use: 90, capacity: 64512}\n",
      "imported.yaml");
  REQUIRE(s.ok());
  absl::StatusOr<sim::Result> checked = run::RunScenario(*s, run::RunOptions());
  REQUIRE(checked.ok());
  REQUIRE(checked->expectations.size() == 1);
  INFO(checked->expectations[0].detail);
  CHECK(checked->expectations[0].passed);
}

TEST_CASE("the imported scenario runs out where the recorded machine did", "[import][fixtures]") {
  // After snapshot b the client kept opening connections to 10.77.0.2:8080
  // at 10 per second, holding each, until connect() failed (outcome.json).
  // Imported from a and b (5 s apart) with the client's knobs, the run
  // goes on at the rate read from them and must fail after as many
  // connections, at about the same time: the count within 3 (a connection
  // or two opened while ss was writing b, the rate read from 5 s of
  // arrivals), the time within 5 % (the rate read, 51 or so per 5 s, is
  // ~2 % off the 10 per second the client kept). The 40 TIME-WAITs of b
  // expire ~25 s later, before the range fills, and the failure comes
  // after their ports were taken too: the count holds only if their time
  // left was placed.
  const nlohmann::json outcome = nlohmann::json::parse(ReadFixture("outcome.json"));
  ImportOptions o;
  o.interval = Duration::Seconds(5);
  std::string yaml;
  absl::StatusOr<sim::Result> r = ImportAndRun({"a.ss-tan.txt", "b.ss-tanpo.txt", "base.sysctl.txt"}, o, &yaml);
  INFO(yaml);
  REQUIRE(r.ok());
  REQUIRE(r->workloads.size() == 1);
  const sim::WorkloadResult& w = r->workloads[0];
  CHECK(w.name == "continue-10.77.0.2-8080");
  const int64_t connections = outcome["connections_after_b"].get<int64_t>();
  const double failed_after = outcome["failed_after_b_s"].get<double>();
  CHECK(outcome["errno"].get<std::string>() == "EADDRNOTAVAIL");
  CHECK(std::abs(w.ok - connections) <= 3);
  REQUIRE(w.first_failure);
  const double simulated = static_cast<double>(w.first_failure->nanos()) / 1e9;
  CHECK(std::abs(simulated - failed_after) <= 0.05 * failed_after);
  CHECK(w.errors.count("EADDRNOTAVAIL") == 1);
  // Without the TIME-WAITs' time left (ss -tan of b, no -o) they are placed
  // whole and still hold their ports when the range fills: it fills ~4 s
  // (40 connections) early.
  absl::StatusOr<sim::Result> whole = ImportAndRun({"a.ss-tan.txt", "b.ss-tan.txt", "base.sysctl.txt"}, o);
  REQUIRE(whole.ok());
  REQUIRE(whole->workloads[0].first_failure);
  CHECK(static_cast<double>(whole->workloads[0].first_failure->nanos()) / 1e9 < 0.92 * failed_after);
}

TEST_CASE("one 4-tuple listed twice in two states keeps the first, and no timer it cannot have", "[import]") {
  // An ESTAB line, then the same 4-tuple in TIME-WAIT with its time left: the
  // TIME-WAIT's timer went onto the ESTAB, and the scenario did not load
  // (fuzz/findings/import/crash-763f4f...).
  const std::string ss =
      "State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n"
      "ESTAB 0 0 10.77.0.1:40122 10.77.0.2:8080\n"
      "TIME-WAIT 0 0 10.77.0.1:40122 10.77.0.2:8080 timer:(timewait,33sec,0)\n";
  absl::StatusOr<Snapshot> snap = ReadSnapshot(ss, "twice.txt", std::nullopt);
  REQUIRE(snap.ok());
  absl::StatusOr<std::string> yaml = WriteImportedScenario({*snap}, ImportOptions());
  REQUIRE(yaml.ok());
  INFO(*yaml);
  CHECK(absl::StrContains(*yaml, "{state: ESTAB, local: \"10.77.0.1:40122\", remote: \"10.77.0.2:8080\"}"));
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(*yaml, "imported.yaml");
  INFO(s.status().message());
  CHECK(s.ok());
}

TEST_CASE("import refuses what it cannot read a machine from", "[import]") {
  ImportOptions o;
  CHECK(std::string(WriteImportedScenario({Read("a.ss-tan.txt"), Read("b.ss-tan.txt")}, o).status().message()) ==
        "a.ss-tan.txt and b.ss-tan.txt are both ss-tcp: give --interval, the time between them, to read a rate "
        "from them (or only one)");
  o.interval = Duration::Seconds(5);
  CHECK(std::string(WriteImportedScenario({Read("b.ss-tan.txt")}, o).status().message()) ==
        "--interval needs two snapshots of one format (the same command run that far apart)");
  // Two machines' outputs: a Linux sysctl -a's knobs went onto the macOS
  // host netstat named, and the scenario did not load
  // (fuzz/findings/import/crash-7c2150...).
  CHECK(std::string(
            WriteImportedScenario({Read("netstat-macos.txt"), Read("base.sysctl.txt")}, ImportOptions()).status().message()) ==
        "netstat-macos.txt is netstat-macos, a macOS machine's, and base.sysctl.txt sysctl, a Linux machine's: one "
        "import is one machine's (import each on its own)");
  CHECK(absl::IsInvalidArgument(
      WriteImportedScenario({Read("base.ss-tan.txt"), Read("netstat-windows.txt")}, ImportOptions()).status()));
  CHECK(absl::IsInvalidArgument(
      WriteImportedScenario({Read("netstat-windows.txt"), Read("netstat-macos.txt")}, ImportOptions()).status()));
  // conntrack describes the NAT, a box of its own: it goes with any host.
  std::string yaml;
  absl::StatusOr<sim::Result> r = ImportAndRun({"netstat-macos.txt", "nat.conntrack-L.txt"}, ImportOptions(), &yaml);
  INFO(r.status().message());
  CHECK(r.ok());
  CHECK_THAT(yaml, Catch::Contains("os: macos"));
}

}  // namespace
}  // namespace portlab::import
