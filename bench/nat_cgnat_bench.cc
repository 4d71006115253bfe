// A whole CGNAT scenario through run::RunScenario: bench/scenarios/
// nat-cgnat-1m.yaml, 10^4 subscribers each opening 100 TCP connections
// through one `cgnat` NAT (10^6 mappings live at once, 8 segments
// translated per connection), run to the end (every mapping expired). One
// iteration is one run: hosts and the NAT built, every event run, the
// result snapshot and its `expect:` checked.
//
// items_per_second: segments the NAT translated (translated_out +
// translated_in from the result's NAT figures) per second of wall time.
// The target: at least 10^6.
//
// Five repetitions, each row shown, then their mean, median, standard
// deviation and coefficient of variation: one run of this ~1-GB,
// memory-bound scenario moves by ±10 % on the VM these figures come from
// (bench/README.md, "How to A/B on this VM"), so a single row says little;
// read the median.
#include <cstdint>
#include <string>

#include "benchmark/benchmark.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab {
namespace {

void BM_CgnatScenario(benchmark::State& state) {
  const std::string path = std::string(PORTLAB_SOURCE_DIR) + "/bench/scenarios/nat-cgnat-1m.yaml";
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioFile(path);
  if (!s.ok()) {
    state.SkipWithError(std::string(s.status().message()).c_str());
    return;
  }
  int64_t translated = 0, peak_mappings = 0, created = 0;
  for (auto _ : state) {
    absl::StatusOr<sim::Result> r = run::RunScenario(*s, run::RunOptions{});
    if (!r.ok()) {
      state.SkipWithError(std::string(r.status().message()).c_str());
      return;
    }
    if (!r->passed || r->nats.size() != 1) {
      state.SkipWithError("the scenario's expectations failed");
      return;
    }
    const nat::NatFigures& n = r->nats[0];
    translated += n.translated_out + n.translated_in;
    peak_mappings = n.peak_mappings;
    created = n.mappings_created;
  }
  state.counters["peak_mappings"] = static_cast<double>(peak_mappings);
  state.counters["mappings_created"] = static_cast<double>(created);
  state.SetItemsProcessed(translated);
}
BENCHMARK(BM_CgnatScenario)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1)->Repetitions(5);

}  // namespace
}  // namespace portlab
