#include "portlab/report/svg_chart.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"

namespace portlab::report {
namespace {

constexpr double kWidth = 840, kHeight = 240;
// The legend sits right of the plot, clear of the lines.
constexpr double kLeft = 64, kRight = 200, kTop = 28, kBottom = 40;
constexpr const char* kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};

// A round step near range / 5: 1, 2 or 5 times a power of ten.
double TickStep(double range) {
  if (range <= 0) return 1;
  const double raw = range / 5;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * power) return m * power;
  return 10 * power;
}

std::string Number(double v) { return absl::StrFormat("%.6g", v); }

}  // namespace

std::string HtmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

SvgLineChart::SvgLineChart(std::string title, std::string x_label)
    : title_(std::move(title)), x_label_(std::move(x_label)) {}

void SvgLineChart::AddLine(std::string name, std::vector<std::pair<double, double>> points) {
  lines_.push_back({std::move(name), std::move(points)});
}

void SvgLineChart::Write(std::ostream& out) const {
  double x_max = 0, y_max = 0;
  for (const Line& l : lines_) {
    for (const auto& [x, y] : l.points) {
      x_max = std::max(x_max, x);
      y_max = std::max(y_max, y);
    }
  }
  const double x_step = TickStep(x_max), y_step = TickStep(y_max);
  x_max = std::max(x_step, std::ceil(x_max / x_step) * x_step);
  y_max = std::max(y_step, std::ceil(y_max / y_step) * y_step);
  const double w = kWidth - kLeft - kRight, h = kHeight - kTop - kBottom;
  auto px = [&](double x) { return kLeft + x / x_max * w; };
  auto py = [&](double y) { return kTop + h - y / y_max * h; };

  out << absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
      "font-family=\"sans-serif\" font-size=\"11\">\n",
      static_cast<int>(kWidth), static_cast<int>(kHeight), static_cast<int>(kWidth), static_cast<int>(kHeight));
  out << absl::StrFormat("<text x=\"%s\" y=\"16\" font-size=\"13\" font-weight=\"bold\">%s</text>\n", Number(kLeft),
                         HtmlEscape(title_));
  // Axes, grid and ticks.
  out << absl::StrFormat("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\" stroke=\"#999\"/>\n",
                         Number(kLeft), Number(kTop), Number(w), Number(h));
  for (double x = 0; x <= x_max + x_step / 2; x += x_step) {
    out << absl::StrFormat("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#eee\"/>", Number(px(x)),
                           Number(kTop), Number(px(x)), Number(kTop + h));
    out << absl::StrFormat("<text x=\"%s\" y=\"%s\" text-anchor=\"middle\">%s</text>\n", Number(px(x)),
                           Number(kTop + h + 14), Number(x));
  }
  for (double y = 0; y <= y_max + y_step / 2; y += y_step) {
    out << absl::StrFormat("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#eee\"/>", Number(kLeft),
                           Number(py(y)), Number(kLeft + w), Number(py(y)));
    out << absl::StrFormat("<text x=\"%s\" y=\"%s\" text-anchor=\"end\">%s</text>\n", Number(kLeft - 4),
                           Number(py(y) + 4), Number(y));
  }
  out << absl::StrFormat("<text x=\"%s\" y=\"%s\" text-anchor=\"middle\">%s</text>\n", Number(kLeft + w / 2),
                         Number(kHeight - 6), HtmlEscape(x_label_));
  // Lines and legend.
  for (size_t i = 0; i < lines_.size(); ++i) {
    const char* colour = kColours[i % std::size(kColours)];
    out << absl::StrFormat("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"", colour);
    for (size_t j = 0; j < lines_[i].points.size(); ++j) {
      out << (j ? " " : "") << Number(px(lines_[i].points[j].first)) << "," << Number(py(lines_[i].points[j].second));
    }
    out << "\"/>\n";
    const double lx = kLeft + w + 12, ly = kTop + 10 + 14 * static_cast<double>(i);
    out << absl::StrFormat(
        "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"2\"/>"
        "<text x=\"%s\" y=\"%s\">%s</text>\n",
        Number(lx), Number(ly - 4), Number(lx + 16), Number(ly - 4), colour, Number(lx + 20), Number(ly),
        HtmlEscape(lines_[i].name));
  }
  out << "</svg>\n";
}

}  // namespace portlab::report
