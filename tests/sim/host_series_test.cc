// The hosts' time series: one point per sample for every host and protocol
// that did anything, zeros before its first activity, failures by errno
// adding up to the failures at every point, and the same points whether
// the interval is fixed or thinned as the run goes on.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::sim {
namespace {

// `c` has a 4-port range and connect()s 6 times at `at` (steps, which the
// `attempts` column, workload connect()s, leaves out): its first sample
// after that already counts 2 failures. `a` connects 3 times at `at` too,
// closes them at 2 s and binds one UDP port at 9 s.
std::string Scenario(const std::string& at, const std::string& timing) {
  return absl::StrCat(
      "name: host series\n", timing,
      "hosts:\n"
      "  a: {address: 10.0.0.1}\n"
      "  b: {address: 10.0.0.2}\n"
      "  c: {address: 10.0.0.3, sysctl: {ip_local_port_range: \"40000 40003\"}}\n"
      "steps:\n"
      "  - {at: 0s, host: b, op: listen, proto: tcp, port: 80}\n"
      "  - {at: ", at, ", host: a, op: connect, proto: tcp, to: \"10.0.0.2:80\", count: 3, as: x}\n",
      "  - {at: ", at, ", host: c, op: connect, proto: tcp, to: \"10.0.0.2:80\", count: 6}\n",
      "  - {at: 2s, host: a, op: close, proto: tcp, sockets: x}\n"
      "  - {at: 9s, host: a, op: bind, proto: udp, address: 10.0.0.1, port: 0}\n");
}

Result Run(const std::string& yaml) {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(yaml, "s.yaml");
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  absl::StatusOr<Result> r = run::RunScenario(*s, run::RunOptions());
  REQUIRE(r.ok());
  return *r;
}

const HostSeries& Find(const Result& r, const std::string& host, const std::string& protocol) {
  for (const HostSeries& s : r.series) {
    if (s.host == host && s.protocol == protocol) return s;
  }
  FAIL("no series for " << host << " " << protocol);
  return r.series.front();
}

void CheckErrnoSums(const HostSeries& s) {
  for (const SeriesPoint& p : s.points) {
    int64_t sum = 0;
    for (const auto& [name, n] : p.failures_by_errno) sum += n;
    INFO(s.host << " " << s.protocol << " at " << p.time.nanos());
    CHECK(sum == p.failures);
  }
}

TEST_CASE("host series: failures by errno from the first active point on", "[series]") {
  // until: 10s: a point every 100 ms; the connect()s at 50 ms show first at
  // 100 ms, failures included.
  const Result r = Run(Scenario("50ms", "until: 10s\n"));
  const HostSeries& c = Find(r, "c", "tcp");
  REQUIRE(c.points.size() >= 3);
  CHECK(c.points[0].established == 0);
  CHECK(c.points[0].failures_by_errno.empty());
  CHECK(c.points[1].established == 4);
  CHECK(c.points[1].failures == 2);
  CHECK(c.points[1].failures_by_errno.at("EADDRNOTAVAIL") == 2);
  for (const HostSeries& s : r.series) CheckErrnoSums(s);
  // b never used UDP, a did at 9 s: its UDP series is zeros until then.
  for (const HostSeries& s : r.series) CHECK_FALSE((s.host == "b" && s.protocol == "udp"));
  const HostSeries& a_udp = Find(r, "a", "udp");
  CHECK(a_udp.points.front().ports_in_use == 0);
  CHECK(a_udp.points.back().ports_in_use == 1);
}

TEST_CASE("host series: thinned points are the fixed-interval points at those times", "[series]") {
  // No until: or sample:: the recorder starts at 10 ms and halves its
  // points whenever it holds 200. Activity at 5, 15 or 25 ms starts a
  // host's stored points at an odd or even sample, which thinning keeps or
  // drops. Every thinned point must equal the point a fixed interval
  // (sample: 10ms) takes at the same time.
  for (const char* at : {"5ms", "15ms", "25ms"}) {
    const Result thinned = Run(Scenario(at, ""));
    const Result fixed = Run(Scenario(at, "sample: 10ms\n"));
    REQUIRE(thinned.sample_interval > Duration::Millis(10));
    REQUIRE(thinned.series.size() == fixed.series.size());
    for (size_t i = 0; i < thinned.series.size(); ++i) {
      const HostSeries& t = thinned.series[i];
      const HostSeries& f = fixed.series[i];
      REQUIRE(t.host == f.host);
      CheckErrnoSums(t);
      size_t j = 0;
      for (const SeriesPoint& p : t.points) {
        while (j < f.points.size() && f.points[j].time < p.time) ++j;
        INFO(at << " " << t.host << " " << t.protocol << " at " << p.time.nanos());
        REQUIRE(j < f.points.size());
        REQUIRE(f.points[j].time == p.time);
        CHECK(p.established == f.points[j].established);
        CHECK(p.failures == f.points[j].failures);
        CHECK(p.ports_in_use == f.points[j].ports_in_use);
        CHECK(p.time_wait == f.points[j].time_wait);
        CHECK(p.failures_by_errno == f.points[j].failures_by_errno);
      }
    }
  }
}

}  // namespace
}  // namespace portlab::sim
