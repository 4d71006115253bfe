// Where the ladder diagram's parts go: a column per lane, a row per event,
// and the sizes of the picture. Pure arithmetic over a Ladder; the SVG
// writer (ladder_svg.cc) only draws at these positions.
#ifndef PORTLAB_REPORT_INTERNAL_LADDER_LAYOUT_H_
#define PORTLAB_REPORT_INTERNAL_LADDER_LAYOUT_H_

#include <vector>

#include "portlab/report/ladder.h"

namespace portlab::report::internal {

struct LadderLayout {
  static constexpr int kHeader = 58;     // lane names and addresses
  static constexpr int kRow = 24;        // one event
  static constexpr int kTimeColumn = 96; // the time of each row
  static constexpr int kLaneGap = 250;   // between lanes: room for a row's text
  static constexpr int kNatGap = 130;    // between a NAT's two sides
  static constexpr int kRightMargin = 290;
  static constexpr int kLoop = 70;       // how far a loopback arrow bulges

  std::vector<int> lane_x;
  int width = 0;
  int height = 0;

  int RowY(int row) const { return kHeader + kRow / 2 + row * kRow; }
};

LadderLayout LayOut(const Ladder& ladder);

}  // namespace portlab::report::internal

#endif  // PORTLAB_REPORT_INTERNAL_LADDER_LAYOUT_H_
