// Evaluate: one table per kind of `expect:` entry, each case an entry
// against one hand-built Result, with the detail the report prints for it.
#include "portlab/run/expectations.h"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

// A case names only the fields its entry sets (designated initializers); the
// others keep their defaults, as an entry that does not give them.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace portlab::run {
namespace {

using scenario::AnalysisExpect;
using scenario::ExpectKind;
using scenario::FigureRange;
using scenario::HostExpect;
using scenario::NatExpect;
using scenario::ProbeExpect;
using scenario::StepExpect;
using scenario::TimeRange;
using scenario::WorkloadExpect;
using Figures = std::map<std::string, int64_t>;
using Ranges = std::map<std::string, FigureRange>;

SimTime At(Duration d) { return SimTime() + d; }

sim::StepResult Step(int index, std::string host, std::string op, int64_t ok) {
  sim::StepResult s;
  s.index = index;
  s.host = std::move(host);
  s.op = std::move(op);
  s.ok = ok;
  return s;
}

// Step 1: a client's connects, one failed and one port repeated. Steps 2-4:
// nat-probes (found a restricted cone; could not finish; binding outlived
// the search). Host `client`, workload `web`, NAT `cgn`, and an analysis of
// `linux` with one figure at a single point and one at two.
sim::Result ExpectationsResult() {
  sim::Result r;
  sim::StepResult connect = Step(1, "client", "connect", 3);
  connect.errors = {{"EADDRNOTAVAIL", 1}};
  connect.ports = {40002, 40000, 40002, 0};
  r.steps = {connect, Step(2, "c", "nat-probe", 1), Step(3, "c", "nat-probe", 0),
             Step(4, "c", "nat-probe", 1)};

  sim::NatProbeResult found;
  found.step = 2;
  found.report.mapping = nat::Dependence::kEndpointIndependent;
  found.report.filtering = nat::Dependence::kAddressDependent;
  found.report.classic = "restricted cone";
  found.report.hairpinning = true;
  found.report.binding_lifetime = Duration::Seconds(30);
  sim::NatProbeResult unfinished;
  unfinished.step = 3;
  unfinished.error = "no answer";
  sim::NatProbeResult forever;
  forever.step = 4;
  r.nat_probes = {found, unfinished, forever};

  sim::HostResult client;
  client.name = "client";
  client.tcp.peak_time_wait = 64;
  client.tcp.time_wait = 3;
  client.tcp.demux = {{"exact", 10}};
  client.tcp.failures = {{"EADDRNOTAVAIL", {{"range used up", 2}}}};
  client.udp.calls = 2;
  r.hosts = {client};
  sim::FailureGroup failed;
  failed.host = "client";
  failed.protocol = "tcp";
  failed.first = At(Duration::Millis(2500));
  r.failure_groups = {failed};

  sim::WorkloadResult web;
  web.name = "web";
  web.attempts = 100;
  web.ok = 90;
  web.failures = 10;
  web.errors = {{"EADDRNOTAVAIL", 10}};
  web.ok_rate = 45.7;
  web.peak_open = 12;
  web.first_failure = At(Duration::Seconds(4));
  r.workloads = {web};

  nat::NatFigures cgn;
  cgn.name = "cgn";
  cgn.mappings = 5;
  r.nats = {cgn};

  r.analysis = {{"linux", "linkability", "success_rate", std::nullopt, 0.25, 8},
                {"linux", "cost", "mean_probes_at", 50.0, 1.5, 8},
                {"linux", "cost", "mean_probes_at", 90.0, 4.0, 8}};
  return r;
}

struct EvaluateCase {
  const char* name;
  ExpectKind kind;
  bool passed;
  const char* detail;
};

void RunEvaluateCases(const std::vector<EvaluateCase>& cases) {
  const sim::Result result = ExpectationsResult();
  for (const EvaluateCase& c : cases) {
    INFO(c.name);
    std::vector<sim::ExpectationResult> got =
        Evaluate({scenario::ExpectSpec{.index = 7, .kind = c.kind}}, result);
    REQUIRE(got.size() == 1);
    CHECK(got[0].index == 7);
    CHECK(got[0].passed == c.passed);
    CHECK(got[0].detail == c.detail);
  }
}

TEST_CASE("step entries check a step's calls", "[run]") {
  using Errors = std::map<std::string, int64_t>;
  RunEvaluateCases({
      {"ok and errors hold",
       StepExpect{.step = 1, .ok = 3, .errors = Errors{{"EADDRNOTAVAIL", 1}}}, true,
       "step 1 (client connect); ok 3, expected 3; errors {EADDRNOTAVAIL: 1}, expected "
       "{EADDRNOTAVAIL: 1}"},
      {"ok differs", StepExpect{.step = 1, .ok = 4}, false,
       "step 1 (client connect); MISMATCH ok 3, expected 4"},
      {"no errors expected", StepExpect{.step = 1, .errors = Errors{}}, false,
       "step 1 (client connect); MISMATCH errors {EADDRNOTAVAIL: 1}, expected {}"},
      {"ports in call order", StepExpect{.step = 1, .ports = std::vector<int>{40002, 40000, 40002, 0}},
       true, "step 1 (client connect); ports [40002, 40000, 40002, 0], expected [40002, 40000, 40002, 0]"},
      {"ports outside the range, zero not counted",
       StepExpect{.step = 1, .ports_in = net::PortRange{net::Port(40000), net::Port(40001)}}, false,
       "step 1 (client connect); MISMATCH 2 ports outside 40000-40001"},
      {"a repeated port", StepExpect{.step = 1, .distinct_ports = true}, false,
       "step 1 (client connect); MISMATCH 2 distinct ports among 3, expected all distinct"},
      {"a repeat expected", StepExpect{.step = 1, .distinct_ports = false}, true,
       "step 1 (client connect); 2 distinct ports among 3, expected a repeat"},
      {"no such step", StepExpect{.step = 9, .ok = 1}, false, "MISMATCH step 9 does not exist"},
  });
}

TEST_CASE("probe entries check what a nat-probe found, then its ok", "[run]") {
  RunEvaluateCases({
      {"every finding holds",
       ProbeExpect{.step = 2,
                   .ok = 1,
                   .mapping = "endpoint-independent",
                   .filtering = "address-dependent",
                   .classic = "restricted cone",
                   .hairpinning = true,
                   .binding_lifetime = Duration::Seconds(30)},
       true,
       "step 2 (c nat-probe); mapping endpoint-independent, expected endpoint-independent; "
       "filtering address-dependent, expected address-dependent; classic restricted cone, "
       "expected restricted cone; hairpinning true, expected true; binding_lifetime 30s, "
       "expected 30s; ok 1, expected 1"},
      {"findings differ",
       ProbeExpect{.step = 2, .filtering = "endpoint-independent", .hairpinning = false}, false,
       "step 2 (c nat-probe); MISMATCH filtering address-dependent, expected "
       "endpoint-independent; MISMATCH hairpinning true, expected false"},
      {"the probe did not finish", ProbeExpect{.step = 3, .ok = 0, .mapping = "endpoint-independent"},
       false, "step 3 (c nat-probe); MISMATCH the probe did not finish: no answer; ok 0, expected 0"},
      {"only ok: the findings are not looked at", ProbeExpect{.step = 3, .ok = 0}, true,
       "step 3 (c nat-probe); ok 0, expected 0"},
      {"the binding outlived the search",
       ProbeExpect{.step = 4, .binding_lifetime = Duration::Seconds(60)}, false,
       "step 4 (c nat-probe); MISMATCH binding_lifetime longer than the search, expected 60s"},
      {"no such step", ProbeExpect{.step = 8, .ok = 1}, false, "MISMATCH step 8 does not exist"},
  });
}

TEST_CASE("host entries check exact figures, then ranges, then first_failure", "[run]") {
  RunEvaluateCases({
      {"exact figures in name order",
       HostExpect{.host = "client", .figures = Figures{{"peak_time_wait", 64}, {"demux_exact", 10}}},
       true, "client tcp; demux_exact 10, expected 10; peak_time_wait 64, expected 64"},
      {"a range and first_failure",
       HostExpect{.host = "client",
                  .figures = Figures{{"failures", 2}},
                  .ranges = Ranges{{"time_wait", {0, 2}}},
                  .first_failure = TimeRange{Duration::Seconds(2), Duration::Seconds(3)}},
       false,
       "client tcp; failures 2, expected 2; MISMATCH time_wait 3, expected [0, 2]; "
       "first_failure 2500ms, expected [2s, 3s]"},
      {"udp never failed",
       HostExpect{.host = "client",
                  .protocol = net::Protocol::kUdp,
                  .figures = Figures{{"calls", 2}},
                  .first_failure = TimeRange{Duration::Seconds(1), Duration::Seconds(1)}},
       false,
       "client udp; calls 2, expected 2; MISMATCH first_failure never (no failure), expected 1s"},
      {"an unknown figure", HostExpect{.host = "client", .figures = Figures{{"bogus", 1}}}, false,
       "client tcp; MISMATCH unknown figure bogus"},
      {"no such host", HostExpect{.host = "server", .figures = Figures{{"calls", 1}}}, false,
       "MISMATCH host server does not exist"},
  });
}

TEST_CASE("workload entries check figures as ranges, then first_failure", "[run]") {
  RunEvaluateCases({
      {"figures, errors and first_failure hold",
       WorkloadExpect{.workload = "web",
                      .figures = Ranges{{"ok_rate", {45, 45}},
                                        {"errors EADDRNOTAVAIL", {5, 20}},
                                        {"attempts", {100, 100}}},
                      .first_failure = TimeRange{Duration::Seconds(4), Duration::Seconds(4)}},
       true,
       "workload web; attempts 100, expected 100; errors EADDRNOTAVAIL 10, expected [5, 20]; "
       "ok_rate 45, expected 45; first_failure 4s, expected 4s"},
      {"an errno it never saw counts 0",
       WorkloadExpect{.workload = "web",
                      .figures = Ranges{{"errors EMFILE", {1, 5}}, {"peak_open", {0, 10}}}},
       false,
       "workload web; MISMATCH errors EMFILE 0, expected [1, 5]; MISMATCH peak_open 12, expected "
       "[0, 10]"},
      {"no such workload", WorkloadExpect{.workload = "db", .figures = Ranges{{"ok", {1, 1}}}},
       false, "MISMATCH workload db does not exist"},
  });
}

TEST_CASE("nat entries check NAT figures exactly", "[run]") {
  RunEvaluateCases({
      {"one holds, one differs",
       NatExpect{.nat = "cgn", .figures = Figures{{"mappings", 5}, {"hairpinned", 1}}}, false,
       "NAT cgn; MISMATCH hairpinned 0, expected 1; mappings 5, expected 5"},
      {"no such NAT", NatExpect{.nat = "edge", .figures = Figures{{"mappings", 0}}}, false,
       "MISMATCH NAT edge does not exist"},
  });
}

TEST_CASE("strategy entries check one analysis figure against its bounds", "[run]") {
  RunEvaluateCases({
      {"below max",
       AnalysisExpect{.strategy = "linux", .metric = "linkability.success_rate", .max = 0.5}, true,
       "linux linkability.success_rate 0.25, expected <= 0.5"},
      {"below min",
       AnalysisExpect{.strategy = "linux", .metric = "linkability.success_rate", .min = 0.3}, false,
       "MISMATCH linux linkability.success_rate 0.25, expected >= 0.3"},
      {"at x, outside both bounds",
       AnalysisExpect{
           .strategy = "linux", .metric = "cost.mean_probes_at", .x = 90, .min = 1, .max = 2},
       false, "MISMATCH linux cost.mean_probes_at at 90 4, expected in [1, 2]"},
      {"no x for a metric with several",
       AnalysisExpect{.strategy = "linux", .metric = "cost.mean_probes_at", .min = 1}, false,
       "MISMATCH linux cost.mean_probes_at: 2 figures, expected one"},
  });
}

TEST_CASE("Evaluate answers every entry, in order, with its index", "[run]") {
  std::vector<scenario::ExpectSpec> entries = {
      {.index = 0, .kind = NatExpect{.nat = "cgn", .figures = Figures{{"mappings", 5}}}},
      {.index = 1, .kind = StepExpect{.step = 1, .ok = 0}},
  };
  std::vector<sim::ExpectationResult> got = Evaluate(entries, ExpectationsResult());
  REQUIRE(got.size() == 2);
  CHECK(got[0].index == 0);
  CHECK(got[0].passed);
  CHECK(got[1].index == 1);
  CHECK_FALSE(got[1].passed);
}

}  // namespace
}  // namespace portlab::run
