// --metrics and --metrics-final's text for a small hand-made Result: the
// time base (simulated 0 = 2026-01-01T00:00:00Z), counters as _total,
// intervals without a connect() left without a latency sample, points in
// one millisecond written once, and the final figures without timestamps.
#include "portlab/report/metrics_writer.h"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

namespace portlab::report {
namespace {

sim::Result SmallMetricsResult() {
  sim::Result r;
  r.end_time = SimTime::FromNanos(2'500'000'000);
  sim::HostSeries s;
  s.host = "client";
  s.protocol = "tcp";
  sim::SeriesPoint p0;
  sim::SeriesPoint p1;
  p1.time = SimTime::FromNanos(1'000'000'000);
  p1.ports_in_use = 3;
  p1.time_wait = 1;
  p1.attempts = 3;
  p1.port_choices = 3;
  p1.connect_probes_p50 = 1;
  p1.connect_probes_p99 = 2;
  p1.connect_latency_p50_ns = 4563;
  p1.connect_latency_p99_ns = 4603;
  sim::SeriesPoint p2 = p1;  // less than 1 ms later: only it is written
  p2.time = SimTime::FromNanos(1'000'400'000);
  p2.ports_in_use = 4;
  p2.port_choices = 0;
  s.points = {p0, p1, p2};
  r.series.push_back(s);
  return r;
}

TEST_CASE("metrics series: OpenMetrics with the 2026 epoch and millisecond timestamps", "[report][metrics]") {
  std::ostringstream out;
  WriteMetricsSeries(SmallMetricsResult(), Provenance(), out);
  const std::string text = out.str();
  CHECK(text.find("# TYPE node_sockstat_TCP_tw gauge\n# HELP node_sockstat_TCP_tw TCP sockets in TIME-WAIT.\n"
                  "node_sockstat_TCP_tw{host=\"client\"} 0 1767225600.000\n"
                  "node_sockstat_TCP_tw{host=\"client\"} 1 1767225601.000\n# TYPE") != std::string::npos);
  CHECK(text.find("portlab_ports_in_use{host=\"client\",proto=\"tcp\"} 4 1767225601.000\n") != std::string::npos);
  CHECK(text.find("portlab_ports_in_use{host=\"client\",proto=\"tcp\"} 3") == std::string::npos);
  CHECK(text.find("# TYPE portlab_connect_attempts counter\n") != std::string::npos);
  CHECK(text.find("portlab_connect_attempts_total{host=\"client\",proto=\"tcp\"} 3 1767225601.000\n") !=
        std::string::npos);
  // The latency: only the interval with calls (p1), in seconds, with its unit.
  CHECK(text.find("# UNIT portlab_connect_latency_p50_seconds seconds\n") != std::string::npos);
  CHECK(text.find("portlab_connect_latency_p50_seconds{host=\"client\"} 0.000004563 1767225601.000\n") !=
        std::string::npos);
  CHECK(text.find("portlab_connect_latency_p50_seconds{host=\"client\"} 0 ") == std::string::npos);
  CHECK(text.size() >= 6);
  CHECK(text.substr(text.size() - 6) == "# EOF\n");
}

TEST_CASE("metrics final: Prometheus text format, last values, no timestamps", "[report][metrics]") {
  std::ostringstream out;
  WriteMetricsFinal(SmallMetricsResult(), Provenance(), out);
  const std::string text = out.str();
  CHECK(text.find("# HELP portlab_connect_attempts_total connect() calls.\n"
                  "# TYPE portlab_connect_attempts_total counter\n"
                  "portlab_connect_attempts_total{host=\"client\",proto=\"tcp\"} 3\n") != std::string::npos);
  CHECK(text.find("portlab_connect_latency_p99_seconds{host=\"client\"} 0.000004603\n") != std::string::npos);
  CHECK(text.find("# UNIT") == std::string::npos);
  CHECK(text.find("# EOF") == std::string::npos);
}

TEST_CASE("metrics: the provenance as portlab_build_info, first, in both formats", "[report][metrics]") {
  Provenance p;
  p.version = "9.8.7";
  p.commit = "abc123";
  p.scenario_sha256 = std::string(64, 'e');
  p.seed = 7;
  p.command = {"portlab", "run", "my \"x\".yaml"};
  const std::string labels =
      "{version=\"9.8.7\",commit=\"abc123\",format=\"1\",scenario_sha256=\"" + std::string(64, 'e') +
      "\",seed=\"7\",command=\"portlab run 'my \\\"x\\\".yaml'\"}";
  std::ostringstream series;
  WriteMetricsSeries(SmallMetricsResult(), p, series);
  CHECK(series.str().rfind("# TYPE portlab_build info\n# HELP portlab_build ", 0) == 0);
  CHECK(series.str().find("\nportlab_build_info" + labels + " 1 1767225600.000\n# TYPE") != std::string::npos);
  std::ostringstream final_figures;
  WriteMetricsFinal(SmallMetricsResult(), p, final_figures);
  CHECK(final_figures.str().rfind("# HELP portlab_build_info ", 0) == 0);
  CHECK(final_figures.str().find("# TYPE portlab_build_info gauge\nportlab_build_info" + labels + " 1\n# HELP") !=
        std::string::npos);
}

}  // namespace
}  // namespace portlab::report
