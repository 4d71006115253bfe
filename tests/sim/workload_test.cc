// Workloads run: arrival processes, holds, pools, closers, UDP flows,
// start/stop steps, failures with their time and cause, the time series and
// the analytical prediction.
#include <algorithm>
#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "portlab/report/csv_writer.h"
#include "portlab/run/expectations.h"
#include "portlab/run/memory_estimate.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"
#include "portlab/sweep/sweep_figures.h"

namespace portlab::sim {
namespace {

const std::string kHosts =
    "name: w\n"
    "hosts:\n"
    "  client: {address: 10.0.0.1, sysctl: {ip_local_port_range: \"40000 40009\"}}\n"
    "  big: {address: 10.0.0.3}\n"
    "  server: {address: 10.0.0.2}\n"
    "steps:\n"
    "  - {at: 0s, host: server, op: listen, proto: tcp, port: 80}\n"
    "  - {at: 0s, host: server, op: bind, proto: udp, port: 53}\n";

Result Run(const std::string& yaml, uint64_t seed = 1) {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(yaml, "w.yaml");
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  run::RunOptions options;
  options.seed = seed;
  absl::StatusOr<Result> r = run::RunScenario(*s, options);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return *r;
}

const WorkloadResult& W(const Result& r, const std::string& name) {
  for (const WorkloadResult& w : r.workloads)
    if (w.name == name) return w;
  FAIL("no workload " << name);
  return r.workloads.front();
}

const stack::ProtocolFigures& Tcp(const Result& r, const std::string& host) {
  for (const HostResult& h : r.hosts)
    if (h.name == host) return h.tcp;
  FAIL("no host " << host);
  return r.hosts.front().tcp;
}

TEST_CASE("a fixed rate makes evenly spaced connections until stop", "[workload]") {
  Result r = Run(kHosts +
                 "workloads:\n"
                 "  - {name: a, from: big, to: \"10.0.0.2:80\", rate: 10, bytes: 100, stop: 1s}\n"
                 "  - {name: b, from: big, to: \"10.0.0.2:80\", rate: 100, count: 7, stop: 10s}\n");
  CHECK(W(r, "a").attempts == 10);
  CHECK(W(r, "a").ok == 10);
  CHECK(W(r, "a").failures == 0);
  CHECK(W(r, "b").attempts == 7);
  // Each client-closed connection leaves one TIME-WAIT on the client.
  CHECK(Tcp(r, "big").peak_time_wait == 17);
  CHECK(Tcp(r, "server").peak_time_wait == 0);
  // 100 bytes each from workload a reached the server.
  CHECK(Tcp(r, "big").segments_sent == 10 * 5 + 7 * 4);
}

TEST_CASE("a workload built with a client no host has is refused, naming it", "[workload]") {
  // The loader refuses such a file; a scenario built in code meets the
  // run's own check, which names the first such client.
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(
      kHosts + "workloads:\n  - {name: a, from: [big, client], to: \"10.0.0.2:80\", rate: 10, stop: 1s}\n", "w.yaml");
  REQUIRE(s.ok());
  s->workloads[0].from = {"big", "nobody", "client", "nemo"};
  absl::StatusOr<Result> r = run::RunScenario(*s, run::RunOptions{});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK_THAT(std::string(r.status().message()), Catch::Contains("no host named \"nobody\""));
}

TEST_CASE("a ramp makes the integral of its rate", "[workload]") {
  // 0 -> 100 per second over 10 s: 500 connections.
  Result r = Run(kHosts +
                 "workloads:\n"
                 "  - {name: a, from: big, to: \"10.0.0.2:80\", rate: 0, rate_end: 100, stop: 10s}\n");
  CHECK(W(r, "a").attempts >= 499);
  CHECK(W(r, "a").attempts <= 501);
}

TEST_CASE("Poisson arrivals average the rate and follow the seed", "[workload]") {
  const std::string yaml = kHosts +
                           "workloads:\n"
                           "  - {name: a, from: big, to: \"10.0.0.2:80\", rate: 100, arrivals: poisson,\n"
                           "     hold: {exponential: 1s}, stop: 100s}\n";
  Result one = Run(yaml, 1), again = Run(yaml, 1), other = Run(yaml, 2);
  // 10,000 expected; 3 standard deviations is 300.
  CHECK(W(one, "a").attempts > 9700);
  CHECK(W(one, "a").attempts < 10300);
  CHECK(W(one, "a").attempts == W(again, "a").attempts);
  CHECK(Tcp(one, "big").peak_ports_in_use == Tcp(again, "big").peak_ports_in_use);
  CHECK(W(one, "a").attempts != W(other, "a").attempts);
}

TEST_CASE("a pool keeps N connections open and replaces them", "[workload]") {
  Result r = Run(kHosts +
                 "workloads:\n"
                 "  - {name: p, from: big, to: \"10.0.0.2:80\", pool: 5, hold: 1s, stop: 10s}\n");
  CHECK(W(r, "p").peak_open == 5);
  // Each connection lives 1 s plus a few ms of handshake and close.
  CHECK(W(r, "p").ok >= 45);
  CHECK(W(r, "p").ok <= 50);
  CHECK(W(r, "p").failures == 0);
}

TEST_CASE("a pool retries a failed connect after retry:", "[workload]") {
  // 10 ports and a 60 s TIME-WAIT: 10 connections of ~1 s, then from ~10 s
  // a failure every 2 s.
  Result r = Run(kHosts +
                 "workloads:\n"
                 "  - {name: p, from: client, to: \"10.0.0.2:80\", pool: 1, hold: 1s, retry: 2s, "
                 "stop: 20s}\n");
  CHECK(W(r, "p").ok == 10);
  CHECK(W(r, "p").failures == 5);
}

TEST_CASE("closer: server puts TIME-WAIT on the server", "[workload]") {
  Result r = Run(kHosts +
                 "workloads:\n"
                 "  - {name: a, from: big, to: \"10.0.0.2:80\", rate: 10, hold: 100ms, closer: server, "
                 "stop: 1s}\n");
  CHECK(W(r, "a").ok == 10);
  CHECK(Tcp(r, "big").peak_time_wait == 0);
  CHECK(Tcp(r, "server").peak_time_wait == 10);
  CHECK(Tcp(r, "big").ports_in_use == 0);
}

TEST_CASE("UDP flows hold a port for their hold", "[workload]") {
  Result r = Run(kHosts +
                 "workloads:\n"
                 "  - {name: u, proto: udp, from: big, to: \"10.0.0.2:53\", rate: 10, hold: 1s, bytes: 40, "
                 "stop: 1s}\n");
  CHECK(W(r, "u").ok == 10);
  const HostResult& big = r.hosts[1];
  CHECK(big.udp.peak_ports_in_use == 10);
  CHECK(big.udp.ports_in_use == 0);
  CHECK(big.udp.segments_sent == 10);
}

TEST_CASE("start and stop steps switch a workload", "[workload]") {
  Result r = Run(kHosts +
                 "  - {at: 5s, host: big, op: start, workload: a}\n"
                 "  - {at: 7s, host: big, op: stop, workload: a}\n"
                 "workloads:\n"
                 "  - {name: a, from: big, to: \"10.0.0.2:80\", rate: 10}\n");
  CHECK(W(r, "a").ran_from == SimTime() + Duration::Seconds(5));
  CHECK(W(r, "a").ran_until == SimTime() + Duration::Seconds(7));
  CHECK(W(r, "a").attempts == 20);
  CHECK(r.steps[2].ok == 1);
}

TEST_CASE("every client of a quantity: host runs the workload", "[workload]") {
  Result r = Run(
      "name: q\nhosts:\n  c: {address: 10.0.1.1, quantity: 3}\n  server: {address: 10.0.0.2}\n"
      "steps:\n  - {host: server, op: listen, proto: tcp, port: 80}\n"
      "workloads:\n  - {name: a, from: c, to: \"10.0.0.2:80\", rate: 10, stop: 1s}\n");
  CHECK(W(r, "a").clients == 3);
  CHECK(W(r, "a").attempts == 30);
  // The group's figures: summed, its peak the largest member's.
  CHECK(Tcp(r, "c").allocations == 30);
  CHECK(Tcp(r, "c").peak_time_wait == 10);
}

TEST_CASE("a group's Poisson clients are one superposed stream over its members", "[workload]") {
  // 1,000 members at 0.01/s for 100 s: 1,000 arrivals expected (sd ~32),
  // each to a member drawn uniformly, so ~632 members (1 - e^-1) call.
  Result r = Run(
      "name: q\nseed: 3\nhosts:\n  c: {address: 10.0.4.1, quantity: 1000}\n  server: {address: 10.0.0.2}\n"
      "steps:\n  - {host: server, op: listen, proto: tcp, port: 80}\n"
      "workloads:\n  - {name: a, from: c, to: \"10.0.0.2:80\", rate: 0.01, arrivals: poisson, stop: 100s}\n");
  CHECK(W(r, "a").clients == 1000);
  CHECK(W(r, "a").attempts >= 870);
  CHECK(W(r, "a").attempts <= 1130);
  CHECK(W(r, "a").ok == W(r, "a").attempts);
  const auto g = std::find_if(r.hosts.begin(), r.hosts.end(), [](const HostResult& h) { return h.name == "c"; });
  REQUIRE(g != r.hosts.end());
  CHECK(g->members_calling >= 560);
  CHECK(g->members_calling <= 700);
}

TEST_CASE("failures carry their time, errno and cause", "[workload]") {
  // 10 ports, 100 connections per second: the 11th, at 100 ms, finds every
  // port in TIME-WAIT.
  Result r = Run(kHosts +
                 "workloads:\n"
                 "  - {name: a, from: client, to: \"10.0.0.2:80\", rate: 100, stop: 5s}\n");
  const WorkloadResult& w = W(r, "a");
  CHECK(w.ok == 10);
  CHECK(w.failures == 490);
  CHECK(w.errors.at("EADDRNOTAVAIL") == 490);
  REQUIRE(w.first_failure);
  CHECK(*w.first_failure == SimTime() + Duration::Millis(100));
  REQUIRE(r.failure_groups.size() == 1);
  CHECK(r.failure_groups[0].cause == "all candidates in TIME-WAIT");
  CHECK(r.failure_groups[0].source == "workload a");
  CHECK(r.failure_groups[0].count == 490);
  CHECK(r.failure_groups[0].last == SimTime() + Duration::Millis(4990));
  CHECK(r.failures_total == 490);
  CHECK(r.failure_log.size() == 100);
  CHECK(r.failure_log[1].time == SimTime() + Duration::Millis(110));
  CHECK(run::FirstFailure(r, "client", "tcp") == w.first_failure);
  // The prediction: 10 ports, 100/s x ~60 s needed, first failure at 100 ms.
  CHECK(w.prediction.applies);
  CHECK(w.prediction.usable_ports == 10);
  CHECK(w.prediction.exhaustion);
  CHECK(*w.prediction.first_failure == SimTime() + Duration::Millis(100));
  CHECK(w.prediction.sustainable_rate == Approx(10 / 60.004));
}

TEST_CASE("a step's failure is recorded with its cause", "[workload]") {
  Result r = Run(kHosts + "  - {at: 1s, host: big, op: bind, proto: tcp, port: 80, count: 1}\n"
                          "  - {at: 1s, host: server, op: bind, proto: tcp, port: 80}\n");
  REQUIRE(r.failure_groups.size() == 1);
  CHECK(r.failure_groups[0].host == "server");
  CHECK(r.failure_groups[0].source == "step 3");
  CHECK(r.failure_groups[0].errno_name == "EADDRINUSE");
  CHECK(r.failure_groups[0].first == SimTime() + Duration::Seconds(1));
}

TEST_CASE("the time series has 100 to 200 points over the run", "[workload]") {
  Result r = Run(kHosts +
                 "workloads:\n"
                 "  - {name: a, from: big, to: \"10.0.0.2:80\", rate: 100, stop: 30s}\n");
  REQUIRE_FALSE(r.series.empty());
  const HostSeries& s = r.series.front();
  CHECK(s.host == "big");
  CHECK(s.points.size() >= 100);
  CHECK(s.points.size() <= 201);
  CHECK(s.points.back().time == r.end_time);
  for (size_t i = 1; i + 1 < s.points.size(); ++i) {
    CHECK(s.points[i].time - s.points[i - 1].time == r.sample_interval);
  }
  // TIME-WAIT grows to 100/s x 30 s and drains by the end.
  int64_t peak = 0;
  for (const SeriesPoint& p : s.points) peak = std::max(peak, p.time_wait);
  CHECK(peak > 2900);
  CHECK(s.points.back().time_wait == 0);
  CHECK(s.points.back().attempts == 3000);

  std::ostringstream csv;
  report::WriteSeriesCsv(r, csv);
  CHECK(csv.str().rfind(
            "time_s,host,proto,ports_in_use,time_wait,established,attempts,failures,"
            "allocation_probes,port_choices,connect_probes_p50,connect_probes_p99,connect_latency_p50_ns,"
            "connect_latency_p99_ns\n0,big,tcp,",
            0) == 0);
}

TEST_CASE("until: / 100 is the sample interval, or sample: itself", "[workload]") {
  Result r = Run(kHosts + "workloads:\n  - {name: a, from: big, to: \"10.0.0.2:80\", rate: 1}\nuntil: 50s\n");
  CHECK(r.sample_interval == Duration::Millis(500));
  CHECK(r.series.front().points.size() == 101);
  Result s = Run(kHosts + "sample: 10s\nuntil: 50s\n"
                          "workloads:\n  - {name: a, from: big, to: \"10.0.0.2:80\", rate: 1}\n");
  CHECK(s.series.front().points.size() == 6);
}

TEST_CASE("workload expectations check figures, ranges and first failures", "[workload]") {
  Result r = Run(kHosts +
                 "workloads:\n"
                 "  - {name: a, from: client, to: \"10.0.0.2:80\", rate: 100, stop: 5s}\n"
                 "expect:\n"
                 "  - {workload: a, ok: 10, failures: [400, 500], errors: {EADDRNOTAVAIL: 490}, "
                 "first_failure: [99ms, 101ms]}\n"
                 "  - {workload: a, ok: [11, 20]}\n"
                 "  - {workload: a, first_failure: 1s}\n"
                 "  - {host: client, peak_time_wait: [1, 10], first_failure: 100ms}\n"
                 "  - {host: big, first_failure: 100ms}\n");
  REQUIRE(r.expectations.size() == 5);
  CHECK(r.expectations[0].passed);
  CHECK_FALSE(r.expectations[1].passed);
  CHECK(r.expectations[1].detail.find("MISMATCH ok 10, expected [11, 20]") != std::string::npos);
  CHECK_FALSE(r.expectations[2].passed);
  CHECK(r.expectations[3].passed);
  CHECK_FALSE(r.expectations[4].passed);
  CHECK(r.expectations[4].detail.find("first_failure never") != std::string::npos);
}

TEST_CASE("a pool too large in total is refused before running", "[workload]") {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(
      "name: q\nhosts:\n  c: {address: 10.0.1.1, quantity: 100}\n"
      "workloads:\n  - {name: a, from: c, to: \"10.0.0.2:80\", pool: 1000000, hold: 1s, stop: 1s}\n",
      "big.yaml");
  REQUIRE(s.ok());
  absl::StatusOr<Result> r = run::RunScenario(*s, run::RunOptions{});
  REQUIRE_FALSE(r.ok());
  CHECK(std::string(r.status().message()).rfind("big.yaml:5:5:", 0) == 0);
}

}  // namespace
}  // namespace portlab::sim

