// The SVG chart: step lines, series told apart by dash and marker besides
// colour, reference lines and marks with their labels, integer ticks on
// counts, a responsive viewBox and accessible text.
#include "portlab/report/svg_chart.h"

#include <catch2/catch.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace portlab::report {
namespace {

std::string RenderSvg(const SvgLineChart& chart) {
  std::ostringstream out;
  chart.Write(out);
  return out.str();
}

// Every value of attribute `attr` on the elements whose text starts `<tag class="cls"`.
std::vector<std::string> AttributeValues(const std::string& svg, const std::string& start, const std::string& attr) {
  std::vector<std::string> out;
  const std::regex element(start + "[^>]*");
  const std::regex value(" " + attr + "=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), element); it != std::sregex_iterator(); ++it) {
    std::smatch m;
    const std::string text = it->str();
    if (std::regex_search(text, m, value)) out.push_back(m[1]);
  }
  return out;
}

size_t CountOf(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_CASE("a count is drawn as a step line that holds each sample until the next", "[report][chart]") {
  struct Case {
    const char* name;
    SvgLineChart::Points points;
    const char* path;
  };
  // The plot spans x 78..770 (0..5 s) and y 276..50 (0..40: the reference
  // at 37 sets the top tick).
  const std::vector<Case> cases = {
      {"rises then falls", {{0, 0}, {2, 37}, {4.2, 12}}, "M78,276H354.8V66.95H659.28V208.2"},
      {"flat stretches draw one segment", {{0, 10}, {1, 10}, {2, 10}, {3, 20}, {5, 20}},
       "M78,219.5H493.2V163H770"},
      {"constant to the end", {{0, 5}, {5, 5}}, "M78,247.75H770"},
      {"one point", {{1, 3}}, "M216.4,259.05"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    SvgLineChart chart("t", "title", "ports", SvgLineChart::Values::kCounts);
    chart.SetTimeSpan(5);
    chart.AddSeries("a", c.points);
    chart.AddReference(37, "top");  // fixes the y scale at 0..40 for every case
    CHECK(AttributeValues(RenderSvg(chart), "<path class=\"series\"", "d") == std::vector<std::string>{c.path});
  }
}

TEST_CASE("two equal series both stay visible and share one end label", "[report][chart]") {
  SvgLineChart chart("t", "client tcp", "ports", SvgLineChart::Values::kCounts);
  const SvgLineChart::Points same = {{0, 0}, {1, 4}, {2, 4}};
  chart.AddSeries("ports in use", same);
  chart.AddSeries("TIME-WAIT", same);
  const std::string svg = RenderSvg(chart);
  const auto dashes = AttributeValues(svg, "<path class=\"series\"", "stroke-dasharray");
  const auto widths = AttributeValues(svg, "<path class=\"series\"", "stroke-width");
  const auto colours = AttributeValues(svg, "<path class=\"series\"", "stroke");
  REQUIRE(dashes.size() == 2);
  CHECK(dashes[0] != dashes[1]);
  CHECK(std::stod(widths[0]) > std::stod(widths[1]));  // the first drawn wider, under the second
  CHECK(colours[0] != colours[1]);
  // Markers of two shapes along the lines: circles for the first, squares
  // (paths) for the second, at different times.
  CHECK(CountOf(svg, "<circle class=\"marker\"") >= 6);
  CHECK(CountOf(svg, "<path class=\"marker\"") >= 6);
  CHECK(svg.find(">ports in use = TIME-WAIT</text>") != std::string::npos);
  // Both in the legend.
  CHECK(svg.find(">ports in use</text></g>") != std::string::npos);
  CHECK(svg.find(">TIME-WAIT</text></g>") != std::string::npos);
}

TEST_CASE("reference lines and marks carry their labels", "[report][chart]") {
  SvgLineChart chart("t", "client tcp", "ports", SvgLineChart::Values::kCounts);
  chart.AddSeries("ports in use", {{0, 0}, {28.232, 28232}, {120, 28232}});
  chart.AddReference(28232, "usable port range 32768-60999: 28,232 ports");
  chart.AddMark(28.232, "predicted exhaustion 28.232 s (workload web)", true);
  chart.AddMark(28.233, "first failure 28.233 s: EADDRNOTAVAIL (range used up)", false);
  const std::string svg = RenderSvg(chart);
  CHECK(CountOf(svg, "<g class=\"reference\">") == 1);
  CHECK(svg.find(">usable port range 32768-60999: 28,232 ports</text></g>") != std::string::npos);
  CHECK(CountOf(svg, "<g class=\"mark\">") == 2);
  CHECK(svg.find(">predicted exhaustion 28.232 s (workload web)</text>") != std::string::npos);
  CHECK(svg.find(">first failure 28.233 s: EADDRNOTAVAIL (range used up)</text>") != std::string::npos);
  // The prediction dashed, the failure solid.
  CHECK(AttributeValues(svg, "<g class=\"mark\"><line", "stroke-dasharray") == std::vector<std::string>{"6 3", "none"});
  // Two marks a pixel apart: their labels take two rows.
  const auto ys = AttributeValues(svg, "<text class=\"mark-label\"", "y");
  REQUIRE(ys.size() == 2);
  CHECK(ys[0] != ys[1]);
  // The reference line is in the words for screen readers too.
  CHECK(svg.find("reference line: usable port range") != std::string::npos);
}

TEST_CASE("reference labels close together take opposite ends of the plot", "[report][chart]") {
  SvgLineChart chart("t", "NAT gw", "ports", SvgLineChart::Values::kCounts);
  chart.AddSeries("203.0.113.10", {{0, 0}, {1, 55000}, {200, 55000}});
  chart.AddReference(64512, "outside ports per address: 64,512");
  chart.AddReference(55000, "sessions to one destination per address: 55,000");
  const std::string svg = RenderSvg(chart);
  CHECK(AttributeValues(svg, "<text class=\"reference-label\"", "text-anchor") ==
        std::vector<std::string>{"start", "end"});
}

TEST_CASE("a count axis is ticked in whole numbers", "[report][chart]") {
  SvgLineChart chart("t", "nat", "mappings", SvgLineChart::Values::kCounts);
  chart.AddSeries("mappings", {{0, 0}, {1, 1}, {2, 1}});
  const auto ticks = AttributeValues(RenderSvg(chart), "<text class=\"tick y\"", "y");
  const std::string svg = RenderSvg(chart);
  CHECK(ticks.size() == 3);  // 0, 1 and 2: a line at the top tick would run along the frame
  CHECK(svg.find(">0.2</text>") == std::string::npos);
  CHECK(svg.find(">1</text>") != std::string::npos);
}

TEST_CASE("a chart scales to the page and describes itself", "[report][chart]") {
  SvgLineChart chart("chart-7", "client <tcp>", "calls per second", SvgLineChart::Values::kRates);
  chart.AddSeries("attempts", {{0, 2.5}, {1, 0}, {2, 0}});
  chart.AddNote("usable port range 32768-60999: 28,232 ports: off the scale");
  const std::string svg = RenderSvg(chart);
  CHECK(svg.find("viewBox=\"0 0 960 ") != std::string::npos);
  CHECK(svg.find("width=\"100%\"") != std::string::npos);
  CHECK(svg.find("role=\"img\" aria-labelledby=\"chart-7-title chart-7-desc\"") != std::string::npos);
  CHECK(svg.find("<title id=\"chart-7-title\">client &lt;tcp&gt;</title>") != std::string::npos);
  CHECK(svg.find("<desc id=\"chart-7-desc\">attempts: peak 2.5 at 0 s, last 0. usable port range") !=
        std::string::npos);
  CHECK(svg.find(">calls per second</text>") != std::string::npos);  // the y axis title
  CHECK(svg.find(">simulated time (s)</text>") != std::string::npos);
  CHECK(svg.find("<text class=\"note\"") != std::string::npos);
}

TEST_CASE("series take the Okabe-Ito colours in order", "[report][chart]") {
  // Okabe & Ito 2008 (svg_chart.cc): blue, vermillion, bluish green, ...
  SvgLineChart chart("t", "t", "n", SvgLineChart::Values::kCounts);
  for (const char* name : {"a", "b", "c"}) chart.AddSeries(name, {{0, 1}, {1, 2}});
  CHECK(AttributeValues(RenderSvg(chart), "<path class=\"series\"", "stroke") ==
        std::vector<std::string>{"#0072B2", "#D55E00", "#009E73"});
}

}  // namespace
}  // namespace portlab::report
