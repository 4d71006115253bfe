// The memory estimate that refuses huge scenarios up front: sizes parse and
// print, the estimate counts both ends of a TCP connect, and the refusal
// names the step where the limit is passed.
#include <catch2/catch.hpp>
#include <cstdio>

#include "portlab/run/memory_estimate.h"
#include "portlab/scenario/loader.h"
#include "portlab/scenario/run_length.h"

namespace portlab::run {
namespace {

TEST_CASE("byte sizes parse in powers of 1024 and print back", "[sim]") {
  struct Case {
    const char* text;
    int64_t bytes;  // 0: an error
  } cases[] = {{"8GiB", int64_t{8} << 30}, {"8G", int64_t{8} << 30}, {"512 MiB", 512 << 20},
               {"64kib", 64 << 10},       {"1.5GiB", int64_t{3} << 29}, {"4096", 4096},
               {"100 bytes", 100},        {"", 0},  {"GiB", 0},  {"5 parsecs", 0}, {"0", 0},
               {"-1G", 0},                {"99999999T", 0}};
  for (const Case& c : cases) {
    INFO(c.text);
    absl::StatusOr<int64_t> b = ParseByteSize(c.text);
    if (c.bytes == 0) {
      CHECK_FALSE(b.ok());
    } else {
      REQUIRE(b.ok());
      CHECK(*b == c.bytes);
    }
  }
  CHECK(FormatBytes(100) == "100 bytes");
  CHECK(FormatBytes(int64_t{8} << 30) == "8 GiB");
  CHECK(FormatBytes(1536) == "1.5 KiB");
}

TEST_CASE("the estimate counts both ends of a TCP connect and refuses at the step", "[sim]") {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(
      "name: e\n"
      "hosts: {c: {address: 10.0.0.1}, s: {address: 10.0.0.2}}\n"
      "steps:\n"
      "  - {at: 0s, host: s, op: listen, proto: tcp, port: 80}\n"
      "  - {at: 1s, host: c, op: connect, proto: tcp, to: \"10.0.0.2:80\", count: 1000, as: a}\n"
      "  - {at: 2s, host: c, op: close, proto: tcp, sockets: a}\n"
      "  - {at: 3s, host: c, op: bind, proto: udp, port: 0, count: 10}\n",
      "e.yaml");
  REQUIRE(s.ok());
  const int64_t hosts = 2 * kBytesPerHostEstimate;
  const int64_t listen = kBytesPerSocketEstimate + kBytesPerCallEstimate;
  const int64_t connects = 1000 * (2 * kBytesPerSocketEstimate + kBytesPerCallEstimate);
  const int64_t binds = 10 * (kBytesPerSocketEstimate + kBytesPerCallEstimate);
  CHECK(EstimateStateBytes(*s) == hosts + listen + connects + binds);
  CHECK(CheckMemoryLimit(*s, hosts + listen + connects + binds).ok());
  absl::Status refused = CheckMemoryLimit(*s, hosts + listen + connects);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.code() == absl::StatusCode::kResourceExhausted);
  CHECK_THAT(std::string(refused.message()), Catch::StartsWith("e.yaml:7:5: the steps up to here"));
  CHECK_THAT(std::string(CheckMemoryLimit(*s, hosts + 1000).message()), Catch::StartsWith("e.yaml:5:5:"));
}

TEST_CASE("the estimate counts every host's port tables, refusing at the host group", "[sim]") {
  // A host's port tables take up to 40 KiB (bench/README.md, "Memory"): a
  // scenario of many host groups must be refused before it runs, not run
  // out of memory building them. Windows shares no port by 4-tuple, so its
  // hosts keep a bitmap of their ports.
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(
      "name: h\n"
      "hosts:\n"
      "  a: {address: 10.1.0.1, quantity: 10000, os: windows}\n"
      "  b: {address: 10.2.0.1, quantity: 10000, os: windows}\n"
      "steps: []\n",
      "h.yaml");
  REQUIRE(s.ok());
  CHECK(EstimateStateBytes(*s) == 20000 * kBytesPerHostEstimate);
  CHECK(CheckMemoryLimit(*s, 20000 * kBytesPerHostEstimate).ok());
  absl::Status refused = CheckMemoryLimit(*s, 15000 * kBytesPerHostEstimate);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.code() == absl::StatusCode::kResourceExhausted);
  CHECK_THAT(std::string(refused.message()), Catch::StartsWith("h.yaml:4:3: the hosts up to here take an estimated"));
}

