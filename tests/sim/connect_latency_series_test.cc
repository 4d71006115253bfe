// The time series' connect() columns (sim::SeriesPoint::connect_*): every
// TCP connect() that reached the port choice counts in exactly one
// interval, whether the interval is fixed or thinned as the run goes on,
// and an interval's percentiles are those of its own calls.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"
#include "portlab/stack/connect_latency.h"
#include "portlab/stack/probe_histogram.h"

namespace portlab::sim {
namespace {

// A client with 64 ports connecting 20 times a second for 12 s to a server
// that holds each connection 60 s: the range runs out at 3.2 s, and every
// connect() after that examines all 64 candidates and fails.
std::string LatencySeriesScenario(const std::string& timing) {
  return absl::StrCat("name: connect latency series\n", timing,
                      "hosts:\n"
                      "  c: {address: 10.0.0.1, sysctl: {ip_local_port_range: \"40000 40063\"}}\n"
                      "  s: {address: 10.0.0.2}\n"
                      "steps:\n"
                      "  - {at: 0s, host: s, op: listen, proto: tcp, port: 80}\n"
                      "workloads:\n"
                      "  - {name: w, from: c, to: \"10.0.0.2:80\", rate: 20, hold: 60s, stop: 12s}\n");
}

Result RunLatencySeries(const std::string& yaml) {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(yaml, "s.yaml");
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  absl::StatusOr<Result> r = run::RunScenario(*s, run::RunOptions());
  REQUIRE(r.ok());
  return *r;
}

const HostSeries& ClientTcp(const Result& r) {
  for (const HostSeries& s : r.series) {
    if (s.host == "c" && s.protocol == "tcp") return s;
  }
  FAIL("no tcp series for c");
  return r.series.front();
}

TEST_CASE("connect latency series counts every call once, fixed or thinned intervals", "[sim][latency]") {
  for (const char* timing : {"sample: 100ms\nuntil: 20s\n", "until: 20s\n", ""}) {
    INFO("timing: " << timing);
    const Result r = RunLatencySeries(LatencySeriesScenario(timing));
    const stack::ProbeHistogram& run_calls = r.hosts.front().tcp.connect_probes;
    REQUIRE(run_calls.count() == 240);
    int64_t sum = 0;
    for (const SeriesPoint& p : ClientTcp(r).points) {
      sum += p.port_choices;
      if (p.port_choices == 0) {
        CHECK(p.connect_latency_p50_ns == 0);
        continue;
      }
      CHECK(p.connect_latency_p50_ns == stack::ModelledConnectNs(p.connect_probes_p50));
      CHECK(p.connect_latency_p99_ns == stack::ModelledConnectNs(p.connect_probes_p99));
      CHECK(p.connect_probes_p50 <= p.connect_probes_p99);
      // After 3.2 s every call fails having examined the 64 ports.
      if (p.time.nanos() > 4'000'000'000) CHECK(p.connect_probes_p50 == (64 + 71) / 2);
    }
    CHECK(sum == 240);
  }
}

}  // namespace
}  // namespace portlab::sim
