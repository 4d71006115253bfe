// `portlab headroom`'s analysis (analysis/headroom.h, headroom_fixes.h) on
// shipped scenarios: the binding pool, the burst failures predicted, and
// every ranked fix checked by its run agreeing with its prediction.
#include "portlab/analysis/headroom_fixes.h"

#include <catch2/catch.hpp>
#include <string>

#include "portlab/report/headroom_writer.h"
#include "portlab/scenario/loader.h"

namespace portlab::analysis {
namespace {

scenario::Scenario ShippedScenario(const std::string& name) {
  absl::StatusOr<scenario::Scenario> s =
      scenario::LoadScenarioFile(std::string(PORTLAB_SOURCE_DIR) + "/scenarios/" + name + ".yaml");
  REQUIRE(s.ok());
  return *s;
}

struct ShippedCase {
  const char* scenario;
  const char* binding;     // the binding pool, as the text writer names it (owner, kind)
  sim::PoolKind kind;
  int64_t burst_failures;  // -1: a rate runs it out, no burst
  size_t min_fixes;
};

void CheckShipped(const ShippedCase& c) {
  INFO(c.scenario);
  const scenario::Scenario s = ShippedScenario(c.scenario);
  HeadroomOptions o;
  o.seed = s.seed.value_or(1);
  absl::StatusOr<HeadroomReport> r = AnalyzeHeadroom(s, o);
  REQUIRE(r.ok());
  REQUIRE(r->headroom.binding);
  const sim::HeadroomPool& b = r->headroom.pools[*r->headroom.binding];
  CHECK(b.owner == c.binding);
  CHECK(b.kind == c.kind);
  REQUIRE(r->simulated);
  if (c.burst_failures >= 0) {
    CHECK(b.burst_failures() == c.burst_failures);
    CHECK(r->simulated->failures == c.burst_failures);
  } else {
    CHECK(b.exhaustion());
    CHECK(r->simulated->failures > 0);
  }
  CHECK(r->fixes.size() >= c.min_fixes);
  CHECK(r->runs == 1 + static_cast<int>(r->fixes.size()));
  for (const Fix& f : r->fixes) {
    INFO(FixKindName(f.kind) << ": " << f.change);
    CHECK(report::FixAgrees(f));
    CHECK(f.predicted.room > r->predicted.room);
  }
}

TEST_CASE("headroom: each ranked fix's run agrees with its prediction on shipped scenarios", "[headroom]") {
  const ShippedCase cases[] = {
      {"exhaustion-linux", "client", sim::PoolKind::kHostRange, -1, 3},
      {"connect-exhaustion", "client", sim::PoolKind::kHostRange, 36, 1},
      {"nat-cloud-port-allocation", "gcp-static", sim::PoolKind::kNatSubscriber, 136, 2},
      {"nat-aws-destination-limit", "gw", sim::PoolKind::kNatDestination, 1000, 1},
      {"nat-cloud-workload", "cgn", sim::PoolKind::kNatSubscriber, -1, 2},
      // Google Cloud NAT: 460 VMs, 434 blocks (floor(64,512 / 2,048) x 14
      // NAT IPs): the blocks bind, not a VM's 2,048 ports.
      {"nat-cloud-gcp-port-reservation", "gitlab", sim::PoolKind::kNatBlocks, 26, 1},
  };
  for (const ShippedCase& c : cases) CheckShipped(c);
}

TEST_CASE("headroom: fixes of tw-reuse-and-bind-no-port agree with their runs", "[headroom]") {
  CheckShipped({"tw-reuse-and-bind-no-port", "plain", sim::PoolKind::kHostRange, -1, 3});
}

TEST_CASE("headroom: more source addresses and pooling, each checked by its run", "[headroom]") {
  struct Case {
    const char* scenario;
    FixKind kind;
    const char* change;   // a part of the change
    const char* formula;  // a part of the formula
  };
  const Case cases[] = {
      // 1000/s x 60 s against 28232 ports: 3 addresses, or 3 requests per connection.
      {"exhaustion-linux", FixKind::kMoreSourceAddresses, "addresses 10.0.0.3, 10.0.0.4 added",
       "-> 3, each with its own 28232 ports"},
      {"exhaustion-linux", FixKind::kPooling, "3 requests per connection (rate / 3, hold x 3)",
       "needed = 1 in use + 1000/s x 0s hold + 1000/s x 60.004s after close / 3 = 20002 of 28232"},
      // 200 ports held by the snapshot stay on the first address: 7 in all.
      {"imported-incident", FixKind::kMoreSourceAddresses, "one of the 7 in turn",
       "needed on the first = 201 + 1200 / 7 = 372"},
  };
  for (const Case& c : cases) {
    INFO(c.scenario << ": " << FixKindName(c.kind));
    const scenario::Scenario s = ShippedScenario(c.scenario);
    HeadroomOptions o;
    o.seed = s.seed.value_or(1);
    absl::StatusOr<HeadroomReport> r = AnalyzeHeadroom(s, o);
    REQUIRE(r.ok());
    const Fix* fix = nullptr;
    for (const Fix& f : r->fixes)
      if (f.kind == c.kind) fix = &f;
    REQUIRE(fix);
    CHECK_THAT(fix->change, Catch::Contains(c.change));
    CHECK_THAT(fix->formula, Catch::Contains(c.formula));
    CHECK(fix->predicted.failures == 0);
    CHECK_FALSE(fix->predicted.exhaustion);
    REQUIRE(fix->simulated);
    CHECK(fix->simulated->failures == 0);
  }
}

TEST_CASE("headroom: sockets that exist at --at count as in use", "[headroom]") {
  // connect-exhaustion at 1s: the first step's 64 connections hold the
  // range toward 10.0.0.2; only the second step, toward 10.0.0.3, is ahead.
  const scenario::Scenario s = ShippedScenario("connect-exhaustion");
  absl::StatusOr<sim::Headroom> h = sim::MeasureHeadroom(s, 6, SimTime() + Duration::Seconds(1));
  REQUIRE(h.ok());
  REQUIRE(h->pools.size() == 2);
  CHECK(h->pools[0].destination == "10.0.0.2:8080");
  CHECK(h->pools[0].in_use == 64);
  CHECK(h->pools[0].burst == 0);
  CHECK(h->pools[1].destination == "10.0.0.3:8080");
  CHECK(h->pools[1].in_use == 0);
  CHECK(h->pools[1].burst == 64);
  CHECK(h->pools[1].burst_failures() == 0);
}

TEST_CASE("headroom: checking work past the bound is refused before any run", "[headroom]") {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(R"(
name: too much
hosts:
  client: {address: 10.0.0.1}
  server: {address: 10.0.0.2}
steps:
  - {at: 0s, host: server, op: listen, proto: tcp, port: 80}
workloads:
  - {name: web, from: client, to: "10.0.0.2:80", rate: 1000000, stop: 100s}
)",
                                                                     "big.yaml");
  REQUIRE(s.ok());
  HeadroomOptions o;
  absl::StatusOr<HeadroomReport> r = AnalyzeHeadroom(*s, o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == absl::StatusCode::kResourceExhausted);
  CHECK_THAT(std::string(r.status().message()), Catch::Contains("runs of the scenario"));
  o.check = false;
  CHECK(AnalyzeHeadroom(*s, o).ok());
}

}  // namespace
}  // namespace portlab::analysis