TEST_CASE("a quantity: member that only connects counts as a member, else as a host", "[sim]") {
  // Members that only connect() on a 4-tuple-sharing profile allocate no
  // port bitmap (stack/port_table.h); a step, a bind, a sysctl or a
  // unique-port profile may make them allocate some.
  struct Case {
    const char* name;
    const char* host_extra;  // inside the group's {...}
    const char* rest;        // steps: and workloads:
    int64_t light;           // members counted kBytesPerMemberEstimate (of 100)
  } cases[] = {
      {"a workload's clients", "", "steps: []\nworkloads: [{name: w, from: g, to: \"10.9.0.1:80\", rate: 1, stop: 1s}]\n", 100},
      {"idle members", "", "steps: []\n", 100},
      {"a member a step names", "", "steps: [{at: 0s, host: g.7, op: bind, proto: udp, port: 0}]\n", 99},
      {"clients that bind", "",
       "steps: []\nworkloads: [{name: w, from: g, to: \"10.9.0.1:80\", rate: 1, stop: 1s, bind: \"0.0.0.0:0\"}]\n", 0},
      {"a unique-port profile", ", os: windows", "steps: []\n", 0},
      {"a sysctl", ", sysctl: {tcp_tw_reuse: 1}", "steps: []\n", 0},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const std::string text = std::string("name: m\nhosts:\n  g: {address: 10.1.0.1, quantity: 100") + c.host_extra +
                             "}\n" + c.rest;
    absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(text, "m.yaml");
    REQUIRE(s.ok());
    int64_t workload = 0;
    for (const scenario::WorkloadSpec& w : s->workloads) {
      scenario::Scenario alone;
      alone.workloads = {w};
      workload += EstimateStateBytes(alone);
    }
    int64_t steps = 0;
    for (const scenario::StepSpec& st : s->steps) {
      scenario::Scenario alone;
      alone.steps = {st};
      steps += EstimateStateBytes(alone);
    }
    CHECK(EstimateStateBytes(*s) - workload - steps ==
          c.light * kBytesPerMemberEstimate + (100 - c.light) * kBytesPerHostEstimate);
  }
}

TEST_CASE("the series estimate counts a quantity: group as one unit", "[sim]") {
  // Before, every member counted its own series: 1,000 members x 1,001
  // points x 2 protocols x 64 bytes refused a day of 10^6 subscribers.
  const std::string head = "name: m\nuntil: 1000s\nsample: 1s\nhosts:\n  g: {address: 10.1.0.1, quantity: 1000}\n"
                           "  s: {address: 10.9.0.1}\n";
  struct Case {
    const char* name;
    const char* rest;
    int64_t units;
  } cases[] = {
      {"the group and the server", "steps: []\n", 2},
      {"a member a step names, listed alone", "steps: [{at: 0s, host: g.7, op: bind, proto: udp, port: 0}]\n", 3},
      {"a member an expectation names", "steps: []\nexpect: [{host: g.3, proto: tcp, failures: 0}]\n", 3},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(head + c.rest, "m.yaml");
    REQUIRE(s.ok());
    scenario::Scenario unsampled = *s;
    unsampled.sample.reset();
    const int64_t points = scenario::SamplePoints(*s);
    CHECK(points >= 1000);
    CHECK(EstimateStateBytes(*s) - EstimateStateBytes(unsampled) ==
          points * (8 + 2 * c.units * kBytesPerSeriesPointEstimate));
  }
}

TEST_CASE("with a NAT every connection counts its session and mapping too", "[sim]") {
  const char* text =
      "name: n\n"
      "hosts: {c: {address: 192.168.1.10}, s: {address: 198.51.100.1}}\n"
      "%s"
      "steps:\n"
      "  - {at: 0s, host: s, op: listen, proto: tcp, port: 80}\n"
      "  - {at: 1s, host: c, op: connect, proto: tcp, to: \"198.51.100.1:80\", count: 100}\n";
  auto load = [&](const char* nats) {
    char buf[1024];
    std::snprintf(buf, sizeof buf, text, nats);
    return scenario::LoadScenarioText(buf, "n.yaml");
  };
  absl::StatusOr<scenario::Scenario> plain = load("");
  absl::StatusOr<scenario::Scenario> natted =
      load("nats: {gw: {profile: rfc-recommended, inside: 192.168.1.0/24, outside: [203.0.113.1]}}\n");
  REQUIRE(plain.ok());
  REQUIRE(natted.ok());
  CHECK(EstimateStateBytes(*natted) - EstimateStateBytes(*plain) == 100 * kBytesPerNatSessionEstimate);
}

}  // namespace
}  // namespace portlab::run
