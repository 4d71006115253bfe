#include "report/internal/ladder_layout.h"

namespace portlab::report::internal {

LadderLayout LayOut(const Ladder& ladder) {
  LadderLayout layout;
  int x = LadderLayout::kTimeColumn + 40;
  for (size_t i = 0; i < ladder.lanes.size(); ++i) {
    if (i > 0) {
      const bool same_nat = ladder.lanes[i - 1].nat && ladder.lanes[i].nat &&
                            ladder.lanes[i].name.ends_with(" outside");
      x += same_nat ? LadderLayout::kNatGap : LadderLayout::kLaneGap;
    }
    layout.lane_x.push_back(x);
  }
  layout.width = x + LadderLayout::kRightMargin;
  layout.height = layout.RowY(static_cast<int>(ladder.times.size())) + LadderLayout::kRow;
  return layout;
}

}  // namespace portlab::report::internal
