// SvgLineChart: a small line chart as inline SVG, for the HTML report
// (report/html_report.h): lines over a shared time axis from 0, the y axis
// from 0 to the largest value, five ticks on each, a legend.
//
// Example:
//   SvgLineChart chart("client tcp", "time (s)");
//   chart.AddLine("ports in use", {{0, 0}, {1.5, 120}});
//   chart.Write(out);
//
// Text is escaped; numbers are printed with fixed precision, so equal input
// gives identical bytes.
#ifndef PORTLAB_REPORT_SVG_CHART_H_
#define PORTLAB_REPORT_SVG_CHART_H_

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace portlab::report {

// `text` with &, <, >, " escaped for HTML and SVG.
std::string HtmlEscape(const std::string& text);

class SvgLineChart {
 public:
  SvgLineChart(std::string title, std::string x_label);
  void AddLine(std::string name, std::vector<std::pair<double, double>> points);
  bool empty() const { return lines_.empty(); }
  void Write(std::ostream& out) const;

 private:
  struct Line {
    std::string name;
    std::vector<std::pair<double, double>> points;
  };
  std::string title_;
  std::string x_label_;
  std::vector<Line> lines_;
};

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_SVG_CHART_H_
