// SvgLineChart: a time-series chart as inline SVG, for the HTML report's
// charts (report/report_charts.h). It draws what a reader needs to read it
// at a glance:
//   - step lines: a sampled value holds until the next sample, so a count
//     is drawn as the staircase it is, never as a slope;
//   - series told apart three ways besides colour: a dash pattern and a
//     marker shape per series (both in the legend), and the series' name at
//     the end of its line (series with identical points share one label,
//     "ports in use = TIME-WAIT", and stay visible: the first lines are
//     drawn widest, the later dashed on top);
//   - the Okabe-Ito palette, distinct under the common colour-vision
//     deficiencies (svg_chart.cc cites it);
//   - horizontal reference lines (a port range, a limit) and vertical marks
//     (a predicted exhaustion, the first failure), each with its label;
//   - ticks on a 1-2-5 ladder, never fractional on a count axis
//     (report/chart_axis.h); axis titles on both axes;
//   - a viewBox and width="100%": the chart takes the width of its page;
//   - <title> and <desc> (each series' range and peak, the reference lines
//     and marks in words) named by aria-labelledby, for screen readers.
//
// Example:
//   SvgLineChart chart("c1", "client tcp: ports", "ports", SvgLineChart::Values::kCounts);
//   chart.AddSeries("ports in use", {{0, 0}, {1.5, 120}, {3, 120}});
//   chart.AddReference(28232, "usable port range: 28,232 ports");
//   chart.AddMark(2.1, "first failure 2.1 s", /*dashed=*/false);
//   chart.Write(out);
//
// Text is escaped; numbers are printed with fixed precision, so equal input
// gives identical bytes. Thread safety: a value; Write is const.
#ifndef PORTLAB_REPORT_SVG_CHART_H_
#define PORTLAB_REPORT_SVG_CHART_H_

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace portlab::report {

class SvgLineChart {
 public:
  using Points = std::vector<std::pair<double, double>>;
  // kCounts: integer values, integer ticks. kRates: any value.
  enum class Values { kCounts, kRates };

  // `id` names the chart's <title> and <desc> elements: unique within the
  // page. `y_title` says the unit ("ports", "calls per second").
  SvgLineChart(std::string id, std::string title, std::string y_title, Values values);

  // A step line: each point's value holds until the next point's time; the
  // last point ends the line. REQUIRES: times ascending, values >= 0.
  void AddSeries(std::string name, Points points);
  // A horizontal line at `y` across the plot, labelled; the y axis reaches it.
  void AddReference(double y, std::string label);
  // A vertical line at time `x`, labelled at its top; dashed for a
  // prediction, solid for something that happened.
  void AddMark(double x, std::string label, bool dashed);
  // A line of text under the plot (what was left off the scale, say).
  void AddNote(std::string text);
  // The time axis runs from 0 to at least `x_max` (the run's end).
  void SetTimeSpan(double x_max) { x_span_ = x_max; }

  bool empty() const { return series_.empty(); }
  void Write(std::ostream& out) const;

 private:
  struct Series {
    std::string name;
    Points points;
  };
  struct Reference {
    double y;
    std::string label;
  };
  struct Mark {
    double x;
    std::string label;
    bool dashed;
  };
  std::string Description() const;

  std::string id_;
  std::string title_;
  std::string y_title_;
  Values values_;
  double x_span_ = 0;
  std::vector<Series> series_;
  std::vector<Reference> references_;
  std::vector<Mark> marks_;
  std::vector<std::string> notes_;
};

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_SVG_CHART_H_