namespace portlab::sim {
namespace {

TEST_CASE("a workload whose peak state passes the memory limit is refused up front", "[workload]") {
  // 10,000 clients x 65,536 ports x 2 ends x 256 bytes: ~312 GiB.
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(
      "name: q\nhosts:\n  c: {address: 10.1.0.1, quantity: 10000}\n"
      "workloads:\n  - {name: a, from: c, to: \"10.0.0.2:80\", rate: 100000, stop: 1s}\n",
      "huge.yaml");
  REQUIRE(s.ok());
  absl::StatusOr<Result> r = run::RunScenario(*s, run::RunOptions{});
  REQUIRE_FALSE(r.ok());
  const std::string message(r.status().message());
  CHECK(message.rfind("huge.yaml:5:5: the workloads up to here keep an estimated", 0) == 0);
  CHECK(message.find("--memory-limit") != std::string::npos);
}

TEST_CASE("a workload's estimate is its peak, capped by ports x destinations", "[workload]") {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(
      "name: q\nhosts: {c: {address: 10.0.0.1}}\n"
      "workloads:\n"
      "  - {name: a, from: c, to: \"10.0.0.2:80\", rate: 1000, stop: 600s}\n"
      "  - {name: b, proto: udp, from: c, to: \"10.0.0.2:53\", rate: 10, hold: 2s, stop: 9s}\n"
      "  - {name: p, from: c, to: \"10.0.0.2:80\", pool: 100, hold: 1s, stop: 9s}\n",
      "est.yaml");
  REQUIRE(s.ok());
  // a: 1000/s x 240 s capped at 65,536, two ends; b: 20 sockets, one end;
  // p: 100 connections, two ends; and the one host.
  CHECK(run::EstimateStateBytes(*s) == (65536 * 2 + 20 + 200) * run::kBytesPerSocketEstimate + run::kBytesPerHostEstimate);
}

}  // namespace
}  // namespace portlab::sim

