// Tests for running a scenario's `analysis:`: its figures join the Result,
// `strategy:` expectations check them, and bad names are refused with the
// place in the file.
#include "portlab/analysis/scenario_analysis.h"

#include <catch2/catch.hpp>
#include <string>

#include "portlab/scenario/loader.h"

namespace portlab::analysis {
namespace {

absl::StatusOr<ScenarioRun> Run(const std::string& yaml, std::optional<uint64_t> seed = {}) {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(yaml, "a.yaml");
  REQUIRE(s.ok());
  run::RunOptions options;
  options.seed = seed;
  return RunScenarioWithAnalysis(*s, options);
}

const std::string kCost = R"(name: cost
analysis:
  strategies: [sequential, random]
  axes: [cost]
  range: "1000 1999"
  seeds: 3
expect:
  - {strategy: sequential, metric: cost.mean_probes_at, x: 99, max: 1}
  - {strategy: random, metric: cost.mean_probes_at, x: 99, min: 2}
  - {strategy: random, metric: cost.mean_ports_filled, min: 1000, max: 1000}
  - {strategy: random, metric: cost.mean_probes_at, x: 0, min: 5}
)";

TEST_CASE("analysis figures join the result and are checked", "[analysis][scenario]") {
  absl::StatusOr<ScenarioRun> run = Run(kCost);
  REQUIRE(run.ok());
  REQUIRE(run->comparison.has_value());
  CHECK(run->comparison->rows.size() == 2);
  const sim::Result& r = run->result;
  CHECK(r.seed == 1);
  REQUIRE(!r.analysis.empty());
  for (const sim::AnalysisFigure& f : r.analysis) CHECK(f.axis == "cost");
  REQUIRE(r.expectations.size() == 4);
  CHECK(r.expectations[0].passed);
  CHECK(r.expectations[1].passed);
  CHECK(r.expectations[2].passed);
  // The first allocation of an empty range is one probe, not five.
  CHECK(!r.expectations[3].passed);
  CHECK(r.expectations[3].detail == "MISMATCH random cost.mean_probes_at at 0 1, expected >= 5");
  CHECK(!r.passed);
}

TEST_CASE("analysis takes the run's seed", "[analysis][scenario]") {
  const std::string yaml = R"(name: seeds
seed: 4
analysis: {strategies: [random], axes: [predictability], seeds: 2}
)";
  absl::StatusOr<ScenarioRun> a = Run(yaml);
  absl::StatusOr<ScenarioRun> b = Run(yaml);
  absl::StatusOr<ScenarioRun> c = Run(yaml, 5);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(c.ok());
  CHECK(a->comparison->options.seed == 4);
  CHECK(c->comparison->options.seed == 5);
  CHECK(ComparisonCsv(*a->comparison) == ComparisonCsv(*b->comparison));
  CHECK(ComparisonCsv(*a->comparison) != ComparisonCsv(*c->comparison));
}

TEST_CASE("a scenario runs its hosts and its analysis", "[analysis][scenario]") {
  const std::string yaml = R"(name: both
hosts:
  server: {address: 10.0.0.2}
steps:
  - {host: server, op: listen, proto: tcp, port: 80}
analysis: {strategies: [sequential], axes: [cost], range: "1 100", seeds: 1}
expect:
  - {step: 0, ok: 1}
  - {strategy: sequential, metric: cost.mean_ports_filled, min: 100, max: 100}
)";
  absl::StatusOr<ScenarioRun> run = Run(yaml);
  REQUIRE(run.ok());
  CHECK(run->result.steps.size() == 1);
  CHECK(run->result.passed);
}

TEST_CASE("analysis names are checked with their place", "[analysis][scenario]") {
  struct Case {
    std::string name, yaml, message;
  };
  const std::string head = "name: x\nanalysis:\n  strategies: [sequential, random]\n"
                           "  axes: [cost, predictability]\n  seeds: 1\nexpect:\n";
  const std::vector<Case> cases = {
      {"unknown strategy", "name: x\nanalysis: {strategies: [linux, quantum]}\n",
       "a.yaml:2:32: strategies: unknown port selection strategy \"quantum\""},
      {"unknown metric",
       head + "  - {strategy: random, metric: cost.speed, min: 1}\n",
       "a.yaml:7:5: metric: \"cost.speed\" is not a figure of random in this analysis (its "
       "figures: cost.mean_ports_filled, cost.mean_probes_at, cost.mean_probes_bucket, "
       "predictability.p_100_tries, predictability.p_1_try)"},
      {"axis not measured",
       head + "  - {strategy: random, metric: linkability.success_rate, min: 1}\n",
       "a.yaml:7:5: metric: \"linkability.success_rate\" is not a figure of random"},
      {"several values, no x",
       head + "  - {strategy: random, metric: predictability.p_1_try, min: 1}\n",
       "a.yaml:7:5: metric: \"predictability.p_1_try\" has a value at each x; give x: one of "
       "1, 2, 3, 4, 5"},
      {"x not measured",
       head + "  - {strategy: random, metric: predictability.p_1_try, x: 9, min: 1}\n",
       "a.yaml:7:5: metric: \"predictability.p_1_try\" has a value at each x; x: must be one "
       "of 1, 2, 3, 4, 5"},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      absl::StatusOr<ScenarioRun> run = Run(c.yaml);
      REQUIRE(run.status().code() == absl::StatusCode::kInvalidArgument);
      CHECK_THAT(std::string(run.status().message()), Catch::StartsWith(c.message));
    }
  }
}

}  // namespace
}  // namespace portlab::analysis
