// The report's charts over a Result: rates per second from cumulative
// counters, the port range and per-subscriber limit as reference lines,
// the predicted exhaustion and the first failure as marks.
#include "portlab/report/report_charts.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace portlab::report {
namespace {

size_t Occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_CASE("a cumulative counter becomes a rate per second per interval", "[report][chart]") {
  struct Case {
    const char* name;
    SvgLineChart::Points cumulative;
    SvgLineChart::Points rates;
  };
  const std::vector<Case> cases = {
      {"even intervals", {{0, 0}, {1, 10}, {2, 30}}, {{0, 10}, {1, 20}, {2, 20}}},
      {"half-second intervals", {{0, 0}, {0.5, 5}, {1, 5}}, {{0, 10}, {0.5, 0}, {1, 0}}},
      {"a short last interval joins the one before", {{0, 0}, {1, 10}, {2, 30}, {2.1, 32}},
       {{0, 10}, {1, 20}, {2.1, 20}}},
      {"a repeated time is skipped", {{0, 0}, {1, 10}, {1, 10}, {2, 12}}, {{0, 10}, {1, 2}, {2, 2}}},
      {"one point has no rate", {{0, 4}}, {}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const SvgLineChart::Points got = PerSecond(c.cumulative);
    REQUIRE(got.size() == c.rates.size());
    for (size_t i = 0; i < got.size(); ++i) {
      CHECK(got[i].first == Approx(c.rates[i].first));
      CHECK(got[i].second == Approx(c.rates[i].second));
    }
  }
}

// A client that uses up a 64-port range at 3 s, as a workload predicted.
sim::Result Exhausting(int64_t peak) {
  sim::Result r;
  r.end_time = SimTime() + Duration::Seconds(5);
  sim::HostSeries s;
  s.host = "client";
  s.protocol = "tcp";
  s.port_lo = 40000;
  s.port_hi = 40063;
  s.usable_ports = 64;
  for (int i = 0; i <= 5; ++i) {
    sim::SeriesPoint p;
    p.time = SimTime() + Duration::Seconds(i);
    p.ports_in_use = std::min<int64_t>(peak, peak / 3 * i);
    p.time_wait = p.ports_in_use;
    p.attempts = 30 * i;
    p.failures = i > 3 ? 30 * (i - 3) : 0;
    s.points.push_back(p);
  }
  r.series.push_back(s);
  sim::WorkloadResult w;
  w.name = "web";
  w.protocol = "tcp";
  w.client_hosts = {"client"};
  w.prediction.applies = true;
  w.prediction.exhaustion = true;
  w.prediction.first_failure = SimTime() + Duration::Millis(2900);
  r.workloads.push_back(w);
  sim::FailureGroup late{"client", "tcp", "workload web", "EADDRNOTAVAIL", "range used up", 50,
                         SimTime() + Duration::Millis(3100), SimTime() + Duration::Seconds(5)};
  sim::FailureGroup early = late;
  early.errno_name = "EADDRINUSE";
  early.cause = "all candidates in TIME-WAIT";
  early.first = SimTime() + Duration::Millis(3050);
  sim::FailureGroup other_host = late;
  other_host.host = "server";
  other_host.first = SimTime() + Duration::Seconds(1);
  r.failure_groups = {late, early, other_host};
  return r;
}

TEST_CASE("a host chart marks its range, its predicted exhaustion and its first failure", "[report][chart]") {
  std::ostringstream out;
  WriteHostCharts(Exhausting(64), out);
  const std::string html = out.str();
  CHECK(Occurrences(html, "<svg ") == 2);  // ports, calls per second
  CHECK(Occurrences(html, ">usable port range 40000-40063: 64 ports</text>") == 1);
  // Both charts carry both marks: the earliest failure of this host.
  CHECK(Occurrences(html, ">predicted exhaustion 2.9 s (workload web)</text>") == 2);
  CHECK(Occurrences(html, ">first failure 3.05 s: EADDRINUSE (all candidates in TIME-WAIT)</text>") == 2);
  CHECK(html.find("first failure 1 s") == std::string::npos);  // the server's
  CHECK(html.find(">client tcp: connect() calls per second</text>") != std::string::npos);
  CHECK(html.find(">calls per second</text>") != std::string::npos);
  CHECK(html.find("data-series=\"connect() attempts\"") != std::string::npos);
  // Ports and TIME-WAIT coincide: one label for both.
  CHECK(html.find(">ports in use = TIME-WAIT</text>") != std::string::npos);
}

TEST_CASE("a host whose calls came from steps counts its failures instead of a rate", "[report][chart]") {
  sim::Result r = Exhausting(64);
  for (sim::SeriesPoint& p : r.series[0].points) p.attempts = 0;  // no workload
  std::ostringstream out;
  WriteHostCharts(r, out);
  const std::string html = out.str();
  CHECK(html.find("per second") == std::string::npos);
  CHECK(html.find(">client tcp: failed calls so far</text>") != std::string::npos);
  CHECK(Occurrences(html, ">first failure 3.05 s: EADDRINUSE (all candidates in TIME-WAIT)</text>") == 2);
}

TEST_CASE("a range far above the data is noted, not drawn", "[report][chart]") {
  std::ostringstream out;
  sim::Result r = Exhausting(9);
  r.series[0].port_lo = 32768;
  r.series[0].port_hi = 60999;
  r.series[0].usable_ports = 28232;
  WriteHostCharts(r, out);
  const std::string html = out.str();
  CHECK(html.find("<g class=\"reference\">") == std::string::npos);
  CHECK(html.find(">usable port range 32768-60999: 28,232 ports: off the scale (the peak, 9, is under a quarter of "
                  "it)</text>") != std::string::npos);
}

TEST_CASE("a NAT chart draws its subscriber limit and its drops per second", "[report][chart]") {
  sim::Result r;
  r.end_time = SimTime() + Duration::Seconds(2);
  nat::NatSeries n;
  n.nat = "cgn";
  n.outside = {"203.0.113.7"};
  n.ports_per_address = 64512;
  n.subscriber_limit = 128;
  n.destination_limit = 100;
  for (int i = 0; i <= 2; ++i) {
    nat::NatSeriesPoint p;
    p.time = SimTime() + Duration::Seconds(i);
    p.mappings = 69 * i;
    p.sessions = 69 * i;
    p.max_subscriber_ports = 64 * i;
    p.ports_in_use = {69 * i};
    p.drops[nat::DropReason::kSubscriberLimit] = 36 * i;
    n.points.push_back(p);
  }
  r.nat_series.push_back(n);
  std::ostringstream out;
  WriteNatCharts(r, out);
  const std::string html = out.str();
  CHECK(Occurrences(html, "<svg ") == 3);  // mappings and sessions, ports, drops
  CHECK(html.find(">mappings = sessions</text>") != std::string::npos);
  CHECK(html.find(">per-subscriber limit: 128 ports</text></g>") != std::string::npos);
  CHECK(html.find("outside ports per address: 64,512: off the scale") != std::string::npos);
  CHECK(html.find(">sessions to one destination per address: 100</text></g>") != std::string::npos);
  CHECK(html.find(">NAT cgn: drops per second</text>") != std::string::npos);
  CHECK(html.find("data-series=\"subscriber-limit\"") != std::string::npos);
}

TEST_CASE("a NAT that dropped nothing has no drops chart", "[report][chart]") {
  sim::Result r;
  nat::NatSeries n;
  n.nat = "home";
  nat::NatSeriesPoint p;
  n.points = {p};
  r.nat_series.push_back(n);
  std::ostringstream out;
  WriteNatCharts(r, out);
  CHECK(Occurrences(out.str(), "<svg ") == 2);
}

}  // namespace
}  // namespace portlab::report
