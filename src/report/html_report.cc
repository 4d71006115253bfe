#include "portlab/report/html_report.h"

#include <sstream>

#include "absl/strings/str_format.h"
#include "portlab/report/summary_writer.h"
#include "portlab/report/svg_chart.h"

namespace portlab::report {
namespace {

using Points = std::vector<std::pair<double, double>>;

template <typename Point, typename Get>
Points Line(const std::vector<Point>& points, Get get) {
  Points out;
  out.reserve(points.size());
  for (const Point& p : points) out.emplace_back(p.time.seconds(), static_cast<double>(get(p)));
  return out;
}

void WriteHostCharts(const sim::Result& result, std::ostream& out) {
  if (result.series.empty()) return;
  out << "<h2>Time series: hosts</h2>\n";
  for (const sim::HostSeries& s : result.series) {
    const std::string name = s.host + " " + s.protocol;
    SvgLineChart state(name + ": ports and connections", "simulated time (s)");
    state.AddLine("ports in use", Line(s.points, [](const sim::SeriesPoint& p) { return p.ports_in_use; }));
    state.AddLine("TIME-WAIT", Line(s.points, [](const sim::SeriesPoint& p) { return p.time_wait; }));
    state.AddLine("established", Line(s.points, [](const sim::SeriesPoint& p) { return p.established; }));
    state.Write(out);
    bool calls = false;
    for (const sim::SeriesPoint& p : s.points) calls |= p.attempts > 0 || p.failures > 0;
    if (!calls) continue;
    SvgLineChart counts(name + ": connect() calls so far", "simulated time (s)");
    counts.AddLine("attempts", Line(s.points, [](const sim::SeriesPoint& p) { return p.attempts; }));
    counts.AddLine("failures", Line(s.points, [](const sim::SeriesPoint& p) { return p.failures; }));
    counts.Write(out);
  }
}

void WriteNatCharts(const sim::Result& result, std::ostream& out) {
  if (result.nat_series.empty()) return;
  out << "<h2>Time series: NAT boxes</h2>\n";
  for (const nat::NatSeries& s : result.nat_series) {
    SvgLineChart table("NAT " + s.nat + ": mappings, sessions, drops so far", "simulated time (s)");
    table.AddLine("mappings", Line(s.points, [](const nat::NatSeriesPoint& p) { return p.mappings; }));
    table.AddLine("sessions", Line(s.points, [](const nat::NatSeriesPoint& p) { return p.sessions; }));
    table.AddLine("drops", Line(s.points, [](const nat::NatSeriesPoint& p) { return p.drops.total(); }));
    table.Write(out);
    SvgLineChart ports("NAT " + s.nat + ": outside ports in use", "simulated time (s)");
    for (size_t i = 0; i < s.outside.size(); ++i) {
      ports.AddLine(s.outside[i], Line(s.points, [i](const nat::NatSeriesPoint& p) { return p.ports_in_use[i]; }));
    }
    ports.AddLine("most held by one subscriber",
                  Line(s.points, [](const nat::NatSeriesPoint& p) { return p.max_subscriber_ports; }));
    ports.Write(out);
  }
}

void WriteExpectations(const sim::Result& result, std::ostream& out) {
  if (result.expectations.empty()) return;
  out << "<h2>Expectations</h2>\n<table>\n";
  for (const sim::ExpectationResult& e : result.expectations) {
    out << absl::StrFormat("<tr class=\"%s\"><td>%s</td><td>#%d</td><td>%s</td></tr>\n", e.passed ? "pass" : "fail",
                           e.passed ? "PASS" : "FAIL", e.index, HtmlEscape(e.detail));
  }
  out << "</table>\n";
}

}  // namespace

void WriteHtmlReport(const sim::Result& result, std::ostream& out, const StepThrough* events) {
  size_t failed = 0;
  for (const sim::ExpectationResult& e : result.expectations) failed += e.passed ? 0 : 1;
  const std::string verdict =
      result.expectations.empty() ? "no expectations to check"
      : failed == 0               ? absl::StrFormat("all %d expectations held", result.expectations.size())
                                  : absl::StrFormat("%d of %d expectations FAILED", failed, result.expectations.size());
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out << "<title>portlab: " << HtmlEscape(result.scenario) << "</title>\n";
  out << "<style>\n"
         "body { font-family: sans-serif; margin: 2em; max-width: 60em; }\n"
         "pre { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: 12px; }\n"
         "table { border-collapse: collapse; } td { padding: 2px 8px; vertical-align: top; }\n"
         "tr.pass td:first-child, .pass-verdict { color: #1a7f37; font-weight: bold; }\n"
         "tr.fail td:first-child, .fail-verdict { color: #cf222e; font-weight: bold; }\n"
         "svg { display: block; margin: 1em 0; }\n"
         "</style>\n";
  if (events) WriteStepThroughHead(out);
  out << "</head>\n<body>\n";
  out << "<h1>" << HtmlEscape(result.scenario) << "</h1>\n";
  out << absl::StrFormat("<p>seed %d, simulated until %ss. <span class=\"%s\">%s</span></p>\n", result.seed,
                         FormatSeconds(result.end_time), failed == 0 ? "pass-verdict" : "fail-verdict",
                         HtmlEscape(verdict));
  WriteExpectations(result, out);
  if (events) WriteStepThrough(*events, out);
  WriteHostCharts(result, out);
  WriteNatCharts(result, out);
  std::ostringstream summary;
  WriteSummary(result, summary);
  out << "<h2>Summary</h2>\n<pre>" << HtmlEscape(summary.str()) << "</pre>\n";
  out << "</body>\n</html>\n";
}

}  // namespace portlab::report
