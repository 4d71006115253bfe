// `portlab table`'s writer (report/tables_writer.h): the time, then each
// host's and NAT's table, or only the one asked for.
#include "portlab/report/tables_writer.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "portlab/scenario/loader.h"

namespace portlab::report {
namespace {

constexpr char kTablesYaml[] =
    "name: tables test\n"
    "hosts:\n"
    "  client: {address: 10.0.0.1, os: linux}\n"
    "  server: {address: 10.0.0.2, os: linux}\n"
    "steps:\n"
    "  - {at: 0s, host: server, op: listen, proto: tcp, port: 8080}\n"
    "  - {at: 1s, host: client, op: connect, proto: tcp, to: \"10.0.0.2:8080\", count: 2}\n";

TEST_CASE("the tables at a time: every host's, or one", "[report]") {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(kTablesYaml, "t.yaml");
  REQUIRE(s.ok());
  absl::StatusOr<std::unique_ptr<sim::Simulation>> simulation = sim::Simulation::Build(*s, 1, nullptr);
  REQUIRE(simulation.ok());
  const sim::Simulation& sim = **simulation;
  CHECK(HasHostOrNat(sim, "client"));
  CHECK(HasHostOrNat(sim, "server"));
  CHECK_FALSE(HasHostOrNat(sim, "router"));
  CHECK_FALSE(HasHostOrNat(sim, ""));
  (*simulation)->Run(SimTime() + Duration::Millis(2500));

  struct Case {
    const char* only;
    bool client;
    bool server;
  } cases[] = {{"", true, true}, {"client", true, false}, {"server", false, true}, {"router", false, false}};
  for (const Case& c : cases) {
    INFO(c.only);
    std::ostringstream out;
    TableOptions options;
    options.only = c.only;
    WriteTables(sim, options, out);
    const std::string text = out.str();
    CHECK(text.starts_with("at 2.5 s\n"));
    CHECK((text.find("\nclient  10.0.0.1\n") != std::string::npos) == c.client);
    CHECK((text.find("\nserver  10.0.0.2\n") != std::string::npos) == c.server);
    if (c.server) CHECK(text.find("LISTEN") != std::string::npos);
  }
}

constexpr char kLabelsYaml[] =
    "name: labels and services\n"
    "hosts:\n"
    "  client: {address: 10.0.0.1, os: linux}\n"
    "  server: {address: 10.0.0.2, os: linux}\n"
    "steps:\n"
    "  - {at: 0s, host: server, op: listen, proto: tcp, port: 8080, as: web}\n"
    "  - {at: 0s, host: server, op: bind, proto: udp, port: 40000, as: game}\n"
    "  - {at: 1s, host: client, op: connect, proto: tcp, to: \"10.0.0.2:8080\", bind: \"10.0.0.1:40000\", as: browser}\n"
    "  - {at: 1s, host: client, op: connect, proto: udp, to: \"10.0.0.2:40000\", bind: \"10.0.0.1:5353\"}\n";

std::string Tables(const char* yaml, Duration at, TableOptions options) {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(yaml, "t.yaml");
  REQUIRE(s.ok());
  absl::StatusOr<std::unique_ptr<sim::Simulation>> simulation = sim::Simulation::Build(*s, 1, nullptr);
  REQUIRE(simulation.ok());
  (*simulation)->Run(SimTime() + at);
  std::ostringstream out;
  WriteTables(**simulation, options, out);
  return out.str();
}

TEST_CASE("a table names a service where one listens or is the destination, and the program", "[report]") {
  const std::string text = Tables(kLabelsYaml, Duration::Seconds(2), {});
  // The listener and the connection it accepted are the service's port,
  // with the listener's label; the client's port 40000 is not
  // "safetynetp", its destination 8080 is http-alt.
  CHECK_THAT(text, Catch::Matches(R"([\s\S]*\ntcp +LISTEN +0\.0\.0\.0:8080 \(http-alt\) +0\.0\.0\.0:\* +web +registered\n[\s\S]*)"));
  CHECK_THAT(text, Catch::Matches(R"([\s\S]*\ntcp +ESTAB +10\.0\.0\.2:8080 \(http-alt\) +10\.0\.0\.1:40000 +web +registered\n[\s\S]*)"));
  CHECK_THAT(text, Catch::Matches(R"([\s\S]*\ntcp +ESTAB +10\.0\.0\.1:40000 +10\.0\.0\.2:8080 \(http-alt\) +browser +registered\n[\s\S]*)"));
  // A UDP socket bound by bind() is a service; the one the client
  // connected names its destination, not its own port (5353 is mdns).
  CHECK_THAT(text, Catch::Matches(R"([\s\S]*\nudp +UNCONN +0\.0\.0\.0:40000 \(safetynetp\) +0\.0\.0\.0:\* +game +registered\n[\s\S]*)"));
  CHECK_THAT(text, Catch::Matches(R"([\s\S]*\nudp +ESTAB +10\.0\.0\.1:5353 +10\.0\.0\.2:40000 \(safetynetp\) +- +registered\n[\s\S]*)"));
}

TEST_CASE("a filter keeps the rows it matches and says when none does", "[report]") {
  absl::StatusOr<SocketFilter> established = SocketFilter::Parse({"state", "established"});
  REQUIRE(established.ok());
  TableOptions options;
  options.filter = &*established;
  std::string text = Tables(kLabelsYaml, Duration::Seconds(2), options);
  CHECK(text.find("LISTEN") == std::string::npos);
  CHECK(text.find("UNCONN") == std::string::npos);
  // One state selected: ss leaves the State column out.
  CHECK(text.find("State") == std::string::npos);
  CHECK_THAT(text, Catch::Matches(R"([\s\S]*\nudp +10\.0\.0\.1:5353 +10\.0\.0\.2:40000 [\s\S]*)"));

  absl::StatusOr<SocketFilter> none = SocketFilter::Parse({"sport", "=", ":9"});
  REQUIRE(none.ok());
  options.filter = &*none;
  text = Tables(kLabelsYaml, Duration::Seconds(2), options);
  CHECK_THAT(text, Catch::Contains("client  10.0.0.1\n  (no socket matches the filter)\n"));
}

TEST_CASE("the ss table lists rows in ss's order, a UDP peer of port 0 as *, one state without its column",
          "[report]") {
  // As ss -tuan (iproute2 6.1, Linux 6.18) printed these sockets: UDP
  // before TCP, IPv4 before IPv6, TCP listeners first; "127.0.0.1:*".
  constexpr char kOrderYaml[] =
      "name: ss order\n"
      "hosts:\n"
      "  h: {addresses: [10.0.0.1, \"2001:db8::1\"]}\n"
      "steps:\n"
      "  - {at: 0s, host: h, op: listen, proto: tcp, address: \"::\", port: 80}\n"
      "  - {at: 0s, host: h, op: bind, proto: udp, address: \"::\", port: 5353}\n"
      "  - {at: 0s, host: h, op: listen, proto: tcp, address: 0.0.0.0, port: 22}\n"
      "  - {at: 0s, host: h, op: bind, proto: udp, address: 0.0.0.0, port: 53}\n"
      "  - {at: 0s, host: h, op: connect, proto: udp, to: \"127.0.0.1:0\"}\n"
      "  - {at: 0.1s, host: h, op: connect, proto: tcp, to: \"127.0.0.1:22\"}\n";
  const std::string text = Tables(kOrderYaml, Duration::Seconds(1), {});
  const std::regex row(R"((tcp|udp) +(\S+) +(\S+))");
  std::vector<std::string> rows;
  for (std::sregex_iterator it(text.begin(), text.end(), row), end; it != end; ++it) {
    rows.push_back((*it)[1].str() + " " + (*it)[2].str());
  }
  CHECK(rows == std::vector<std::string>{"udp UNCONN", "udp ESTAB", "udp UNCONN", "tcp LISTEN", "tcp ESTAB",
                                         "tcp ESTAB", "tcp LISTEN"});
  CHECK_THAT(text, Catch::Matches(R"([\s\S]*\nudp +ESTAB +127\.0\.0\.1:\d+ +127\.0\.0\.1:\* [\s\S]*)"));

  absl::StatusOr<SocketFilter> one = SocketFilter::Parse({"state", "listening"});
  REQUIRE(one.ok());
  TableOptions options;
  options.filter = &*one;
  CHECK_THAT(Tables(kOrderYaml, Duration::Seconds(1), options), Catch::Contains("Netid  Local Address:Port"));
  absl::StatusOr<SocketFilter> two = SocketFilter::Parse({"state", "listening", "state", "established"});
  REQUIRE(two.ok());
  options.filter = &*two;
  CHECK_THAT(Tables(kOrderYaml, Duration::Seconds(1), options), Catch::Contains("Netid  State"));
}

// Golden tables of shipped scenarios, one file per case under
// tests/golden/tables/. Regenerate after a deliberate change with
//   PORTLAB_UPDATE_GOLDEN=1 build/release/tests/portlab_tests "[golden]"
// (tools/update-goldens runs it).
TEST_CASE("tables of shipped scenarios match their golden files", "[report][golden]") {
  struct Case {
    const char* golden;
    const char* scenario;
    Duration at;
    TableFormat format;
    std::vector<std::string> filter;
  };
  const Case cases[] = {
      {"web-browsing-2.5s.ss", "web-browsing", Duration::Millis(2500), TableFormat::kSs, {}},
      // One client's connections as the busy server's netstat shows them:
      // TIME_WAIT with no program, ESTABLISHED with the server's.
      {"busy-host-30s-one-client.netstat", "busy-host", Duration::Seconds(30), TableFormat::kNetstat,
       {"dst", "203.0.113.5"}},
      {"web-browsing-4s.netstat", "web-browsing", Duration::Seconds(4), TableFormat::kNetstat, {}},
      {"web-browsing-4s-time-wait.ss", "web-browsing", Duration::Seconds(4), TableFormat::kSs,
       {"state", "time-wait", "dport = :443"}},
      {"dns-tcp-and-udp-3s.ss", "dns-tcp-and-udp", Duration::Seconds(3), TableFormat::kSs, {}},
      {"dns-tcp-and-udp-3s.netstat", "dns-tcp-and-udp", Duration::Seconds(3), TableFormat::kNetstat, {}},
      {"address-in-use-5s.ss", "address-in-use", Duration::Seconds(5), TableFormat::kSs, {}},
      {"ftp-and-http-2s-listening.netstat", "ftp-and-http", Duration::Seconds(2), TableFormat::kNetstat,
       {"state", "listening"}},
  };
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(PORTLAB_SOURCE_DIR) / "tests/golden/tables";
  for (const Case& c : cases) {
    INFO(c.golden);
    absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioFile(
        (fs::path(PORTLAB_SOURCE_DIR) / "scenarios" / (std::string(c.scenario) + ".yaml")).string());
    REQUIRE(s.ok());
    absl::StatusOr<std::unique_ptr<sim::Simulation>> simulation =
        sim::Simulation::Build(*s, s->seed.value_or(1), nullptr);
    REQUIRE(simulation.ok());
    (*simulation)->Run(SimTime() + c.at);
    absl::StatusOr<SocketFilter> filter = SocketFilter::Parse(c.filter);
    REQUIRE(filter.ok());
    TableOptions options;
    options.filter = &*filter;
    options.format = c.format;
    std::ostringstream out;
    WriteTables(**simulation, options, out);
    const fs::path golden = dir / c.golden;
    if (std::getenv("PORTLAB_UPDATE_GOLDEN")) {
      fs::create_directories(dir);
      std::ofstream(golden) << out.str();
    }
    std::ifstream in(golden);
    REQUIRE(in.good());
    std::stringstream want;
    want << in.rdbuf();
    CHECK(out.str() == want.str());
  }
}

}  // namespace
}  // namespace portlab::report
