#include "portlab/scenario/workload_peak.h"

#include <algorithm>

namespace portlab::scenario {

double PeakConnectionsPerClient(const WorkloadSpec& w) {
  // A workload makes its connections as time goes, so only the live ones
  // and the TIME-WAITs count: per client, pool, or the peak rate x (hold +
  // the longest TIME-WAIT of any profile), but never more than one
  // connection per port and destination.
  constexpr double kLongestTimeWaitS = 240;  // ns-3: 2 x MaxSegLifetime 120 s
  const double cap = 65536.0 * static_cast<double>(w.to.size());
  double per_client = 0;
  if (w.pool > 0) {
    per_client = static_cast<double>(w.pool);
  } else {
    const double hold = w.hold.kind == HoldSpec::Kind::kUniform ? w.hold.high.seconds()
                                                                          : w.hold.low.seconds();
    const double tw = w.protocol == net::Protocol::kTcp ? kLongestTimeWaitS : 0;
    per_client = std::max(w.rate, w.rate_end.value_or(0)) * (hold + tw);
    if (w.limit > 0) per_client = std::min(per_client, static_cast<double>(w.limit));
  }
  return std::min(per_client, cap);
}

}  // namespace portlab::scenario
