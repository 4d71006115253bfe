#include "portlab/stack/host_counters.h"

#include <string>

namespace portlab::stack {

const ProtocolFigures HostCounters::kNoFigures{};

HostCounters::Counted& HostCounters::Udp() {
  if (!udp_) [[unlikely]] udp_ = std::make_unique<Counted>();
  return *udp_;
}

const ProtocolFigures& HostCounters::Folded(net::Protocol p) const {
  const Counted* c = p == net::Protocol::kTcp ? &tcp_ : udp_.get();
  if (c == nullptr) return kNoFigures;
  for (int r = 0; r < kDemuxRuleCount; ++r) {
    const int64_t n = c->demux[r];
    if (n > 0) c->figures.demux[std::string(DemuxRuleName(static_cast<DemuxRule>(r)))] = n;
  }
  return c->figures;
}

}  // namespace portlab::stack
