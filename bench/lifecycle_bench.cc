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
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "portlab/scenario/loader.h"
#include "portlab/sim/run.h"

namespace portlab {
namespace {

constexpr int64_t kPerClient = 10000;
constexpr int64_t kBatch = 1000;
constexpr int64_t kBatchesPerClient = kPerClient / kBatch;

std::string Ms(int64_t ms) { return absl::StrCat(ms, "ms"); }

std::string LifecycleScenario(int64_t lifecycles) {
  const int64_t clients = (lifecycles + kPerClient - 1) / kPerClient;
  std::string y =
      "name: lifecycle bench\n"
      "seed: 1\n"
      "hosts:\n"
      "  server: {address: 10.0.0.2, os: linux}\n";
  for (int64_t c = 0; c < clients; ++c) {
    absl::StrAppend(&y, "  client", c, ": {address: 10.1.", c / 250, ".", c % 250 + 1,
                    ", os: linux}\n");
  }
  absl::StrAppend(&y, "steps:\n",
                  "  - {at: 0s, host: server, op: listen, proto: tcp, port: 80}\n");
  for (int64_t b = 0; b < kBatchesPerClient; ++b) {
    const int64_t t = 1000 + b * 100;
    for (int64_t c = 0; c < clients; ++c) {
      absl::StrAppend(&y, "  - {at: ", Ms(t), ", host: client", c,
                      ", op: connect, proto: tcp, to: \"10.0.0.2:80\", count: ", kBatch,
                      ", as: c", c, "b", b, "}\n");
    }
    for (int64_t c = 0; c < clients; ++c) {
      absl::StrAppend(&y, "  - {at: ", Ms(t + 10), ", host: client", c,
                      ", op: send, proto: tcp, sockets: c", c, "b", b, ", bytes: 100}\n");
    }
    for (int64_t c = 0; c < clients; ++c) {
      absl::StrAppend(&y, "  - {at: ", Ms(t + 20), ", host: client", c,
                      ", op: close, proto: tcp, sockets: c", c, "b", b, "}\n");
    }
  }
  return y;
}

// Every lifecycle connected, sent, closed, and left no socket behind.
bool Complete(const sim::Result& r, int64_t lifecycles) {
  int64_t connected = 0;
  for (const sim::StepResult& s : r.steps) {
    if (s.op == "connect") connected += s.ok;
    if (s.op != "listen" && s.ok != s.calls) return false;
  }
  int64_t peak_tw = 0;
  for (const sim::HostResult& h : r.hosts) {
    if (h.tcp.established != 0 || h.tcp.time_wait != 0) return false;
    if (h.name != "server" && h.tcp.ports_in_use != 0) return false;
    peak_tw += h.tcp.peak_time_wait;
  }
  return connected == lifecycles && peak_tw == lifecycles;
}

void BM_Lifecycles(benchmark::State& state) {
  const int64_t lifecycles = state.range(0);
  absl::StatusOr<scenario::Scenario> s =
      scenario::LoadScenarioText(LifecycleScenario(lifecycles), "lifecycle_bench");
  if (!s.ok()) {
    state.SkipWithError(std::string(s.status().message()).c_str());
    return;
  }
  int64_t segments = 0;
  bool complete = true;
  for (auto _ : state) {
    absl::StatusOr<sim::Result> r = sim::RunScenario(*s, sim::RunOptions{});
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
BENCHMARK(BM_Lifecycles)
    ->ArgName("lifecycles")
    ->Arg(10000)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace portlab
