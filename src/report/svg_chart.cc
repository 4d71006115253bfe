#include "portlab/report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "portlab/report/chart_axis.h"
#include "portlab/report/html_escape.h"

namespace portlab::report {
namespace {

// The drawing's own units; the page scales it (width="100%").
// Above the plot: the title, the legend and the marks' labels; below it,
// tick labels, the x axis title and one line per note.
constexpr double kWidth = 960, kPlotHeight = 226;
// Left: tick labels and the y axis title. Right: the labels at the lines'
// ends.
constexpr double kLeft = 78, kRight = 190, kBottom = 42, kNoteLine = 15;
constexpr double kMarkRow = 15;          // a row of mark labels
constexpr double kMarkLabelRoom = 300;  // what a mark's label needs across
constexpr double kLabelGap = 13;      // least distance between end labels
constexpr double kCharWidth = 6.6;    // a 12px sans-serif character, roughly
constexpr int kMarkersPerLine = 6;

// Okabe & Ito, "Color Universal Design (CUD): how to make figures and
// presentations that are friendly to colorblind people" (2008,
// https://jfly.uni-koeln.de/color/), the palette Wong recommends in "Points
// of view: Color blindness", Nature Methods 8:441 (2011): its colours stay
// distinct under protanopia, deuteranopia and tritanopia. Yellow (#F0E442)
// is left out: it does not show on white.
constexpr const char* kPalette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"};
// Dash patterns, by series: the first solid, the others told apart without
// colour.
constexpr const char* kDashes[] = {"none", "9 4", "2 3", "12 3 3 3", "5 5", "1 6", "16 4"};
// The first series widest, so a later one drawn over it leaves its edges.
constexpr double kWidths[] = {3.5, 2.5, 2, 2, 2, 2, 2};
constexpr int kStyles = static_cast<int>(std::size(kPalette));
constexpr const char* kInk = "#222";
constexpr const char* kGrid = "#e4e4e4";

std::string Number(double v) { return absl::StrFormat("%.6g", v); }

// A marker of shape `i` centred on (x, y): circle, square, triangle,
// diamond, inverted triangle, plus, cross.
std::string MarkerShape(int i, double x, double y, const char* colour) {
  const std::string fill = absl::StrFormat("fill=\"%s\" stroke=\"white\" stroke-width=\"0.8\"", colour);
  auto path = [&](const std::string& d) { return absl::StrFormat("<path class=\"marker\" d=\"%s\" %s/>", d, fill); };
  const double r = 4.2;
  switch (i % kStyles) {
    case 0:
      return absl::StrFormat("<circle class=\"marker\" cx=\"%s\" cy=\"%s\" r=\"%s\" %s/>", Number(x), Number(y),
                             Number(r - 0.6), fill);
    case 1:
      return path(absl::StrFormat("M%s,%sh%sv%sh-%sz", Number(x - r + 0.6), Number(y - r + 0.6),
                                  Number(2 * r - 1.2), Number(2 * r - 1.2), Number(2 * r - 1.2)));
    case 2:
      return path(absl::StrFormat("M%s,%sL%s,%sL%s,%sz", Number(x), Number(y - r - 0.5), Number(x + r), Number(y + r - 1),
                                  Number(x - r), Number(y + r - 1)));
    case 3:
      return path(absl::StrFormat("M%s,%sL%s,%sL%s,%sL%s,%sz", Number(x), Number(y - r - 0.5), Number(x + r), Number(y),
                                  Number(x), Number(y + r + 0.5), Number(x - r), Number(y)));
    case 4:
      return path(absl::StrFormat("M%s,%sL%s,%sL%s,%sz", Number(x), Number(y + r + 0.5), Number(x + r), Number(y - r + 1),
                                  Number(x - r), Number(y - r + 1)));
    case 5:
      return path(absl::StrFormat("M%s,%sh3v3h-3v3h-3v-3h-3v-3h3v-3h3z", Number(x + 1.5), Number(y - 4.5)));
    default:
      return path(absl::StrFormat("M%s,%sl2.5,2.5l2.5,-2.5l1.5,1.5l-2.5,2.5l2.5,2.5l-1.5,1.5l-2.5,-2.5l-2.5,2.5"
                                  "l-1.5,-1.5l2.5,-2.5l-2.5,-2.5z",
                                  Number(x - 2.5), Number(y - 4)));
  }
}

// The value a step line shows at time `x`: the last point at or before it.
double StepValueAt(const SvgLineChart::Points& points, double x) {
  double v = points.front().second;
  for (const auto& [px, py] : points) {
    if (px > x) break;
    v = py;
  }
  return v;
}

// Text with a white halo, readable over grid and lines.
std::string HaloText(double x, double y, const char* anchor, const std::string& text, const std::string& cls) {
  return absl::StrFormat(
      "<text class=\"%s\" x=\"%s\" y=\"%s\" text-anchor=\"%s\" fill=\"%s\" stroke=\"white\" stroke-width=\"3\" "
      "paint-order=\"stroke\">%s</text>",
      cls, Number(x), Number(y), anchor, kInk, HtmlEscape(text));
}

}  // namespace

SvgLineChart::SvgLineChart(std::string id, std::string title, std::string y_title, Values values)
    : id_(std::move(id)), title_(std::move(title)), y_title_(std::move(y_title)), values_(values) {}

void SvgLineChart::AddSeries(std::string name, Points points) {
  if (points.empty()) return;
  series_.push_back({std::move(name), std::move(points)});
}

void SvgLineChart::AddReference(double y, std::string label) { references_.push_back({y, std::move(label)}); }

void SvgLineChart::AddMark(double x, std::string label, bool dashed) {
  marks_.push_back({x, std::move(label), dashed});
}

void SvgLineChart::AddNote(std::string text) { notes_.push_back(std::move(text)); }

std::string SvgLineChart::Description() const {
  std::vector<std::string> parts;
  for (const Series& s : series_) {
    auto peak = std::max_element(s.points.begin(), s.points.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    parts.push_back(absl::StrFormat("%s: peak %s at %s s, last %s", s.name, TickLabel(peak->second),
                                    TickLabel(peak->first), TickLabel(s.points.back().second)));
  }
  for (const Reference& r : references_) parts.push_back("reference line: " + r.label);
  for (const Mark& m : marks_) parts.push_back("marked: " + m.label);
  for (const std::string& n : notes_) parts.push_back(n);
  return absl::StrJoin(parts, ". ") + ".";
}

void SvgLineChart::Write(std::ostream& out) const {
  double x_max = x_span_, y_max = 0;
  for (const Series& s : series_) {
    for (const auto& [x, y] : s.points) {
      x_max = std::max(x_max, x);
      y_max = std::max(y_max, y);
    }
  }
  for (const Reference& r : references_) y_max = std::max(y_max, r.y);
  for (const Mark& m : marks_) x_max = std::max(x_max, m.x);
  // Time ends where the run does, between ticks if it must; values end on
  // a tick above the largest.
  const ChartAxis xa = ChartAxis::For(x_max, false);
  const double x_top = x_max > 0 ? x_max : xa.top;
  ChartAxis ya = ChartAxis::For(y_max, values_ == Values::kCounts);
  // A line on the top tick would run along the frame: half a step more.
  if (y_max > 0 && y_max >= ya.top) ya = ChartAxis::For(y_max + ya.step / 2, values_ == Values::kCounts);
  const double w = kWidth - kLeft - kRight;
  const double right = kLeft + w;
  auto px = [&](double x) { return kLeft + x / x_top * w; };

  // The legend's rows (wrapping at the right edge), then one row per
  // label of marks close together, then the plot.
  struct LegendItem {
    double x, y;
  };
  std::vector<LegendItem> legend;
  double lx = kLeft, ly = 38;
  for (const Series& s : series_) {
    const double item = 34 + kCharWidth * static_cast<double>(s.name.size()) + 18;
    if (lx > kLeft && lx + item > kWidth - 8) {
      lx = kLeft;
      ly += 16;
    }
    legend.push_back({lx, ly});
    lx += item;
  }
  std::vector<const Mark*> marks;
  for (const Mark& m : marks_) marks.push_back(&m);
  std::stable_sort(marks.begin(), marks.end(), [](const Mark* a, const Mark* b) { return a->x < b->x; });
  std::vector<int> mark_rows;
  int rows = 0;
  for (size_t i = 0; i < marks.size(); ++i) {
    // A label takes the next row when the one before is close enough to
    // run into it.
    const int row = i > 0 && px(marks[i]->x) - px(marks[i - 1]->x) < kMarkLabelRoom ? mark_rows.back() + 1 : 0;
    mark_rows.push_back(row);
    rows = std::max(rows, row + 1);
  }
  const double top = ly + 12 + kMarkRow * rows;
  const double bottom = top + kPlotHeight;
  const double height = bottom + kBottom + kNoteLine * static_cast<double>(notes_.size()) + (notes_.empty() ? 0 : 4);
  auto py = [&](double y) { return bottom - y / ya.top * kPlotHeight; };

  out << absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %s %s\" width=\"100%%\" "
      "role=\"img\" aria-labelledby=\"%s-title %s-desc\" font-family=\"sans-serif\" font-size=\"12\">\n",
      Number(kWidth), Number(height), id_, id_);
  out << absl::StrFormat("<title id=\"%s-title\">%s</title>\n<desc id=\"%s-desc\">%s</desc>\n", id_,
                         HtmlEscape(title_), id_, HtmlEscape(Description()));
  out << absl::StrFormat("<text x=\"%s\" y=\"18\" font-size=\"14\" font-weight=\"bold\" fill=\"%s\">%s</text>\n",
                         Number(kLeft), kInk, HtmlEscape(title_));

  // The legend: each series' colour, dash and marker with its name.
  for (size_t i = 0; i < series_.size(); ++i) {
    const int k = static_cast<int>(i) % kStyles;
    const auto [x, y] = legend[i];
    out << absl::StrFormat(
        "<g class=\"legend\"><line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"%s\" "
        "stroke-dasharray=\"%s\"/>%s<text x=\"%s\" y=\"%s\" fill=\"%s\">%s</text></g>\n",
        Number(x), Number(y - 4), Number(x + 28), Number(y - 4), kPalette[k], Number(std::min(kWidths[k], 2.5)),
        kDashes[k], MarkerShape(k, x + 14, y - 4, kPalette[k]), Number(x + 34), Number(y), kInk,
        HtmlEscape(series_[i].name));
  }

  // Grid, ticks and axis titles.
  for (double x : xa.Ticks()) {
    if (x > x_top * (1 + 1e-9)) break;
    out << absl::StrFormat("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\"/>", Number(px(x)), Number(top),
                           Number(px(x)), Number(bottom), kGrid);
    out << absl::StrFormat("<text class=\"tick x\" x=\"%s\" y=\"%s\" text-anchor=\"middle\" fill=\"%s\">%s</text>\n",
                           Number(px(x)), Number(bottom + 15), kInk, TickLabel(x));
  }
  for (double y : ya.Ticks()) {
    out << absl::StrFormat("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\"/>", Number(kLeft), Number(py(y)),
                           Number(right), Number(py(y)), kGrid);
    out << absl::StrFormat("<text class=\"tick y\" x=\"%s\" y=\"%s\" text-anchor=\"end\" fill=\"%s\">%s</text>\n",
                           Number(kLeft - 5), Number(py(y) + 4), kInk, TickLabel(y));
  }
  out << absl::StrFormat("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\" stroke=\"#888\"/>\n",
                         Number(kLeft), Number(top), Number(w), Number(kPlotHeight));
  out << absl::StrFormat("<text class=\"axis-title\" x=\"%s\" y=\"%s\" text-anchor=\"middle\" fill=\"%s\">%s</text>\n",
                         Number(kLeft + w / 2), Number(bottom + 34), kInk, "simulated time (s)");
  out << absl::StrFormat(
      "<text class=\"axis-title\" transform=\"translate(16,%s) rotate(-90)\" text-anchor=\"middle\" "
      "fill=\"%s\">%s</text>\n",
      Number(top + kPlotHeight / 2), kInk, HtmlEscape(y_title_));

  // Reference lines under the series; their labels come last, over them.
  for (const Reference& r : references_) {
    out << absl::StrFormat(
        "<line class=\"reference\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#555\" stroke-width=\"1.5\" "
        "stroke-dasharray=\"14 4 2 4\"/>\n",
        Number(kLeft), Number(py(r.y)), Number(right), Number(py(r.y)));
  }

  // The series: step lines, then markers spread along each line, offset
  // per series so that lines which coincide still show every marker.
  for (size_t i = 0; i < series_.size(); ++i) {
    const int k = static_cast<int>(i) % kStyles;
    const Points& p = series_[i].points;
    // Across to each change of value, then up or down to it; across to
    // the last point's time.
    std::string d = absl::StrFormat("M%s,%s", Number(px(p[0].first)), Number(py(p[0].second)));
    double at = p[0].first;
    for (size_t j = 1; j < p.size(); ++j) {
      if (p[j].second == p[j - 1].second) continue;
      d += absl::StrFormat("H%sV%s", Number(px(p[j].first)), Number(py(p[j].second)));
      at = p[j].first;
    }
    if (p.back().first > at) d += absl::StrFormat("H%s", Number(px(p.back().first)));
    out << absl::StrFormat(
        "<path class=\"series\" data-series=\"%s\" d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\" "
        "stroke-dasharray=\"%s\" stroke-linejoin=\"round\"/>\n",
        HtmlEscape(series_[i].name), d, kPalette[k], Number(kWidths[k]), kDashes[k]);
    const double t0 = p.front().first, t1 = p.back().first;
    if (t1 > t0) {
      out << "<g class=\"markers\">";
      const double shift = (static_cast<double>(i) + 1) / (static_cast<double>(series_.size()) + 1);
      for (int m = 0; m < kMarkersPerLine; ++m) {
        const double t = t0 + (t1 - t0) * (m + shift) / kMarkersPerLine;
        out << MarkerShape(k, px(t), py(StepValueAt(p, t)), kPalette[k]);
      }
      out << "</g>\n";
    }
  }

  // Marks: vertical lines through the plot, their labels above it, in
  // rows when close together; left of the line near the right edge.
  for (size_t i = 0; i < marks.size(); ++i) {
    const double x = px(marks[i]->x);
    const double label_y = top - 6 - kMarkRow * (rows - 1 - mark_rows[i]);
    const bool left = x > right - kMarkLabelRoom;
    out << absl::StrFormat(
        "<g class=\"mark\"><line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"1.5\" "
        "stroke-dasharray=\"%s\"/>%s</g>\n",
        Number(x), Number(label_y + 3), Number(x), Number(bottom), kInk, marks[i]->dashed ? "6 3" : "none",
        HaloText(left ? x - 4 : x + 4, label_y, left ? "end" : "start", marks[i]->label, "mark-label"));
  }

  // A label at each line's end, right of the plot; lines with identical
  // points share one ("a = b"). Labels are kept kLabelGap apart.
  {
    struct EndLabel {
      double y;
      std::string text;
      int style;
    };
    std::vector<EndLabel> labels;
    std::vector<bool> done(series_.size(), false);
    for (size_t i = 0; i < series_.size(); ++i) {
      if (done[i]) continue;
      std::string text = series_[i].name;
      for (size_t j = i + 1; j < series_.size(); ++j) {
        if (!done[j] && series_[j].points == series_[i].points) {
          text += " = " + series_[j].name;
          done[j] = true;
        }
      }
      labels.push_back({py(series_[i].points.back().second), text, static_cast<int>(i) % kStyles});
    }
    std::stable_sort(labels.begin(), labels.end(), [](const EndLabel& a, const EndLabel& b) { return a.y < b.y; });
    for (size_t i = 1; i < labels.size(); ++i) labels[i].y = std::max(labels[i].y, labels[i - 1].y + kLabelGap);
    const double overflow = labels.empty() ? 0 : labels.back().y - (bottom + 4);
    if (overflow > 0) {
      for (EndLabel& l : labels) l.y -= overflow;
    }
    for (const EndLabel& l : labels) {
      out << absl::StrFormat("<g class=\"end-label\">%s%s</g>\n",
                             MarkerShape(l.style, right + 10, l.y, kPalette[l.style]),
                             HaloText(right + 18, l.y + 4, "start", l.text, "series-label"));
    }
  }

  // Reference labels over everything in the plot, above their line
  // (below it when the line runs along the top), at the plot's left, or
  // its right when that would run into the label before.
  {
    std::vector<double> last = {-1e9, -1e9};  // the last label's y, left and right
    for (const Reference& r : references_) {
      const double y = py(r.y) - top < 18 ? py(r.y) + 15 : py(r.y) - 5;
      const int side = std::abs(y - last[0]) < kLabelGap + 2 && std::abs(y - last[1]) >= kLabelGap + 2 ? 1 : 0;
      last[side] = y;
      out << "<g class=\"reference\">"
          << HaloText(side == 0 ? kLeft + 6 : right - 6, y, side == 0 ? "start" : "end", r.label, "reference-label")
          << "</g>\n";
    }
  }

  for (size_t i = 0; i < notes_.size(); ++i) {
    out << absl::StrFormat("<text class=\"note\" x=\"%s\" y=\"%s\" fill=\"%s\">%s</text>\n", Number(kLeft),
                           Number(bottom + kBottom + kNoteLine * static_cast<double>(i) + 8), kInk,
                           HtmlEscape(notes_[i]));
  }
  out << "</svg>\n";
}

}  // namespace portlab::report
