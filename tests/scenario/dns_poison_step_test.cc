// `op: dns-poison` steps: loading (file:line:column errors), the race run
// against resolvers built as the step's host is at that moment (its os:,
// sysctl: and earlier set steps), and `expect:` entries on how it went.
#include <catch2/catch.hpp>
#include <string>

#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::scenario {
namespace {

// steps: starts on line 5.
const std::string kPoisonHead =
    "name: p\n"
    "hosts:\n"
    "  r: {address: 10.0.0.53, os: custom}\n"
    "latency: 5ms\n"
    "steps:\n";

std::string PoisonLoadError(const std::string& text) {
  absl::StatusOr<Scenario> s = LoadScenarioText(text, "p.yaml");
  REQUIRE_FALSE(s.ok());
  return std::string(s.status().message());
}

TEST_CASE("dns-poison steps load, and bad ones are named at file:line:column", "[poisoning][loader]") {
  absl::StatusOr<Scenario> ok =
      LoadScenarioText(kPoisonHead + "  - {at: 2s, host: r, op: dns-poison}\n"
                                     "  - {at: 3s, host: r, op: dns-poison, rate: 7, rtt: 1s, "
                                     "trials: 9, query_port: 53}\n",
                       "p.yaml");
  REQUIRE(ok.ok());
  REQUIRE(ok->steps[0].poison);
  CHECK(ok->steps[0].op == StepOp::kDnsPoison);
  CHECK(ok->steps[0].poison->rate == 100000);
  CHECK(ok->steps[0].poison->trials == 1000);
  CHECK_FALSE(ok->steps[0].poison->rtt);
  CHECK_FALSE(ok->steps[0].poison->query_port);
  const PoisonSpec& p = *ok->steps[1].poison;
  CHECK(p.rate == 7);
  CHECK(p.rtt == Duration::Seconds(1));
  CHECK(p.trials == 9);
  CHECK(p.query_port == net::Port(53));

  struct BadPoison {
    std::string steps;
    std::string where;
    std::string says;
  };
  const BadPoison cases[] = {
      {"  - {at: 2s, host: r, op: dns-poison, rate: 0}\n", "p.yaml:6:45", "rate"},
      {"  - {at: 2s, host: r, op: dns-poison, rtt: 0s}\n", "p.yaml:6:44", "rtt: must be longer than 0"},
      {"  - {at: 2s, host: r, op: dns-poison, trials: 0}\n", "p.yaml:6:47", "trials"},
      {"  - {at: 2s, host: r, op: dns-poison, trials: 1000001}\n", "p.yaml:6:47", "trials"},
      {"  - {at: 2s, host: r, op: dns-poison, query_port: 0}\n", "p.yaml:6:51", "query_port"},
      {"  - {at: 2s, host: r, op: dns-poison, proto: udp}\n", "p.yaml:6:39",
       "key \"proto\" is not allowed for op dns-poison; op dns-poison takes: at, host, op, rate, "
       "rtt, trials, query_port"},
      {"  - {at: 2s, op: dns-poison}\n", "p.yaml:6:5", "needs host:"},
      {"  - {at: 2s, host: r, op: bind, proto: udp, port: 1, rate: 5}\n", "p.yaml:6:54",
       "key \"rate\" is not allowed for op bind"},
      {"  - {at: 2s, host: r, op: dns-poison}\nexpect:\n  - {step: 0}\n", "p.yaml:8:5",
       "checks nothing; give poisoned:, predicted: or agrees:"},
      {"  - {at: 2s, host: r, op: dns-poison}\nexpect:\n  - {step: 0, ports: [1]}\n", "p.yaml:8:15",
       "unknown key \"ports\""},
      {"  - {at: 2s, host: r, op: dns-poison}\nexpect:\n  - {step: 0, agrees: maybe}\n", "p.yaml:8:23",
       "agrees"},
      {"  - {at: 0s, host: r, op: bind, proto: udp, port: 1}\nexpect:\n  - {step: 0, poisoned: 1}\n",
       "p.yaml:8:15", "unknown key \"poisoned\""},
  };
  for (const BadPoison& b : cases) {
    CAPTURE(b.steps);
    const std::string message = PoisonLoadError(kPoisonHead + b.steps);
    CHECK_THAT(message, Catch::Contains(b.where));
    CHECK_THAT(message, Catch::Contains(b.says));
  }
}

TEST_CASE("a dns-poison step races resolvers built as its host is at that moment", "[poisoning][sim]") {
  // The host starts with the profile's UDP strategy (linux); a set step
  // makes it sequential before the second race. rtt: unset is twice the
  // scenario's 5 ms latency: 10 ms at 50,000/s, 500 forgeries.
  absl::StatusOr<Scenario> s = LoadScenarioText(
      kPoisonHead +
          "  - {at: 1s, host: r, op: dns-poison, rate: 50000, trials: 300}\n"
          "  - {at: 2s, host: r, op: set, sysctl: {udp_strategy: sequential}}\n"
          "  - {at: 3s, host: r, op: dns-poison, rate: 50000, trials: 300}\n"
          "  - {at: 4s, host: r, op: dns-poison, rate: 50000, trials: 300, query_port: 53}\n"
          "expect:\n"
          "  - {step: 0, poisoned: 0, predicted: [0, 1], agrees: true}\n"
          "  - {step: 2, predicted: 300, agrees: true}\n"
          "  - {step: 3, predicted: 300, poisoned: [200, 300], agrees: false}\n",
      "p.yaml");
  REQUIRE(s.ok());
  absl::StatusOr<sim::Result> r = run::RunScenario(*s, run::RunOptions());
  REQUIRE(r.ok());
  REQUIRE(r->poisonings.size() == 3);
  const sim::PoisonResult& linux = r->poisonings[0];
  CHECK(linux.step == 0);
  CHECK(linux.host == "r");
  CHECK(linux.ports == "linux");
  CHECK(linux.rtt == Duration::Millis(10));
  CHECK(linux.error.empty());
  CHECK(linux.figures.trials == 300);
  CHECK(linux.figures.forgeries == 500);
  const sim::PoisonResult& sequential = r->poisonings[1];
  CHECK(sequential.ports == "sequential");
  CHECK(sequential.figures.port_covered == 300);
  CHECK(sequential.figures.analytic == Approx(500.0 / 65536));
  CHECK(r->poisonings[2].ports == "fixed port 53");
  // The races ran on resolvers of their own: the scenario's host sent nothing.
  CHECK(r->hosts[0].udp.segments_sent == 0);
  CHECK(r->steps[0].ok == 1);
  REQUIRE(r->expectations.size() == 3);
  CHECK(r->expectations[0].passed);
  CHECK(r->expectations[1].passed);
  CHECK_FALSE(r->expectations[2].passed);  // the wrong guesses are caught
  CHECK_THAT(r->expectations[2].detail, Catch::Contains("MISMATCH poisoned "));
  CHECK_THAT(r->expectations[2].detail, Catch::Contains("MISMATCH RFC 5452's 0.00762939 inside"));
  CHECK_FALSE(r->passed);
}

}  // namespace
}  // namespace portlab::scenario
