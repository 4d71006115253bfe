#include "portlab/report/report_charts.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_format.h"
#include "portlab/report/chart_axis.h"

namespace portlab::report {
namespace {

using ChartPoints = SvgLineChart::Points;

// A reference line is drawn when the data reach this fraction of it; below,
// it would flatten the lines against the axis, and a note says where it is.
constexpr double kReferenceReach = 0.25;

template <typename Point, typename Get>
ChartPoints SeriesOf(const std::vector<Point>& points, Get get) {
  ChartPoints out;
  out.reserve(points.size());
  for (const Point& p : points) out.emplace_back(p.time.seconds(), static_cast<double>(get(p)));
  return out;
}

double PeakOf(const ChartPoints& points) {
  double peak = 0;
  for (const auto& [x, y] : points) peak = std::max(peak, y);
  return peak;
}

std::string MarkSeconds(double s) { return absl::StrFormat("%.6g s", s); }

// The reference line at `value`, or a note saying why it is not drawn.
void AddReferenceOrNote(SvgLineChart& chart, double value, double peak, const std::string& label) {
  if (value <= 0) return;
  if (peak >= kReferenceReach * value) {
    chart.AddReference(value, label);
  } else {
    chart.AddNote(absl::StrFormat("%s: off the scale (the peak, %s, is under a quarter of it)", label,
                                  TickLabel(peak)));
  }
}

// The vertical marks of one host and protocol: its workloads' predicted
// exhaustion and its first failure.
void AddHostMarks(const sim::Result& result, const sim::HostSeries& s, SvgLineChart& chart) {
  for (const sim::WorkloadResult& w : result.workloads) {
    const sim::Prediction& p = w.prediction;
    if (w.protocol != s.protocol || !p.applies || !p.exhaustion || !p.first_failure) continue;
    if (std::find(w.client_hosts.begin(), w.client_hosts.end(), s.host) == w.client_hosts.end()) continue;
    chart.AddMark(p.first_failure->seconds(),
                  absl::StrFormat("predicted exhaustion %s (workload %s)", MarkSeconds(p.first_failure->seconds()), w.name),
                  /*dashed=*/true);
  }
  const sim::FailureGroup* first = nullptr;
  for (const sim::FailureGroup& g : result.failure_groups) {
    const bool ours = g.host == s.host || (s.members > 0 && sim::IsGroupMember(g.host, s.host));
    if (!ours || g.protocol != s.protocol) continue;
    if (first == nullptr || g.first < first->first) first = &g;
  }
  if (first != nullptr) {
    chart.AddMark(first->first.seconds(),
                  absl::StrFormat("first failure %s: %s (%s)", MarkSeconds(first->first.seconds()), first->errno_name,
                                  first->cause),
                  /*dashed=*/false);
  }
}

}  // namespace

ChartPoints PerSecond(const ChartPoints& cumulative) {
  ChartPoints out;
  if (cumulative.size() < 2) return out;
  // The interval boundaries, the last merged when it is short.
  std::vector<size_t> ends;
  for (size_t i = 1; i < cumulative.size(); ++i) {
    if (cumulative[i].first > cumulative[ends.empty() ? 0 : ends.back()].first) ends.push_back(i);
  }
  if (ends.size() >= 2) {
    const size_t a = ends.size() >= 3 ? ends[ends.size() - 3] : 0, b = ends[ends.size() - 2], c = ends.back();
    const double before = cumulative[b].first - cumulative[a].first, last = cumulative[c].first - cumulative[b].first;
    if (last < before / 2) ends.erase(ends.end() - 2);
  }
  size_t start = 0;
  for (size_t end : ends) {
    const double dt = cumulative[end].first - cumulative[start].first;
    out.emplace_back(cumulative[start].first, (cumulative[end].second - cumulative[start].second) / dt);
    start = end;
  }
  if (!out.empty()) out.emplace_back(cumulative[start].first, out.back().second);
  return out;
}

void WriteHostCharts(const sim::Result& result, std::ostream& out) {
  if (result.series.empty()) return;
  out << "<h2 id=\"charts\">Time series: hosts</h2>\n";
  for (size_t i = 0; i < result.series.size(); ++i) {
    const sim::HostSeries& s = result.series[i];
    const std::string name = s.host + " " + s.protocol;
    const double end = result.end_time.seconds();

    SvgLineChart state(absl::StrFormat("chart-host-%d-ports", i), name + ": ports and connections",
                       "ports / connections", SvgLineChart::Values::kCounts);
    state.SetTimeSpan(end);
    const ChartPoints ports = SeriesOf(s.points, [](const sim::SeriesPoint& p) { return p.ports_in_use; });
    state.AddSeries("ports in use", ports);
    state.AddSeries("TIME-WAIT", SeriesOf(s.points, [](const sim::SeriesPoint& p) { return p.time_wait; }));
    state.AddSeries("established", SeriesOf(s.points, [](const sim::SeriesPoint& p) { return p.established; }));
    AddReferenceOrNote(state, static_cast<double>(s.usable_ports), PeakOf(ports),
                       absl::StrFormat("usable port range %d-%d: %s ports", s.port_lo, s.port_hi,
                                       TickLabel(static_cast<double>(s.usable_ports))));
    AddHostMarks(result, s, state);
    state.Write(out);

    // Workloads call connect() at a rate: the question is how many calls
    // per second fail. Steps call in bursts at instants: how many failed.
    bool attempts = false, failures = false;
    for (const sim::SeriesPoint& p : s.points) {
      attempts |= p.attempts > 0;
      failures |= p.failures > 0;
    }
    const ChartPoints failed = SeriesOf(s.points, [](const sim::SeriesPoint& p) { return p.failures; });
    if (attempts) {
      SvgLineChart rates(absl::StrFormat("chart-host-%d-calls", i), name + ": connect() calls per second",
                         "calls per second", SvgLineChart::Values::kRates);
      rates.SetTimeSpan(end);
      rates.AddSeries("connect() attempts",
                      PerSecond(SeriesOf(s.points, [](const sim::SeriesPoint& p) { return p.attempts; })));
      rates.AddSeries("failed calls", PerSecond(failed));
      AddHostMarks(result, s, rates);
      rates.Write(out);
    } else if (failures) {
      SvgLineChart count(absl::StrFormat("chart-host-%d-failures", i), name + ": failed calls so far", "failed calls",
                         SvgLineChart::Values::kCounts);
      count.SetTimeSpan(end);
      count.AddSeries("failed calls", failed);
      AddHostMarks(result, s, count);
      count.Write(out);
    }
  }
}

void WriteNatCharts(const sim::Result& result, std::ostream& out) {
  if (result.nat_series.empty()) return;
  out << "<h2 id=\"nat-charts\">Time series: NAT boxes</h2>\n";
  for (size_t i = 0; i < result.nat_series.size(); ++i) {
    const nat::NatSeries& s = result.nat_series[i];
    const double end = result.end_time.seconds();

    SvgLineChart table(absl::StrFormat("chart-nat-%d-table", i), "NAT " + s.nat + ": mappings and sessions",
                       "mappings / sessions", SvgLineChart::Values::kCounts);
    table.SetTimeSpan(end);
    table.AddSeries("mappings", SeriesOf(s.points, [](const nat::NatSeriesPoint& p) { return p.mappings; }));
    table.AddSeries("sessions", SeriesOf(s.points, [](const nat::NatSeriesPoint& p) { return p.sessions; }));
    const ChartPoints blocks = SeriesOf(s.points, [](const nat::NatSeriesPoint& p) { return p.port_blocks; });
    if (PeakOf(blocks) > 0) table.AddSeries("port blocks", blocks);
    table.Write(out);

    SvgLineChart ports(absl::StrFormat("chart-nat-%d-ports", i), "NAT " + s.nat + ": outside ports in use", "ports",
                       SvgLineChart::Values::kCounts);
    ports.SetTimeSpan(end);
    double address_peak = 0;
    for (size_t a = 0; a < s.outside.size(); ++a) {
      ChartPoints line = SeriesOf(s.points, [a](const nat::NatSeriesPoint& p) { return p.ports_in_use[a]; });
      address_peak = std::max(address_peak, PeakOf(line));
      ports.AddSeries(s.outside[a], std::move(line));
    }
    const ChartPoints subscriber = SeriesOf(s.points, [](const nat::NatSeriesPoint& p) { return p.max_subscriber_ports; });
    ports.AddSeries("most held by one subscriber", subscriber);
    AddReferenceOrNote(ports, static_cast<double>(s.ports_per_address), address_peak,
                       absl::StrFormat("outside ports per address: %s",
                                       TickLabel(static_cast<double>(s.ports_per_address))));
    AddReferenceOrNote(ports, static_cast<double>(s.subscriber_limit), PeakOf(subscriber),
                       absl::StrFormat("per-subscriber limit: %s ports",
                                       TickLabel(static_cast<double>(s.subscriber_limit))));
    // With one destination, an address's ports are its sessions toward it.
    AddReferenceOrNote(ports, static_cast<double>(s.destination_limit), address_peak,
                       absl::StrFormat("sessions to one destination per address: %s",
                                       TickLabel(static_cast<double>(s.destination_limit))));
    ports.Write(out);

    if (s.points.empty() || s.points.back().drops.total() == 0) continue;
    SvgLineChart drops(absl::StrFormat("chart-nat-%d-drops", i), "NAT " + s.nat + ": drops per second",
                       "drops per second", SvgLineChart::Values::kRates);
    drops.SetTimeSpan(end);
    for (nat::DropReason r : nat::DropReasonsByName()) {
      if (s.points.back().drops[r] == 0) continue;
      drops.AddSeries(std::string(nat::DropReasonName(r)),
                      PerSecond(SeriesOf(s.points, [r](const nat::NatSeriesPoint& p) { return p.drops[r]; })));
    }
    drops.Write(out);
  }
}

}  // namespace portlab::report
