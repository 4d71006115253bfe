// Tests for the `analysis:` section and `strategy:` expectations of the
// scenario loader: the values a good file parses to, and a table of bad files
// with the FILE:LINE:COLUMN each is reported at.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "portlab/scenario/loader.h"

namespace portlab::scenario {
namespace {

TEST_CASE("analysis: parses every key", "[loader][analysis]") {
  const std::string yaml = R"(name: tracking
analysis:
  strategies: [linux-5.12, linux]
  axes: [linkability, cost]
  range: "1024 2047"
  seeds: 7
  reuse: {occupancy: 0.25, churn: 500, rate: 10, twait: 30}
  predictability: {window: 3, tries: 10}
  linkability: {budget: 9000, pairs: 2}
  poisoning: {trials: 50, rate: 2000, rtt: 20ms}
expect:
  - {strategy: linux, metric: linkability.success_rate, max: 0}
  - {strategy: linux-5.12, metric: predictability.p_1_try, x: 2, min: 0.5, max: 1}
)";
  absl::StatusOr<Scenario> s = LoadScenarioText(yaml, "a.yaml");
  REQUIRE(s.ok());
  CHECK(s->hosts.empty());
  REQUIRE(s->analysis.has_value());
  const AnalysisSpec& a = *s->analysis;
  CHECK(a.strategies == std::vector<std::string>{"linux-5.12", "linux"});
  CHECK(a.axes == std::vector<std::string>{"linkability", "cost"});
  CHECK(a.range->ToString() == "1024-2047");
  CHECK(a.seeds == 7);
  CHECK(a.occupancy == 0.25);
  CHECK(a.churn == 500);
  CHECK(a.rate == 10);
  CHECK(a.twait == 30);
  CHECK(a.window == 3);
  CHECK(a.tries == 10);
  CHECK(a.budget == 9000);
  CHECK(a.pairs == 2);
  CHECK(a.poison_trials == 50);
  CHECK(a.poison_rate == 2000);
  CHECK(a.poison_rtt == Duration::Millis(20));
  REQUIRE(a.strategy_locations.size() == 2);
  CHECK(a.strategy_locations[1].ToString() == "a.yaml:3:28");
  REQUIRE(s->expect.size() == 2);
  const auto& first = std::get<AnalysisExpect>(s->expect[0].kind);
  CHECK(first.strategy == "linux");
  CHECK(first.metric == "linkability.success_rate");
  CHECK(!first.x);
  CHECK(!first.min);
  CHECK(first.max == 0.0);
  const auto& second = std::get<AnalysisExpect>(s->expect[1].kind);
  CHECK(second.x == 2.0);
  CHECK(second.min == 0.5);
}

struct BadCase {
  std::string name;
  std::string yaml;
  std::string where;     // "LINE:COLUMN"
  std::string fragment;  // part of the message
};

TEST_CASE("analysis: errors name the place", "[loader][analysis]") {
  const std::string head = "name: x\nanalysis:\n";
  const std::string ok = head + "  strategies: [linux]\nexpect:\n";
  const std::vector<BadCase> cases = {
      {"neither hosts nor analysis", "name: x\n", "1:1", "needs hosts:"},
      {"steps without hosts",
       "name: x\nanalysis: {strategies: [linux]}\nsteps: []\n", "3:1",
       "steps: need hosts:"},
      {"no strategies", head + "  seeds: 3\n", "3:3", "needs strategies:"},
      {"empty strategies", head + "  strategies: []\n", "3:15", "at least one"},
      {"strategy twice", head + "  strategies: [linux, linux]\n", "3:23",
       "listed twice"},
      {"unknown key", head + "  strategies: [linux]\n  colour: red\n", "4:3",
       "unknown key \"colour\" in analysis"},
      {"unknown axis", head + "  strategies: [linux]\n  axes: [speed]\n", "4:10",
       "expected one of cost, reuse, predictability, linkability, poisoning"},
      {"poisoning without a window",
       head + "  strategies: [linux]\n  poisoning: {rtt: 0s}\n", "4:20",
       "rtt: must be longer than 0"},
      {"poisoning without trials",
       head + "  strategies: [linux]\n  poisoning: {trials: 0}\n", "4:23", "trials"},
      {"unknown poisoning key",
       head + "  strategies: [linux]\n  poisoning: {seeds: 3}\n", "4:15",
       "unknown key \"seeds\" in poisoning"},
      {"zero seeds", head + "  strategies: [linux]\n  seeds: 0\n", "4:10",
       "seeds: expected an integer from 1 to 10000"},
      {"occupancy above 0.99",
       head + "  strategies: [linux]\n  reuse: {occupancy: 1.5}\n", "4:22",
       "occupancy: expected a number from 0 to 0.99"},
      {"occupancy nan",
       head + "  strategies: [linux]\n  reuse: {occupancy: nan}\n", "4:22",
       "occupancy: expected a number"},
      {"unknown linkability key",
       head + "  strategies: [linux]\n  linkability: {window: 3}\n", "4:17",
       "unknown key \"window\" in linkability"},
      {"strategy expectation without analysis",
       "name: x\nhosts: {a: {address: 10.0.0.1}}\nexpect:\n"
       "  - {strategy: linux, metric: cost.mean_ports_filled, min: 1}\n",
       "4:6", "this scenario has none"},
      {"strategy not analysed",
       ok + "  - {strategy: random, metric: cost.mean_ports_filled, min: 1}\n",
       "5:16", "\"random\" is not among analysis: strategies:"},
      {"no metric", ok + "  - {strategy: linux, min: 1}\n", "5:5",
       "needs metric:"},
      {"no bound", ok + "  - {strategy: linux, metric: cost.mean_ports_filled}\n",
       "5:5", "checks nothing"},
      {"min above max",
       ok + "  - {strategy: linux, metric: cost.x, min: 2, max: 1}\n", "5:52",
       "max: is below min:"},
      {"strategy and host",
       ok + "  - {strategy: linux, host: a, metric: cost.x, min: 1}\n", "5:23",
       "names one of step:, host:, workload:, nat:, headroom: or strategy:"},
  };
  for (const BadCase& c : cases) {
    DYNAMIC_SECTION(c.name) {
      absl::StatusOr<Scenario> s = LoadScenarioText(c.yaml, "bad.yaml");
      INFO(s.status().ToString());
      REQUIRE(s.status().code() == absl::StatusCode::kInvalidArgument);
      const std::string message(s.status().message());
      CHECK(message.rfind("bad.yaml:" + c.where + ":", 0) == 0);
      CHECK(message.find(c.fragment) != std::string::npos);
    }
  }
}

}  // namespace
}  // namespace portlab::scenario
