// Running a scenario: build a Simulation from a Scenario, run it to the end,
// evaluate its expectations, and return the Result.
//
// Example:
//   RunOptions options;
//   options.seed = 7;
//   absl::StatusOr<Result> r = RunScenario(scenario, options);
//   if (!r.ok()) ...  // InvalidArgument "file:line:col: ..." (bad model input)
//
// Deterministic: the same scenario and seed give the same Result and the same
// trace, event for event. No I/O, no wall clock.
#ifndef PORTLAB_RUN_RUN_H_
#define PORTLAB_RUN_RUN_H_

#include <cstdint>
#include <functional>
#include <optional>

#include "absl/status/statusor.h"
#include "portlab/run/memory_estimate.h"
#include "portlab/scenario/scenario.h"
#include "portlab/sim/result.h"
#include "portlab/trace/packet_sink.h"
#include "portlab/trace/trace_event.h"

namespace portlab::run {

struct RunOptions {
  // Overrides the scenario's seed; with neither, the seed is 1.
  std::optional<uint64_t> seed;
  // Stops the run at this time (overrides the scenario's `until`).
  std::optional<SimTime> until;
  // Receives every event when set; not owned, must outlive the call.
  trace::TraceSink* trace = nullptr;
  // Receives every packet put on a link when set (packet_sink.h); not
  // owned, must outlive the call.
  trace::PacketSink* packets = nullptr;
  // Called every `progress_every` events (Simulation::SetProgressHook).
  std::function<void(SimTime now, int64_t events)> progress;
  int64_t progress_every = 1 << 16;
  // A scenario whose estimated state (memory_estimate.h) passes this many
  // bytes is refused before it runs (ResourceExhausted at the step).
  int64_t memory_limit = kDefaultMemoryLimit;
};

// The seed a run uses: options.seed, else the scenario's, else 1.
uint64_t RunSeed(const scenario::Scenario& scenario, const RunOptions& options);

// Evaluates the scenario's `expect:` over `result` and sets result.passed.
void Conclude(const scenario::Scenario& scenario, sim::Result& result);

// Returns ResourceExhausted naming file:line:column when the scenario asks
// for more state than options.memory_limit (CheckMemoryLimit) or more
// sockets than the simulation takes at all (Simulation::Build), and
// InvalidArgument naming file:line:column for something the model rejects
// (unknown OS, unknown sysctl, bad sysctl value, an address no host owns in
// `bind:`...).
absl::StatusOr<sim::Result> RunScenario(const scenario::Scenario& scenario,
                                   const RunOptions& options);

// What RunScenario refuses before it runs, without running: the memory
// estimate, then building the simulation (the model's checks). For
// `portlab validate`, so it rejects every file `run` would refuse up front.
absl::Status CheckScenario(const scenario::Scenario& scenario, const RunOptions& options);

}  // namespace portlab::run

#endif  // PORTLAB_RUN_RUN_H_
