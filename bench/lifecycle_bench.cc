// Whole TCP connection lifecycles through the simulation: connect(), the
// three-way handshake, 100 bytes and their ACK, the client's close() (FIN,
// the server's FIN|ACK, the last ACK), TIME-WAIT entered and, 60-62 s of
// simulated time later, expired. Eight segments and three timers each.
//
// The scenario is written here as YAML text and parsed once, outside the
// timed region; each iteration is one RunScenario (building the hosts,
// running every event to the end, the result snapshot). Shape: one server
// listening on port 80 and one client host per 10,000 lifecycles, each
// client opening batches of 1,000 connections every 100 ms (10 batches),
// sending 10 ms after and closing 20 ms after its connects. A client never
// holds more than 10,000 ports toward the server (35 % of its range), so
// port selection stays cheap and the figure is the engine's.
//
// items_per_second is lifecycles per second of wall time.
//
// BM_LifecyclesFirewall is BM_Lifecycles with 100 rules on the server that
// the traffic never meets.
//
// BM_LifecyclesSteady runs 10^6 lifecycles at a rate that keeps 10^4 or
// 10^5 TIME-WAIT entries alive at once (see SteadyLifecycleScenario).
#include <cstdint>
#include <string>

#include "benchmark/benchmark.h"
#include "lifecycle_scenario.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab {
namespace {

using bench::Complete;
using bench::LifecycleScenario;

void RunLifecycles(benchmark::State& state, const std::string& yaml, int64_t lifecycles) {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(yaml, "lifecycle_bench");
  if (!s.ok()) {
    state.SkipWithError(std::string(s.status().message()).c_str());
    return;
  }
  int64_t segments = 0;
  bool complete = true;
  for (auto _ : state) {
    absl::StatusOr<sim::Result> r = run::RunScenario(*s, run::RunOptions{});
    if (!r.ok() || !Complete(*r, lifecycles)) {
      complete = false;
      break;
    }
    for (const sim::HostResult& h : r->hosts) segments += h.tcp.segments_sent;
  }
  if (!complete) {
    state.SkipWithError("a lifecycle did not complete");
    return;
  }
  state.SetItemsProcessed(state.iterations() * lifecycles);
  state.counters["segments"] = benchmark::Counter(static_cast<double>(segments),
                                                  benchmark::Counter::kIsRate);
}

void BM_Lifecycles(benchmark::State& state) {
  RunLifecycles(state, LifecycleScenario(state.range(0)), state.range(0));
}
BENCHMARK(BM_Lifecycles)
    ->ArgName("lifecycles")
    ->Arg(10000)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMillisecond);

// The same with a firewall of state.range(1) rules on the server, none of
// which the traffic meets (bench::HundredRuleFirewall): every segment the
// server receives and sends walks its chain (issue 19: within 20 % of
// BM_Lifecycles).
void BM_LifecyclesFirewall(benchmark::State& state) {
  RunLifecycles(state, bench::FirewalledLifecycleScenario(state.range(0), state.range(1)), state.range(0));
}
BENCHMARK(BM_LifecyclesFirewall)
    ->ArgNames({"lifecycles", "rules"})
    ->Args({100000, 100})
    ->Unit(benchmark::kMillisecond);

// 10^6 lifecycles at a steady rate whose live state stays bounded: 10
// clients, batches of 100 connections, the interval chosen so that about
// `live` TIME-WAIT entries (rate x 61 s) are alive at once. The figure at a
// realistic live state, beside BM_Lifecycles/1000000's worst case where
// all 10^6 are.
void BM_LifecyclesSteady(benchmark::State& state) {
  constexpr int64_t kLifecycles = 1000000, kClients = 10, kSteadyBatch = 100;
  const int64_t live = state.range(0);
  const int64_t interval_ms = kSteadyBatch * kClients * 61000 / live;
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(
      bench::SteadyLifecycleScenario(kLifecycles, kClients, kSteadyBatch, interval_ms),
      "lifecycle_bench");
  if (!s.ok()) {
    state.SkipWithError(std::string(s.status().message()).c_str());
    return;
  }
  int64_t peak_tw = 0;
  for (auto _ : state) {
    absl::StatusOr<sim::Result> r = run::RunScenario(*s, run::RunOptions{});
    if (!r.ok() || !bench::CompleteSteady(*r, kLifecycles, &peak_tw)) {
      state.SkipWithError("a lifecycle did not complete");
      return;
    }
  }
  state.SetItemsProcessed(state.iterations() * kLifecycles);
  state.counters["peak_time_wait"] = static_cast<double>(peak_tw);
  state.counters["sim_seconds"] =
      static_cast<double>(kLifecycles / (kClients * kSteadyBatch) * interval_ms) / 1000.0;
}
BENCHMARK(BM_LifecyclesSteady)
    ->ArgName("live")
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace portlab
