// A workload's prediction where a NAT's port blocks bind: more clients
// behind the NAT than blocks is exhaustion (issue 21), with how many
// clients get none and when, as a table of scenarios; headroom's pool of
// the NAT's blocks reads them the same way.
#include <catch2/catch.hpp>
#include <optional>
#include <string>

#include "portlab/run/run.h"
#include "portlab/sim/headroom.h"
#include "portlab/scenario/loader.h"

namespace portlab::sim {
namespace {

// `vms` clients behind a Google Cloud NAT with 16,384-port blocks on one
// outside address: floor(64,512 / 16,384) = 3 blocks.
std::string BlocksScenario(int vms, const std::string& arrivals) {
  return "name: blocks\n"
         "until: 200s\n"
         "hosts:\n"
         "  api: {address: 198.51.100.20}\n"
         "  vm: {address: 10.20.0.10, quantity: " +
         std::to_string(vms) +
         "}\n"
         "nats:\n"
         "  gw:\n"
         "    profile: gcp-cloud-nat\n"
         "    inside: 10.20.0.0/24\n"
         "    outside: [35.0.0.1]\n"
         "    knobs: {port_block_size: 16384}\n"
         "steps:\n"
         "  - {at: 0s, host: api, op: listen, proto: tcp, port: 443}\n"
         "workloads:\n"
         "  - {name: fleet, from: vm, to: \"198.51.100.20:443\", start: 1s, " +
         arrivals + "}\n";
}

// Headroom's pool of NAT gw's port blocks at the start.
HeadroomPool BlocksPoolOf(const std::string& yaml) {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(yaml, "blocks.yaml");
  REQUIRE(s.ok());
  absl::StatusOr<Headroom> h = MeasureHeadroom(*s, 1, SimTime());
  INFO(h.status().ToString());
  REQUIRE(h.ok());
  for (const HeadroomPool& p : h->pools) {
    if (p.kind == PoolKind::kNatBlocks) return p;
  }
  FAIL("no pool of port blocks");
  return {};
}

WorkloadResult FleetOf(const std::string& yaml) {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(yaml, "blocks.yaml");
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  run::RunOptions options;
  options.seed = 1;
  absl::StatusOr<Result> r = run::RunScenario(*s, options);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  REQUIRE(r->workloads.size() == 1);
  return r->workloads.front();
}

TEST_CASE("prediction: a NAT's port blocks short of its clients predict exhaustion", "[workload][prediction]") {
  constexpr double kSynGiveUp = 131;  // Linux's defaults, port_capacity_test
  struct Case {
    const char* name;
    int vms;
    std::string arrivals;  // the workload's fields but from:, to: and start: 1s
    bool exhaustion;
    int64_t refused;
    std::optional<double> limit_reached_s;  // unset: no time predicted
    int64_t failures;                       // simulated; -1: not checked
  };
  // One long connection per client.
  const std::string kOnce = "rate: 1, count: 1, hold: 1000s";
  const Case cases[] = {
      {"one more client than blocks, all at the start", 4, kOnce, true, 1, 1.0, 1},
      {"ten clients on three blocks", 10, kOnce, true, 7, 1.0, 7},
      {"exactly full: no exhaustion", 3, kOnce, false, 0, std::nullopt, 0},
      // The 4th of 4 first arrivals, each unit-exponential at 1/s:
      // 1/4 + 1/3 + 1/2 + 1 after the start, in expectation.
      {"Poisson arrivals: the expected 4th first connection", 4, kOnce + ", arrivals: poisson", true, 1,
       1 + 1.0 / 4 + 1.0 / 3 + 1.0 / 2 + 1, 1},
      {"Poisson arrivals on a ramp: no time", 4, kOnce + ", arrivals: poisson, rate_end: 2, stop: 100s", true,
       1, std::nullopt, 1},
      // A client's connections overlap at the NAT (one a second, each held
      // there 121 s): it keeps its block, and the 4th never gets one: each
      // of its 29 connections (1 s to 29 s) fails.
      {"a steady rate keeps the blocks", 4, "rate: 1, hold: 1s, stop: 30s", true, 1, 1.0, 29},
      // Fixed arrivals: every client connects at 1 s and 1001 s; each time
      // the 4th's last SYN (67 s on) comes before a block goes back (121 s;
      // the second round's failure would come after until: 200s).
      {"fixed arrivals refuse at every round", 4, "rate: 0.001, count: 2, hold: 1s", true, 1, 1.0, 1},
      // Poisson: one connection per ~1000 s, each held ~121 s at the NAT: a
      // client's block goes back between them, so they are shared over
      // time, not short.
      {"sparse Poisson connections share the blocks", 4, "rate: 0.001, hold: 1s, stop: 2000s, arrivals: poisson",
       false, 0, std::nullopt, -1},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const WorkloadResult w = FleetOf(BlocksScenario(c.vms, c.arrivals));
    const Prediction& p = w.prediction;
    REQUIRE(p.applies);
    if (c.failures >= 0) CHECK(w.failures == c.failures);
    CHECK(p.exhaustion == c.exhaustion);
    CHECK(p.clients_refused == c.refused);
    // Headroom: clients that keep their blocks are one each (a burst);
    // blocks shared over time are a rate of takes, each held for the
    // client's share of the time.
    const HeadroomPool blocks = BlocksPoolOf(BlocksScenario(c.vms, c.arrivals));
    CHECK(blocks.capacity == 3);
    if (p.exhaustion) {
      CHECK(blocks.burst == c.vms);
      CHECK(blocks.burst_failures() == c.refused);
    } else if (c.refused == 0 && c.vms > 3) {
      CHECK(blocks.burst == 0);
      CHECK(blocks.rate > 0);
      CHECK(blocks.room() > 1);
    }
    if (!c.exhaustion) {
      CHECK_FALSE(p.first_failure);
      continue;
    }
    CHECK(p.limit == "NAT gw, 3 port blocks (3 per outside address x 1)");
    // The host's own range does not bind: no note on how it is searched.
    for (const std::string& note : p.notes) {
      CHECK_THAT(note, !Catch::Contains("parity halves") && !Catch::Contains("timer tick"));
    }
    CHECK(p.usable_ports == 3);
    CHECK(p.needed_ports == c.vms);
    CHECK(p.pool_clients == c.vms);
    REQUIRE(p.limit_reached.has_value() == c.limit_reached_s.has_value());
    if (!c.limit_reached_s) {
      CHECK_FALSE(p.first_failure);
      continue;
    }
    CHECK(p.limit_reached->seconds() == Approx(*c.limit_reached_s).margin(0.001));
    // The NAT drops the SYN: connect() fails when its retries run out.
    REQUIRE(p.first_failure);
    CHECK(p.first_failure->seconds() == Approx(*c.limit_reached_s + kSynGiveUp).margin(0.001));
  }
}

TEST_CASE("prediction: workloads that together pass a NAT's port blocks say so", "[workload][prediction]") {
  // Two workloads of two VMs each, one long connection per VM, behind the
  // 3 blocks of BlocksScenario's NAT: each fits alone, not together.
  std::string yaml = BlocksScenario(4, "rate: 1, count: 1, hold: 1000s");
  yaml.replace(yaml.find("  - {name: fleet, from: vm,"), std::string("  - {name: fleet, from: vm,").size(),
               "  - {name: fleet-b, from: [vm.2, vm.3], to: \"198.51.100.20:443\", start: 2s, rate: 1, count: 1, "
               "hold: 1000s}\n  - {name: fleet, from: [vm.0, vm.1],");
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(yaml, "blocks.yaml");
  INFO(s.status().ToString() << "\n" << yaml);
  REQUIRE(s.ok());
  absl::StatusOr<Result> r = run::RunScenario(*s, run::RunOptions());
  REQUIRE(r.ok());
  REQUIRE(r->workloads.size() == 2);
  int64_t failures = 0;
  for (const WorkloadResult& w : r->workloads) {
    INFO(w.name);
    failures += w.failures;
    CHECK_FALSE(w.prediction.exhaustion);  // neither is short alone
    const std::string other = w.name == "fleet" ? "fleet-b" : "fleet";
    CHECK_THAT(w.prediction.notes, Catch::VectorContains(std::string(
                                       "NAT gw's 3 port blocks also go to the clients of " + other +
                                       ": 4 clients behind it in all, so 1 of them get none, whichever connect last")));
  }
  // The VM that connects last (fleet-b's, at 2 s) is the one refused.
  CHECK(failures == 1);
}

}  // namespace
}  // namespace portlab::sim
