// `op: scan` steps and `expect:` entries on them: what loads, and errors
// named at file:line:column (scenarios/README.md, "Port scans").
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "portlab/scenario/loader.h"
#include "scenario/internal/scan_parser.h"

namespace portlab::scenario {
namespace {

// steps: starts on line 5.
const std::string kScanHead =
    "name: s\n"
    "hosts:\n"
    "  scanner: {address: 198.51.100.7}\n"
    "  server: {address: 192.0.2.10}\n"
    "steps:\n";

std::string ScanLoadError(const std::string& text) {
  absl::StatusOr<Scenario> s = LoadScenarioText(text, "s.yaml");
  REQUIRE_FALSE(s.ok());
  return std::string(s.status().message());
}

TEST_CASE("port lists read as nmap's -p reads them", "[scan][loader]") {
  struct Case {
    const char* text;
    std::vector<uint16_t> ports;  // empty: an error
  };
  const Case cases[] = {
      {"22", {22}},
      {"21-23,25,80,443", {21, 22, 23, 25, 80, 443}},
      {"80, 22 ,22", {22, 80}},
      {"1-3,2-4", {1, 2, 3, 4}},
      {"65535", {65535}},
      {"0", {}},
      {"65536", {}},
      {"23-21", {}},
      {"22,", {}},
      {"-22", {}},
      {"http", {}},
      {"+22", {}},
      {"", {}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    absl::StatusOr<std::vector<uint16_t>> got = internal::ParsePortList(c.text);
    if (c.ports.empty()) {
      CHECK_FALSE(got.ok());
    } else {
      REQUIRE(got.ok());
      CHECK(*got == c.ports);
    }
  }
}

TEST_CASE("scan steps load with nmap's timing by default", "[scan][loader]") {
  absl::StatusOr<Scenario> s = LoadScenarioText(
      kScanHead +
          "  - {at: 1s, host: scanner, op: scan, type: udp, target: 192.0.2.10, ports: \"53,161\"}\n"
          "  - {at: 2s, host: scanner, op: scan, type: xmas, target: 192.0.2.10, ports: 22,\n"
          "     retries: 3, timeout: 250ms, rate: 100}\n"
          "  - {at: 3s, host: scanner, op: scan, type: null, target: 192.0.2.10, ports: 22}\n"
          "expect:\n"
          "  - {step: 0, open: [53], open|filtered: [161], reason: {53: udp-response}}\n",
      "s.yaml");
  REQUIRE(s.ok());
  const ScanSpec& udp = *s->steps[0].scan;
  CHECK(s->steps[0].op == StepOp::kScan);
  CHECK(s->steps[0].protocol == net::Protocol::kUdp);
  CHECK(udp.type == ScanType::kUdp);
  CHECK(udp.ports == std::vector<uint16_t>{53, 161});
  CHECK(udp.timing.retries == 1);
  CHECK(udp.timing.timeout == Duration::Seconds(1));
  CHECK(udp.timing.rate == 0);
  const ScanSpec& xmas = *s->steps[1].scan;
  CHECK(xmas.type == ScanType::kXmas);
  CHECK(xmas.timing.retries == 3);
  CHECK(xmas.timing.timeout == Duration::Millis(250));
  CHECK(xmas.timing.rate == 100);
  // YAML's null, which keeps no text, is the NULL scan.
  CHECK(s->steps[2].scan->type == ScanType::kNull);
  const auto& x = std::get<ScanExpect>(s->expect[0].kind);
  CHECK(x.states.at(PortState::kOpen) == std::vector<uint16_t>{53});
  CHECK(x.states.at(PortState::kOpenFiltered) == std::vector<uint16_t>{161});
  CHECK(x.reasons.at(53) == ScanReason::kUdpResponse);
}

TEST_CASE("bad scan steps are named at file:line:column", "[scan][loader]") {
  const std::string scan = "  - {at: 1s, host: scanner, op: scan, type: syn, target: 192.0.2.10, ports: \"22,80\"}\n";
  struct Bad {
    std::string text;
    std::string where;
    std::string says;
  };
  const Bad cases[] = {
      {"  - {host: scanner, op: scan, type: syn, ports: \"22\"}\n", "s.yaml:6:5",
       "op scan needs target:"},
      {"  - {host: scanner, op: scan, type: stealth, target: 192.0.2.10, ports: \"22\"}\n", "s.yaml:6:37",
       "type: expected one of syn, connect, udp, ack, fin, null, xmas"},
      {"  - {host: scanner, op: scan, type: syn, target: 192.0.2.10, ports: \"22-\"}\n", "s.yaml:6:69",
       "ports: \"22-\" is not a port or a range"},
      {"  - {host: scanner, op: scan, type: syn, target: 192.0.2.10, ports: \"80-22\"}\n", "s.yaml:6:69",
       "ends before it starts"},
      {"  - {host: scanner, op: scan, type: syn, target: 192.0.2.10, ports: [22]}\n", "s.yaml:6:69",
       "ports: expected ports and ranges"},
      {"  - {host: scanner, op: scan, type: syn, target: 192.0.2.10, ports: \"22\", proto: tcp}\n",
       "s.yaml:6:75", "key \"proto\" is not allowed for op scan"},
      {"  - {host: scanner, op: scan, type: syn, target: 192.0.2.10, ports: \"22\", retries: -1}\n",
       "s.yaml:6:84", "retries"},
      {"  - {host: scanner, op: scan, type: syn, target: 192.0.2.10, ports: \"22\", timeout: 0s}\n",
       "s.yaml:6:84", "timeout: must be more than 0 and at most 1h"},
      {"  - {host: scanner, op: scan, type: syn, target: 192.0.2.10, ports: \"22\", rate: 0.0001}\n",
       "s.yaml:6:81", "rate: 0.0001 is below 0.001 probes per second"},
      {"  - {host: scanner, op: scan, type: syn, target: 192.0.2.10, ports: \"22\", timeout: 2h}\n",
       "s.yaml:6:84", "at most 1h"},
      {"  - {host: nobody, op: scan, type: syn, target: 192.0.2.10, ports: \"22\"}\n", "s.yaml:6:12",
       "host: \"nobody\" is not defined"},
      {scan + "expect:\n  - {step: 0, open: [23]}\n", "s.yaml:8:22", "open: port 23 is not among the ports step 0 scans"},
      {scan + "expect:\n  - {step: 0, reason: {22: syn-ok}}\n", "s.yaml:8:28", "reason: expected one of syn-ack"},
      {scan + "expect:\n  - {step: 0, ok: 1}\n", "s.yaml:8:15", "unknown key \"ok\""},
      {scan + "expect:\n  - {step: 0}\n", "s.yaml:8:5", "checks nothing"},
  };
  for (const Bad& b : cases) {
    CAPTURE(b.text);
    const std::string message = ScanLoadError(kScanHead + b.text);
    CHECK_THAT(message, Catch::Contains(b.where));
    CHECK_THAT(message, Catch::Contains(b.says));
  }
}

}  // namespace
}  // namespace portlab::scenario
