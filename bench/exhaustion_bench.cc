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
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "portlab/scenario/loader.h"
#include "portlab/sim/run.h"

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
    absl::StatusOr<sim::Result> r = sim::RunScenario(*s, sim::RunOptions{});
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

}  // namespace
}  // namespace portlab
