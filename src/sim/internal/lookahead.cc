#include "sim/internal/lookahead.h"

#include "portlab/base/prefetch.h"
#include "sim/internal/workload_runner.h"

namespace portlab::sim {

void Lookahead::HostOf(const Simulation& sim, const Event& e) {
  uint32_t host = Simulation::kNoRoute;
  if (e.type == EventType::kTimer) {
    host = e.target;
  } else if (e.type == EventType::kWorkload) {
    const auto action = static_cast<WorkloadAction>(e.timer_kind);
    if (action == WorkloadAction::kHoldEnd || action == WorkloadAction::kClientClose) host = e.target;
    else if (action == WorkloadAction::kArrival) host = sim.workloads_->NextClient(e.target);
  }
  if (host >= sim.hosts_.size()) return;
  const char* h = reinterpret_cast<const char*>(sim.hosts_[host].get());
  for (size_t offset = 0; offset < sizeof(stack::Host); offset += 64) PrefetchForRead(h + offset);
  PrefetchForRead(sim.links_[host].get());
}

}  // namespace portlab::sim
