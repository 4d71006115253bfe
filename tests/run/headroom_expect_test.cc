// `headroom:` entries of `expect:` (scenario.h HeadroomExpect) against the
// headroom every run measures as it starts (sim/headroom.h), and the
// section of the run's summary and JSON they read (run_headroom_writer.h).
#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "portlab/analysis/scenario_analysis.h"
#include "portlab/report/run_headroom_writer.h"
#include "portlab/report/summary_writer.h"
#include "portlab/scenario/loader.h"

namespace portlab::run {
namespace {

// exhaustion-linux's workload: 1000 conn/s to one destination, 60 s of
// TIME-WAIT against 28232 ports: the range runs out at ~28.2 s. The
// workload stops at 40 s, before the first TIME-WAIT ends: at most
// 40,000 places are wanted at once (room 28232 / 40000).
constexpr const char* kHeadroomBase = R"(
name: headroom expect
seed: 1
until: 40s
hosts:
  client: {address: 10.0.0.1, os: linux}
  server: {address: 10.0.0.2, os: linux}
steps:
  - {at: 0s, host: server, op: listen, proto: tcp, port: 80}
workloads:
  - {name: web, from: client, to: "10.0.0.2:80", rate: RATE, stop: 40s}
expect:
)";

std::string HeadroomScenarioText(const std::string& rate, const std::string& entries) {
  std::string text = kHeadroomBase;
  text.replace(text.find("RATE"), 4, rate);
  return text + entries;
}

analysis::ScenarioRun RunHeadroomText(const std::string& text) {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(text, "headroom.yaml");
  REQUIRE(s.ok());
  absl::StatusOr<analysis::ScenarioRun> r = analysis::RunScenarioWithAnalysis(*s, RunOptions{});
  REQUIRE(r.ok());
  return *std::move(r);
}

TEST_CASE("headroom expect: each field holds or fails with its figure", "[headroom][expect]") {
  struct Case {
    const char* entry;
    bool passes;
    const char* detail;  // a part of the detail
  };
  const Case cases[] = {
      {"  - {headroom: binding, owner: client, kind: host range}\n", true, "host range of client"},
      {"  - {headroom: binding, exhaustion: [28s, 28.5s], room: [0.70, 0.71]}\n", true, "exhaustion 28231ms"},
      {"  - {headroom: binding, exhaustion: never}\n", false, "MISMATCH exhaustion 28231ms, expected never"},
      {"  - {headroom: binding, capacity: 28232, in_use: [0, 1]}\n", true, "capacity 28232"},
      {"  - {headroom: client, room: [1, 2]}\n", false, "MISMATCH room 0.705"},
      {"  - {headroom: binding, owner: server}\n", false, "MISMATCH owner client, expected server"},
      {"  - {headroom: binding, kind: NAT ports per VM}\n", false, "MISMATCH kind host range"},
      {"  - {headroom: nobody, capacity: 1}\n", false, "no pool of nobody"},
  };
  for (const Case& c : cases) {
    INFO(c.entry);
    analysis::ScenarioRun r = RunHeadroomText(HeadroomScenarioText("1000", c.entry));
    REQUIRE(r.result.expectations.size() == 1);
    CHECK(r.result.expectations[0].passed == c.passes);
    CHECK_THAT(r.result.expectations[0].detail, Catch::Contains(c.detail));
  }
}

TEST_CASE("headroom expect: a pool with room never runs out", "[headroom][expect]") {
  analysis::ScenarioRun r =
      RunHeadroomText(HeadroomScenarioText("100", "  - {headroom: binding, exhaustion: never, room: [7.0, 7.1]}\n"));
  CHECK(r.result.passed);
}

TEST_CASE("headroom expect: bad entries name their line", "[headroom][expect]") {
  struct Case {
    const char* entry;
    const char* message;
  };
  const Case cases[] = {
      {"  - {headroom: binding}\n", "checks nothing"},
      {"  - {headroom: client, owner: client}\n", "owner: checks the binding pool's host or NAT"},
      {"  - {headroom: binding, kind: ports}\n", "kind"},
      {"  - {headroom: binding, room: 0.5}\n", "room: expected [MIN, MAX]"},
      {"  - {headroom: binding, room: [0.5, 0.4]}\n", "MAX is below MIN"},
      {"  - {headroom: binding, exhaustion: soon}\n", "exhaustion"},
      {"  - {headroom: binding, host: client}\n", "names one of step:, host:, workload:, nat:, headroom:"},
      {"  - {headroom: binding, ok: 1}\n", "ok"},
  };
  for (const Case& c : cases) {
    INFO(c.entry);
    absl::StatusOr<scenario::Scenario> s =
        scenario::LoadScenarioText(HeadroomScenarioText("1000", c.entry), "headroom.yaml");
    REQUIRE_FALSE(s.ok());
    CHECK(s.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK_THAT(std::string(s.status().message()), Catch::Contains("headroom.yaml:13:"));
    CHECK_THAT(std::string(s.status().message()), Catch::Contains(c.message));
  }
}

TEST_CASE("headroom section: shown near capacity with the fixes by formula, always in the JSON",
          "[headroom]") {
  analysis::ScenarioRun tight = RunHeadroomText(HeadroomScenarioText("1000", "  - {headroom: binding, capacity: 28232}\n"));
  REQUIRE(tight.result.headroom.measured);
  CHECK(sim::HeadroomShown(tight.result));
  CHECK_FALSE(tight.result.headroom.fixes.empty());
  std::ostringstream summary;
  report::WriteSummary(tight.result, summary);
  CHECK_THAT(summary.str(), Catch::Contains("headroom at 0s"));
  CHECK_THAT(summary.str(), Catch::Contains("fixes ranked by their formulas (portlab headroom SCENARIO checks"));
  CHECK_THAT(summary.str(), Catch::Contains("pooling connections"));
  CHECK_THAT(summary.str(), Catch::Contains("more source addresses"));

  CHECK_THAT(summary.str(), Catch::Contains("  1 in use + 1000 conn/s x 60.004s held: 40001 at most at once > 28232"));

  // The steps' connect() calls are named beside what is in use, not in it.
  std::string with_steps = HeadroomScenarioText("1000", "  - {headroom: binding, capacity: 28232}\n");
  with_steps.insert(with_steps.find("workloads:"),
                    "  - {at: 10s, host: client, op: connect, proto: tcp, to: \"10.0.0.2:80\", count: 100}\n");
  analysis::ScenarioRun burst = RunHeadroomText(with_steps);
  std::ostringstream burst_summary;
  report::WriteSummary(burst.result, burst_summary);
  CHECK_THAT(burst_summary.str(), Catch::Contains("  1 in use + 100 the steps' + 1000 conn/s x 60.004s held: 40101 at"));

  // 100 conn/s need 6000 of 28232 ports: no section, no fixes; the JSON has the pools.
  analysis::ScenarioRun roomy = RunHeadroomText(HeadroomScenarioText("100", "  - {headroom: binding, capacity: 28232}\n"));
  CHECK_FALSE(sim::HeadroomShown(roomy.result));
  CHECK(roomy.result.headroom.fixes.empty());
  std::ostringstream quiet;
  report::WriteSummary(roomy.result, quiet);
  CHECK_THAT(quiet.str(), !Catch::Contains("headroom at"));
  nlohmann::ordered_json j = report::RunHeadroomJson(roomy.result);
  CHECK(j["shown"] == false);
  CHECK(j["pools"].size() == 1);
  CHECK(j["pools"][0]["capacity"] == 28232);
  CHECK(j["binding"] == 0);
  CHECK(j["fixes"].empty());
}

TEST_CASE("headroom section: a run with too many draws is not measured, and says why", "[headroom]") {
  std::string text = R"(
name: many clients
until: 1s
hosts:
  client: {address: 10.0.0.1, quantity: 5000}
  server: {address: 10.200.0.1}
workloads:
  - {name: w, from: client, to: "10.200.0.1:80", rate: 1, stop: 1s}
expect:
  - {headroom: binding, capacity: 1}
)";
  analysis::ScenarioRun r = RunHeadroomText(text);
  CHECK_FALSE(r.result.headroom.measured);
  CHECK_THAT(r.result.headroom.not_measured, Catch::Contains("more than a run measures"));
  REQUIRE(r.result.expectations.size() == 1);
  CHECK_FALSE(r.result.expectations[0].passed);
  CHECK_THAT(r.result.expectations[0].detail, Catch::Contains("headroom not measured"));
}

}  // namespace
}  // namespace portlab::run
