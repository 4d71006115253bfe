#include "portlab/stack/host_counters.h"

#include <string>

namespace portlab::stack {

const ProtocolFigures& HostCounters::Folded(net::Protocol p) const {
  ProtocolFigures& f = figures_[static_cast<int>(p)];
  for (int r = 0; r < kDemuxRuleCount; ++r) {
    int64_t n = demux_counts_[static_cast<int>(p)][r];
    if (n > 0) f.demux[std::string(DemuxRuleName(static_cast<DemuxRule>(r)))] = n;
  }
  return f;
}

}  // namespace portlab::stack
