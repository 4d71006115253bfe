#include "portlab/report/ladder_svg.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "portlab/base/time.h"
#include "portlab/report/html_escape.h"
#include "portlab/report/svg_chart.h"
#include "report/internal/ladder_layout.h"

namespace portlab::report {
namespace {

using internal::LadderLayout;

// Okabe & Ito (2008), "Color Universal Design".
constexpr const char* kBlue = "#0072B2";
constexpr const char* kOrange = "#E69F00";
constexpr const char* kVermillion = "#D55E00";
constexpr const char* kGreen = "#009E73";
constexpr const char* kPurple = "#CC79A7";
constexpr const char* kGrey = "#777777";
constexpr const char* kInk = "#222222";

const char* ArrowColour(const LadderArrow& a) {
  switch (a.end) {
    case ArrowEnd::kDelivered: return a.broadcast ? kGreen : kBlue;
    case ArrowEnd::kRefused: return kOrange;
    case ArrowEnd::kDropped: return kVermillion;
    case ArrowEnd::kNoArrival: return kGrey;
  }
  return kInk;
}

const char* MarkColour(MarkKind kind) {
  switch (kind) {
    case MarkKind::kFailure: return kVermillion;
    case MarkKind::kState: return kGrey;
    case MarkKind::kTimer: return kPurple;
    case MarkKind::kNat:
    case MarkKind::kRewrite: return kGreen;
    case MarkKind::kCall:
    case MarkKind::kOther: return kInk;
  }
  return kInk;
}

void WriteDefs(std::ostream& out) {
  out << "<defs>\n";
  for (const char* colour : {kBlue, kOrange, kGreen, kGrey}) {
    out << absl::StrFormat(
        "<marker id=\"head-%s\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" "
        "markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"%s\"/></marker>\n",
        colour + 1, colour);
  }
  out << "</defs>\n";
}

void WriteLanes(const Ladder& ladder, const LadderLayout& layout, std::ostream& out) {
  // A NAT's two sides share a box.
  for (size_t i = 0; i + 1 < ladder.lanes.size(); ++i) {
    if (!ladder.lanes[i].nat || !ladder.lanes[i + 1].nat) continue;
    out << absl::StrFormat("<rect class=\"nat-box\" x=\"%d\" y=\"4\" width=\"%d\" height=\"%d\" rx=\"6\"/>\n",
                           layout.lane_x[i] - 24, layout.lane_x[i + 1] - layout.lane_x[i] + 48, layout.height - 8);
    ++i;
  }
  for (size_t i = 0; i < ladder.lanes.size(); ++i) {
    const int x = layout.lane_x[i];
    out << absl::StrFormat("<text class=\"lane-name\" x=\"%d\" y=\"22\">%s</text>\n", x,
                           HtmlEscape(ladder.lanes[i].name));
    if (!ladder.lanes[i].address.empty()) {
      out << absl::StrFormat("<text class=\"lane-address\" x=\"%d\" y=\"40\">%s</text>\n", x,
                             HtmlEscape(ladder.lanes[i].address));
    }
    out << absl::StrFormat("<line class=\"lane\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", x,
                           LadderLayout::kHeader - 8, x, layout.height - 4);
  }
}

// A band per row (highlighted by the step-through) and its time where it
// changes.
void WriteRows(const Ladder& ladder, const LadderLayout& layout, std::ostream& out) {
  for (size_t row = 0; row < ladder.times.size(); ++row) {
    const int y = layout.RowY(static_cast<int>(row));
    out << absl::StrFormat("<rect class=\"row\" data-row=\"%d\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\"/>\n",
                           row, y - LadderLayout::kRow / 2, layout.width, LadderLayout::kRow);
    if (row == 0 || ladder.times[row] != ladder.times[row - 1]) {
      out << absl::StrFormat("<text class=\"time\" x=\"%d\" y=\"%d\">%s s</text>\n", LadderLayout::kTimeColumn,
                             y + 4, FormatSeconds(ladder.times[row]));
    }
  }
}

void WriteArrow(const LadderArrow& a, const LadderLayout& layout, std::ostream& out) {
  const int x1 = layout.lane_x[a.from_lane], x2 = layout.lane_x[a.to_lane];
  const int y1 = layout.RowY(a.from_row);
  const int y2 = a.end == ArrowEnd::kNoArrival ? y1 + LadderLayout::kRow / 2 : layout.RowY(a.to_row);
  const char* colour = ArrowColour(a);
  const bool head = a.end != ArrowEnd::kDropped;
  const std::string marker = head ? absl::StrFormat(" marker-end=\"url(#head-%s)\"", colour + 1) : "";
  const std::string dash = a.end == ArrowEnd::kNoArrival ? " stroke-dasharray=\"6 4\"" : "";
  const std::string rows =
      a.from_row == a.to_row ? absl::StrCat(a.from_row) : absl::StrFormat("%d %d", a.from_row, a.to_row);
  out << absl::StrFormat("<g class=\"ev arrow\" data-ev=\"%s\"><title>%s%s%s</title>\n", rows, HtmlEscape(a.label),
                         a.head.empty() ? "" : " → ", HtmlEscape(a.head));
  // Rightward arrows are labelled above their middle, leftward ones below,
  // so two arrows crossing there keep their labels apart.
  int label_x = (x1 + x2) / 2, label_y = (y1 + y2) / 2 + (x2 >= x1 ? -4 : 13);
  if (x1 == x2) {
    // Through lo: out and back to its own lane.
    const int bulge = x1 + LadderLayout::kLoop;
    out << absl::StrFormat(
        "<path d=\"M%d,%d C%d,%d %d,%d %d,%d\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\"%s%s/>\n", x1, y1,
        bulge, y1, bulge, y2, x1 + 2, y2, colour, marker, dash);
    label_x = bulge + 4;
    label_y = (y1 + y2) / 2 + 4;
    out << absl::StrFormat("<text class=\"label\" x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>\n", label_x, label_y,
                           colour, HtmlEscape(a.label));
  } else {
    out << absl::StrFormat("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.6\"%s%s/>\n",
                           x1, y1, x2, y2, colour, marker, dash);
    out << absl::StrFormat("<text class=\"label mid\" x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>\n", label_x, label_y,
                           colour, HtmlEscape(a.label));
  }
  if (!head) {
    out << absl::StrFormat("<text class=\"cross\" x=\"%d\" y=\"%d\" fill=\"%s\">✕</text>\n", x2, y2 + 5, colour);
  }
  if (!a.head.empty()) {
    // Beside the lane it arrived at, just under its row, clear of the
    // arrow coming in above it and of the next row's text.
    out << absl::StrFormat("<text class=\"head\" x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>\n", x2 + 8, y2 + 13,
                           colour, HtmlEscape(a.head));
  }
  out << "</g>\n";
}

void WriteMark(const LadderMark& m, const LadderLayout& layout, std::ostream& out) {
  const int y = layout.RowY(m.row);
  const char* colour = MarkColour(m.kind);
  out << absl::StrFormat("<g class=\"ev mark\" data-ev=\"%d\">", m.row);
  if (m.kind == MarkKind::kRewrite) {
    const int x1 = layout.lane_x[m.lane], x2 = layout.lane_x[m.to_lane];
    out << absl::StrFormat(
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2.5\" stroke-dasharray=\"2 3\"/>",
        x1, y, x2, y, colour);
    out << absl::StrFormat("<text class=\"rewrite\" x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>", (x1 + x2) / 2, y - 4,
                           colour, HtmlEscape(m.text));
  } else {
    const int x = layout.lane_x[m.lane];
    out << absl::StrFormat("<circle cx=\"%d\" cy=\"%d\" r=\"3.5\" fill=\"%s\"/>", x, y, colour);
    out << absl::StrFormat("<text class=\"note%s\" x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>",
                           m.kind == MarkKind::kFailure ? " failure" : "", x + 10, y + 4, colour, HtmlEscape(m.text));
  }
  out << "</g>\n";
}

}  // namespace

void WriteLadderSvg(const Ladder& ladder, std::ostream& out) {
  const LadderLayout layout = internal::LayOut(ladder);
  out << absl::StrFormat(
      "<svg class=\"ladder\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
      "role=\"img\" aria-label=\"sequence diagram of the run\">\n",
      layout.width, layout.height, layout.width, layout.height);
  WriteDefs(out);
  WriteRows(ladder, layout, out);
  WriteLanes(ladder, layout, out);
  for (const LadderArrow& a : ladder.arrows) WriteArrow(a, layout, out);
  for (const LadderMark& m : ladder.marks) WriteMark(m, layout, out);
  out << "</svg>\n";
}

}  // namespace portlab::report
