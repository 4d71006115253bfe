// Times a scenario may not ask for (base/limits.h): a latency past an
// hour, a step or a workload's last connection past the end of simulated
// time, a `sample:` interval making more points than the limit. Each is
// refused by the loader at the value's file:line:column, before anything
// runs; the values just inside each limit load.
#include <catch2/catch.hpp>
#include <string>

#include "portlab/run/memory_estimate.h"
#include "portlab/scenario/loader.h"
#include "portlab/scenario/run_length.h"

namespace portlab::scenario {
namespace {

// Hosts on lines 2-4; the case's lines from line 5.
std::string TimeBoundsScenario(const std::string& rest) {
  return "name: t\n"
         "hosts:\n"
         "  client: {address: 10.0.0.1}\n"
         "  server: {address: 10.0.0.2}\n" +
         rest;
}

const std::string kListen = "steps:\n  - {at: 0s, host: server, op: listen, proto: tcp, port: 80}\n";

TEST_CASE("times past the limits are refused where they are written", "[loader][limits]") {
  struct Case {
    const char* name;
    std::string rest;
    const char* where;     // line:column
    const char* fragment;  // in the message
  } cases[] = {
      {"latency of 10^6 h", "latency: 1000000h\n", "5:10", "latency: at most 60min"},
      {"loopback latency over an hour", "loopback_latency: 61min\n", "5:19", "loopback_latency: at most 60min"},
      {"sample of 1ns over a second", "sample: 1ns\n" + kListen + "  - {at: 1s, host: client, op: bind, proto: tcp, port: 0}\n",
       "5:9", "over a run of at least 1s makes 10000000"},
      {"sample of 1s over 10^6 h",
       "sample: 1s\n" + kListen + "  - {at: 1000000h, host: client, op: bind, proto: tcp, port: 0}\n", "5:9",
       "the limit is 1000000"},
      {"sample over until", "sample: 1us\nuntil: 2s\n", "5:9", "makes 2000001 points"},
      {"step closing past the end",
       "steps:\n  - {at: 999999h, host: server, op: listen, proto: tcp, port: 80, close_after: 2h}\n", "6:5",
       "the step ends at 1000001h (at: + close_after:), past 1000000h, the end of simulated time"},
      {"workload whose hold passes the end",
       "workloads:\n  - {name: w, from: client, to: \"10.0.0.2:80\", rate: 1, start: 999999h, stop: 1000000h, "
       "hold: 1s}\n",
       "6:5", "workload w: its last connection may end at 1000000h"},
      {"workload whose exponential hold passes the end",
       "workloads:\n  - {name: w, from: client, to: \"10.0.0.2:80\", rate: 1, stop: 1s, "
       "hold: {exponential: 100000h}}\n",
       "6:5", "past 1000000h, the end of simulated time"},
      {"workload whose count at its rate passes the end",
       "workloads:\n  - {name: w, from: client, to: \"10.0.0.2:80\", rate: 0.001, count: 10000000}\n", "6:5",
       "its last connection may end at 2777778h"},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      absl::StatusOr<Scenario> s = LoadScenarioText(TimeBoundsScenario(c.rest), "t.yaml");
      INFO(s.status().ToString());
      REQUIRE(s.status().code() == absl::StatusCode::kInvalidArgument);
      CHECK(std::string(s.status().message()).rfind(std::string("t.yaml:") + c.where + ":", 0) == 0);
      CHECK(std::string(s.status().message()).find(c.fragment) != std::string::npos);
    }
  }
}

TEST_CASE("times just inside the limits load", "[loader][limits]") {
  for (const char* rest : {
           "latency: 60min\nloopback_latency: 1h\n",
           "sample: 1us\nuntil: 999999us\n",
           "steps:\n  - {at: 999999h, host: server, op: listen, proto: tcp, port: 80, close_after: 1h}\n",
           "workloads:\n  - {name: w, from: client, to: \"10.0.0.2:80\", rate: 1, stop: 999999h, hold: 1800s}\n",
       }) {
    INFO(rest);
    absl::StatusOr<Scenario> s = LoadScenarioText(TimeBoundsScenario(rest), "t.yaml");
    CHECK(s.status().ToString() == "OK");
  }
}

TEST_CASE("the memory estimate counts a sample: series", "[memory][limits]") {
  absl::StatusOr<Scenario> without = LoadScenarioText(TimeBoundsScenario("until: 100s\n"), "t.yaml");
  absl::StatusOr<Scenario> with = LoadScenarioText(TimeBoundsScenario("until: 100s\nsample: 1ms\n"), "t.yaml");
  REQUIRE(without.ok());
  REQUIRE(with.ok());
  CHECK(SamplePoints(*with) == 100'001);
  // 100,001 points x (8 + 2 hosts x 2 protocols x 64 bytes).
  CHECK(run::EstimateStateBytes(*with) - run::EstimateStateBytes(*without) == 100'001 * (8 + 4 * 64));
  absl::Status st = run::CheckMemoryLimit(*with, int64_t{16} << 20);
  CHECK(std::string(st.message()).rfind("t.yaml:6:9: with its time series (100001 points", 0) == 0);
}

}  // namespace
}  // namespace portlab::scenario
