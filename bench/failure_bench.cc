// Calls past exhaustion: what a failed connect() or bind(port 0) costs when
// every port of the range is in TIME-WAIT, the state a client stays in for
// the rest of an exhaustion experiment (each failure also names its cause,
// which is what used to walk the range).
//
// One Linux client (28,232 ephemeral ports) connects 28,232 times to one
// server at 1 s and closes them all at 2 s (all in TIME-WAIT by 2.01 s);
// at 3 s one step makes `calls` more calls, every one failing:
// - BM_ConnectAllTimeWait: connect() -> EADDRNOTAVAIL "all candidates in
//   TIME-WAIT";
// - BM_BindAllTimeWait: bind(10.0.0.1:0) before a connect() -> EADDRINUSE
//   "range used up" (bind() cannot see the destination, and every port's
//   TIME-WAIT owner conflicts with a plain bind).
// One iteration is one RunScenario to the end; items_per_second is failed
// calls per second, so 1 / items_per_second bounds the cost of one (the
// 28,232 lifecycles of the fill are included: ~30 ms).
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab {
namespace {

std::string AllTimeWaitScenario(int64_t calls, bool bind_first) {
  return absl::StrCat(
      "name: calls past exhaustion\n"
      "seed: 1\n"
      "hosts:\n"
      "  client: {address: 10.0.0.1, os: linux}\n"
      "  server: {address: 10.0.0.2, os: linux}\n"
      "steps:\n"
      "  - {at: 0s, host: server, op: listen, proto: tcp, port: 80}\n"
      "  - {at: 1s, host: client, op: connect, proto: tcp, to: \"10.0.0.2:80\", count: 28232, as: a}\n"
      "  - {at: 2s, host: client, op: close, proto: tcp, sockets: a}\n"
      "  - {at: 3s, host: client, op: connect, proto: tcp, to: \"10.0.0.2:80\", count: ",
      calls, bind_first ? ", bind: \"10.0.0.1:0\"" : "", "}\n");
}

void Run(benchmark::State& state, bool bind_first) {
  const int64_t calls = state.range(0);
  absl::StatusOr<scenario::Scenario> s =
      scenario::LoadScenarioText(AllTimeWaitScenario(calls, bind_first), "failure_bench");
  if (!s.ok()) {
    state.SkipWithError(std::string(s.status().message()).c_str());
    return;
  }
  const std::string errno_name = bind_first ? "EADDRINUSE" : "EADDRNOTAVAIL";
  const std::string cause = bind_first ? "range used up" : "all candidates in TIME-WAIT";
  for (auto _ : state) {
    absl::StatusOr<sim::Result> r = run::RunScenario(*s, run::RunOptions{});
    if (!r.ok()) {
      state.SkipWithError(std::string(r.status().message()).c_str());
      return;
    }
    const auto& failures = r->hosts[0].tcp.failures;
    auto e = failures.find(errno_name);
    if (e == failures.end() || e->second.size() != 1 || !e->second.contains(cause) ||
        e->second.at(cause) != calls) {
      state.SkipWithError("the calls did not all fail with the expected cause");
      return;
    }
  }
  state.SetItemsProcessed(state.iterations() * calls);
}

void BM_ConnectAllTimeWait(benchmark::State& state) { Run(state, /*bind_first=*/false); }
BENCHMARK(BM_ConnectAllTimeWait)->ArgName("calls")->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_BindAllTimeWait(benchmark::State& state) { Run(state, /*bind_first=*/true); }
BENCHMARK(BM_BindAllTimeWait)->ArgName("calls")->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace portlab
