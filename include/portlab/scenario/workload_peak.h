// PeakConnectionsPerClient: how many connections one client of a workload
// keeps open (or in TIME-WAIT) at its peak.
//
// A pure function of the scenario's data, shared by the memory estimate
// (run/memory_estimate.h) and the engine, which sizes a NAT's tables up
// front from it (sim/simulation.h).
//
// Example:
//   double peak = PeakConnectionsPerClient(scenario.workloads[0]);
#ifndef PORTLAB_SCENARIO_WORKLOAD_PEAK_H_
#define PORTLAB_SCENARIO_WORKLOAD_PEAK_H_

#include "portlab/scenario/scenario.h"

namespace portlab::scenario {

// The connections one client of workload `w` keeps at its peak: its pool,
// or its peak rate x (hold + 240 s), at most its count and 65,536 per
// destination.
double PeakConnectionsPerClient(const WorkloadSpec& w);

}  // namespace portlab::scenario

#endif  // PORTLAB_SCENARIO_WORKLOAD_PEAK_H_
