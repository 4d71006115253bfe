#include "portlab/report/mermaid_writer.h"

#include <algorithm>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "portlab/report/ladder.h"

namespace portlab::report {
namespace {

const char* MessageArrow(ArrowEnd end) {
  switch (end) {
    case ArrowEnd::kDelivered:
    case ArrowEnd::kRefused: return "->>";
    case ArrowEnd::kDropped: return "-x";
    case ArrowEnd::kNoArrival: return "--)";
  }
  return "->>";
}

// One line of the diagram and where it goes: at its row, an arrow before
// the marks of that row.
struct DiagramLine {
  int row;
  int order;
  std::string text;
};

// An alias ends at a ':' in some Mermaid versions: IPv6 addresses have them.
std::string ParticipantText(std::string_view text) {
  std::string out;
  for (char c : MermaidText(text)) {
    if (c == ':') out += "#58;";
    else out += c;
  }
  return out;
}

}  // namespace

std::string MermaidText(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case ';': out += "#59;"; break;
      case '#': out += "#35;"; break;
      case '%': out += "#37;"; break;
      case '<': out += "#60;"; break;
      case '>': out += "#62;"; break;
      case '\n':
      case '\r': out += ' '; break;
      default: out += c;
    }
  }
  return out;
}

void WriteMermaid(std::string_view scenario, uint64_t seed, const EventSelection& selection,
                  const Provenance& provenance, std::ostream& out) {
  out << "%% portlab: " << MermaidText(scenario) << ", seed " << seed << "\n";
  out << "%% " << ProvenanceLine(provenance, kMermaidFormat) << "\n";  // one line (provenance.h)
  const std::string note = selection.Note();
  if (!note.empty()) out << "%% " << MermaidText(note) << "\n";
  out << "sequenceDiagram\n";
  const Ladder ladder = BuildLadder(selection.events());
  for (size_t i = 0; i < ladder.lanes.size(); ++i) {
    const LadderLane& lane = ladder.lanes[i];
    out << "    participant L" << i << " as "
        << ParticipantText(lane.address.empty() ? lane.name : absl::StrCat(lane.name, " ", lane.address)) << "\n";
  }
  std::vector<DiagramLine> lines;
  for (const LadderArrow& a : ladder.arrows) {
    std::string text = a.label;
    if (!a.head.empty()) absl::StrAppend(&text, " · ", a.head);
    lines.push_back({a.to_row, 0,
                     absl::StrCat("L", a.from_lane, MessageArrow(a.end), "L", a.to_lane, ": ", MermaidText(text))});
  }
  for (const LadderMark& m : ladder.marks) {
    const std::string over =
        m.to_lane >= 0 ? absl::StrCat("L", m.lane, ",L", m.to_lane) : absl::StrCat("L", m.lane);
    lines.push_back({m.row, 1, absl::StrCat("Note over ", over, ": ", MermaidText(m.text))});
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const DiagramLine& a, const DiagramLine& b) { return std::tie(a.row, a.order) < std::tie(b.row, b.order); });
  for (const DiagramLine& l : lines) out << "    " << l.text << "\n";
}

}  // namespace portlab::report
