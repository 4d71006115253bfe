// The Linux exhaustion experiment of the port-exhaustion issue, as a whole
// scenario: one client (Linux defaults: 28,232 ephemeral ports, 60 s
// TIME-WAIT) opening 1,000 connections per second to one server for 10
// simulated minutes, each closed by the client 50 ms after its connect().
// Steps stand in for a rate workload: every 100 ms a batch of 100
// connect()s, closed 50 ms later. The range runs out after ~28 s; from then
// on the client sustains what TIME-WAIT expiry frees (~470 per second) and
// the rest fail with EADDRNOTAVAIL. One iteration is one RunScenario to the
// end (the last TIME-WAIT expired).
//
// The target: under 1 s of wall time per run.
#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"
#include "portlab/sim/simulation.h"

namespace portlab {
namespace {

constexpr int64_t kSeconds = 600;
constexpr int64_t kBatchesPerSecond = 10;
constexpr int64_t kBatch = 100;  // 1,000 per second

std::string ExhaustionScenario() {
  std::string y =
      "name: Linux exhaustion at 1000 connections per second\n"
      "seed: 1\n"
      "hosts:\n"
      "  client: {address: 10.0.0.1, os: linux}\n"
      "  server: {address: 10.0.0.2, os: linux}\n"
      "steps:\n"
      "  - {at: 0s, host: server, op: listen, proto: tcp, port: 80}\n";
  for (int64_t b = 0; b < kSeconds * kBatchesPerSecond; ++b) {
    const int64_t ms = 1000 + b * (1000 / kBatchesPerSecond);
    absl::StrAppend(&y, "  - {at: ", ms, "ms, host: client, op: connect, proto: tcp, to: \"10.0.0.2:80\", count: ",
                    kBatch, ", as: b", b, "}\n");
    absl::StrAppend(&y, "  - {at: ", ms + 50, "ms, host: client, op: close, proto: tcp, sockets: b", b, "}\n");
  }
  return y;
}

void BM_LinuxExhaustion(benchmark::State& state) {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(ExhaustionScenario(), "exhaustion_bench");
  if (!s.ok()) {
    state.SkipWithError(std::string(s.status().message()).c_str());
    return;
  }
  int64_t ok = 0, failed = 0, peak_tw = 0;
  for (auto _ : state) {
    absl::StatusOr<sim::Result> r = run::RunScenario(*s, run::RunOptions{});
    if (!r.ok()) {
      state.SkipWithError(std::string(r.status().message()).c_str());
      return;
    }
    ok = failed = 0;
    for (const sim::StepResult& step : r->steps) {
      if (step.op != "connect") continue;
      ok += step.ok;
      for (const auto& [name, n] : step.errors) failed += n;
    }
    peak_tw = r->hosts[0].tcp.peak_time_wait;
  }
  // Exhaustion must have happened, and not everything failed.
  if (failed == 0 || ok < 28232) state.SkipWithError("the range did not run out as modelled");
  state.counters["connected"] = static_cast<double>(ok);
  state.counters["failed"] = static_cast<double>(failed);
  state.counters["peak_time_wait"] = static_cast<double>(peak_tw);
  state.SetItemsProcessed(state.iterations() * (ok + failed));
}
BENCHMARK(BM_LinuxExhaustion)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same experiment as the shipped workload form (scenarios/README.md,
// "Workloads"): `rate: 1000` evenly spaced connect()s, 100 bytes, the
// client closing at once, from 0 s to 600 s. Counters: events the
// simulation ran and the workload's figures.
void BM_LinuxExhaustionWorkload(benchmark::State& state) {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(
      "name: Linux exhaustion as a workload\n"
      "seed: 1\n"
      "hosts:\n"
      "  client: {address: 10.0.0.1, os: linux}\n"
      "  server: {address: 10.0.0.2, os: linux}\n"
      "steps:\n"
      "  - {at: 0s, host: server, op: listen, proto: tcp, port: 80}\n"
      "workloads:\n"
      "  - {name: web, from: client, to: \"10.0.0.2:80\", rate: 1000, bytes: 100, stop: 600s}\n",
      "exhaustion_bench");
  if (!s.ok()) {
    state.SkipWithError(std::string(s.status().message()).c_str());
    return;
  }
  int64_t ok = 0, failed = 0, events = 0;
  for (auto _ : state) {
    absl::StatusOr<std::unique_ptr<sim::Simulation>> sim = sim::Simulation::Build(*s, 1, nullptr);
    if (!sim.ok()) {
      state.SkipWithError(std::string(sim.status().message()).c_str());
      return;
    }
    (*sim)->Run(SimTime::Max());
    sim::Result r = (*sim)->Snapshot();
    ok = r.workloads[0].ok;
    failed = r.workloads[0].failures;
    events = (*sim)->events_run();
  }
  if (failed == 0 || ok < 28232) state.SkipWithError("the range did not run out as modelled");
  state.counters["connected"] = static_cast<double>(ok);
  state.counters["failed"] = static_cast<double>(failed);
  state.counters["events"] = static_cast<double>(events);
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsIterationInvariantRate);
  state.SetItemsProcessed(state.iterations() * (ok + failed));
}
BENCHMARK(BM_LinuxExhaustionWorkload)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace portlab