namespace portlab::sim {
namespace {

TEST_CASE("a pool refused at once, with no latency, retries after retry:", "[workload]") {
  // Nobody listens on port 81: each connect() is refused by a RST at the
  // same instant; the pool must wait retry: (1 s) between attempts.
  Result r = Run(
      "name: r\nlatency: 0s\nhosts:\n  c: {address: 10.0.0.1}\n  s: {address: 10.0.0.2}\n"
      "workloads:\n  - {name: p, from: c, to: \"10.0.0.2:81\", pool: 2, hold: 1s, stop: 10s}\n");
  const WorkloadResult& w = r.workloads[0];
  CHECK(w.ok == 0);
  CHECK(w.errors.at("ECONNREFUSED") == 20);  // the pool of 2 refilled at 0 s, 1 s, ..., 9 s
}

}  // namespace
}  // namespace portlab::sim

namespace portlab::sim {
namespace {

TEST_CASE("a sweep row carries each workload's figures", "[workload]") {
  Result r = Run(kHosts +
                 "workloads:\n"
                 "  - {name: a, from: client, to: \"10.0.0.2:80\", rate: 100, stop: 5s}\n"
                 "  - {name: b, from: big, to: \"10.0.0.2:80\", rate: 10, stop: 1s}\n");
  sweep::RunFigures f = sweep::FiguresOf(r);
  auto value = [&](const std::string& name) {
    for (size_t i = 0; i < f.names.size(); ++i)
      if (f.names[i] == name) return f.values[i];
    FAIL("no column " << name);
    return 0.0;
  };
  CHECK(value("workload.a.attempts") == 500);
  CHECK(value("workload.a.ok") == 10);
  CHECK(value("workload.a.failures") == 490);
  CHECK(value("workload.a.first_failure_s") == 0.1);
  CHECK(value("workload.b.peak_open") == 1);
  // b never failed: it has no first failure (not the run's end).
  for (size_t i = 0; i < f.names.size(); ++i) {
    INFO(f.names[i]);
    CHECK(f.missing[i] == (f.names[i] == "workload.b.first_failure_s"));
  }
}

TEST_CASE("the series' attempts count every connect() call, steps' included", "[workload]") {
  // 20 connect() calls from a step and 20 from a workload on 10 ports: 30
  // fail, and no point may show more failures than calls.
  Result r = Run(kHosts +
                 "  - {at: 1s, host: client, op: connect, proto: tcp, to: \"10.0.0.2:80\", count: 20}\n"
                 "workloads:\n"
                 "  - {name: a, from: client, to: \"10.0.0.2:80\", rate: 10, start: 2s, stop: 4s}\n"
                 "sample: 500ms\n");
  const stack::ProtocolFigures& f = Tcp(r, "client");
  CHECK(f.connect_calls == 40);
  CHECK(W(r, "a").attempts == 20);
  const HostSeries* s = nullptr;
  for (const HostSeries& h : r.series)
    if (h.host == "client" && h.protocol == "tcp") s = &h;
  REQUIRE(s != nullptr);
  for (const SeriesPoint& p : s->points) {
    INFO(FormatSeconds(p.time));
    CHECK(p.failures <= p.attempts);
  }
  CHECK(s->points.back().attempts == 40);
  CHECK(s->points.back().failures == 30);
}

TEST_CASE("probes per allocation count the ports found, failed searches apart", "[workload]") {
  // A sequential allocator on an empty range finds each port at its first
  // probe; the 10 connect() calls past the 10 ports each probe all 10.
  Result r = Run(
      "name: p\n"
      "hosts:\n"
      "  client: {address: 10.0.0.1, os: custom, sysctl: {ip_local_port_range: \"40000 40009\", tcp_strategy: sequential}}\n"
      "  server: {address: 10.0.0.2}\n"
      "steps:\n"
      "  - {at: 0s, host: server, op: listen, proto: tcp, port: 80}\n"
      "  - {at: 1s, host: client, op: connect, proto: tcp, to: \"10.0.0.2:80\", count: 20}\n");
  const stack::ProtocolFigures& f = Tcp(r, "client");
  CHECK(f.allocations == 10);
  CHECK(f.allocation_probes == 10);
  CHECK(f.failed_allocations == 10);
  CHECK(f.failed_allocation_probes == 100);
}

}  // namespace
}  // namespace portlab::sim
