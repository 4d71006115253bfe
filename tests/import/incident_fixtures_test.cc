// The incident recordings (tests/import/fixtures/README.md, "Incidents"):
// machines recorded in namespaces while something went on, each imported
// and held against what the machine then did.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "portlab/import/scenario_writer.h"
#include "portlab/import/snapshot_reader.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"
#include "import/fixture_files.h"

namespace portlab::import {
namespace incidents {
namespace {

using testing::ReadFixture;

Snapshot Read(const std::string& name) { return testing::ReadFixtureSnapshot(name); }

std::string Import(const std::vector<std::string>& files, const ImportOptions& options) {
  std::vector<Snapshot> snapshots;
  for (const std::string& f : files) snapshots.push_back(Read(f));
  absl::StatusOr<std::string> yaml = WriteImportedScenario(snapshots, options);
  INFO(yaml.status().message());
  REQUIRE(yaml.ok());
  return *yaml;
}

// Runs `yaml` with `expect` appended; every expectation must hold.
void CheckExpectations(const std::string& yaml, const std::string& expect) {
  INFO(yaml + expect);
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(yaml + expect, "imported.yaml");
  INFO(s.status().message());
  REQUIRE(s.ok());
  absl::StatusOr<sim::Result> r = run::RunScenario(*s, run::RunOptions());
  REQUIRE(r.ok());
  REQUIRE(!r->expectations.empty());
  for (const auto& e : r->expectations) {
    INFO(e.detail);
    CHECK(e.passed);
  }
}

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_CASE("long-lived connections beside short ones: only the new ones make the rate and its hold",
          "[import][fixtures][headroom]") {
  // keep300: 333 connections held open the whole time, and 10 new ones a
  // second closed at once; the machine ran 100 s without a failure.
  const nlohmann::json outcome = nlohmann::json::parse(ReadFixture("keep300.outcome.json"));
  REQUIRE(outcome["err"].is_null());
  ImportOptions o;
  o.interval = Duration::Seconds(5);
  o.until = Duration::Seconds(100);
  const std::string yaml = Import({"keep300.a.ss-tan.txt", "keep300.b.ss-tanpo.txt", "keep300.sysctl.txt"}, o);
  // Open / rate would have made the 333 a 32.6 s hold, counted twice.
  CHECK_THAT(yaml, Catch::Contains("0 of them still open; ESTABLISHED 333 -> 333"));
  CHECK_THAT(yaml, Catch::Contains("hold: 0s"));
  // The client's 2 SYNs to :81 went unanswered: the peer drops, not resets.
  CHECK_THAT(yaml, Catch::Contains("- {proto: tcp, daddr: 10.9.0.2, dport: 81, action: drop}"));
  // The TIME-WAITs in use now leave while the new ones come: no exhaustion.
  CheckExpectations(yaml, "expect:\n  - {headroom: binding, exhaustion: never}\n"
                          "  - {workload: continue-10.9.0.2-80, failures: 0}\n");
}

TEST_CASE("tcp_tw_reuse=1: a burst takes the TIME-WAITs older than the delay, as the machine's did",
          "[import][fixtures][headroom]") {
  // twr1burst: 100 ports, 33 held open and 20 TIME-WAITs toward :80 (and
  // 10 more toward :443); 100 connect() calls then got 67 ports.
  std::string yaml = Import({"twr1burst.ss-tanpo.txt", "twr1burst.sysctl.txt"}, ImportOptions());
  // The server, which a single snapshot leaves out (no workload goes on).
  const size_t hosts = yaml.find("\nhosts:\n");
  REQUIRE(hosts != std::string::npos);
  yaml.insert(hosts + 8, "  server: {address: 10.9.0.2}\n");
  CheckExpectations(yaml + "steps:\n  - {at: 0s, host: server, op: listen, proto: tcp, address: 10.9.0.2, port: 80}\n"
                           "  - {at: 2s, host: imported, op: connect, proto: tcp, to: \"10.9.0.2:80\", count: 100}\n",
                    "expect:\n  - {step: 1, ok: 67, errors: {EADDRNOTAVAIL: 33}}\n"
                    "  - {headroom: binding, exhaustion: [2s, 2s], in_use: 53}\n");
}

TEST_CASE("a FIN-WAIT-2 its process holds keeps no timer, an orphan runs out", "[import][fixtures]") {
  // fw2: 3 sockets shut down (shutdown(SHUT_WR)) and held, 4 closed
  // (orphans, tcp_fin_timeout); the 3 were still there 92 s later.
  for (const char* name : {"fw2.ss-tanpo.txt", "fw2.proc-net-tcp.txt"}) {
    INFO(name);
    const Snapshot s = Read(name);
    int held = 0, timed = 0;
    for (const ObservedSocket& o : s.sockets) {
      if (o.state != scenario::SocketState::kFinWait2) continue;
      held += o.held;
      timed += o.timer.has_value();
    }
    CHECK(held == 3);
    CHECK(timed == 4);
    const std::string yaml = Import({name}, ImportOptions());
    CHECK(Count(yaml, "timer: none") == 1);
    // The run ends when the orphans' timers do; the held ones stay.
    CheckExpectations(yaml, "expect:\n  - {host: imported, proto: tcp, peak_ports_in_use: [0, 1000]}\n");
    absl::StatusOr<scenario::Scenario> sc = scenario::LoadScenarioText(yaml + "until: 120s\n", "imported.yaml");
    REQUIRE(sc.ok());
    absl::StatusOr<sim::Result> r = run::RunScenario(*sc, run::RunOptions());
    REQUIRE(r.ok());
  }
}

TEST_CASE("link-local addresses as ss prints them, netstat cut ones refused", "[import][fixtures]") {
  // devll: connections between two fe80:: addresses over the veth `vc`.
  const Snapshot ss = Read("devll.ss-tan.txt");
  CHECK(ss.problems.empty());
  int link_local = 0;
  for (const ObservedSocket& o : ss.sockets) link_local += o.local.address.ToString().rfind("fe80::", 0) == 0;
  CHECK(link_local == 3);
  const Snapshot ns = Read("devll.netstat-an.txt");
  int cut = 0;
  for (const Problem& p : ns.problems) cut += p.message.find("may be cut short") != std::string::npos;
  CHECK(cut == 3);
  for (const ObservedSocket& o : ns.sockets) CHECK(o.local.address.ToString().rfind("fe80::", 0) != 0);
}

TEST_CASE("/proc/net/tcp and tcp6 are two halves of one moment", "[import][fixtures]") {
  const Snapshot v4 = Read("burst1.proc-net-tcp.txt");
  const Snapshot v6 = Read("burst1.proc-net-tcp6.txt");
  CHECK(v4.ip_version == 4);
  CHECK(v6.ip_version == 6);
  const std::string yaml = Import({"burst1.proc-net-tcp.txt", "burst1.proc-net-tcp6.txt"}, ImportOptions());
  CHECK_THAT(yaml, Catch::Contains("local: \"fd00::1\""));
  CHECK_THAT(yaml, Catch::Contains("local: \"10.9.0.1\""));
}

}  // namespace
}  // namespace incidents
}  // namespace portlab::import
