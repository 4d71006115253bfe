// The done-when of `portlab import` and `portlab headroom` together: the
// machine recorded in tests/import/fixtures went on opening connections
// after its snapshot until connect() failed (outcome.json); headroom of the
// scenario imported from that snapshot (scenarios/imported-incident.yaml)
// predicts when, and after how many connections.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <string>

#include "nlohmann/json.hpp"
#include "portlab/sim/headroom.h"
#include "portlab/scenario/loader.h"

namespace portlab::analysis {
namespace {

TEST_CASE("headroom of an imported machine predicts when it ran out", "[headroom][import]") {
  std::ifstream in(std::string(PORTLAB_SOURCE_DIR) + "/tests/import/fixtures/outcome.json");
  REQUIRE(in);
  const nlohmann::json outcome = nlohmann::json::parse(in);
  const double failed_after_s = outcome.at("failed_after_b_s").get<double>();
  const int64_t connections = outcome.at("connections_after_b").get<int64_t>();

  absl::StatusOr<scenario::Scenario> s =
      scenario::LoadScenarioFile(std::string(PORTLAB_SOURCE_DIR) + "/scenarios/imported-incident.yaml");
  REQUIRE(s.ok());
  absl::StatusOr<sim::Headroom> h = sim::MeasureHeadroom(*s, s->seed.value_or(1), SimTime());
  REQUIRE(h.ok());
  REQUIRE(h->binding);
  const sim::HeadroomPool& pool = h->pools[*h->binding];
  INFO(pool.owner << " " << pool.source << " -> " << pool.destination);
  // Its 40 TIME-WAIT entries end about 25 s in, before the range fills:
  // without them the prediction is 29.9 s, 12 % early.
  CHECK(pool.releases.size() == 40);
  const std::optional<SimTime> t = pool.exhaustion();
  REQUIRE(t);
  // The rate was read from two snapshots 5 s apart (50 or 51 connections),
  // and ss's timers are whole seconds: 5 % and 3 connections.
  CHECK(std::abs(t->seconds() - failed_after_s) <= 0.05 * failed_after_s);
  const double made = pool.rate * (*t - pool.rate_from).seconds();
  CHECK(std::abs(made - static_cast<double>(connections)) <= 3.0 + 0.02 * static_cast<double>(connections));
}

}  // namespace
}  // namespace portlab::analysis
