// The NAT boxes' time series: one point per sample for every NAT, gauges
// and counters matching the NAT's own figures, and its CSV form.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "portlab/report/csv_writer.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::sim {
namespace {

// Two subscribers behind a CGNAT with one block of 64 ports each; `a`
// opens more connections than its block holds, `b` fewer. No `until:` or
// `sample:`, so the recorder thins its points as the run goes on.
const char kCgnat[] =
    "name: s\n"
    "seed: 3\n"
    "hosts:\n"
    "  a: {address: 100.64.0.10}\n"
    "  b: {address: 100.64.0.11}\n"
    "  cdn: {address: 198.51.100.80}\n"
    "nats:\n"
    "  cgn:\n"
    "    profile: cgnat\n"
    "    inside: 100.64.0.0/10\n"
    "    outside: [203.0.113.7, 203.0.113.8]\n"
    "    knobs: {port_block_size: 64, port_blocks: 1, pooling: paired}\n"
    "steps:\n"
    "  - {at: 0s, host: cdn, op: listen, proto: tcp, port: 443}\n"
    "workloads:\n"
    "  - {name: heavy, from: a, to: \"198.51.100.80:443\", rate: 100, hold: 2s, stop: 10s}\n"
    "  - {name: light, from: b, to: \"198.51.100.80:443\", rate: 10, hold: 2s, stop: 10s}\n";

Result Run(const std::string& yaml) {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(yaml, "s.yaml");
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  absl::StatusOr<Result> r = run::RunScenario(*s, run::RunOptions());
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return *r;
}

TEST_CASE("a NAT's time series follows its mappings, ports and drops", "[nat][series]") {
  Result r = Run(kCgnat);
  REQUIRE(r.nat_series.size() == 1);
  const nat::NatSeries& s = r.nat_series[0];
  CHECK(s.nat == "cgn");
  CHECK(s.outside == std::vector<std::string>{"203.0.113.7", "203.0.113.8"});
  // Thinned to 100..200 points, evenly spaced, ending at the end of the run.
  CHECK(s.points.size() >= 100);
  CHECK(s.points.size() <= 201);
  CHECK(s.points.front().time == SimTime());
  CHECK(s.points.back().time == r.end_time);
  for (size_t i = 1; i + 1 < s.points.size(); ++i) {
    CHECK(s.points[i].time - s.points[i - 1].time == r.sample_interval);
  }
  const nat::NatFigures& f = r.nats[0];
  int64_t peak_mappings = 0, peak_subscriber = 0, peak_blocks = 0;
  for (const nat::NatSeriesPoint& p : s.points) {
    REQUIRE(p.ports_in_use.size() == 2);  // every point, the first too
    CHECK(p.ports_in_use[0] + p.ports_in_use[1] == p.mappings);
    CHECK(p.subscribers <= 2);
    CHECK(p.max_subscriber_ports <= 64);  // one block each
    peak_mappings = std::max(peak_mappings, p.mappings);
    peak_subscriber = std::max(peak_subscriber, p.max_subscriber_ports);
    peak_blocks = std::max(peak_blocks, p.port_blocks);
  }
  // `a` wants 100/s x 2 s = 200 ports but holds one block: it sits at 64.
  CHECK(peak_subscriber == 64);
  CHECK(peak_blocks == 2);
  CHECK(peak_mappings <= f.peak_mappings);
  CHECK(peak_mappings >= 64 + 15);
  // Counters are cumulative: the last point is the NAT's own total.
  const nat::NatSeriesPoint& last = s.points.back();
  CHECK(last.translated_out == f.translated_out);
  CHECK(last.translated_in == f.translated_in);
  CHECK(last.drops == f.drops);
  CHECK(last.drops[nat::DropReason::kSubscriberLimit] > 0);
  CHECK(last.mappings == f.mappings);
  for (size_t i = 1; i < s.points.size(); ++i) {
    CHECK(s.points[i].translated_out >= s.points[i - 1].translated_out);
  }
}

TEST_CASE("the NAT series CSV has one row per point and a column per address", "[nat][series]") {
  Result r = Run(kCgnat);
  std::ostringstream csv;
  report::WriteNatSeriesCsv(r, csv);
  const std::string text = csv.str();
  CHECK(text.rfind(
            "time_s,nat,mappings,sessions,port_blocks,subscribers,max_subscriber_ports,translated_out,"
            "translated_in,hairpinned,drops,drops_no_mapping,drops_filtered,drops_exhausted,"
            "drops_subscriber_limit,drops_destination_limit,drops_session_limit,drops_hairpin_off,"
            "drops_no_session,drops_time_wait,ports@203.0.113.7,ports@203.0.113.8\n"
            "0,cgn,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0\n",
            0) == 0);
  CHECK(static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) == r.nat_series[0].points.size() + 1);
}

TEST_CASE("a scenario without NATs has no NAT series and a header-only CSV", "[nat][series]") {
  Result r = Run(
      "name: s\nhosts:\n  c: {address: 10.0.0.1}\n  d: {address: 10.0.0.2}\n"
      "steps:\n  - {at: 0s, host: d, op: listen, proto: tcp, port: 80}\n"
      "  - {at: 1s, host: c, op: connect, proto: tcp, to: \"10.0.0.2:80\"}\n");
  CHECK(r.nat_series.empty());
  std::ostringstream csv;
  report::WriteNatSeriesCsv(r, csv);
  const std::string text = csv.str();
  CHECK(std::count(text.begin(), text.end(), '\n') == 1);
}

}  // namespace
}  // namespace portlab::sim
